"""Firms: labour demand, vacancies (with their age), layoffs and training places.

Each landsdeel x sector group has two representative firms, one for the mkb (SMEs) and one for
large firms. Their state lives in arrays (``FirmBook``) that the mobility kernel reads and
writes; ``Firm`` agents are the domain view of one row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa
import numpy as np

from abm.levers import Levers
from abm.parameters import Parameters

if TYPE_CHECKING:
    from abm.model import TechLabourModel

SIZE_CLASSES = ("mkb", "large")
MKB_SHARE: dict[str, float] = {
    "energy_mining": 0.30, "food": 0.45, "other_manufacturing": 0.65, "chemicals": 0.35,
    "metal_machinery": 0.55, "construction": 0.75, "ict": 0.55, "agriculture": 0.90,
    "trade_logistics": 0.55, "hospitality": 0.85, "business_services": 0.55,
    "public_other": 0.25, "education": 0.10, "care": 0.30,
}
"""Share of a sector's employment in firms under 250 employees (CBS/EIM MKB in beeld, approximate)."""
MAX_VACANCY_AGE = 12
HARD_TO_FILL_AFTER_MONTHS = 3
"""A vacancy open three months or more counts as hard to fill ("moeilijk vervulbaar")."""
CYCLE_SENSITIVITY: dict[str, float] = {
    "energy_mining": 0.8, "food": 0.6, "other_manufacturing": 1.3, "chemicals": 1.2,
    "metal_machinery": 1.5, "construction": 2.0, "ict": 1.0, "agriculture": 0.5,
    "trade_logistics": 1.1, "hospitality": 1.4, "business_services": 1.0,
    "public_other": 0.3, "education": 0.2, "care": 0.2,
}
"""Demand response to the business cycle relative to the economy (CBS cyclical employment patterns, approximate)."""
PUBLIC_DEMAND_SECTORS = ("construction", "energy_mining")


class FirmBook:
    """Array state of all firms, indexed by firm: what the kernel reads and writes."""

    def __init__(self, n_landsdelen: int, n_sectors: int) -> None:
        n = n_landsdelen * n_sectors * len(SIZE_CLASSES)
        self.staff = np.zeros(n, dtype=np.int64)
        self.vacancies = np.zeros(n, dtype=np.int64)
        self.vacancy_age = np.zeros((n, MAX_VACANCY_AGE + 1), dtype=np.int64)
        self.layoff = np.zeros(n)
        self.base_demand = np.zeros(n)
        self.demand = np.zeros(n)
        self.training_capacity = np.zeros(n)
        self.created = np.zeros(n, dtype=np.int64)
        """Vacancies opened this month (new posts and replacements)."""
        self.dither = np.zeros(n)
        """Each firm's fixed rounding offset in [0, 1): its vacancies are ``floor(demand - staff + dither)``,
        so a firm whose gap is a fraction of an agent opens a vacancy as often, on average over firms
        and seeds, as that fraction says (plain rounding would shut small cells at coarse scales)."""
        self.cell_first_firm = np.arange(0, n + 1, len(SIZE_CLASSES), dtype=np.int64)


