"""Levers: the model quantities interventions act on, reset to the baseline every month.

Interventions do not multiply outputs; they turn these knobs, and the agents respond: schools
see more teachers, students choose differently, firms train more or lay off less, searchers
look elsewhere. Resetting every month makes start and end dates exact and lets several
interventions act on one lever (effects add up on additive levers, multiply on factors).
"""

from __future__ import annotations

import numpy as np


class Levers:
    """Per landsdeel (``L``) or landsdeel x sector (``L x S``) policy levers."""

    def __init__(self, n_landsdelen: int, n_sectors: int) -> None:
        self.shape = (n_landsdelen, n_sectors)
        self.reset()

    def reset(self) -> None:
        n_landsdelen, _ = self.shape
        self.exposure = np.ones(n_landsdelen)
        """Multiplier on the technical choice at vo and at every transition (technology promotion)."""
        self.choice_bonus = np.zeros(n_landsdelen)
        """Added to the technical choice probability (work guarantee)."""
        self.women_choice = np.ones(n_landsdelen)
        """Multiplier on women's technical choice (modern employership, new groups)."""
        self.hybrid_teachers = np.zeros(n_landsdelen)
        """Technical teaching fte given by hybrid teachers (persons, not agents)."""
        self.guarantee = np.zeros(n_landsdelen)
        """Monthly chance that an unemployed technician from a technical sector gets a placement offer
        from the work guarantee in a related technical sector of her landsdeel (coverage x placement rate)."""
        self.side_entry = np.ones(n_landsdelen)
        """Multiplier on the chance a side-entrant is hired into technology (job carving, open hiring)."""
        self.lent_fte = np.zeros(self.shape)
        """Staff fte firms lend to schools (persons); firms replace those hours."""
        self.separation = np.ones(self.shape)
        """Multiplier on the base separation rates (retention)."""
        self.training = np.ones(self.shape)
        """Multiplier on training places per employee."""
        self.extra_training_places = np.zeros(self.shape)
        """Training places added on top (persons), e.g. by regional hubs."""
        self.public_volatility = np.ones(self.shape)
        """Multiplier on the volatility of public demand (programmatic procurement)."""
        self.demand = np.ones(self.shape)
        """Multiplier on labour demand (demand shocks)."""
        self.productivity_growth = np.zeros(self.shape)
        """Extra labour productivity growth per year this month (``abm.interventions.base.attainable_productivity``)."""
        self.cost: dict[str, np.ndarray] = {}
        """Euros this month per intervention, per landsdeel."""

    def add_cost(self, name: str, yearly_euros: float, scope: np.ndarray, weights: np.ndarray | None = None) -> None:
        """Book a yearly cost for this month, spread over the landsdelen in scope."""
        weights = scope.astype(float) if weights is None else np.where(scope, weights, 0.0)
        share = weights / weights.sum() if weights.sum() > 0 else weights
        self.cost[name] = self.cost.get(name, 0.0) + yearly_euros / 12 * share
