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
from viz import runs
from viz.figures import END
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


def use_playback(studio: Studio) -> Playback:
    """The session's played model: made afresh when play mode starts, the scenario changes or on
    reset; stepped by ``step`` or, while playing, by a thread at the chosen speed."""
    active = studio.play_mode.value
    scenario, scale, seed = studio.scenario.value, studio.scale.value, studio.seed.value
    base = digest(scenario, scale, seed)
    model = solara.use_ref(None)
    lock = solara.use_memo(threading.Lock, [])
    played, set_played = solara.use_state(None)
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(SPEEDS[2])

    def show(current: TechLabourModel) -> None:
        set_played(Run(f"{base}@{current.date:%Y-%m}", runs.to_wide(current.indicators())))

    def reset() -> None:
        with lock:
            playing.set(False)
            model.current = runs.model(scenario, scale, seed) if active else None
            if model.current is None:
                set_played(None)
            else:
                show(model.current)

    solara.use_effect(reset, [active, base])

    def step() -> bool:
        """One month on; False at the end of the horizon (or outside play mode)."""
        with lock:
            current = model.current
            if current is None or current.date >= END.date():
                return False
            current.step()
            show(current)
            return True

    def play(cancel: threading.Event) -> None:
        while playing.value and not cancel.is_set():
            began = time.perf_counter()
            if not step():
                playing.set(False)
                return
            cancel.wait(max(0.0, 1 / speed.value - (time.perf_counter() - began)))

    solara.use_thread(play, [playing.value, speed.value, base, active], intrusive_cancel=False)
    return Playback(played if active else None, playing, speed, step, reset)


@solara.component
def PlayControls(studio: Studio, playback: Playback) -> None:
    """Play / pause, step, reset and speed."""
    lang = studio.lang.value
    playing = playback.playing.value
    at_end = playback.date is not None and playback.date >= END
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
