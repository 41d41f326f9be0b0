"""The scenario panel: presets, a switch per intervention with its parameters, the model's
parameters and the run settings, all generated from the schema (``viz.schema``).

Sliders act when released or after a key, not on every step of a drag; a typed value may go
beyond the slider's span within the model's limits. Every edit is validated as a whole scenario
and a bad value shows one line naming the field while the scenario stays as it was.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable

import solara

from abm.interventions.base import ALL_LANDSDELEN, Intervention
from viz.explain import measure_text, preset_text, source_text
from viz.i18n import field_label, number, tr, unit_text
from viz.presets import presets
from viz.runs import NOISY_SCALE, REPLICATIONS, SCALES, YEARS
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
MOST_DECIMALS = 4


def parse_number(text: str, lang: str) -> float:
    """A typed number in the page's style (nl: 1.234,5; en: 1,234.5); ValueError if it is none.

    The other language's decimal mark is read as a decimal mark too ("1.5" in Dutch is 1.5, not
    15): a separator counts as a thousands separator only before groups of exactly three digits."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    decimal, thousands = (",", ".") if lang == "nl" else (".", ",")
    grouped = re.fullmatch(rf"[-+]?\d{{1,3}}(\{thousands}\d{{3}})+(\{decimal}\d*)?", cleaned)
    if grouped:
        cleaned = cleaned.replace(thousands, "")
    elif thousands in cleaned and decimal not in cleaned and cleaned.count(thousands) == 1:
        cleaned = cleaned.replace(thousands, decimal)
    value = float(cleaned.replace(decimal, "."))
    if not math.isfinite(value):
        raise ValueError(text)
    return value


def shown_value(value: float, spec: NumberSpec, lang: str) -> str:
    """A value as the number box shows it: enough decimals for the slider's step, and more if the
    value has them (a typed 1.5 shows as 1,5: what is shown is what runs)."""
    digits = 0 if spec.integer else max(0, -math.floor(math.log10(spec.step)) if spec.step < 1 else 0)
    while digits < MOST_DECIMALS and not math.isclose(round(value, digits), value, rel_tol=1e-12, abs_tol=1e-12):
        digits += 1
    return number(value, lang, digits)


def tooltip(spec: NumberSpec, lang: str) -> str:
    """A field's tooltip: the model's description in English; in Dutch the field's Dutch name and
    its range (the model describes its fields in English only)."""
    if lang == "en":
        return spec.description or spec.name
    high = "" if spec.limit_high is None else f" {tr(lang, 'range.to')} {number(spec.limit_high, lang, 2)}"
    low = 0 if spec.limit_low is None else spec.limit_low
    return f"{field_label(lang, spec.name)}: {tr(lang, 'range.from')} {number(low, lang, 2)}{high}"


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
        with solara.Tooltip(tooltip(spec, lang)):
            solara.Text(f"{field_label(lang, spec.name)} ({unit_text(lang, spec.unit)})", classes=["tp-number-label"])
        with solara.Row(style={"align-items": "center"}, gap="8px"):
            ReleasedSlider(value, spec.low, spec.high, spec.step, from_slider)
            solara.InputText("", value=shown_value(value, spec, lang), on_value=from_box, continuous_update=False,
                             classes=["tp-number-input"], style={"max-width": "130px"})


