"""Productiviteitsoffensief: robotisation, digitalisation and prefab."""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np

from abm.interventions.base import CAPITAL_PER_JOB_SAVED, Intervention, attainable_productivity, cell_mask, plan_sectors
from abm.parameters import parameter


class ProductivityOffensive(Intervention):
    """Firms in the plan's sectors raise labour productivity growth.

    Mechanism: the same growing work needs fewer people. Labour per unit of output falls by up to
    ``extra_growth`` a year in the technical, construction and energy sectors in scope, so their
    labour demand grows more slowly than their output (``attainable_productivity``): firms realise
    the gain as they can absorb it, by leaving open posts unfilled and leavers unreplaced
    (attrition before layoffs), never by cutting demand below their staff. The workers they no
    longer hire stay in the labour market and take jobs elsewhere, but not at once: job seekers find
    work through a matching function and output responds to cheaper labour only through the scale
    effect, so fewer open posts mean slower job finding for the technicians who would have filled
    them, and national unemployment rises by a fraction of the vacancies closed (about half by
    2026 at scale 500, five paired seeds; ``tests/test_effects.py``). Cost: the programme budget
    plus the firms' capital, ``capital_per_job`` for each job's worth of labour saved, booked when
    it is saved.

    Source: Aanvalsplan Arbeidsmarktkrapte Techniek, Bouw en Energie (2022), pillar II: +1
    %-point productivity growth a year (10 %-points or more by the early 2030s), which the plan
    counts as 25,000 vacancies solved by 2030; sectors invest EUR 50 million a year and ask
    government to double it.
    """

    kind: Literal["productivity_offensive"] = "productivity_offensive"
    title: ClassVar[str] = "Productivity offensive"
    title_nl: ClassVar[str] = "Productiviteitsoffensief"
    source: ClassVar[str] = "Aanvalsplan 2022 pillar II: +1 %-point productivity growth a year"

    extra_growth: float = parameter(0.01, "per year", "extra labour productivity growth", le=0.05)
    yearly_budget: float = parameter(100e6, "euro per year", "sector EUR 50 million a year, doubled by government "
                                     "(Aanvalsplan 2022)", le=1e10)
    capital_per_job: float = parameter(CAPITAL_PER_JOB_SAVED, "euro per job", "firms' investment per job's worth of "
                                       "labour saved (assumption: the order of the capital stock per worker of Dutch "
                                       "industry and construction)", le=1e7)

    def apply(self, model, scope: np.ndarray) -> None:
        rate, saved = attainable_productivity(model, cell_mask(scope, plan_sectors(model)), self.extra_growth)
        model.levers.productivity_growth += rate
        capital = 12 * self.capital_per_job * saved.sum(axis=1)
        staff = np.where(scope, model.employment().sum(axis=1), 0.0)
        model.levers.add_cost(self.kind, self.yearly_budget + capital.sum(), scope,
                              self.yearly_budget * staff / staff.sum() + capital)
