"""Techniekpromotie in po/vo: technology in every primary school, new vo programmes."""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np

from abm.interventions.base import Intervention, population_share
from abm.parameters import parameter


class TechnologyPromotion(Intervention):
    """Pupils meet technology early and often.

    Mechanism: exposure to technology multiplies the chance of a technical profile in vo and
    of a technical choice at every later transition by ``1 + exposure_gain``. Cohorts already
    past the transition are not affected, so effects on the labour market arrive years later.

    Source: Nationaal Techniekpact 2020 (2013): technology in every primary school (7,000 schools
    by 2020); Focus en Versnellen (2018): new po/vo programmes.
    """

    kind: Literal["technology_promotion"] = "technology_promotion"
    title: ClassVar[str] = "Technology promotion in po/vo"
    title_nl: ClassVar[str] = "Techniekpromotie in po/vo"
    source: ClassVar[str] = "Techniekpact 2013: technology in all 7,000 primary schools"

    exposure_gain: float = parameter(0.1, "share", "relative rise of technical choice", le=2.0)
    schools: float = parameter(7000, "schools", "primary schools reached", le=10_000)
    cost_per_school: float = parameter(3_000, "euro per year", "materials and teacher time per school (assumption)",
                                       le=1e6)

    def apply(self, model, scope: np.ndarray) -> None:
        model.levers.exposure *= np.where(scope, 1 + self.exposure_gain, 1.0)
        everywhere = np.ones_like(scope)
        reached = population_share(model, everywhere)[scope].sum()
        model.levers.add_cost(self.kind, self.schools * self.cost_per_school * reached, scope,
                              population_share(model, everywhere))
