"""The session's results: hooks that ask the workers (``viz.runs``) for runs and wait for them in a
thread, and :class:`Shown`, everything the charts, the map, the key figures and the CSV export
draw from.

A change of scenario cancels the run still going for the previous one (at its next month), and
the charts keep showing the previous result until the new one is there, so nothing flickers.
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
    """A finished run and a short digest of what produced it."""

    digest: str
    wide: pd.DataFrame


def digest(scenario: Scenario, scale: float, seed: int) -> str:
    """A short name for a run, which the page carries as ``data-`` attributes (for the tests)."""
    return hashlib.sha1(f"{run_key(scenario)}|{scale:g}|{seed}".encode()).hexdigest()[:10]


class Fetched(NamedTuple):
    """A session's run: the latest finished (None before the first), whether a newer one is
    running, and why the newest failed (one line), if it did."""

    run: Run | None
    busy: bool
    error: str | None


def use_run(scenario: Scenario | None, scale: float, seed: int) -> Fetched:
    """The scenario's run as it stands.

    The run is asked for while rendering (so it starts at once, not after the page is drawn);
    a thread waits for it and gives it up when the scenario changes again."""
    wanted = None if scenario is None else digest(scenario, scale, seed)
    first = solara.use_memo(lambda: None if scenario is None else runs.RUNNER.request(scenario, scale, seed),
                            [wanted])

    def work(cancel: threading.Event) -> Run | None:
        request = first
        while request is not None:
            try:
                return Run(wanted, wait(request.future, cancel))
            except solara.util.CancelledError:
                runs.RUNNER.cancel(request)
                raise
            except (runs.Cancelled, CancelledFuture):
                request = runs.RUNNER.request(scenario, scale, seed)  # another session gave up a shared run
        return None

    result = solara.use_thread(work, [wanted], intrusive_cancel=False)
    if scenario is None:
        return Fetched(None, False, None)
    if result.state == solara.ResultState.ERROR:
        return Fetched(result.value, False, f"run failed: {type(result.error).__name__}: {result.error}")
    return Fetched(result.value, result.value is None or result.value.digest != wanted, None)


def wait(future: Future, cancel: threading.Event) -> object:
    """The future's result as soon as it is there; ``solara.util.CancelledError`` once ``cancel`` is set."""
    done = threading.Event()
    future.add_done_callback(lambda _: done.set())
    while not done.wait(CANCEL_CHECK_SECONDS):
        if cancel.is_set():
            raise solara.util.CancelledError
    return future.result()


def use_band(scale: float) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The baseline's band at ``scale`` once the workers have computed it (None until then)."""
    result = solara.use_thread(lambda cancel: wait(runs.RUNNER.band(scale), cancel), [scale], intrusive_cancel=False)
    return result.value if result.state == solara.ResultState.FINISHED else None


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
