"""Vakkrachten van buiten de EU: a temporary, targeted pool of skilled workers."""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np

from abm.interventions.base import Intervention
from abm.parameters import parameter


class NonEuWorkers(Intervention):
    """Skilled workers from outside the EU come for shortage occupations, with job, income and
    housing guarantees, for a limited time.

    Mechanism: ``per_year`` technicians a year arrive in the landsdelen in scope (by hard-to-fill
    technical vacancies) and are hired straight into the technical firms with hard-to-fill
    vacancies; each leaves again after ``stay_years`` on average (status exited). They take
    vacancies local job seekers would have filled in time, so in large numbers they crowd out local
    job seekers: at 10,000 a year national unemployment rises by 2026 by about a sixth of the rise
    in employment (scale 500, five paired seeds; ``tests/test_effects.py``); at the default 2,000 a
    year the rise is not distinguishable from zero.

    Source: Aanvalsplan Arbeidsmarktkrapte Techniek, Bouw en Energie (2022), pillar III:
    temporary, targeted skilled-worker pool with job, income and housing guarantees.
    """

    kind: Literal["non_eu_workers"] = "non_eu_workers"
    title: ClassVar[str] = "Skilled workers from outside the EU"
    title_nl: ClassVar[str] = "Vakkrachten van buiten de EU"
    source: ClassVar[str] = "Aanvalsplan 2022 pillar III: temporary skilled-worker pool"

    per_year: float = parameter(2000, "persons per year", "workers arriving", le=100_000)
    stay_years: float = parameter(3, "years", "average stay", ge=0.25, le=20)
    cost_per_worker_year: float = parameter(12_000, "euro per year", "recruitment, housing and guarantees per "
                                            "worker (assumption)", le=500_000)

    def apply(self, model, scope: np.ndarray) -> None:
        unfilled = np.where(scope, model.hard_to_fill_technical_vacancies() + 1e-9, 0.0)
        arrivals = self.per_year / 12 * unfilled / unfilled.sum()
        model.newcomers.add_technicians(arrivals, age_range=(25, 45), temporary=True, hire=True)
        model.newcomers.depart_temporary(1 / (12 * self.stay_years))
        present = model.newcomers.temporary_workers() * model.scale
        model.levers.add_cost(self.kind, present.sum() * self.cost_per_worker_year, scope, present + 1e-9)
