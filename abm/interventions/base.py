"""What every intervention has: a kind, a start and optional end, a regional scope, a cost."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

if TYPE_CHECKING:
    from abm.model import TechLabourModel

LandsdeelName = Literal["Noord", "Noordwest", "Oost", "Zuidoost", "Zuidwest"]
ALL_LANDSDELEN: tuple[LandsdeelName, ...] = ("Noord", "Noordwest", "Oost", "Zuidoost", "Zuidwest")


class Intervention(BaseModel):
    """A policy measure from the Dutch documents, switched on from ``start`` (until ``end``)
    in the landsdelen listed. Subclasses set ``kind``, ``title``, ``source`` and ``unit_cost``
    parameters and implement :meth:`apply`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    start: dt.date = Field(dt.date(2023, 1, 1), description="first month the measure acts")
    end: dt.date | None = Field(None, description="month after which it stops (none = open-ended)")
    landsdelen: tuple[LandsdeelName, ...] = Field(ALL_LANDSDELEN, min_length=1,
                                                  description="landsdelen where it applies")

    title: ClassVar[str]
    title_nl: ClassVar[str]
    source: ClassVar[str]

    @model_validator(mode="after")
    def _end_after_start(self) -> Intervention:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end must be on or after start ({self.start}), got {self.end}")
        return self

    def active(self, date: dt.date) -> bool:
        """Whether the measure acts in the month of ``date``."""
        month = date.replace(day=1)
        return self.start.replace(day=1) <= month and (self.end is None or month <= self.end.replace(day=1))

    def scope(self, model: TechLabourModel) -> np.ndarray:
        """Boolean mask over the model's landsdelen."""
        return np.array([name in self.landsdelen for name in model.landsdelen])

    def apply(self, model: TechLabourModel, scope: np.ndarray) -> None:
        """Act on the model this month (levers or persons) and book the cost."""
        raise NotImplementedError


def population_share(model: TechLabourModel, scope: np.ndarray) -> np.ndarray:
    """Each landsdeel's share of the population of the landsdelen in scope (0 outside it)."""
    population = np.array([l.population for l in model.data.landsdelen], dtype=float) * scope
    return population / population.sum()


def add_months(date: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after ``date``."""
    total = date.year * 12 + date.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def plan_sectors(model: TechLabourModel) -> np.ndarray:
    """Boolean mask of the sectors in the 2022 plan's scope."""
    return np.array([s.plan_2022 for s in model.data.sectors])


def cell_mask(scope: np.ndarray, sectors: np.ndarray) -> np.ndarray:
    """Landsdeel x sector mask from a landsdeel mask and a sector mask."""
    return scope[:, None] & sectors[None, :]


CAPITAL_PER_JOB_SAVED = 100_000.0
"""Default ``capital_per_job`` of the measures that raise productivity (euros per job's worth of labour saved)."""


def attainable_productivity(model: TechLabourModel, cells: np.ndarray, growth: float) -> tuple[np.ndarray, np.ndarray]:
    """The fall of labour demand (per year) a productivity gain of ``growth`` a year brings each
    landsdeel x sector this month, and the jobs (persons) it saves.

    Less labour per unit of a growing output. Output grows as unit labour cost falls: a
    labour-augmenting gain changes the labour firms want by (elasticity - 1) x the gain, with the
    model's labour demand elasticity (``labour_demand_elasticity``, Lichter, Peichl & Siegloch 2015:
    0.4), so 1 % more productivity saves 0.6 % of labour. Demand then grows with output net of that
    saving (``abm.firms.LabourDemand``), but only as fast as the firms' open posts absorb it:
    demand falls to staff and never below it, so the labour saved comes out of posts not filled and
    leavers not replaced (attrition), not out of dismissals; a cell with no open post saves nothing
    that month."""
    shape = model.levers.shape
    demand = model.firms_book.demand.reshape(*shape, -1).sum(axis=2)
    open_share = np.clip(demand - model.employment(), 0.0, None) / np.maximum(demand, 1e-9)
    room = np.clip(12 * open_share - model.levers.productivity_growth, 0.0, None)  # after other measures this month
    saving = growth * (1 - model.parameters.labour_demand_elasticity)
    rate = np.where(cells, np.minimum(saving, room), 0.0)
    return rate, demand * rate / 12 * model.scale
