"""Hybride docenten: staff of technical firms teach part-time in technical education."""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np

from abm.interventions.base import Intervention
from abm.parameters import parameter


class HybridTeachers(Intervention):
    """Firms lend technical staff to schools part-time.

    Mechanism: the hybrid teachers' fte go to the schools of the landsdelen in scope (in
    proportion to their technical teacher shortage), which lowers the shortage, raises teaching
    quality and so technical choice and completion. The lending firms (technical sectors, in
    proportion to staff) replace the hours, which adds to their labour demand; the cost is
    those hours at employer cost.

    Source: Aanvalsplan Arbeidsmarktkrapte Techniek, Bouw en Energie (2022), action line
    "1,000 extra hybrid teachers from 2023" for all school levels; Techniekpact 2020 found
    ~740 hybrid teachers from technical sectors (one per 2,500 employees).
    """

    kind: Literal["hybrid_teachers"] = "hybrid_teachers"
    title: ClassVar[str] = "Hybrid teachers"
    title_nl: ClassVar[str] = "Hybride docenten"
    source: ClassVar[str] = "Aanvalsplan 2022: 1,000 extra hybrid teachers from 2023"

    count: float = parameter(1000, "persons", "extra hybrid teachers lent by firms", le=20_000)
    fte_each: float = parameter(0.2, "fte", "teaching time of one hybrid teacher (one day a week)", ge=0.05)
    cost_per_fte: float = parameter(80_000, "euro per fte-year", "employer cost of a technician (CBS cao wages, approx.)",
                                    le=200_000)

    def apply(self, model, scope: np.ndarray) -> None:
        fte = self.count * self.fte_each
        shortage = np.array([sum(s.teacher_shortage for s in model.education.schools(l)) for l in range(len(scope))])
        weights = np.where(scope, np.maximum(shortage, 0.0) + 1e-9, 0.0)
        model.levers.hybrid_teachers += fte * weights / weights.sum()
        staff = np.where(scope[:, None] & model.sector_technical.astype(bool)[None, :], model.employment(), 0.0)
        model.levers.lent_fte += fte * staff / max(staff.sum(), 1e-9)
        model.levers.add_cost(self.kind, fte * self.cost_per_fte, scope, weights)