@solara.component
def InterventionCard(spec: InterventionSpec, item: Intervention | None, studio: Studio, occurrence: int = 0) -> None:
    """One intervention: a switch and, when it is on (``item``), its start year, landsdelen and
    parameters. Given ``item`` rather than reading the scenario, so that an edit re-renders only
    the card it changed. A scenario file may hold a kind twice: each gets its own card
    (``occurrence`` counts them within the kind)."""
    lang = studio.lang.value
    refreshed, refresh = solara.use_state(0)

    def set_field(name: str) -> Callable[[object], None]:
        return lambda value: studio.edit(lambda s: with_intervention_field(s, spec.kind, name, value, occurrence))

    def set_landsdelen(names: list[str]) -> None:
        if not names:
            studio.fail(tr(lang, "error.landsdelen", kind=spec.kind, allowed=", ".join(ALL_LANDSDELEN)))
            refresh(refreshed + 1)  # the list shows the landsdelen kept again
            return
        set_field("landsdelen")(tuple(names))

    suffix = f" ({occurrence + 1})" if occurrence else ""
    classes = ["tp-intervention", f"tp-intervention-{spec.kind}" + (f"-{occurrence + 1}" if occurrence else "")]
    with solara.Div(classes=classes):
        with solara.Tooltip(measure_text(spec.kind, lang) or spec.label(lang)):
            solara.Switch(label=spec.label(lang) + suffix, value=item is not None, color="primary",
                          on_value=lambda on: studio.edit(lambda s: with_intervention(s, spec.kind, on, occurrence)),
                          classes=[f"tp-switch-{spec.kind}" + (f"-{occurrence + 1}" if occurrence else "")])
        if item is None:
            return
        solara.Text(measure_text(spec.kind, lang), classes=["tp-explain", f"tp-explain-{spec.kind}"])
        solara.Text(f"{tr(lang, 'intervention.source')}: {source_text(spec.kind, lang)}", classes=["tp-source"])
        with solara.Row(gap="8px"):
            solara.Select(label=tr(lang, "intervention.start"), values=START_YEARS, value=item.start.year,
                          on_value=lambda year: set_field("start")(dt.date(year, 1, 1)), classes=["tp-start"],
                          style={"min-width": "105px", "max-width": "110px"})
            solara.SelectMultiple(label=tr(lang, "intervention.landsdelen"), values=list(item.landsdelen),
                                  all_values=list(ALL_LANDSDELEN), classes=["tp-landsdelen"], dense=True,
                                  on_value=set_landsdelen).key(f"landsdelen-{refreshed}")
        for number_spec in spec.numbers:
            NumberField(number_spec, getattr(item, number_spec.name), set_field(number_spec.name), lang,
                        spec.kind + (f"-{occurrence + 1}" if occurrence else ""))


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


def parse_seed(text: str) -> int:
    """A typed seed: a whole number ≥ 0; ValueError otherwise."""
    cleaned = text.strip()
    if not cleaned.isdigit():
        raise ValueError(text)
    return int(cleaned)


@solara.component
def RunSettings(studio: Studio) -> None:
    """Scale (persons per agent), seed and replications of the view's runs."""
    lang = studio.lang.value

    def set_seed(text: str) -> None:
        try:
            studio.seed.set(parse_seed(text))
        except ValueError:
            studio.fail(tr(lang, "error.seed", value=text))

    scales = [{"title": number(scale, lang, 0) + (f" ({tr(lang, 'scale.noisy')})" if scale >= NOISY_SCALE else ""),
               "value": scale} for scale in SCALES]
    with solara.Row(gap="8px", classes=["tp-run-settings"], style={"flex-wrap": "wrap"}):
        solara.v.Select(label=tr(lang, "scale"), items=scales, v_model=int(studio.scale.value), density="compact",
                        hide_details=True, on_v_model=lambda scale: studio.scale.set(float(scale)), class_="tp-scale",
                        style_="min-width: 200px")
        solara.InputText(tr(lang, "seed"), value=str(studio.seed.value), continuous_update=False, classes=["tp-seed"],
                         on_value=set_seed, style={"max-width": "120px"})
        solara.Select(label=tr(lang, "replications"), values=list(REPLICATIONS), value=studio.replications,
                      classes=["tp-replications"], style={"max-width": "120px"})


@solara.component
def PresetPicker(studio: Studio) -> None:
    """The shipped presets: the one the scenario was made from, with its description."""
    lang = studio.lang.value
    items = [{"title": preset.name, "value": preset.name} for preset in presets()]
    origin = next((p for p in presets() if p.name == studio.origin.value), None)
    solara.v.Select(label=tr(lang, "preset"), items=items, v_model=studio.origin.value, density="compact",
                    hide_details=True, on_v_model=studio.choose_preset, class_="tp-preset")
    if origin is not None:
        solara.Text(preset_text(origin.name, origin.description, lang), classes=["tp-source", "tp-preset-description"])


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
        items = studio.scenario.value.interventions
        for spec in intervention_specs():
            of_kind = [item for item in items if item.kind == spec.kind]
            InterventionCard(spec, of_kind[0] if of_kind else None, studio).key(spec.kind)
            for occurrence, item in enumerate(of_kind[1:], start=1):
                InterventionCard(spec, item, studio, occurrence).key(f"{spec.kind}-{occurrence}")
        ParameterControls(studio)
        solara.Text(tr(lang, "advanced"), classes=["tp-panel-title"])
        RunSettings(studio)
