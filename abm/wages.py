"""The price signal: a relative wage per landsdeel x sector that answers persistent tightness.

Without it nothing in the model answers a shortage: demand compounds its trend, vacancies pile
up and unemployment runs to zero. Wages follow a **wage curve** (Blanchflower & Oswald 1994, *The
Wage Curve*: pay falls with local unemployment with an elasticity of about -0.1, Holland among
the countries estimated): the wage a cell moves towards rises as its landsdeel's unemployment
falls below its 2023 level and as its sector's vacancy rate rises above its 2023 level, each with
``wage_curve_elasticity``. Wages move towards that target by ``wage_adjustment`` a month (Dutch
collective agreements are renegotiated about yearly), so one month of noise does not move pay.

The relative wage acts in three places, each with its own elasticity:

- **labour demand**: firms want ``wage ** -labour_demand_elasticity`` times their planned staff
  (Lichter, Peichl & Siegloch 2015, *European Economic Review* 80: own-wage elasticities of
  labour demand cluster around -0.4);
- **search**: searchers weigh a cell's vacancies by ``wage ** search_wage_elasticity``, on top
  of skill relatedness (``abm.kernels.mobility``);
- **participation**: the inactive return to search faster where pay has risen,
  ``(landsdeel wage) ** participation_wage_elasticity``.

Everything is relative to the start (1.0 in January 2023): the model has no wage levels.
"""

from __future__ import annotations

import numpy as np

from abm.parameters import Parameters

RATIO_LIMITS = (0.2, 5.0)
"""Tightness ratios are clipped to this range, so an empty cell at a coarse scale cannot send
its wage target to zero or infinity."""


class Wages:
    """Relative wages per landsdeel x sector and the responses to them."""

    def __init__(self, parameters: Parameters, unemployment_rate: np.ndarray, vacancy_rate: np.ndarray) -> None:
        """``unemployment_rate`` per landsdeel and ``vacancy_rate`` per sector at the start."""
        self.parameters = parameters
        self.start_unemployment = np.maximum(unemployment_rate, 1e-9)
        self.start_vacancy_rate = np.maximum(vacancy_rate, 1e-9)
        self.index = np.ones((len(unemployment_rate), len(vacancy_rate)))
        """The relative wage per landsdeel x sector (1 at the start)."""

    def target(self, unemployment_rate: np.ndarray, vacancy_rate: np.ndarray) -> np.ndarray:
        """The wage-curve level each cell moves towards this month."""
        slack = np.clip(self.start_unemployment / np.maximum(unemployment_rate, 1e-9), *RATIO_LIMITS)
        tightness = np.clip(np.maximum(vacancy_rate, 1e-9) / self.start_vacancy_rate, *RATIO_LIMITS)
        return (slack[:, None] * tightness[None, :]) ** self.parameters.wage_curve_elasticity

    def update(self, unemployment_rate: np.ndarray, vacancy_rate: np.ndarray) -> None:
        """One month of wage adjustment towards the wage curve."""
        self.index += self.parameters.wage_adjustment * (self.target(unemployment_rate, vacancy_rate) - self.index)

    def demand_factor(self) -> np.ndarray:
        """Multiplier on labour demand per cell (dearer labour, fewer jobs wanted)."""
        return self.index ** -self.parameters.labour_demand_elasticity

    def attraction(self) -> np.ndarray:
        """Search weight per cell, flattened landsdeel-major as the kernel reads it."""
        return (self.index ** self.parameters.search_wage_elasticity).ravel()

    def reentry(self, employment: np.ndarray) -> np.ndarray:
        """Multiplier on the return of the inactive per landsdeel: its employment-weighted wage."""
        weights = np.maximum(employment, 0).astype(float) + 1e-9
        wage = (self.index * weights).sum(axis=1) / weights.sum(axis=1)
        return wage ** self.parameters.participation_wage_elasticity
