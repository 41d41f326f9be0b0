"""Programmatisch aanbesteden: public clients tender steady programmes instead of single projects."""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np

from abm.firms import PUBLIC_DEMAND_SECTORS
from abm.interventions.base import CAPITAL_PER_JOB_SAVED, Intervention, attainable_productivity, cell_mask
from abm.parameters import parameter


class ProgrammaticProcurement(Intervention):
    """Government, energy companies and housing corporations tender programmes.

    Mechanism: public demand for construction and energy arrives steadily, so the lumpy public
    demand component of those firms shrinks by ``volatility_reduction`` (fewer layoffs in a
    downturn); with continuity, firms offer more training places (``training_boost``) and invest
    in standardisation and prefab: up to ``productivity_boost`` a year less labour per unit of
    output, realised through open posts and attrition, never dismissals (``attainable_productivity``,
    as in the productivity offensive), at ``capital_per_job`` for each job's worth of labour saved.
    As there, the posts not filled are hires not made, so national unemployment rises a little, by
    fewer job seekers than the vacancies closed (``tests/test_effects.py``).

    Source: Aanvalsplan Arbeidsmarktkrapte Techniek, Bouw en Energie (2022), action line
    programmatic procurement: continuity of demand, standardisation, prefab.
    """

    kind: Literal["programmatic_procurement"] = "programmatic_procurement"
    title: ClassVar[str] = "Programmatic procurement"
    title_nl: ClassVar[str] = "Programmatisch aanbesteden"
    source: ClassVar[str] = "Aanvalsplan 2022: programmes instead of projects for public demand"

    volatility_reduction: float = parameter(0.7, "share", "reduction of the volatility of public demand")
    training_boost: float = parameter(0.3, "share", "extra training places per employee", le=3.0)
    productivity_boost: float = parameter(0.005, "per year", "extra labour productivity growth (prefab, "
                                          "standardisation)", le=0.05)
    administration: float = parameter(10e6, "euro per year", "programme offices of public clients (assumption)", le=1e9)
    capital_per_job: float = parameter(CAPITAL_PER_JOB_SAVED, "euro per job", "firms' investment in prefab and "
                                       "standardisation per job's worth of labour saved (assumption)", le=1e7)

    def apply(self, model, scope: np.ndarray) -> None:
        sectors = np.array([code in PUBLIC_DEMAND_SECTORS for code in model.sectors])
        cells = cell_mask(scope, sectors)
        levers = model.levers
        levers.public_volatility[cells] *= 1 - self.volatility_reduction
        levers.training[cells] *= 1 + self.training_boost
        rate, saved = attainable_productivity(model, cells, self.productivity_boost)
        levers.productivity_growth += rate
        capital = 12 * self.capital_per_job * saved.sum(axis=1)
        levers.add_cost(self.kind, self.administration + capital.sum(), scope,
                        self.administration * scope / scope.sum() + capital)
