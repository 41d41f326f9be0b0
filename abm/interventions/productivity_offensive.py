"""Productiviteitsoffensief: robotisation, digitalisation and prefab."""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np

from abm.interventions.base import Intervention, cell_mask, plan_sectors
from abm.parameters import parameter


class ProductivityOffensive(Intervention):
    """Firms in the plan's sectors raise labour productivity growth.

    Mechanism: labour demand per unit of output falls by ``extra_growth`` a year in the
    technical, construction and energy sectors in scope, so the same output needs fewer
    technicians; vacancies close as demand grows more slowly than staff.

    Source: Aanvalsplan Arbeidsmarktkrapte Techniek, Bouw en Energie (2022), pillar II: +1
    %-point productivity growth a year (10 %-points or more by the early 2030s); sectors invest
    EUR 50 million a year and ask government to double it.
    """

    kind: Literal["productivity_offensive"] = "productivity_offensive"
    title: ClassVar[str] = "Productivity offensive"
    title_nl: ClassVar[str] = "Productiviteitsoffensief"
    source: ClassVar[str] = "Aanvalsplan 2022 pillar II: +1 %-point productivity growth a year"

    extra_growth: float = parameter(0.01, "per year", "extra labour productivity growth", le=0.05)
    yearly_budget: float = parameter(100e6, "euro per year", "sector EUR 50 million a year, doubled by government "
                                     "(Aanvalsplan 2022)", le=1e10)

    def apply(self, model, scope: np.ndarray) -> None:
        model.levers.productivity_growth[cell_mask(scope, plan_sectors(model))] += self.extra_growth
        model.levers.add_cost(self.kind, self.yearly_budget, scope, model.employment().sum(axis=1))
