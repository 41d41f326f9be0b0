"""Reading the researcher's files strictly: a spec or scenario file is UTF-8 TOML of bounded size,
every number finite, and nothing is coerced (``years = true`` or ``scale = "100"`` is an error,
not one year or a hundred). Every error is one line naming the file and the field.

Validation goes through JSON in pydantic's strict mode: there integers must be integers, numbers
numbers, texts texts, while TOML arrays still fill tuples and TOML dates still fill dates.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from abm.scenario import Scenario
from experiments.scenarios import MAX_FILE_BYTES, ScenarioError, describe, load_scenario

_INTERNAL = re.compile(r"\.(constrained-[a-z]+|[a-z-]+\[[^\]]*\]|str|int|float|bool|dict|list)(?=[.:\[])")
"""Names pydantic puts in an error's location for the members of a union; not the user's words."""


def read_toml(path: Path, origin: str | None = None) -> dict[str, Any]:
    """The table in a TOML file, or a one-line ``ValueError`` subclass (``ScenarioError``)."""
    origin = origin or path.name
    if not path.is_file():
        raise ScenarioError(f"{origin}: no file '{path}'")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ScenarioError(f"{origin}: file too large ({size} bytes, at most {MAX_FILE_BYTES})")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise ScenarioError(f"{origin}: not UTF-8 text (byte {error.start}); save the file as UTF-8") from None
    except OSError as error:
        raise ScenarioError(f"{origin}: cannot read ({error.strerror})") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ScenarioError(f"{origin}: not valid TOML ({error})") from None
    check_finite(raw, origin)
    return raw


def check_finite(value: Any, origin: str, where: str = "") -> None:
    """No ``inf`` or ``nan`` anywhere in ``value`` (they pass pydantic's bounds unnoticed)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ScenarioError(f"{origin}: {where or 'value'}: must be a finite number, got {value}")
    if isinstance(value, dict):
        for key, item in value.items():
            check_finite(item, origin, f"{where}.{key}" if where else str(key))
    if isinstance(value, list):
        for i, item in enumerate(value):
            check_finite(item, origin, f"{where}[{i}]")


def validate[M: BaseModel](model: type[M], raw: Any) -> M:
    """``raw`` as ``model``, strictly (raises pydantic's ``ValidationError``)."""
    return model.model_validate_json(json.dumps(raw, default=_json_default), strict=True)


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, np.generic):  # values drawn by numpy (EMA Workbench, Latin hypercubes)
        return value.item()
    raise TypeError(f"cannot be written as JSON: {value!r}")


def message(error: ValidationError) -> str:
    """The first problem of a pydantic error in the project's words (``field: what, got value``)."""
    return _INTERNAL.sub("", describe(error))


def scenario(reference: str, folder: Path | None = None) -> Scenario:
    """A preset by name or a scenario file (relative to ``folder`` if given), strictly validated."""
    if not reference.endswith(".toml"):
        return load_scenario(reference)
    path = (folder / reference) if folder is not None else Path(reference)
    return scenario_from(read_toml(path), path.name)


def scenario_from(raw: Any, origin: str) -> Scenario:
    """A scenario table (as read from TOML), strictly validated, or a one-line ``ScenarioError``."""
    if not isinstance(raw, dict):
        raise ScenarioError(f"{origin}: must be a table (name, description, [parameters], [[interventions]])")
    check_finite(raw, origin)
    try:
        return validate(Scenario, raw)
    except ValidationError as error:
        raise ScenarioError(f"{origin}: {message(error)}") from None
