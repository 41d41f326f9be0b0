"""Statushouders: refugees with a residence permit retrained for technical work."""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np

from abm.interventions.base import Intervention, add_months, population_share
from abm.parameters import parameter


class Refugees(Intervention):
    """Refugees with a residence permit are trained for technical jobs (for example grid
    operators training them as electricians).

    Mechanism: after a training delay, ``per_year`` new persons a year join the labour force in
    the landsdelen in scope (by population): adults with a technical mbo qualification who
    search from a technical sector. They are new people in the model, so the labour force grows,
    and while they search they count as unemployed: unemployment rises with them (with pillar III
    by 2030 it is about 1,800 higher, ``docs/aanvalsplan.md``), not because anyone loses a job.

    Source: Aanvalsplan Arbeidsmarktkrapte Techniek, Bouw en Energie (2022), pillar III: talent
    from outside, statushouders (e.g. grid operators train them as electricians).
    """

    kind: Literal["refugees"] = "refugees"
    title: ClassVar[str] = "Refugees with residence permit"
    title_nl: ClassVar[str] = "Statushouders"
    source: ClassVar[str] = "Aanvalsplan 2022 pillar III: statushouders trained as technicians"

    per_year: float = parameter(1000, "persons per year", "statushouders completing technical training", le=50_000)
    training_months: int = parameter(12, "months", "language and technical training before work", le=60)
    cost_per_person: float = parameter(20_000, "euro", "language and vocational training per person (assumption)",
                                       le=500_000)

    def apply(self, model, scope: np.ndarray) -> None:
        share = population_share(model, scope)
        if model.date >= add_months(self.start, self.training_months):
            model.newcomers.add_technicians(self.per_year / 12 * share, age_range=(20, 45), temporary=False)
        model.levers.add_cost(self.kind, self.per_year * self.cost_per_person, scope, share)
