"""A slider that acts when it is let go, or once the keys have rested, not on every step of a
drag or of a held arrow key (where each step would start a model run and redraw every chart).

Between a key press and the edit the slider shows its own value: the page never sends an older
value back to a slider that has moved on, so no key press is lost.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import solara

KEY_REST_SECONDS = 0.35
"""How long the keys must rest before a keyed value is applied."""


@solara.component
def ReleasedSlider(value: float, low: float, high: float, step: float, on_value: Callable[[float], None],
                   class_: str = "tp-slider") -> None:
    """``on_value`` gets the value when the thumb is released (mouse, touch) or the keys rested."""
    pending, set_pending = solara.use_state((None, 0, 0.0))  # (value, count, seconds to wait)
    solara.use_effect(lambda: set_pending(lambda old: (None, old[1], 0.0)), [value])

    def moved(wait: float) -> Callable[[object, str, object], None]:
        def handler(widget: object, _event: str, _data: object) -> None:
            set_pending(lambda old: (float(widget.v_model), old[1] + 1, wait))
        return handler

    def commit(cancel: threading.Event) -> None:
        chosen, _, wait = pending
        if chosen is None or (wait and cancel.wait(wait)):
            return
        on_value(chosen)

    solara.use_thread(commit, [pending[1]], intrusive_cancel=False)
    shown = value if pending[0] is None else pending[0]
    slider = solara.v.Slider(v_model=min(max(shown, low), high), min=low, max=high, step=step, hide_details=True,
                             density="compact", class_=class_)
    solara.v.use_event(slider, "end", moved(0.0))
    solara.v.use_event(slider, "keyup", moved(KEY_REST_SECONDS))
