"""Scenarios in and out of the browser view: edits from the controls, the share link, TOML files.

Every function that takes input from a person (a typed value, a link, an uploaded file) either
returns a valid :class:`Scenario` or raises :class:`ScenarioError` with one line naming the
field, in the same words as the command line (``experiments.scenarios.describe``).

TOML files are written by ``experiments.scenarios.to_toml`` (shared with the command line).
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from typing import Any, Literal

from pydantic import ValidationError

from abm.interventions import INTERVENTIONS
from abm.scenario import Scenario
from experiments.scenarios import (
    MAX_FILE_BYTES,
    ScenarioError,
    describe,
    parse_scenario,
)

MAX_LINK_CHARS = 4000
"""Longest scenario token accepted from a link (a full scenario with every intervention is ~1,500)."""


def compact(scenario: Scenario, mode: Literal["python", "json"] = "python") -> dict[str, Any]:
    """The scenario as plain data, leaving out whatever equals its default (each intervention
    keeps its ``kind``, which names it)."""
    data: dict[str, Any] = scenario.model_dump(mode=mode, include={"name", "description"}, exclude_defaults=True)
    parameters = scenario.parameters.model_dump(mode=mode, exclude_defaults=True)
    if parameters:
        data["parameters"] = parameters
    if scenario.interventions:
        data["interventions"] = [{"kind": item.kind, **item.model_dump(mode=mode, exclude_defaults=True)}
                                 for item in scenario.interventions]
    return data


def run_key(scenario: Scenario) -> str:
    """What determines a run's numbers (not the name or description), as canonical JSON."""
    return json.dumps(scenario.model_dump(mode="json", include={"parameters", "interventions"}),
                      sort_keys=True, separators=(",", ":"))


def validated(raw: dict[str, Any], origin: str = "") -> Scenario:
    """``raw`` as a scenario, or a one-line :class:`ScenarioError` naming the field."""
    try:
        return Scenario.model_validate(raw)
    except ValidationError as error:
        raise ScenarioError(f"{origin}{describe(error)}") from None


# Edits from the controls -------------------------------------------------------------------------

def with_name(scenario: Scenario, name: str) -> Scenario:
    return validated({**scenario.model_dump(), "name": name.strip() or "scenario"})


def _positions(raw: dict[str, Any], kind: str) -> list[int]:
    return [i for i, item in enumerate(raw["interventions"]) if item["kind"] == kind]


def with_intervention(scenario: Scenario, kind: str, on: bool, occurrence: int = 0) -> Scenario:
    """Switch an intervention on (with its defaults, unless one of its kind is on) or switch the
    ``occurrence``-th one of its kind off."""
    raw = scenario.model_dump()
    items = list(raw["interventions"])
    positions = _positions(raw, kind)
    if on and not positions:
        items.append(INTERVENTIONS[kind]().model_dump())
    elif not on and occurrence < len(positions):
        del items[positions[occurrence]]
    return validated({**raw, "interventions": items})


def with_intervention_field(scenario: Scenario, kind: str, field: str, value: Any, occurrence: int = 0) -> Scenario:
    """Set one field of the ``occurrence``-th intervention of ``kind``, which must be switched on."""
    raw = scenario.model_dump()
    items = list(raw["interventions"])
    index = _positions(raw, kind)[occurrence]
    items[index] = {**items[index], field: value}
    raw["interventions"] = items
    return validated(raw)


def with_parameter(scenario: Scenario, field: str, value: Any) -> Scenario:
    raw = scenario.model_dump()
    raw["parameters"] = {**raw["parameters"], field: value}
    return validated(raw)


def with_default_parameters(scenario: Scenario) -> Scenario:
    return validated({**scenario.model_dump(), "parameters": {}})


# The share link ----------------------------------------------------------------------------------

def scenario_to_token(scenario: Scenario) -> str:
    """The scenario as a short URL-safe token (compressed JSON of what differs from the defaults)."""
    text = json.dumps(compact(scenario, "json"), separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(zlib.compress(text.encode("utf-8"), 9)).decode("ascii").rstrip("=")


def scenario_from_token(token: str) -> Scenario:
    """The scenario a link's token holds; a damaged or invalid one raises :class:`ScenarioError`."""
    if len(token) > MAX_LINK_CHARS:
        raise ScenarioError(f"link: s: too long ({len(token)} characters, at most {MAX_LINK_CHARS})")
    inflate = zlib.decompressobj()
    try:
        text = inflate.decompress(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)), MAX_FILE_BYTES)
        raw = json.loads(text.decode("utf-8")) if inflate.eof else None
    except (binascii.Error, zlib.error, UnicodeDecodeError, ValueError):
        raw = None
    if not isinstance(raw, dict):
        raise ScenarioError("link: s: not a scenario link (damaged or cut off)")
    return validated(raw, "link: ")


# TOML files --------------------------------------------------------------------------------------

def decoded(filename: str, content: bytes) -> str:
    """An uploaded file's text: UTF-8 (with or without a byte-order mark), else Windows-1252 /
    Latin-1 as older editors save it; bytes no text file has (NUL) are refused."""
    if b"\x00" in content:
        raise ScenarioError(f"{filename}: not a text file (expected TOML in UTF-8 or Latin-1)")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        return content.decode("latin-1")


def within_horizon(scenario: Scenario, origin: str, last_year: int) -> Scenario:
    """The scenario, if every intervention starts within the view's horizon (up to ``last_year``)."""
    for index, item in enumerate(scenario.interventions):
        if item.start.year > last_year:
            raise ScenarioError(f"{origin}interventions[{index}].start: must be in {last_year} or earlier "
                                f"(the view runs to December {last_year}), got {item.start.isoformat()}")
    return scenario


def scenario_from_upload(filename: str, content: bytes | None, size: int, last_year: int = 9999) -> Scenario:
    """An uploaded scenario file, checked for size, emptiness and encoding before it is parsed,
    and for interventions that would start after ``last_year``."""
    if size > MAX_FILE_BYTES or content is None:
        raise ScenarioError(f"{filename}: file too large ({size} bytes, at most {MAX_FILE_BYTES})")
    text = decoded(filename, content)
    if not text.strip():
        raise ScenarioError(f"{filename}: the file is empty (expected a TOML scenario)")
    return within_horizon(parse_scenario(text, filename), f"{filename}: ", last_year)
