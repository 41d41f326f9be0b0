"""A slider that acts once it rests (the thumb let go, the keys no longer pressed), not on every
step of a drag or of a held arrow key (where each step would start a model run and redraw every
chart).

Between a key press and the edit the slider shows its own value: the page never sends an older
value back to a slider that has moved on, so no key press is lost.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import solara

REST_SECONDS = 0.25
"""How long the slider must rest (keys or thumb) before its value is applied."""


@solara.component
def ReleasedSlider(value: float, low: float, high: float, step: float, on_value: Callable[[float], None],
                   class_: str = "tp-slider") -> None:
    """``on_value`` gets the value once the slider has rested ``REST_SECONDS``. While the slider
    moves it shows its own value; a new ``value`` from elsewhere (undo, a preset) takes over."""
    pending, set_pending = solara.use_state((None, 0))  # (value, count)
    applied = solara.use_ref(value)

    def follow() -> None:
        if value != applied.current:  # changed elsewhere, not by this slider
            applied.current = value
            set_pending(lambda old: (None, old[1]))

    solara.use_effect(follow, [value])

    def moved(new: float) -> None:
        set_pending(lambda old: (float(new), old[1] + 1))

    def commit(cancel: threading.Event) -> None:
        chosen = pending[0]
        if chosen is None or cancel.wait(REST_SECONDS):
            return
        applied.current = chosen
        on_value(chosen)

    solara.use_thread(commit, [pending[1]], intrusive_cancel=False)
    shown = value if pending[0] is None else pending[0]
    solara.v.Slider(v_model=min(max(shown, low), high), on_v_model=moved, min=low, max=high, step=step,
                    hide_details=True, density="compact", class_=class_)
