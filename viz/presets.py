"""The shipped presets (``experiments/scenarios/*.toml``) in the order the picker lists them."""

from __future__ import annotations

from functools import cache

from abm.scenario import Scenario
from experiments.scenarios import load_scenario, preset_names

PRESET_ORDER = ("baseline", "techniekpact-2013", "aanvalsplan-2022")


@cache
def presets() -> tuple[Scenario, ...]:
    """The shipped presets: baseline, the two plans, then the plan's pillars and single measures."""
    def order(name: str) -> tuple[int, str]:
        return next((i for i, first in enumerate(PRESET_ORDER) if name.startswith(first)), len(PRESET_ORDER)), name

    return tuple(load_scenario(name) for name in sorted(preset_names(), key=order))


def preset_named(name: str) -> Scenario | None:
    """The preset called ``name``, or None."""
    return next((preset for preset in presets() if preset.name == name), None)
