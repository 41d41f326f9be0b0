"""Werkgarantie / Gouden Poort: a 10-year work and development guarantee on sector level."""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np

from abm.codes import Status
from abm.interventions.base import Intervention
from abm.parameters import parameter


class WorkGuarantee(Intervention):
    """Everyone who chooses technical education and work gets a sector-level guarantee of work
    and development for ten years.

    Mechanism: (1) a certain future raises the technical study choice by ``choice_boost``;
    (2) re-placement: a covered technician who is out of work is re-placed faster, through a
    skills passport, into a related technical sector. Each month the guarantee's placement service
    offers a covered unemployed technician from a technical sector, with chance ``placement_rate``,
    a vacancy of her own landsdeel in a technical sector chosen by skill relatedness to her last
    sector x its vacancies x its pay (``abm.kernels.mobility``), and she takes it: the match needs
    no luck in the matching function (the kernel draws coverage x placement rate each month, so who
    is covered is not fixed from month to month). The offer comes on top of her own search, which is not
    narrowed: in months without an offer she, and every covered worker searching on the job, looks
    wherever her skills and pay lead, non-technical sectors included. Cost: each covered technician
    (working in technology or unemployed) costs ``cost_per_covered_year`` for development and income
    security, each covered unemployed technician-month ``cost_per_covered_month`` for coaching and
    placement, plus a yearly ``administration``.

    Source: Aanvalsplan Arbeidsmarktkrapte Techniek, Bouw en Energie (2022), "Gouden Poort":
    a 10-year work and development guarantee to minimise outflow (now "70 procent"), with
    re-placement through skills-based matching across related technical sectors; the plan gives no
    placement rate or price, so those are stated assumptions.
    """

    kind: Literal["work_guarantee"] = "work_guarantee"
    title: ClassVar[str] = "Work guarantee (Gouden Poort)"
    title_nl: ClassVar[str] = "Werkgarantie / Gouden Poort"
    source: ClassVar[str] = "Aanvalsplan 2022: 10-year work and development guarantee"

    coverage: float = parameter(0.8, "share", "share of technicians covered (sector agreements)")
    placement_rate: float = parameter(0.1, "per month", "chance a covered unemployed technician gets a placement "
                                      "offer in a month (assumption: about half placed within six months by the "
                                      "service alone; the plan gives no figure)")
    choice_boost: float = parameter(0.03, "probability", "added chance to choose a technical programme "
                                    "(assumption; the plan gives no figure)", le=0.3)
    cost_per_covered_year: float = parameter(250, "euro per year", "development budget and income security per "
                                             "covered technician (assumption: about 0.5 % of a technician's wage "
                                             "bill, the order of the technical sectors' O&O-fund levies)", le=20_000)
    cost_per_covered_month: float = parameter(300, "euro", "coaching and placement per covered unemployed "
                                              "technician-month (assumption: ~EUR 1,800 for an average six-month "
                                              "spell, in the range of UWV re-integration budgets)", le=20_000)
    administration: float = parameter(5e6, "euro per year", "running the sector fund (assumption)", le=1e9)

    def apply(self, model, scope: np.ndarray) -> None:
        levers, pop = model.levers, model.population
        levers.guarantee = np.where(scope, np.maximum(levers.guarantee, self.coverage * self.placement_rate),
                                    levers.guarantee)
        levers.choice_bonus += np.where(scope, self.choice_boost, 0.0)
        in_technology = (pop.status == Status.EMPLOYED) & (pop.technical == 1) \
            & (model.sector_technical[np.maximum(pop.sector, 0)] == 1)
        working = np.bincount(pop.landsdeel[in_technology], minlength=len(scope))
        unemployed = model.unemployed_technicians()
        yearly = model.scale * self.coverage * (working * self.cost_per_covered_year
                                                + unemployed * 12 * self.cost_per_covered_month)
        yearly = np.where(scope, yearly, 0.0)
        levers.add_cost(self.kind, yearly.sum() + self.administration, scope, yearly + 1e-9)
