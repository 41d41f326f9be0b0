"""Leven lang ontwikkelen / omscholing: retraining job seekers and side-entrants for technology."""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np

from abm.interventions.base import Intervention, add_months, population_share
from abm.parameters import parameter


class LifelongLearning(Intervention):
    """Job seekers and workers from other sectors retrain for a technical job (EVC, sector plans),
    keeping their benefits while they train.

    Mechanism: from ``training_months`` after the start, ``retrainees_per_year`` persons in
    scope (the unemployed first, then workers outside technology) finish a technical retraining
    each year: they gain a technical qualification and search from the technical sector most
    skill-related to their own.

    Source: Nationaal Akkoord Leren, Werken en Groeien (2017); Aanvalsplan Arbeidsmarktkrapte
    Techniek, Bouw en Energie (2022): retraining of job seekers and doorstappers with WW kept.
    """

    kind: Literal["lifelong_learning"] = "lifelong_learning"
    title: ClassVar[str] = "Lifelong learning, retraining"
    title_nl: ClassVar[str] = "Leven lang ontwikkelen / omscholing"
    source: ClassVar[str] = "Akkoord 2017, Aanvalsplan 2022: retraining with WW kept"

    retrainees_per_year: float = parameter(5000, "persons per year", "retrainings completed", le=200_000)
    training_months: int = parameter(9, "months", "length of a retraining", le=48)
    cost_per_retrainee: float = parameter(12_000, "euro", "course and guidance per person (sector plans, approx.)",
                                          le=200_000)

    def apply(self, model, scope: np.ndarray) -> None:
        share = population_share(model, scope)
        if model.date >= add_months(self.start, self.training_months):
            model.newcomers.retrain_side_entrants(self.retrainees_per_year / 12 * share)
        model.levers.add_cost(self.kind, self.retrainees_per_year * self.cost_per_retrainee, scope, share)
