"""Experimental designs: which runs to do, apart from how they run (``experiments.dask_runner``)
and what they mean (``experiments.compare``, ``experiments.sensitivity``).

A design is a tuple of :class:`Run`: a scenario, a seed and the labels that say what varies.
Run ids are positions in the design (``point x replications + replication``), so the same
design always has the same ids and an interrupted sweep can be resumed. Seeds come from one
master seed via ``numpy.random.SeedSequence(master).spawn``; by default replication ``r`` uses
the same seed at every design point (common random numbers: persons draw the same numbers in
every scenario, so differences between points are effects, not noise).

Varied quantities are addressed by path on a base scenario: ``parameters.<field>`` (behavioural
parameters) or ``interventions.<kind>.<field>`` (the intervention of that kind in the base
scenario).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydantic.fields import FieldInfo

from abm.parameters import Parameters, bounds
from abm.scenario import Scenario
from experiments import strict
from experiments.outcomes import Keep

Label = float | int | str | bool
"""A varied value as it appears in the run table (lists joined with '+', dates as ISO text)."""


@dataclass(frozen=True)
class Run:
    """One simulation: which scenario, which seed, and the labels that identify it in the results."""

    run_id: int
    scenario: Scenario
    seed: int
    replication: int
    labels: Mapping[str, Label] = field(default_factory=dict)
    point: int = 0
    """The design point (scenario and varied values) the run replicates; it partitions the
    collected dataset."""


@dataclass(frozen=True)
class Design:
    """Everything a sweep runs: the runs and the settings common to all of them."""

    name: str
    runs: tuple[Run, ...]
    years: int
    scale: float
    keep: Keep
    master_seed: int

    def fingerprint(self) -> str:
        """A hash of what the runs compute; a resumed sweep must have the same one."""
        digest = hashlib.sha256(json.dumps([self.years, self.scale, self.keep.model_dump(mode="json")]).encode())
        scenarios: dict[int, str] = {}
        for run in self.runs:
            text = scenarios.setdefault(id(run.scenario), run.scenario.model_dump_json())
            digest.update(json.dumps([run.run_id, run.seed, dict(run.labels), text], default=str).encode())
        return digest.hexdigest()[:16]


    def shard(self, index: int, count: int) -> Design:
        """The runs of shard ``index`` of ``count`` (every ``count``-th run from ``index``, so each
        shard gets a share of every design point and of the slow ones)."""
        return dataclasses.replace(self, runs=self.runs[index::count])


def replication_seeds(master: int, count: int) -> list[int]:
    """``count`` independent model seeds from one master seed (``SeedSequence(master).spawn``)."""
    return [int(child.generate_state(1)[0]) for child in np.random.SeedSequence(master).spawn(count)]


def expand(name: str, points: Sequence[tuple[Scenario, Mapping[str, Label]]], replications: int, years: int,
           scale: float, keep: Keep, master_seed: int, common_random_numbers: bool = True) -> Design:
    """The design of every point x replication, with run ids and seeds fixed by position."""
    seeds = replication_seeds(master_seed, replications if common_random_numbers else len(points) * replications)
    runs = tuple(Run(run_id=p * replications + r, scenario=scenario, replication=r, labels=labels, point=p,
                     seed=seeds[r if common_random_numbers else p * replications + r])
                 for p, (scenario, labels) in enumerate(points) for r in range(replications))
    return Design(name, runs, years, scale, keep, master_seed)


def variables(base: Scenario) -> dict[str, FieldInfo]:
    """Every path a design may vary on ``base``, with its pydantic field (for bounds and type)."""
    paths = {f"parameters.{name}": info for name, info in Parameters.model_fields.items()}
    kinds = [intervention.kind for intervention in base.interventions]
    for intervention in base.interventions:
        if kinds.count(intervention.kind) == 1:
            paths.update({f"interventions.{intervention.kind}.{name}": info
                          for name, info in type(intervention).model_fields.items() if name != "kind"})
    return paths


def allowed_text(base: Scenario) -> str:
    """The allowed paths on ``base``, grouped, for one-line error messages."""
    groups: dict[str, list[str]] = {}
    for path in variables(base):
        prefix, _, name = path.rpartition(".")
        groups.setdefault(prefix, []).append(name)
    text = "; ".join(f"{prefix}.<{', '.join(names)}>" for prefix, names in groups.items())
    if len(groups) == 1:
        text += f"; interventions.<kind>.<field> for an intervention in scenario '{base.name}' (it has none)"
    return text


def apply(base: Scenario, values: Mapping[str, Any]) -> Scenario:
    """``base`` with each path set to its value, validated strictly (raises pydantic's ValidationError)."""
    raw = base.model_dump(mode="json")
    kinds = [intervention["kind"] for intervention in raw["interventions"]]
    for path, value in values.items():
        section, *rest = path.split(".")
        if section == "parameters":
            raw["parameters"][rest[0]] = value
        else:
            raw["interventions"][kinds.index(rest[0])][rest[1]] = value
    return strict.validate(Scenario, raw)


def value_at(scenario: Scenario, path: str) -> Any:
    """The value at ``path`` in ``scenario`` (as validated: typed, defaults filled in)."""
    section, *rest = path.split(".")
    if section == "parameters":
        return getattr(scenario.parameters, rest[0])
    intervention = next(i for i in scenario.interventions if i.kind == rest[0])
    return getattr(intervention, rest[1])


def labels(scenario: Scenario, paths: Sequence[str]) -> dict[str, Label]:
    """The varied values of ``scenario`` as table cells, one per path."""
    return {path: label(value_at(scenario, path)) for path in paths}


def label(value: Any) -> Label:
    """A varied value as a flat table cell."""
    if isinstance(value, (list, tuple)):
        return "+".join(str(item) for item in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    return value


def behavioural_ranges(band: float) -> dict[str, tuple[float, float]]:
    """Ranges of the behavioural parameters for screening: default x (1 +- band), clipped to the
    admissible bounds. Parameters whose default is 0 have no band and are left out."""
    ranges = {}
    for name, info in Parameters.model_fields.items():
        default = float(info.default)
        if default == 0:
            continue
        low, high = sorted((default * (1 - band), default * (1 + band)))
        ge, le = bounds(info)
        ranges[name] = (max(low, ge) if ge is not None else low, min(high, le) if le is not None else high)
    return ranges
