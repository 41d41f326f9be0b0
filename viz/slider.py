"""A slider that acts when it is let go or after a key, not on every step of a drag (where each
step would start a model run or redraw every chart)."""

from __future__ import annotations

from collections.abc import Callable

import solara


@solara.component
def ReleasedSlider(value: float, low: float, high: float, step: float, on_value: Callable[[float], None],
                   class_: str = "tp-slider") -> None:
    """``on_value`` gets the value when the thumb is released (mouse, touch) or a key went up."""
    def released(widget: object, _event: str, _data: object) -> None:
        on_value(float(widget.v_model))

    slider = solara.v.Slider(v_model=min(max(value, low), high), min=low, max=high, step=step, hide_details=True,
                             density="compact", class_=class_)
    solara.v.use_event(slider, "end", released)
    solara.v.use_event(slider, "keyup", released)
