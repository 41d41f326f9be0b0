"""Model runs for the browser view: the whole horizon at the view's scale, in worker processes,
cached and cancellable.

A run is a *wide* frame: index the first of each month, columns ``(indicator, sector,
landsdeel)`` holding only the series the monitor shows (``monitor.SERIES``), ~1 % of the tidy
frame, so that charts, the map and the CSV export slice it without searching.

:data:`RUNNER` runs them in ``WORKERS`` spawned processes: a run then has a CPU of its own
instead of sharing the server's interpreter lock with the page, and two people at two laptops
are served in parallel. A session that changes its scenario again cancels its previous run at the
next month (through a flag in shared memory). Finished runs are cached by (what determines the
numbers, scale, seed) for every session: that shares *results*, which are pure functions of their
key, never a model or a session's state. The baseline's band over a few seeds and the presets
are computed ahead, one at a time, so that one worker stays free for the people in the room.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

import pandas as pd

from abm.model import TechLabourModel
from abm.scenario import BASELINE, Scenario
from experiments.run import START, simulate
from experiments.scenarios import load_scenario, preset_names
from viz.monitor import SERIES
from viz.scenario_io import run_key

log = logging.getLogger(__name__)

YEARS = 13
"""January 2023 to December 2035."""
LAST_YEAR = START.year + YEARS - 1
END_MONTH = pd.Timestamp(f"{LAST_YEAR}-12-01")
"""The last month shown: the horizon is 2023-2035 everywhere on the page."""
SCALES = (500, 1000, 2000, 5000)
DEFAULT_SCALE = 1000
"""Persons per agent. At 1,000 the national figures are those of a fine scale (paired by seed
against scale 10: hard-to-fill vacancies in the plan's sectors +2.7 %, t = 1.1; teacher shortage
-12 %, t = -1.4; docs/validation.md); at 2,000 whole agents bias the plan's hard-to-fill
vacancies by +16 % (t = 2.4), so 2,000 and 5,000 are for a quick look only."""
DEFAULT_SEED = 1
REPLICATIONS = (1, 3, 5, 10)
DEFAULT_REPLICATIONS = 5
"""Runs per scenario with the seeds ``seed .. seed + replications - 1``: the first is the line
drawn, all of them make the band and the intervals."""
NOISY_SCALE = 1000
"""From this many persons per agent a landsdeel's figures (and the intake shares by sex) rest on
too few agents to read as more than an indication: the page says so."""
WORKERS = 2
CACHED_RUNS = 256
PARENT_CHECK_SECONDS = 0.5


class Cancelled(BaseException):
    """A run given up because its session asked for another one (a BaseException, like
    ``solara.util.CancelledError``, so that handlers of ordinary errors let it pass)."""


def to_wide(frame: pd.DataFrame) -> pd.DataFrame:
    """The monitor's series of a tidy indicator frame, one column per (indicator, sector, landsdeel)."""
    indicators = {indicator for indicator, _ in SERIES}
    sectors = {sector for _, sector in SERIES}
    kept = frame[frame.indicator.isin(indicators) & frame.sector.isin(sectors)]
    columns = ["indicator", "sector", "landsdeel"]
    wide = kept.set_index(["date", *columns])["value"].unstack(columns)
    return wide.loc[:, [column for column in wide.columns if column[:2] in SERIES]].sort_index(axis=1)


def model(scenario: Scenario, scale: float, seed: int) -> TechLabourModel:
    """A fresh model at the view's start date (for play mode, which steps it month by month)."""
    return TechLabourModel(scenario, scale=scale, seed=seed, start=START)


def compute(scenario: Scenario, scale: float, seed: int, cancelled: Callable[[], bool] = lambda: False) -> pd.DataFrame:
    """Run the whole horizon; give up at the next month once ``cancelled()`` is true."""
    def check(_model: TechLabourModel) -> None:
        if cancelled():
            raise Cancelled

    wide = to_wide(simulate(scenario, YEARS, scale, seed, on_month=check))
    return wide.loc[:END_MONTH]


# In a worker process ------------------------------------------------------------------------------

_flags = None


def _start_worker(flags: Sequence[int], server: int) -> None:
    """Keep the shared cancel flags and load the compiled kernels, so the first run is fast.

    Ctrl-C reaches every process of the terminal: a worker leaves it to the server, which stops
    the workers itself. A worker also leaves once the server is gone, however it ended."""
    global _flags
    _flags = flags
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_leave_with, args=(server,), daemon=True, name="leave-with-server").start()
    simulate(BASELINE, 0, DEFAULT_SCALE, DEFAULT_SEED)


def _leave_with(server: int) -> None:
    """Exit this worker as soon as the server process ``server`` is no longer its parent."""
    while os.getppid() == server:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _run_ticket(scenario: Scenario, scale: float, seed: int, ticket: int) -> pd.DataFrame:
    """A run that stops when its ticket is written into its slot of the shared flags."""
    slot = ticket % len(_flags)
    if _flags[slot] == ticket:  # given up while it waited in the queue: not even a model is built
        raise Cancelled
    return compute(scenario, scale, seed, lambda: _flags[slot] == ticket)


# In the server ----------------------------------------------------------------------------------

Key = tuple[str, float, int]


@dataclass(frozen=True)
class Request:
    """A run asked for: its future, and its ticket if this request started it (else it shares
    a run someone else started, which it may not cancel)."""

    future: Future
    ticket: int | None = None