class Firm(mesa.Agent):
    """A representative firm: one size class of one sector group in one landsdeel."""

    model: TechLabourModel

    def __init__(self, model: TechLabourModel, index: int, landsdeel: int, sector: int, size: int) -> None:
        super().__init__(model)
        self.index, self.landsdeel, self.sector, self.size = index, landsdeel, sector, size
        self.hybrid_teachers_lent = 0.0

    @property
    def employment(self) -> int:
        return int(self.model.firms_book.staff[self.index])

    @property
    def vacancies(self) -> int:
        return int(self.model.firms_book.vacancies[self.index])

    @property
    def training_capacity(self) -> float:
        """BBL training places the firm offers this month (agents; fractional at coarse scales)."""
        return float(self.model.firms_book.training_capacity[self.index])

    @property
    def hard_to_fill_vacancies(self) -> int:
        return int(self.model.firms_book.vacancy_age[self.index, HARD_TO_FILL_AFTER_MONTHS:].sum())

    @property
    def cell_share(self) -> float:
        """This firm's share of the staff of its landsdeel x sector."""
        staff = self.model.firms_book.staff
        first = self.index - self.size
        cell = staff[first:first + len(SIZE_CLASSES)].sum()
        return staff[self.index] / cell if cell > 0 else 1 / len(SIZE_CLASSES)

    def plan_demand(self, factor: float, cyclical_gap: float) -> None:
        """Set this month's labour demand (plus the hours of staff lent to schools, which the
        firm replaces): cuts at once, growth at ``expansion_speed`` (recruiting takes effort).
        Dismissals: the ordinary rate, higher when the cell's demand is below its trend
        (``cyclical_gap`` < 0), plus a gradual shedding of staff above demand."""
        book, params, levers = self.model.firms_book, self.model.parameters, self.model.levers
        self.hybrid_teachers_lent = levers.lent_fte[self.landsdeel, self.sector] * self.cell_share
        wanted = book.base_demand[self.index] * factor + self.hybrid_teachers_lent / self.model.scale
        current = book.demand[self.index]
        demand = current + params.expansion_speed * (wanted - current) if wanted > current else wanted
        book.demand[self.index] = demand
        staff = book.staff[self.index]
        excess = (staff - demand) / staff if staff > 0 else 0.0
        ordinary = params.layoff_rate * np.exp(-params.layoff_cycle_sensitivity * cyclical_gap)
        book.layoff[self.index] = min(0.5, ordinary + (params.layoff_speed * excess if excess > 0 else 0.0))

    def offer_training_places(self) -> None:
        """Offer BBL places in proportion to staff (more where interventions support training)."""
        book, levers, cell = self.model.firms_book, self.model.levers, (self.landsdeel, self.sector)
        per_employee = self.model.parameters.training_places_per_employee * levers.training[cell]
        extra = levers.extra_training_places[cell] * self.cell_share / self.model.scale
        book.training_capacity[self.index] = per_employee * book.staff[self.index] + extra

    def post_vacancies(self) -> None:
        """Open vacancies up to the gap between demand and staff; withdraw the newest beyond it."""
        book = self.model.firms_book
        ages = book.vacancy_age[self.index]
        gap = max(0, int(np.floor(book.demand[self.index] - book.staff[self.index] + book.dither[self.index])))
        change = gap - int(ages.sum())
        if change > 0:
            ages[0] += change
            book.created[self.index] += change
        for age in range(len(ages)):
            if change >= 0:
                break
            withdrawn = min(ages[age], -change)
            ages[age] -= withdrawn
            change += withdrawn
        book.vacancies[self.index] = ages.sum()

    def fill(self, hires: int) -> None:
        """Remove filled vacancies from the age profile, at random across ages."""
        if hires > 0:
            ages = self.model.firms_book.vacancy_age[self.index]
            ages -= self.model.firm_rng.multivariate_hypergeometric(ages, min(hires, int(ages.sum())))

    def age_vacancies(self) -> None:
        """Open vacancies grow a month older (the last bin holds a year and older)."""
        ages = self.model.firms_book.vacancy_age[self.index]
        ages[-1] += ages[-2]
        ages[1:-1] = ages[:-2].copy()
        ages[0] = 0


class LabourDemand:
    """Demand per landsdeel x sector relative to the start: trend x (1 + business cycle).

    The trend is output growth net of labour productivity growth. To 2030: the 2022 plan's
    expansion demand for its sectors (+150,000 jobs), ICT's growth, and for the other sectors
    the rest of CPB's labour supply growth; each landsdeel x sector adds its own deviation from
    its sector's national trend in CBS jobs 2015-2024 (``regions.employment``), weighted so that
    the national sector trend is unchanged. After 2030 one moderate trend for all. The cycle is a
    national AR(1) process scaled by each sector's cyclical sensitivity, plus, for construction
    and energy, lumpy public demand per landsdeel (projects rather than programmes).
    """

    def __init__(self, sectors: tuple, parameters: Parameters, rng: np.random.Generator,
                 observed_trend: np.ndarray, employment: np.ndarray) -> None:
        self.rng, self.parameters = rng, parameters
        national = np.array([parameters.plan_sector_demand_growth if s.plan_2022 else
                             parameters.ict_demand_growth if s.code == "ict" else
                             parameters.other_demand_growth for s in sectors])
        weights = employment / np.maximum(employment.sum(axis=0, keepdims=True), 1e-9)
        deviation = observed_trend - (weights * observed_trend).sum(axis=0, keepdims=True)
        self.growth_to_2030 = national[None, :] + parameters.regional_trend_weight * deviation
        self.sensitivity = np.array([CYCLE_SENSITIVITY[s.code] for s in sectors])
        self.public = np.array([s.code in PUBLIC_DEMAND_SECTORS for s in sectors])
        self.cycle = 0.0
        self.public_cycle = np.zeros(observed_trend.shape)
        self.level = np.ones(observed_trend.shape)
        self.cyclical_gap = np.zeros(observed_trend.shape)
        """This month's demand relative to its trend, minus one, per cell (cycle, public demand, shocks)."""

    def advance(self, levers: Levers, year: int) -> np.ndarray:
        """One month on: the demand factor per landsdeel x sector."""
        p = self.parameters
        self.cycle = p.cycle_persistence * self.cycle + p.cycle_volatility * self.rng.standard_normal()
        shocks = self.rng.standard_normal(self.public_cycle.shape)
        volatility = p.public_demand_volatility * levers.public_volatility * self.public
        self.public_cycle = p.cycle_persistence * self.public_cycle + volatility * shocks
        trend = self.growth_to_2030 if year <= 2030 else p.demand_growth_after_2030
        self.level *= np.exp((trend - p.productivity_growth - levers.productivity_growth) / 12)
        cyclical = (1 + self.sensitivity * self.cycle + self.public_cycle) * levers.demand
        self.cyclical_gap = cyclical - 1
        return self.level * cyclical
