"""Modern werkgeverschap en nieuwe groepen: women, people with a migration background or a
disability; job carving, open hiring, retention."""

from __future__ import annotations

from typing import ClassVar, Literal

import numpy as np

from abm.interventions.base import Intervention, cell_mask
from abm.parameters import parameter


class ModernEmployership(Intervention):
    """Technical employers recruit beyond their usual pool and keep their people.

    Mechanism: women's technical study choice rises by ``women_choice_increase`` (relative),
    side-entrants without technical training are hired more often (``side_entry_increase``,
    job carving and open hiring), and separations from technical firms fall by
    ``retention_gain`` (better careers, flexible hours).

    Source: Aanvalsplan Arbeidsmarktkrapte Techniek, Bouw en Energie (2022), action line modern
    employership and new groups; Techniekpact monitor: women are 16 % of technical workers.
    """

    kind: Literal["modern_employership"] = "modern_employership"
    title: ClassVar[str] = "Modern employership, new groups"
    title_nl: ClassVar[str] = "Modern werkgeverschap, nieuwe groepen"
    source: ClassVar[str] = "Aanvalsplan 2022: women, migrants, disabled; retention"

    women_choice_increase: float = parameter(0.25, "share", "relative rise of women's technical choice", le=3.0)
    side_entry_increase: float = parameter(0.3, "share", "relative rise of hiring side-entrants", le=3.0)
    retention_gain: float = parameter(0.1, "share", "fewer separations from technical firms")
    yearly_cost: float = parameter(20e6, "euro per year", "diversity and HR programmes (assumption)", le=1e10)

    def apply(self, model, scope: np.ndarray) -> None:
        levers = model.levers
        levers.women_choice *= np.where(scope, 1 + self.women_choice_increase, 1.0)
        levers.side_entry *= np.where(scope, 1 + self.side_entry_increase, 1.0)
        levers.separation[cell_mask(scope, model.sector_technical.astype(bool))] *= 1 - self.retention_gain
        levers.add_cost(self.kind, self.yearly_cost, scope, model.employment().sum(axis=1))
