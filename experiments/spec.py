"""Sweep specifications: a TOML file naming a base scenario, what to vary and what to keep.

```toml
name = "hybrid-teachers-intensity"
scenario = "hybrid-teachers"        # a preset, or a scenario file (relative to this file)
years = 8
scale = 1000
replications = 10
seed = 2023                         # master seed: per-run seeds are spawned from it

[grid]                              # every combination of these values
"interventions.hybrid_teachers.count" = [0, 500, 1000, 2000, 4000]

samples = 20                        # (optional) Latin hypercube points over [ranges] ...
[ranges]                            # ... crossed with the grid
"parameters.match_efficiency" = [0.2, 0.4]

[keep]
indicators = ["unfilled_vacancies", "employed", "cost"]
frequency = "yearly"
```

Everything is checked before any run starts, including every design point as a scenario, and
errors are one line naming the field and what is allowed (as for scenario files).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from scipy.stats import qmc

from abm.scenario import Scenario
from experiments.design import Design, Label, allowed_text, apply, expand, labels, variables
from experiments.outcomes import Keep
from experiments.scenarios import MAX_FILE_BYTES, ScenarioError, describe, load_scenario

MAX_RUNS = 1_000_000


class SpecError(ValueError):
    """A sweep specification that cannot be run; the message is one line naming the field."""


class SweepSpec(BaseModel):
    """A parameter sweep as written in a spec file (paths are checked against the base scenario
    by :func:`build`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=80)
    description: str = ""
    scenario: str = Field("baseline", min_length=1)
    years: int = Field(8, ge=1, le=30)
    scale: float = Field(100, ge=1)
    replications: int = Field(1, ge=1, le=100_000)
    seed: int = Field(0, ge=0)
    common_random_numbers: bool = True
    grid: dict[str, Annotated[list[Any], Field(min_length=1)]] = {}
    ranges: dict[str, tuple[float, float]] = {}
    samples: int = Field(0, ge=0, le=MAX_RUNS)
    keep: Keep = Keep()

    @field_validator("grid", "ranges", mode="before")
    @classmethod
    def _dotted(cls, table: Any) -> Any:
        """Accept paths as quoted keys (``"parameters.x" = ...``) or as TOML sub-tables."""
        return _flatten(table) if isinstance(table, dict) else table


def _flatten(table: dict[str, Any]) -> dict[str, Any]:
    """``{"a": {"b": v}}`` as ``{"a.b": v}``."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{inner}": item for inner, item in _flatten(value).items()})
        else:
            flat[key] = value
    return flat


def load(path: Path) -> tuple[SweepSpec, Design]:
    """Read, validate and expand a spec file; raises :class:`SpecError` with a one-line message."""
    origin = path.name
    if not path.is_file():
        raise SpecError(f"spec: no file '{path}'")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise SpecError(f"{origin}: file too large ({path.stat().st_size} bytes, at most {MAX_FILE_BYTES})")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise SpecError(f"{origin}: not valid TOML ({error})") from None
    try:
        spec = SweepSpec.model_validate(raw)
    except ValidationError as error:
        raise SpecError(f"{origin}: {describe(error)}") from None
    return spec, build(spec, path.parent, origin)


def build(spec: SweepSpec, folder: Path, origin: str = "spec") -> Design:
    """The design of a validated spec: every grid x sample point, each replicated."""
    base = _base(spec.scenario, folder, origin)
    if bool(spec.ranges) != bool(spec.samples):
        raise SpecError(f"{origin}: samples: give it with [ranges] (Latin hypercube points over them), or neither")
    allowed = variables(base)
    for section, paths in (("grid", spec.grid), ("ranges", spec.ranges)):
        for path in paths:
            if path not in allowed:
                raise SpecError(f"{origin}: {section}.{path}: unknown path (allowed: {allowed_text(base)})")
    for path, values in spec.grid.items():
        for i, value in enumerate(values):
            _check(base, {path: value}, f"{origin}: grid.{path}[{i}]")
    for path in spec.ranges:
        low, high = spec.ranges[path]
        if allowed[path].annotation not in (float, int):
            raise SpecError(f"{origin}: ranges.{path}: not a number; vary it in [grid] instead")
        if low > high:
            raise SpecError(f"{origin}: ranges.{path}: must be [low, high] with low <= high, got [{low:g}, {high:g}]")
        for value in spec.ranges[path]:
            _check(base, {path: value}, f"{origin}: ranges.{path}")
    points = [{**g, **s} for g in _grid(spec.grid) for s in _samples(spec, allowed)]
    if len(points) * spec.replications > MAX_RUNS:
        raise SpecError(f"{origin}: {len(points) * spec.replications:,} runs: at most {MAX_RUNS:,} in one sweep")
    scenarios = [_check(base, values, f"{origin}: design point {i}") for i, values in enumerate(points)]
    varied = [*spec.grid, *spec.ranges]
    return expand(spec.name, [(scenario, labels(scenario, varied)) for scenario in scenarios], spec.replications,
                  spec.years, spec.scale, spec.keep, spec.seed, spec.common_random_numbers)


def _base(name: str, folder: Path, origin: str) -> Scenario:
    """The base scenario: a preset by name, or a scenario file relative to the spec's folder."""
    path = Path(name)
    try:
        return load_scenario(folder / path if path.suffix == ".toml" else name)
    except ScenarioError as error:
        raise SpecError(f"{origin}: {error}") from None


def _check(base: Scenario, values: dict[str, Any], where: str) -> Scenario:
    """``base`` with ``values`` applied, or a one-line error saying where the value is wrong."""
    try:
        return apply(base, values)
    except ValidationError as error:
        message = describe(error)
        if len(values) == 1:
            message = message.split(": ", 1)[-1]
        raise SpecError(f"{where}: {message}") from None


def _grid(grid: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """Every combination of the grid's values (one empty point when there is no grid)."""
    points: list[dict[str, Any]] = [{}]
    for path, values in grid.items():
        points = [{**point, path: value} for point in points for value in values]
    return points


def _samples(spec: SweepSpec, allowed: dict) -> list[dict[str, Label]]:
    """Latin hypercube points over the ranges (seeded by the master seed; integers rounded)."""
    if not spec.ranges:
        return [{}]
    unit = qmc.LatinHypercube(d=len(spec.ranges), rng=np.random.default_rng(spec.seed)).random(spec.samples)
    lows, highs = np.array(list(spec.ranges.values()), dtype=float).T
    values = lows + unit * (highs - lows)
    return [{path: (round(float(v)) if allowed[path].annotation is int else float(v))
             for path, v in zip(spec.ranges, row, strict=True)} for row in values]
