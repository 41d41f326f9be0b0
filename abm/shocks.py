"""Demand shocks: a recession or a boom imposed on the scenario, for stress tests and validation.

Not a policy: a shock multiplies the labour demand of the sectors it hits by ``1 + size`` from
``start`` for ``months`` months, ramping in and out linearly over ``ramp_months``; firms respond
by laying off or opening vacancies, and the people respond to that.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from abm.model import TechLabourModel


class DemandShock(BaseModel):
    """A temporary change of labour demand in all sectors, the technical ones, or the others."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: dt.date = Field(description="first month of the shock")
    months: int = Field(24, ge=1, le=240, description="length of the shock in months")
    size: float = Field(-0.05, ge=-0.5, le=0.5, description="relative change of labour demand at full strength")
    ramp_months: int = Field(6, ge=0, le=60, description="months to reach full strength and to fade out")
    sectors: Literal["all", "technical", "non_technical"] = Field("all", description="which sectors it hits")

    def strength(self, date: dt.date) -> float:
        """Share of the full shock in the month of ``date`` (0 outside it)."""
        elapsed = (date.year - self.start.year) * 12 + date.month - self.start.month
        if elapsed < 0 or elapsed >= self.months:
            return 0.0
        if self.ramp_months == 0:
            return 1.0
        return min(1.0, (elapsed + 1) / self.ramp_months, (self.months - elapsed) / self.ramp_months)

    def apply(self, model: TechLabourModel) -> None:
        """Multiply this month's demand lever of the sectors hit."""
        technical = model.sector_technical.astype(bool)
        hit = {"all": np.ones_like(technical), "technical": technical, "non_technical": ~technical}[self.sectors]
        model.levers.demand[:, hit] *= 1 + self.size * self.strength(model.date)
