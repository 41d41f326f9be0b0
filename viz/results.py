"""The session's results: hooks that ask the workers (``viz.runs``) for runs and wait for them in a
thread, and :class:`Shown`, everything the charts, the map, the key figures and the CSV export
draw from.

A change of scenario cancels the run still going for the previous one (at its next month), and
the charts keep showing the previous result, under its own name and marked as being recomputed,
until the new one is there.
"""

from __future__ import annotations

import hashlib
import threading
from concurrent.futures import CancelledError as CancelledFuture
from concurrent.futures import Future
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd
import solara
import solara.util

from abm.scenario import Scenario
from viz import runs
from viz.figures import Style
from viz.monitor import Runs
from viz.scenario_io import run_key

CANCEL_CHECK_SECONDS = 0.05


@dataclass(frozen=True, eq=False)
class Run:
    """A finished run, the scenario it is of (its name labels it) and a short digest of what
    produced it."""

    digest: str
    scenario: Scenario
    wide: pd.DataFrame


def digest(scenario: Scenario, scale: float, seed: int) -> str:
    """A short name for a run, which the page carries as ``data-`` attributes (for the tests)."""
    return hashlib.sha1(f"{run_key(scenario)}|{scale:g}|{seed}".encode()).hexdigest()[:10]


class Fetched(NamedTuple):
    """A session's runs of one scenario: the latest first replication (the line drawn; None
    before the first), all replications of it once they are done (the band and the intervals),
    whether a newer first run is being computed, and why the newest failed (one line), if it did."""

    run: Run | None
    replications: tuple[pd.DataFrame, ...]
    busy: bool
    error: str | None


def _fetch(scenario: Scenario, scale: float, seed: int, request: runs.Request, cancel: threading.Event) -> pd.DataFrame:
    """A requested run's frame; asked for again if another session gave up the run it shared."""
    while True:
        try:
            return wait(request.future, cancel)
        except (runs.Cancelled, CancelledFuture):
            request = runs.RUNNER.request(scenario, scale, seed)


def use_runs(scenario: Scenario | None, scale: float, seed: int, replications: int) -> Fetched:
    """The scenario's runs as they stand: its first replication as soon as it is there, then all.

    The first run is asked for while rendering (so it starts at once, not after the page is
    drawn); a thread waits for it, then asks for the others, and gives them up when the scenario
    changes again."""
    wanted = None if scenario is None else digest(scenario, scale, seed)
    seeds = runs.replication_seeds(seed, replications)
    asked = f"{wanted}x{replications}"
    leading = solara.use_memo(lambda: None if scenario is None else runs.RUNNER.request(scenario, scale, seed),
                              [asked])
    first, set_first = solara.use_state(None)

    def work(cancel: threading.Event) -> tuple[str, tuple[pd.DataFrame, ...]]:
        """The first replication alone (so it has a worker to itself and is drawn at once), then
        the others together; returned with what was asked, because for one render after the
        scenario changes the thread still reports the previous scenario's finished result."""
        if leading is None:
            return asked, ()
        requests = [leading]
        try:
            if leading.future.done():  # cached: if all are, the page is drawn once, with everything
                requests += [runs.RUNNER.request(scenario, scale, s) for s in seeds[1:]]
                if all(request.future.done() for request in requests):
                    return asked, tuple(_fetch(scenario, scale, s, r, cancel)
                                        for s, r in zip(seeds, requests, strict=True))
            done = [_fetch(scenario, scale, seed, leading, cancel)]
            set_first(Run(wanted, scenario, done[0]))
            requests += [runs.RUNNER.request(scenario, scale, s) for s in seeds[len(requests):]]
            done += [_fetch(scenario, scale, s, r, cancel) for s, r in zip(seeds[1:], requests[1:], strict=True)]
        except solara.util.CancelledError:
            for request in requests:
                runs.RUNNER.cancel(request)
            raise
        return asked, tuple(done)

    result = solara.use_thread(work, [asked], intrusive_cancel=False)
    if scenario is None:
        return Fetched(None, (), False, None)
    if result.state == solara.ResultState.ERROR:
        return Fetched(first, (), False, f"run failed: {type(result.error).__name__}: {result.error}")
    finished = result.state == solara.ResultState.FINISHED and result.value[0] == asked and bool(result.value[1])
    if finished and (first is None or first.digest != wanted):
        first = Run(wanted, scenario, result.value[1][0])
    current = first is not None and first.digest == wanted
    complete = result.value[1] if current and finished else ()
    return Fetched(first, complete, not current, None)


def wait(future: Future, cancel: threading.Event) -> object:
    """The future's result as soon as it is there; ``solara.util.CancelledError`` once ``cancel`` is set."""
    done = threading.Event()
    future.add_done_callback(lambda _: done.set())
    while not done.wait(CANCEL_CHECK_SECONDS):
        if cancel.is_set():
            raise solara.util.CancelledError
    return future.result()


@dataclass(frozen=True, eq=False)
class Shown:
    """What the view draws: the runs, for which landsdeel, sector group and month, with the
    names of the lines. ``key`` changes whenever anything drawn changes."""

    key: str
    runs: Runs
    group: str
    focus: str
    date: pd.Timestamp
    names: dict[str, str]
    style: Style
    playing: bool = False