class Runner:
    """The server's runs: finished ones (cached), those in flight, and those queued to be done
    ahead, which a person asking for one of them moves to the front."""

    def __init__(self, workers: int = WORKERS, slots: int = 4096) -> None:
        self._context = multiprocessing.get_context("spawn")
        self._flags = self._context.RawArray("q", slots)
        self._workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._tickets = itertools.count(1)
        self._done: OrderedDict[Key, pd.DataFrame] = OrderedDict()
        self._flight: dict[Key, Future] = {}
        self._queued: dict[Key, tuple[Scenario, Future]] = {}
        self._ahead: deque[Key] = deque()
        self._ahead_busy = False
        self._started_ahead = False
        self._closing = False
        self._guard = threading.RLock()

    def start(self) -> None:
        """Start the worker processes (they take a few seconds to import the model)."""
        with self._guard:
            self._closing = False
            if self._pool is None or getattr(self._pool, "_broken", False):
                self._pool = ProcessPoolExecutor(self._workers, mp_context=self._context, initializer=_start_worker,
                                                 initargs=(self._flags, os.getpid()))
                for _ in range(self._workers):
                    self._pool.submit(int)  # a trivial task each, so that every process starts now

    def shutdown(self) -> None:
        """Stop the worker processes at once: a run in flight is given up, not waited for."""
        with self._guard:
            self._closing = True
            pool, self._pool = self._pool, None
            self._queued.clear()
            self._ahead.clear()
        if pool is None:
            return
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)

    def request(self, scenario: Scenario, scale: float, seed: int) -> Request:
        """The run of a scenario: at once if cached, else shared with a run in flight (or queued
        ahead, which then starts now), else a new run this request may cancel."""
        key = (run_key(scenario), scale, seed)
        with self._guard:
            if key in self._done:
                self._done.move_to_end(key)
                return Request(_resolved(self._done[key]))
            if key in self._flight:
                return Request(self._flight[key])
            if key in self._queued:
                _, placeholder = self._queued.pop(key)
                _forward(self._submit(key, scenario, next(self._tickets)), placeholder)
                return Request(placeholder)
            ticket = next(self._tickets)
            return Request(self._submit(key, scenario, ticket), ticket)

    def cancel(self, request: Request) -> None:
        """Give up a run this session started (a shared one runs on for the others)."""
        if request.ticket is not None:
            self._flags[request.ticket % len(self._flags)] = request.ticket
            request.future.cancel()

    def _submit(self, key: Key, scenario: Scenario, ticket: int) -> Future:
        self.start()
        future = self._pool.submit(_run_ticket, scenario, key[1], key[2], ticket)
        self._flight[key] = future
        future.add_done_callback(lambda done: self._finished(key, done))
        return future

    def _finished(self, key: Key, future: Future) -> None:
        with self._guard:
            if self._flight.get(key) is future:
                del self._flight[key]
            if not future.cancelled() and future.exception() is None:
                self._done[key] = future.result()
                while len(self._done) > CACHED_RUNS:
                    self._done.popitem(last=False)

    def ahead(self, scenario: Scenario, scale: float, seed: int, first: bool = False) -> Future:
        """A run to do when the worker is free of the previous one done ahead."""
        key = (run_key(scenario), scale, seed)
        with self._guard:
            if key in self._done:
                return _resolved(self._done[key])
            if key in self._flight:
                return self._flight[key]
            if key not in self._queued:
                self._queued[key] = (scenario, Future())
                (self._ahead.appendleft if first else self._ahead.append)(key)
            self._pump()
            return self._queued[key][1] if key in self._queued else self._flight[key]

    def _pump(self) -> None:
        """Start the next run ahead unless one is going."""
        with self._guard:
            while not self._ahead_busy and self._ahead:
                key = self._ahead.popleft()
                if key not in self._queued:
                    continue  # someone asked for it meanwhile: it is running already
                scenario, placeholder = self._queued.pop(key)
                self._ahead_busy = True
                future = self._submit(key, scenario, next(self._tickets))
                _forward(future, placeholder)
                future.add_done_callback(self._ahead_done)

    def _ahead_done(self, future: Future) -> None:
        if future.exception() is not None and not self._closing:
            log.warning("run ahead failed: %s", future.exception())
        with self._guard:
            self._ahead_busy = False
            self._pump()

    def run_ahead(self) -> None:
        """Once per server, the work that makes the first minutes fast: the baseline's
        replications at the default scale, then every preset's first run (so that applying one
        draws at once; its other replications are run when it is chosen)."""
        with self._guard:
            if self._started_ahead:
                return
            self._started_ahead = True
        self.start()
        seeds = replication_seeds(DEFAULT_SEED, DEFAULT_REPLICATIONS)
        for seed in seeds:
            self.ahead(BASELINE, DEFAULT_SCALE, seed)
        for name in preset_names():
            self.ahead(load_scenario(name), DEFAULT_SCALE, DEFAULT_SEED)


def replication_seeds(seed: int, replications: int) -> tuple[int, ...]:
    """The seeds of a scenario's replications; the first is the line drawn."""
    return tuple(range(seed, seed + replications))


def _resolved(value: object) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


def _forward(source: Future, target: Future) -> None:
    """Complete ``target`` with ``source``'s outcome."""
    def copy(done: Future) -> None:
        if target.done():
            return
        if done.cancelled() or done.exception() is not None:
            target.set_exception(Cancelled() if done.cancelled() else done.exception())
        else:
            target.set_result(done.result())

    source.add_done_callback(copy)


RUNNER = Runner()
