"""The scenario panel: presets, a switch per intervention with its parameters, the model's
parameters and the run settings, all generated from the schema (``viz.schema``).

Sliders act when released or after a key, not on every step of a drag; a typed value may go
beyond the slider's span within the model's limits. Every edit is validated as a whole scenario
and a bad value shows one line naming the field while the scenario stays as it was.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from functools import cache

import solara

from abm.interventions.base import ALL_LANDSDELEN, Intervention
from abm.scenario import Scenario
from experiments.scenarios import load_scenario, preset_names
from viz.i18n import field_label, number, tr, unit_text
from viz.runs import SCALES, YEARS
from viz.scenario_io import (
    with_default_parameters,
    with_intervention,
    with_intervention_field,
    with_name,
    with_parameter,
)
from viz.schema import InterventionSpec, NumberSpec, intervention_specs, parameter_specs
from viz.slider import ReleasedSlider
from viz.state import Studio

START_YEARS = list(range(2023, 2023 + YEARS))
PRESET_ORDER = ("baseline", "techniekpact-2013", "aanvalsplan-2022")


@cache
def presets() -> tuple[Scenario, ...]:
    """The shipped presets: baseline, the two plans, then the plan's pillars and single measures."""
    def order(name: str) -> tuple[int, str]:
        return next((i for i, first in enumerate(PRESET_ORDER) if name.startswith(first)), len(PRESET_ORDER)), name

    return tuple(load_scenario(name) for name in sorted(preset_names(), key=order))


def parse_number(text: str, lang: str) -> float:
    """A typed number in the page's style (nl: 1.234,5; en: 1,234.5); ValueError if it is none."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    cleaned = cleaned.replace(".", "").replace(",", ".") if lang == "nl" else cleaned.replace(",", "")
    value = float(cleaned)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def shown_value(value: float, spec: NumberSpec, lang: str) -> str:
    """A value as the number box shows it: enough decimals for the slider's step."""
    digits = 0 if spec.integer else max(0, -math.floor(math.log10(spec.step)) if spec.step < 1 else 0)
    return number(value, lang, digits)


@solara.component
def NumberField(spec: NumberSpec, value: float, on_value: Callable[[float], None], lang: str, owner: str) -> None:
    """A slider with its unit and a box to type the value."""
    def from_slider(new: float) -> None:
        on_value(round(new) if spec.integer else round(round(new / spec.step) * spec.step, 10))

    def from_box(text: str) -> None:
        try:
            on_value(parse_number(text, lang))
        except ValueError:
            on_value(text)  # validation names the field and the bad value

    with solara.Column(gap="0px", classes=["tp-number", f"tp-number-{owner}-{spec.name}"]):
        with solara.Tooltip(spec.description or spec.name):
            solara.Text(f"{field_label(lang, spec.name)} ({unit_text(lang, spec.unit)})", classes=["tp-number-label"])
        with solara.Row(style={"align-items": "center"}, gap="8px"):
            ReleasedSlider(value, spec.low, spec.high, spec.step, from_slider)
            solara.InputText("", value=shown_value(value, spec, lang), on_value=from_box, continuous_update=False,
                             classes=["tp-number-input"], style={"max-width": "130px"})


@solara.component
def InterventionCard(spec: InterventionSpec, item: Intervention | None, studio: Studio) -> None:
    """One intervention: a switch and, when it is on (``item``), its start year, landsdelen and
    parameters. Given ``item`` rather than reading the scenario, so that an edit re-renders only
    the card it changed."""
    lang = studio.lang.value

    def set_field(name: str) -> Callable[[object], None]:
        return lambda value: studio.edit(lambda s: with_intervention_field(s, spec.kind, name, value))

    with solara.Div(classes=["tp-intervention", f"tp-intervention-{spec.kind}"]):
        solara.Switch(label=spec.label(lang), value=item is not None, color="primary",
                      on_value=lambda on: studio.edit(lambda s: with_intervention(s, spec.kind, on)),
                      classes=[f"tp-switch-{spec.kind}"])
        if item is None:
            return
        solara.Text(f"{tr(lang, 'intervention.source')}: {spec.source}", classes=["tp-source"])
        with solara.Row(gap="8px"):
            solara.Select(label=tr(lang, "intervention.start"), values=START_YEARS, value=item.start.year,
                          on_value=lambda year: set_field("start")(dt.date(year, 1, 1)), classes=["tp-start"],
                          style={"min-width": "105px", "max-width": "110px"})
            solara.SelectMultiple(label=tr(lang, "intervention.landsdelen"), values=list(item.landsdelen),
                                  all_values=list(ALL_LANDSDELEN), classes=["tp-landsdelen"], dense=True,
                                  on_value=lambda names: set_field("landsdelen")(tuple(names)))
        for number_spec in spec.numbers:
            NumberField(number_spec, getattr(item, number_spec.name), set_field(number_spec.name), lang, spec.kind)


