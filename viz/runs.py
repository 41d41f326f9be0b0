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
import threading
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
SCALES = (500, 1000, 2000, 5000)
DEFAULT_SCALE = 2000
"""Persons per agent: at 2,000 a run of 13 years takes ~0.8 s and the intake shares by level and
sex are still estimated from enough students; above it run time hardly falls (fixed costs)."""
DEFAULT_SEED = 1
BAND_SEEDS = (1, 2, 3, 4, 5)
"""The baseline band: the range over these seeds (the first is the baseline line itself)."""
WORKERS = 2
CACHED_RUNS = 256


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

    return to_wide(simulate(scenario, YEARS, scale, seed, on_month=check))


# In a worker process ------------------------------------------------------------------------------

_flags = None


def _start_worker(flags: Sequence[int]) -> None:
    """Keep the shared cancel flags and load the compiled kernels, so the first run is fast."""
    global _flags
    _flags = flags
    simulate(BASELINE, 0, DEFAULT_SCALE, DEFAULT_SEED)


def _run_ticket(scenario: Scenario, scale: float, seed: int, ticket: int) -> pd.DataFrame:
    """A run that stops when its ticket is written into its slot of the shared flags."""
    slot = ticket % len(_flags)
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
        self._bands: dict[float, Future] = {}
        self._started_ahead = False
        self._guard = threading.RLock()

    def start(self) -> None:
        """Start the worker processes (they take a few seconds to import the model)."""
        with self._guard:
            if self._pool is None or getattr(self._pool, "_broken", False):
                self._pool = ProcessPoolExecutor(self._workers, mp_context=self._context, initializer=_start_worker,
                                                 initargs=(self._flags,))
                for _ in range(self._workers):
                    self._pool.submit(int)  # a trivial task each, so that every process starts now

    def shutdown(self) -> None:
        """Stop the worker processes (the server's exit does this by itself)."""
        with self._guard:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None

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
        if future.exception() is not None:
            log.warning("run ahead failed: %s", future.exception())
        with self._guard:
            self._ahead_busy = False
            self._pump()

    def band(self, scale: float) -> Future:
        """The baseline's band at ``scale``: (low, high) over ``BAND_SEEDS``, computed once, first."""
        with self._guard:
            if scale not in self._bands:
                members = [self.ahead(BASELINE, scale, seed, first=True) for seed in reversed(BAND_SEEDS)]
                combined: Future = Future()

                def combine(_done: Future) -> None:
                    if not all(member.done() for member in members) or combined.done():
                        return
                    failed = next((m.exception() for m in members if m.exception() is not None), None)
                    if failed is not None:
                        combined.set_exception(failed)
                        return
                    grouped = pd.concat([m.result() for m in members], keys=range(len(members))).groupby(level=1)
                    combined.set_result((grouped.min(), grouped.max()))

                for member in members:
                    member.add_done_callback(combine)
                self._bands[scale] = combined
            return self._bands[scale]

    def run_ahead(self) -> None:
        """Once per server, the work that makes the first minutes fast: the baseline and its
        band at the default scale, then every preset (so that applying one is instant)."""
        with self._guard:
            if self._started_ahead:
                return
            self._started_ahead = True
        self.start()
        self.band(DEFAULT_SCALE)
        for name in preset_names():
            self.ahead(load_scenario(name), DEFAULT_SCALE, DEFAULT_SEED)


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
