"""Scenario presets (TOML files in this folder) and loading a user's scenario file.

Errors are one line naming the file and the field, e.g.
``my.toml: parameters.match_efficiency: must be >= 0, got -1``.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from pydantic import ValidationError

from abm.interventions import INTERVENTIONS
from abm.scenario import Scenario

PRESETS = Path(__file__).parent
MAX_FILE_BYTES = 64_000


class ScenarioError(ValueError):
    """A scenario that cannot be used; the message is one line naming the field."""


def preset_names() -> list[str]:
    """Names of the shipped presets."""
    return sorted(path.stem for path in PRESETS.glob("*.toml"))


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A preset by name, or a scenario TOML file by path."""
    path = Path(name_or_path)
    if path.suffix != ".toml":
        if str(name_or_path) not in preset_names():
            raise ScenarioError(f"scenario: unknown preset '{name_or_path}' (allowed: {', '.join(preset_names())}, "
                                "or a path to a .toml file)")
        path = PRESETS / f"{name_or_path}.toml"
    if not path.is_file():
        raise ScenarioError(f"scenario: no file '{path}'")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ScenarioError(f"{path.name}: file too large ({path.stat().st_size} bytes, at most {MAX_FILE_BYTES})")
    return parse_scenario(path.read_text(encoding="utf-8"), path.name)


def parse_scenario(text: str, origin: str = "scenario") -> Scenario:
    """Validate a scenario given as TOML text."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"{origin}: not valid TOML ({error})") from None
    try:
        return Scenario.model_validate(raw)
    except ValidationError as error:
        raise ScenarioError(f"{origin}: {describe(error)}") from None


def describe(error: ValidationError) -> str:
    """The first problem of a pydantic error as ``field.path: what is wrong, got value``."""
    first = error.errors()[0]
    loc = list(first["loc"])
    context = first.get("ctx", {})
    kind = first["type"]
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return (f"interventions[{loc[1]}].kind: unknown intervention {first['input'].get('kind')!r} "
                f"(allowed: {', '.join(INTERVENTIONS)})")
    if loc[:1] == ["interventions"] and len(loc) > 2:
        loc = loc[2:]
    field = ".".join(str(part) for part in loc) or "scenario"
    if kind == "extra_forbidden":
        return f"{field}: unknown key"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        sign = {"greater_than_equal": "≥", "less_than_equal": "≤", "greater_than": ">", "less_than": "<"}[kind]
        limit = next(iter(context.values()))
        return f"{field}: must be {sign} {_number(limit)}, got {_number(first['input'])}"
    if kind == "literal_error":
        return f"{field}: must be one of {context.get('expected')}, got {first['input']!r}"
    if kind == "value_error":
        return f"{field}: {str(context.get('error', first['msg']))}"
    return f"{field}: {first['msg'][0].lower()}{first['msg'][1:]}, got {first['input']!r}"


def _number(value: object) -> str:
    """``5`` rather than ``5.0`` in messages; other values as given."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_toml(scenario: Scenario) -> str:
    """The scenario as TOML text that :func:`parse_scenario` reads back to an equal scenario
    (parameters only where they differ from the defaults)."""
    lines = [f"name = {_quote(scenario.name)}", f"description = {_quote(scenario.description)}"]
    if scenario.geography != Scenario.model_fields["geography"].default:
        lines.append(f"geography = {_quote(scenario.geography)}")
    changed = scenario.parameters.model_dump(exclude_defaults=True)
    if changed:
        lines += ["", "[parameters]"] + [f"{key} = {_value(value)}" for key, value in changed.items()]
    for intervention in scenario.interventions:
        fields = intervention.model_dump(exclude_defaults=True, exclude={"kind"})
        lines += ["", "[[interventions]]", f"kind = {_quote(intervention.kind)}"]
        lines += [f"{key} = {_value(value)}" for key, value in fields.items()]
    for shock in scenario.shocks:
        lines += ["", "[[shocks]]"] + [f"{key} = {_value(value)}" for key, value in shock.model_dump().items()]
    return "\n".join(lines) + "\n"


def _value(value: object) -> str:
    """A TOML literal for a scenario value (number, date, text or list of texts)."""
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return value.isoformat() if hasattr(value, "isoformat") else repr(value)


def _quote(text: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML)."""
    return json.dumps(text, ensure_ascii=False)
