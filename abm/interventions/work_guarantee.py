"""Werkgarantie / Gouden Poort: a 10-year work and development guarantee on sector level."""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np

from abm.interventions.base import Intervention
from abm.parameters import parameter


class WorkGuarantee(Intervention):
    """Everyone who chooses technical education and work gets a sector-level guarantee of work
    and development for ten years.

    Mechanism: (1) a certain future raises the technical study choice by ``choice_boost``;
    (2) a covered technician who loses her job, or searches, is re-placed within the technical
    sectors through skills-based matching (a skills passport): her search skips non-technical
    sectors, so she does not drift out, and her time on benefits falls. Cost: the sector fund
    pays placement and coaching per covered technician-month in unemployment, plus a yearly
    administration.

    Source: Aanvalsplan Arbeidsmarktkrapte Techniek, Bouw en Energie (2022), "Gouden Poort":
    a 10-year work guarantee to minimise outflow (now "70 procent").
    """

    kind: Literal["work_guarantee"] = "work_guarantee"
    title: ClassVar[str] = "Work guarantee (Gouden Poort)"
    title_nl: ClassVar[str] = "Werkgarantie / Gouden Poort"
    source: ClassVar[str] = "Aanvalsplan 2022: 10-year work and development guarantee"

    coverage: float = parameter(0.8, "share", "share of technicians covered (sector agreements)")
    choice_boost: float = parameter(0.03, "probability", "added chance to choose a technical programme "
                                    "(assumption; the plan gives no figure)", le=0.3)
    cost_per_covered_month: float = parameter(300, "euro", "coaching and placement per covered unemployed "
                                              "technician-month (assumption: ~EUR 1,800 for an average six-month "
                                              "spell, in the range of UWV re-integration budgets)", le=20_000)
    administration: float = parameter(5e6, "euro per year", "running the sector fund (assumption)", le=1e9)

    def apply(self, model, scope: np.ndarray) -> None:
        levers = model.levers
        levers.guarantee = np.where(scope, np.maximum(levers.guarantee, self.coverage), levers.guarantee)
        levers.choice_bonus += np.where(scope, self.choice_boost, 0.0)
        unemployed = model.unemployed_technicians() * model.scale * self.coverage
        yearly = 12 * self.cost_per_covered_month * np.where(scope, unemployed, 0.0)
        levers.add_cost(self.kind, yearly.sum() + self.administration, scope, yearly + 1e-9)
