"""What a scenario changes against the preset it was made from, in words, and the name it is
shown under: a preset edited but not renamed is "aanvalsplan-2022 (bewerkt)", so that the pinned
preset and the edited scenario never carry the same name."""

from __future__ import annotations

import datetime as dt

from abm.interventions import INTERVENTIONS
from abm.interventions.base import Intervention
from abm.scenario import Scenario
from viz.i18n import field_label, number, tr
from viz.presets import preset_named
from viz.scenario_io import run_key


def edited(scenario: Scenario, origin: str) -> bool:
    """Whether the scenario's numbers differ from those of its preset."""
    preset = preset_named(origin)
    return preset is None or run_key(preset) != run_key(scenario)


def label(scenario: Scenario, origin: str, lang: str) -> str:
    """The name a scenario is shown under: its own, marked as edited when it still carries its
    preset's name but no longer its preset's numbers."""
    if scenario.name == origin and edited(scenario, origin):
        return f"{scenario.name} ({tr(lang, 'edited')})"
    return scenario.name


def _value(value: object, lang: str) -> str:
    if isinstance(value, bool):
        return tr(lang, "yes" if value else "no")
    if isinstance(value, float | int):
        if float(value).is_integer():
            return number(value, lang, 0)
        return number(value, lang, 4).rstrip("0").rstrip(",.")
    if isinstance(value, dt.date):
        return f"{value:%m-%Y}"
    if isinstance(value, tuple | list):
        return ", ".join(map(str, value))
    return str(value)


def _title(item: Intervention, lang: str) -> str:
    cls = INTERVENTIONS[item.kind]
    return cls.title_nl if lang == "nl" else cls.title


def _fields(old: Intervention, new: Intervention, lang: str) -> list[str]:
    before, after = old.model_dump(), new.model_dump()
    return [f"{field_label(lang, name)} {_value(before[name], lang)} → {_value(after[name], lang)}"
            for name in after if before.get(name) != after[name]]


def differences(scenario: Scenario, origin: str, lang: str) -> list[str]:
    """Every difference from the preset, one phrase each, in the page's language."""
    preset = preset_named(origin)
    if preset is None:
        return []
    found: list[str] = []
    if scenario.name != preset.name:
        found.append(tr(lang, "changed.name", name=scenario.name))
    old_items = {kind: [i for i in preset.interventions if i.kind == kind] for kind in INTERVENTIONS}
    new_items = {kind: [i for i in scenario.interventions if i.kind == kind] for kind in INTERVENTIONS}
    for kind in INTERVENTIONS:
        old, new = old_items[kind], new_items[kind]
        for index in range(max(len(old), len(new))):
            if index >= len(old):
                settings = _fields(INTERVENTIONS[kind](), new[index], lang)
                found.append(tr(lang, "changed.on", title=_title(new[index], lang))
                             + (f" ({'; '.join(settings)})" if settings else ""))
            elif index >= len(new):
                found.append(tr(lang, "changed.off", title=_title(old[index], lang)))
            else:
                changes = _fields(old[index], new[index], lang)
                if changes:
                    found.append(f"{_title(new[index], lang)}: {'; '.join(changes)}")
    before, after = preset.parameters.model_dump(), scenario.parameters.model_dump()
    found += [tr(lang, "changed.parameter", name=name.replace("_", " "), old=_value(before[name], lang),
                 new=_value(after[name], lang)) for name in after if before[name] != after[name]]
    if scenario.geography != preset.geography:
        found.append(tr(lang, "changed.geography", value=scenario.geography))
    return found


def summary(scenario: Scenario, origin: str, lang: str) -> str:
    """The "what changed" line: the scenario's name and every difference from its preset."""
    found = differences(scenario, origin, lang)
    name = label(scenario, origin, lang)
    if not found:
        return tr(lang, "changed.none", name=name, origin=origin)
    return tr(lang, "changed.some", name=name, origin=origin, changes="; ".join(found))