@solara.component
def ParameterControls(studio: Studio) -> None:
    """The model's behavioural parameters (shown on request: most people never need them)."""
    lang = studio.lang.value
    shown = solara.use_reactive(False)
    solara.Switch(label=tr(lang, "parameters"), value=shown, classes=["tp-show-parameters"])
    if not shown.value:
        return

    def set_parameter(name: str) -> Callable[[object], None]:
        return lambda value: studio.edit(lambda s: with_parameter(s, name, value))

    parameters = studio.scenario.value.parameters
    solara.Button(tr(lang, "reset.parameters"), text=True, size="small",
                  on_click=lambda: studio.edit(with_default_parameters))
    for spec in parameter_specs():
        NumberField(spec, getattr(parameters, spec.name), set_parameter(spec.name), lang, "parameters")


@solara.component
def RunSettings(studio: Studio) -> None:
    """Scale (persons per agent) and seed of the view's runs."""
    lang = studio.lang.value

    def set_seed(seed: int) -> None:
        if seed < 0:
            studio.fail(f"seed: must be ≥ 0, got {seed}")
        else:
            studio.seed.set(seed)
    with solara.Row(gap="8px", classes=["tp-run-settings"]):
        solara.Select(label=tr(lang, "scale"), values=list(SCALES), value=int(studio.scale.value),
                      on_value=lambda scale: studio.scale.set(float(scale)), classes=["tp-scale"])
        solara.InputInt(label=tr(lang, "seed"), value=studio.seed.value, continuous_update=False, classes=["tp-seed"],
                        on_value=set_seed)


@solara.component
def PresetPicker(studio: Studio) -> None:
    """The shipped presets; the choice is empty once the scenario is changed by hand."""
    lang = studio.lang.value
    current = studio.scenario.value
    items = [{"title": preset.name, "value": preset.name} for preset in presets()]
    chosen = current.name if current in presets() else None

    def apply(name: str | None) -> None:
        preset = next((p for p in presets() if p.name == name), None)
        if preset is not None:
            studio.change_scenario(preset)

    solara.v.Select(label=tr(lang, "preset"), items=items, v_model=chosen, on_v_model=apply, density="compact",
                    hide_details=True, class_="tp-preset")
    if chosen is not None:
        solara.Text(current.description, classes=["tp-source"])


@solara.component
def ScenarioPanel(studio: Studio) -> None:
    """The left-hand panel: everything that defines the scenario."""
    lang = studio.lang.value
    with solara.Column(classes=["tp-scenario-panel"], gap="10px"):
        PresetPicker(studio)
        solara.InputText(label=tr(lang, "scenario.name"), value=studio.scenario.value.name, continuous_update=False,
                         on_value=lambda name: studio.edit(lambda s: with_name(s, name)),
                         classes=["tp-name"])
        solara.Text(tr(lang, "interventions"), classes=["tp-panel-title"])
        switched_on = {item.kind: item for item in reversed(studio.scenario.value.interventions)}
        for spec in intervention_specs():
            InterventionCard(spec, switched_on.get(spec.kind), studio).key(spec.kind)
        ParameterControls(studio)
        solara.Text(tr(lang, "advanced"), classes=["tp-panel-title"])
        RunSettings(studio)
