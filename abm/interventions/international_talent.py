"""Internationaal talent: more international technical graduates stay for a first job."""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np

from abm.interventions.base import Intervention, population_share
from abm.parameters import parameter

BASELINE_STAY_RATE = 0.27
"""Nationaal Techniekpact 2020 (2013): 27 % of international students stay for a first job."""


class InternationalTalent(Intervention):
    """International students of technical programmes are helped to stay after graduating.

    Mechanism: each September, ``(stay_rate - 0.27) x graduates_per_year`` extra international
    technical graduates (hbo/wo, aged 22-26) enter the labour market of the landsdelen in
    scope (by population) as fresh technical graduates. They are new people in the labour force
    and count as unemployed while they search, so unemployment can rise with them.

    Source: Nationaal Techniekpact 2020 (2013): only 7 % of international students choose a
    technical study and 27 % stay for a first job; Techniekpact monitor 2023: 37 % of foreign
    technical graduates are still in NL after five years.
    """

    kind: Literal["international_talent"] = "international_talent"
    title: ClassVar[str] = "International talent"
    title_nl: ClassVar[str] = "Internationaal talent"
    source: ClassVar[str] = "Techniekpact 2013: 27 % of international students stay"

    stay_rate: float = parameter(0.4, "share", "share of international technical graduates who stay", ge=BASELINE_STAY_RATE)
    graduates_per_year: float = parameter(3000, "persons per year", "international technical graduates in NL "
                                          "(estimate: ~7 % of ~40,000 international graduates)", le=100_000)
    cost_per_stayer: float = parameter(3_000, "euro", "orientation year and job-search support (assumption)", le=1e6)

    def apply(self, model, scope: np.ndarray) -> None:
        extra = (self.stay_rate - BASELINE_STAY_RATE) * self.graduates_per_year
        share = population_share(model, scope)
        if model.date.month == 9:
            model.newcomers.add_technicians(extra * share, age_range=(22, 26), temporary=False, graduates=True)
        model.levers.add_cost(self.kind, extra * self.cost_per_stayer, scope, share)
