"""Sweep specifications: a TOML file naming base scenarios, what to vary and what to keep.

```toml
name = "hybrid-teachers-intensity"
scenario = "hybrid-teachers"        # a preset, a scenario file (relative to this file), an inline
                                    # [scenario] table, or a list of these (each gets the design)
years = 8
scale = 1000
replications = 10
seed = 2023                         # master seed: per-run seeds are spawned from it
samples = 20                        # (optional) Latin hypercube points over [ranges]

[grid]                              # every combination of these values (crossed with the samples)
"interventions.hybrid_teachers.count" = [0, 500, 1000, 2000, 4000]

[ranges]
"parameters.side_entry_fit" = [0.25, 0.45]

[keep]                              # (optional) what to keep of each run; default everything, monthly
indicators = ["hard_to_fill_vacancies", "employed", "cost"]
frequency = "yearly"
```

Everything is checked before any run starts, including every design point as a scenario, and
errors are one line naming the field and what is allowed (as for scenario files).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from scipy.stats import qmc

from abm.scenario import Scenario
from experiments import strict
from experiments.design import Design, Label, allowed_text, apply, expand, labels, variables
from experiments.outcomes import Keep
from experiments.scenarios import ScenarioError

MAX_RUNS = 1_000_000
MAX_SCALE = 50_000
"""Persons per agent at most: ~280 agents; coarser leaves sectors without agents and the model fails."""
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
ScenarioRef = str | dict[str, Any]
"""A base scenario: a preset name, a scenario file (``.toml``, relative to the spec) or an inline table."""


class SpecError(ValueError):
    """A sweep specification that cannot be run; the message is one line naming the field."""


class SweepSpec(BaseModel):
    """A parameter sweep as written in a spec file (paths are checked against the base scenario
    by :func:`build`)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    name: str = Field(min_length=1, max_length=80)
    description: str = ""
    scenario: Any = "baseline"
    years: int = Field(8, ge=1, le=30)
    scale: float = Field(100, ge=1, le=MAX_SCALE)
    replications: int = Field(1, ge=1, le=100_000)
    seed: int = Field(0, ge=0)
    common_random_numbers: bool = True
    grid: dict[str, Annotated[list[Any], Field(min_length=1)]] = {}
    ranges: dict[str, Annotated[list[float], Field(min_length=2, max_length=2)]] = {}
    samples: int = Field(0, ge=0, le=MAX_RUNS)
    keep: Keep = Keep()

    @field_validator("name")
    @classmethod
    def _plain_name(cls, name: str) -> str:
        """The name is the default output folder (``out/sweeps/<name>``): no path may hide in it."""
        if not NAME.fullmatch(name) or ".." in name:
            raise ValueError(f"must be a plain name (letters, digits, '.', '_', '-'; no '/' or '..'), got {name!r}")
        return name

    @field_validator("scenario")
    @classmethod
    def _reference(cls, value: Any) -> Any:
        """A preset name, a scenario file, an inline table, or a non-empty list of these."""
        items = value if isinstance(value, list) and value else [value]
        for item in items:
            if not (isinstance(item, str) and item) and not isinstance(item, dict):
                raise ValueError("must be a preset name, a .toml file, a [scenario] table or a list of these, "
                                 f"got {value!r}")
        return value

    @field_validator("grid", "ranges", mode="before")
    @classmethod
    def _dotted(cls, table: Any) -> Any:
        """Accept paths as quoted keys (``"parameters.x" = ...``) or as TOML sub-tables."""
        return _flatten(table) if isinstance(table, dict) else table


