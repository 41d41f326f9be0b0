"""Play mode, for telling the story month by month: the session's own model
(``abm.model.TechLabourModel``) is stepped one month at a time, and the charts and the map show
the months so far against the whole baseline."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import solara

from abm.model import TechLabourModel
from abm.scenario import Scenario
from viz import runs
from viz.i18n import tr
from viz.results import Run, digest
from viz.state import Studio

SPEEDS = (1, 2, 4, 8)
"""Months per second."""


@dataclass(frozen=True, eq=False)
class Playback:
    """The played run so far (None outside play mode) and the controls' actions."""

    run: Run | None
    playing: solara.Reactive[bool]
    speed: solara.Reactive[int]
    step: Callable[[], bool]
    reset: Callable[[], None]

    @property
    def date(self) -> pd.Timestamp | None:
        return None if self.run is None else self.run.wide.index[-1]


class Player:
    """One session's played model: stepped month by month under a lock, so that the play thread,
    the step button and a restart never step it at once. The page is told of a new month only
    after the lock is let go (telling it re-renders the page, which may restart the player)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._model: TechLabourModel | None = None
        self._scenario: Scenario | None = None
        self._base = ""

    def restart(self, scenario: Scenario | None, scale: float, seed: int, base: str) -> Run | None:
        """A fresh model of ``scenario`` at its first month (None: play mode is off)."""
        with self._lock:
            self._model = None if scenario is None else runs.model(scenario, scale, seed)
            self._scenario, self._base = scenario, base
            return self._shown()

    def advance(self, months: int = 1) -> Run | None:
        """Up to ``months`` months on; None at the end of the horizon (or outside play mode)."""
        with self._lock:
            model = self._model
            if model is None or model.date >= runs.END_MONTH.date():
                return None
            for _ in range(months):
                if model.date >= runs.END_MONTH.date():
                    break
                model.step()
            return self._shown()

    def _shown(self) -> Run | None:
        model = self._model
        if model is None:
            return None
        wide = runs.to_wide(model.indicators())
        return Run(f"{self._base}@{model.date:%Y-%m}", self._scenario, wide.loc[:runs.END_MONTH])


def use_playback(studio: Studio) -> Playback:
    """The session's played model: made afresh when play mode starts, the scenario changes or on
    reset; stepped by ``step`` or, while playing, by a thread that keeps to the chosen speed by
    stepping several months per redraw when a redraw takes longer than a month's share of a second."""
    active = studio.play_mode.value
    scenario, scale, seed = studio.scenario.value, studio.scale.value, studio.seed.value
    base = digest(scenario, scale, seed)
    player = solara.use_memo(Player, [])
    played, set_played = solara.use_state(None)
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(SPEEDS[2])

    def reset() -> None:
        playing.set(False)
        set_played(player.restart(scenario if active else None, scale, seed, base))

    solara.use_effect(reset, [active, base])

    def step() -> bool:
        """One month on; False at the end of the horizon (or outside play mode)."""
        run = player.advance()
        if run is not None:
            set_played(run)
        return run is not None

    def play(cancel: threading.Event) -> None:
        began, done = time.perf_counter(), 0
        while playing.value and not cancel.is_set():
            due = max(1, int((time.perf_counter() - began) * speed.value) - done)
            run = player.advance(due)
            if run is None or run.wide.index[-1] >= runs.END_MONTH:
                playing.set(False)
            if run is not None:
                set_played(run)
            done += due
            cancel.wait(max(0.0, began + (done + 1) / speed.value - time.perf_counter()))

    def command() -> None:
        if studio.command.value is None or not active:
            return
        action, _ = studio.command.value
        if action == "play":
            playing.set(not playing.value)
        elif not playing.value:
            step()

    solara.use_effect(command, [studio.command.value])
    solara.use_thread(play, [playing.value, speed.value, base, active], intrusive_cancel=False)
    return Playback(played if active else None, playing, speed, step, reset)


@solara.component
def PlayControls(studio: Studio, playback: Playback) -> None:
    """Play / pause, step, reset and speed."""
    lang = studio.lang.value
    playing = playback.playing.value
    at_end = playback.date is not None and playback.date >= runs.END_MONTH
    with solara.Row(classes=["tp-play-controls"], style={"align-items": "center", "flex-wrap": "wrap"}):
        if playing:
            solara.Button(tr(lang, "play.pause"), icon_name="mdi-pause", color="primary", classes=["tp-pause"],
                          on_click=lambda: playback.playing.set(False))
        else:
            solara.Button(tr(lang, "play"), icon_name="mdi-play", color="primary", classes=["tp-play"], disabled=at_end,
                          on_click=lambda: playback.playing.set(True))
        solara.Button(tr(lang, "play.step"), icon_name="mdi-step-forward", outlined=True, classes=["tp-step"],
                      disabled=playing or at_end or playback.run is None, on_click=playback.step)
        solara.Button(tr(lang, "play.reset"), icon_name="mdi-restart", outlined=True, classes=["tp-reset"],
                      on_click=playback.reset)
        solara.Select(label=tr(lang, "play.speed"), values=list(SPEEDS), value=playback.speed, classes=["tp-speed"],
                      style={"max-width": "180px"})