def _flatten(table: dict[str, Any]) -> dict[str, Any]:
    """``{"a": {"b": v}}`` as ``{"a.b": v}``; a path given both ways is an error, not dropped."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        inner = {f"{key}.{k}": v for k, v in _flatten(value).items()} if isinstance(value, dict) else {key: value}
        for path, item in inner.items():
            if path in flat:
                raise ValueError(f"the path '{path}' is given twice (as a quoted key and as a sub-table)")
            flat[path] = item
    return flat


def load(path: Path) -> tuple[SweepSpec, dict[str, Scenario], Design]:
    """Read and validate a spec file: the spec, its base scenarios by name, and its design.
    Raises :class:`SpecError` with a one-line message."""
    origin = path.name
    if not path.is_file():
        raise SpecError(f"spec: no file '{path}'")
    try:
        raw = strict.read_toml(path)
        spec = strict.validate(SweepSpec, raw)
    except ScenarioError as error:
        raise SpecError(str(error)) from None
    except ValidationError as error:
        raise SpecError(f"{origin}: {strict.message(error)}") from None
    bases = _bases(spec.scenario, path.parent, origin)
    return spec, bases, build(spec, bases, origin)


def build(spec: SweepSpec, bases: dict[str, Scenario], origin: str = "spec") -> Design:
    """The design of a validated spec: per base scenario every grid x sample point, replicated."""
    if bool(spec.ranges) != bool(spec.samples):
        raise SpecError(f"{origin}: samples: give it with [ranges] (Latin hypercube points over them), or neither")
    for name, base in bases.items():
        _check_paths(spec, base, f"{origin}: " if len(bases) == 1 else f"{origin}: scenario '{name}': ")
    samples = _samples(spec, variables(next(iter(bases.values()))))
    points = [(name, base, {**g, **s}) for name, base in bases.items() for g in _grid(spec.grid) for s in samples]
    if len(points) * spec.replications > MAX_RUNS:
        raise SpecError(f"{origin}: {len(points) * spec.replications:,} runs: at most {MAX_RUNS:,} in one sweep")
    varied = [*spec.grid, *spec.ranges]
    designed = []
    for i, (name, base, values) in enumerate(points):
        scenario = _check(base, values, f"{origin}: design point {i}")
        designed.append((scenario, {**({"scenario": name} if isinstance(spec.scenario, list) else {}),
                                    **labels(scenario, varied)}))
    return expand(spec.name, designed, spec.replications, spec.years, spec.scale, spec.keep, spec.seed,
                  spec.common_random_numbers)


def _check_paths(spec: SweepSpec, base: Scenario, where: str) -> None:
    """Every varied path exists on ``base`` and each of its values (or range ends) is admissible."""
    allowed = variables(base)
    for section, paths in (("grid", spec.grid), ("ranges", spec.ranges)):
        for path in paths:
            if path not in allowed:
                raise SpecError(f"{where}{section}.{path}: unknown path (allowed: {allowed_text(base)})")
    for path, values in spec.grid.items():
        for i, value in enumerate(values):
            _check(base, {path: value}, f"{where}grid.{path}[{i}]")
    for path, (low, high) in spec.ranges.items():
        if allowed[path].annotation not in (float, int):
            raise SpecError(f"{where}ranges.{path}: not a number; vary it in [grid] instead")
        if low > high:
            raise SpecError(f"{where}ranges.{path}: must be [low, high] with low <= high, got [{low:g}, {high:g}]")
        for value in (low, high):
            _check(base, {path: value}, f"{where}ranges.{path}")


def _bases(reference: ScenarioRef | list[ScenarioRef], folder: Path, origin: str) -> dict[str, Scenario]:
    """The base scenarios by name: presets, scenario files (relative to the spec) or inline tables."""
    bases: dict[str, Scenario] = {}
    for i, item in enumerate(reference if isinstance(reference, list) else [reference]):
        where = f"{origin}: scenario" + (f"[{i}]" if isinstance(reference, list) else "")
        if isinstance(item, dict):
            try:
                scenario = strict.validate(Scenario, item)
            except ValidationError as error:
                raise SpecError(f"{where}.{strict.message(error)}") from None
            name = scenario.name
        else:
            try:
                scenario = strict.scenario(item, folder)
            except ScenarioError as error:  # a preset's message names the field, a file's the file
                raise SpecError(f"{where}: {error}" if item.endswith(".toml") else f"{origin}: {error}") from None
            name = Path(item).stem if item.endswith(".toml") else item
        if name in bases:
            raise SpecError(f"{where}: the name '{name}' is given twice; each base scenario needs its own")
        bases[name] = scenario
    return bases


def _check(base: Scenario, values: dict[str, Any], where: str) -> Scenario:
    """``base`` with ``values`` applied, or a one-line error saying where the value is wrong."""
    try:
        return apply(base, values)
    except ValidationError as error:
        message = strict.message(error)
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
