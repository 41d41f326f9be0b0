"""``TechLabourModel``: students, workers, firms and schools in the five Techniekpact landsdelen.

Each step is one month, in this order:

1. **Interventions** - levers reset to the baseline; active interventions act (levers, persons).
2. **Demography** - everyone ages a month; those at the state pension age retire; those past 75
   leave the model's scope; in September a new cohort of 12-year-olds enters vo.
3. **Education** (September) - dropout, graduation, and entry into mbo/hbo/wo with a technical
   choice that depends on sex, exposure, teaching quality and job prospects; BBL entrants take
   training places in firms.
4. **Firms' demand** - trend (2022 plan expansion demand) x business cycle, net of productivity
   growth; firms age their vacancies, open new ones up to the gap between demand and staff,
   withdraw the newest beyond it, and lay off staff above demand.
5. **Mobility** (numba kernel) - separations, on-the-job and unemployed search over the
   skill-relatedness network, matching; then technical hires into education may become teachers.
6. **Bookkeeping** - indicators (``abm.indicators``).
"""

from __future__ import annotations

import datetime as dt

import mesa
import numpy as np
import pandas as pd

import regions
from abm.codes import Level, Purpose, Sex, Status
from abm.demography import age, exit_old, immigrants, new_cohort, retire, state_pension_age_months
from abm.firms import MAX_VACANCY_AGE, MKB_SHARE, SIZE_CLASSES, HARD_TO_FILL_AFTER_MONTHS, Firm, FirmBook, LabourDemand
from abm.indicators import Recorder
from abm.kernels import mobility
from abm.kernels.rng import keyed_uniforms, seed_from
from abm.levers import Levers
from abm.matching import stationary_efficiency
from abm.newcomers import Newcomers
from abm.population import Person
from abm.scenario import BASELINE, Scenario
from abm.schools import STAGES, TEACHER_STAGES, Education, School
from abm.sampling import choose, stochastic_round
from abm.start_state import StartState
from abm.wages import Wages

SEPTEMBER = 9
CHOICE_LEVELS = {Level.MBO2: "mbo", Level.MBO3: "mbo", Level.MBO4: "mbo", Level.HBO: "hbo", Level.WO: "wo"}


class TechLabourModel(mesa.Model):
    """The Dutch regional technical labour market, one agent per ``scale`` persons, monthly steps.

    ``policy`` holds the scenario run (Mesa's own ``Model.scenario`` is a different, experimental API).
    """

    def __init__(self, scenario: Scenario = BASELINE, scale: float = 100, seed: int | None = None,
                 start: dt.date = dt.date(2023, 1, 1)) -> None:
        if scale < 1:
            raise ValueError(f"scale: must be >= 1 (persons per agent), got {scale}")
        super().__init__(rng=seed)
        self.policy, self.scale, self.parameters = scenario, float(scale), scenario.parameters
        self.date = start.replace(day=1)
        self.data = regions.load(scenario.geography)
        self.landsdelen = tuple(l.name for l in self.data.landsdelen)
        self.sectors = tuple(s.code for s in self.data.sectors)
        self.sector_index = {code: i for i, code in enumerate(self.sectors)}
        self.sector_technical = np.array([s.technical for s in self.data.sectors], dtype=np.int8)
        self.key_seed = seed_from(self.rng)
        """Seed of the keyed per-person draws (``abm.kernels.rng``): common random numbers across scenarios."""
        self.month_index = 0
        demand_seed, policy_seed, firm_seed = np.random.SeedSequence(int(self.rng.integers(2**63))).spawn(3)
        self.firm_rng = np.random.default_rng(firm_seed)
        self.levers = Levers(len(self.landsdelen), len(self.sectors))

        mkb = np.array([MKB_SHARE[code] for code in self.sectors])
        start_state = StartState(self.data, self.scale, self.rng, mkb, state_pension_age_months(self.date))
        self.population = start_state.build()
        self.calibration = start_state.calibration
        self.employment_factor = start_state.employment_factor
        """Per landsdeel: the model's workers / CBS employed (``abm.start_state.MAX_EMPLOYMENT_RATE``)."""
        self.firms_book = FirmBook(len(self.landsdelen), len(self.sectors))
        self._create_firms(start_state)
        self.demand = LabourDemand(self.data.sectors, self.parameters, np.random.default_rng(demand_seed),
                                   self.data.employment_trend, self.employment().astype(float))
        self.wages = Wages(self.parameters, self.unemployment_rate(), self.vacancy_rate())
        self.search = search_weights(self.data.network)
        self.newcomers = Newcomers(self, np.random.default_rng(policy_seed))
        self.kernel_params = self._kernel_parameters()
        self.cell_efficiency, outflow = stationary_efficiency(self)
        self._age_start_vacancies(self.parameters.match_efficiency * outflow)
        self.education = Education(self, self._base_choice())
        self._create_schools()
        self.education.quality_at_start = self.education.teaching_quality()
        self.education.supply = self.education.calibrate_supply()
        self.education.prospects_at_start = self.technical_prospects()
        self.counts = np.zeros((mobility.N_EVENTS, len(self.landsdelen), len(self.sectors)), dtype=np.int64)
        self.retirements = np.zeros((len(self.landsdelen), len(self.sectors)))
        self.graduates = np.zeros((2, len(self.landsdelen)))
        self.recorder = Recorder(self.landsdelen, self.sectors, self.sector_technical.astype(bool),
                                 np.array([s.plan_2022 for s in self.data.sectors]))
        self.record()

    # --- set-up -------------------------------------------------------------------------------
    def _create_firms(self, start_state: StartState) -> None:
        book, pop = self.firms_book, self.population
        working = np.isin(pop.status, [Status.EMPLOYED])
        book.staff[:] = np.bincount(pop.employer[working], minlength=len(book.staff))
        positions = self.calibration.by_cell("vacancies") / self.parameters.registered_vacancy_share
        vacancies = stochastic_round(positions / self.scale, self.rng).ravel()
        per_firm = book.staff.reshape(-1, len(SIZE_CLASSES)).astype(float) + 1e-9
        for cell, total in enumerate(vacancies):
            split = self.rng.multinomial(total, per_firm[cell] / per_firm[cell].sum())
            book.vacancy_age[cell * len(SIZE_CLASSES):(cell + 1) * len(SIZE_CLASSES), 0] = split
        book.vacancies[:] = book.vacancy_age.sum(axis=1)
        book.dither[:] = self.firm_rng.random(len(book.staff))
        book.base_demand[:] = book.staff + book.vacancies
        book.demand[:] = book.base_demand
        for l in range(len(self.landsdelen)):
            for s in range(len(self.sectors)):
                for k in range(len(SIZE_CLASSES)):
                    Firm(self, (l * len(self.sectors) + s) * len(SIZE_CLASSES) + k, l, s, k)
        self.firms = self.agents_by_type[Firm]
        self.firms.do("offer_training_places")

    def _age_start_vacancies(self, hires: np.ndarray) -> None:
        """Spread the start's vacancies over ages as in the steady state of the model's own fill
        rate per cell (expected ``hires`` per landsdeel x sector / open vacancies), so the first
        months neither fill nor age the stock faster than it renews."""
        book = self.firms_book
        fill = np.clip(hires / np.maximum(self.vacancies().astype(float), 1e-9), 0.02, 0.95).ravel()
        for f in range(len(book.staff)):
            count = int(book.vacancies[f])
            book.vacancy_age[f] = self.rng.multinomial(count, _geometric_ages(fill[f // len(SIZE_CLASSES)],
                                                                              MAX_VACANCY_AGE + 1))

    def _create_schools(self) -> None:
        pop, cal = self.population, self.calibration
        for l in range(len(self.landsdelen)):
            for stage, levels in STAGES.items():
                kind = next((k for k, stages in TEACHER_STAGES.items() if stage in stages), None)
                ratio = 0.0
                if kind:
                    technical = sum(((pop.landsdeel == l) & np.isin(pop.level, STAGES[s]) & (pop.technical == 1)
                                     & np.isin(pop.status, [Status.PUPIL, Status.STUDENT, Status.BBL])).sum()
                                    for s in TEACHER_STAGES[kind])
                    need = (cal.by_landsdeel(f"technical_teachers_{kind}")[l]
                            + cal.by_landsdeel(f"teacher_shortage_fte_{kind}")[l]) / self.scale
                    ratio = need / technical if technical else 0.0
                School(self, l, stage, ratio)
        self.schools = self.agents_by_type[School]
        self.education.update_schools()

    def _base_choice(self) -> dict[Level, tuple[float, float]]:
        """Technical choice at entry per level for (men, women), matching the calibrated shares."""
        cal = self.calibration
        women_ho, men_ho = cal.share("technical_intake_share_women_ho"), cal.share("technical_intake_share_men_ho")
        choice = {}
        for level, name in CHOICE_LEVELS.items():
            overall = cal.share(f"technical_intake_share_{name}")
            women = cal.share("technical_intake_share_women_mbo") if name == "mbo" else overall * 2 * women_ho / (women_ho + men_ho)
            choice[level] = (2 * overall - women, women)
        return choice

    def _kernel_parameters(self) -> np.ndarray:
        p = self.parameters
        values = {
            mobility.SEPARATION_TO_UNEMPLOYMENT: p.separation_to_unemployment,
            mobility.SEPARATION_TO_INACTIVITY: p.separation_to_inactivity,
            mobility.UNEMPLOYED_TO_INACTIVE: p.unemployed_to_inactive,
            mobility.INACTIVE_TO_SEARCH: p.inactive_to_search,
            mobility.ON_THE_JOB_SEARCH: p.on_the_job_search,
            mobility.CROSS_LANDSDEEL: p.cross_landsdeel_search,
            mobility.MATCH_EFFICIENCY: p.match_efficiency,
            mobility.MATCH_ELASTICITY: p.match_elasticity,
            mobility.SIDE_ENTRY_FIT: p.side_entry_fit,
            mobility.GRADUATE_OPEN_SEARCH: p.graduate_open_search,
            mobility.INACTIVE_JOB_SEARCH: p.inactive_job_search,
        }
        return np.array([values[i] for i in range(mobility.N_PARAMS)], dtype=np.float64)

    # --- queries used by the processes --------------------------------------------------------
    def person(self, i: int) -> Person:
        """Person ``i`` as a readable snapshot."""
        return self.population.person(i, self.landsdelen, self.sectors)

    def employment(self) -> np.ndarray:
        """Staff per landsdeel x sector (agents)."""
        return self.firms_book.staff.reshape(len(self.landsdelen), len(self.sectors), -1).sum(axis=2)

    def vacancies(self) -> np.ndarray:
        """Open vacancies per landsdeel x sector (agents)."""
        return self.firms_book.vacancies.reshape(len(self.landsdelen), len(self.sectors), -1).sum(axis=2)

    def technical_prospects(self) -> np.ndarray:
        """Visible job prospects per landsdeel: technical vacancies per technical job (a floor of
        0.1 % of the jobs keeps it positive at coarse scales without a bias that depends on the scale)."""
        technical = self.sector_technical.astype(bool)
        jobs = self.employment()[:, technical].sum(axis=1).astype(float)
        return (self.vacancies()[:, technical].sum(axis=1) + 0.001 * jobs) / np.maximum(jobs, 1.0)

    @property
    def wage_index(self) -> np.ndarray:
        """Relative wage per landsdeel x sector (1 at the start; ``abm.wages``)."""
        return self.wages.index

    def unemployment_rate(self) -> np.ndarray:
        """Unemployed / (employed + unemployed) per landsdeel."""
        pop = self.population
        unemployed = np.bincount(pop.landsdeel[pop.status == Status.UNEMPLOYED], minlength=len(self.landsdelen))
        employed = self.employment().sum(axis=1)
        return unemployed / np.maximum(unemployed + employed, 1)

    def vacancy_rate(self) -> np.ndarray:
        """Open vacancies / (jobs + open vacancies) per sector, nationally."""
        vacancies, jobs = self.vacancies().sum(axis=0), self.employment().sum(axis=0)
        return vacancies / np.maximum(vacancies + jobs, 1)

    def unemployed_technicians(self) -> np.ndarray:
        """Unemployed persons with a technical qualification per landsdeel (agents)."""
        pop = self.population
        mask = (pop.status == Status.UNEMPLOYED) & (pop.technical == 1)
        return np.bincount(pop.landsdeel[mask], minlength=len(self.landsdelen))

    def hard_to_fill_technical_vacancies(self) -> np.ndarray:
        """Technical vacancies open three months or more per landsdeel (agents)."""
        unfilled = self.firms_book.vacancy_age[:, HARD_TO_FILL_AFTER_MONTHS:].sum(axis=1)
        per_cell = unfilled.reshape(len(self.landsdelen), len(self.sectors), -1).sum(axis=2)
        return per_cell[:, self.sector_technical.astype(bool)].sum(axis=1)

    def draw(self, persons: np.ndarray, purpose: Purpose) -> np.ndarray:
        """This month's keyed uniform numbers of ``persons`` for one ``purpose``."""
        keys = self.population.key[np.asarray(persons, dtype=np.int64)]
        return keyed_uniforms(self.key_seed, self.month_index, keys, int(purpose))

    def field_sector(self, persons: np.ndarray, landsdeel: np.ndarray, technical: np.ndarray) -> np.ndarray:
        """A field of study (home sector) per person: a technical or other sector, by employment."""
        weights = self.employment().astype(float) + 1e-9
        u = self.draw(persons, Purpose.FIELD)
        out = np.empty(len(landsdeel), dtype=np.int64)
        for l in range(len(self.landsdelen)):
            for flag in (True, False):
                mask = (landsdeel == l) & (technical == flag)
                p = np.where(self.sector_technical.astype(bool) == flag, weights[l], 0.0)
                out[mask] = choose(u[mask], dict(enumerate(p)))
        return out

    def place_apprentices(self, persons: np.ndarray) -> None:
        """Students who want BBL get a training place in a firm of their field and landsdeel
        while the firm has places left; the others study school-based (BOL)."""
        pop, book = self.population, self.firms_book
        bbl = pop.status == Status.BBL
        taken = np.bincount(pop.employer[bbl], minlength=len(book.staff))
        for p, u in zip(persons, self.draw(persons, Purpose.TRAINING_FIRM), strict=True):
            cell = int(pop.landsdeel[p]) * len(self.sectors) + int(pop.sector[p])
            firms = range(cell * len(SIZE_CLASSES), (cell + 1) * len(SIZE_CLASSES))
            free = [f for f in firms if taken[f] < book.training_capacity[f]]
            if free:
                f = free[int(u * len(free))]
                taken[f] += 1
                pop.status[p], pop.employer[p] = Status.BBL, f

    def graduated(self, persons: np.ndarray) -> None:
        """Count graduates entering work, and the technical ones, per landsdeel."""
        pop = self.population
        self.graduates[0] += np.bincount(pop.landsdeel[persons], minlength=len(self.landsdelen))
        technical = persons[pop.technical[persons] == 1]
        self.graduates[1] += np.bincount(pop.landsdeel[technical], minlength=len(self.landsdelen))

    # --- the monthly step ---------------------------------------------------------------------
    def step(self) -> None:
        """One month: demography, education, firms' demand, mobility, bookkeeping."""
        self.date = (pd.Timestamp(self.date) + pd.DateOffset(months=1)).date()
        self.month_index += 1
        self.counts[:] = 0
        self.retirements[:] = 0
        self.graduates[:] = 0
        pop, book = self.population, self.firms_book
        self._intervene()

        age(pop)
        retired = retire(pop, self.date, book.staff, lambda persons: self.draw(persons, Purpose.RETIRE))
        np.add.at(self.retirements, (pop.landsdeel[retired], pop.sector[retired]), 1)
        exit_old(pop)
        self.education.leave_school()
        if self.date.month == SEPTEMBER:
            self.education.september()
            self._welcome_cohort()
        self._welcome_migrants()

        factor = (self.demand.advance(self.levers, self.date.year) * self.wages.demand_factor()).ravel()
        gap = self.demand.cyclical_gap.ravel()
        book.created[:] = 0
        for firm in self.firms:
            cell = firm.index // len(SIZE_CLASSES)
            firm.plan_demand(factor[cell], gap[cell])
            firm.age_vacancies()
            firm.post_vacancies()
            firm.offer_training_places()

        open_before = book.vacancies.copy()
        mobility.mobility_step(
            pop.status, pop.sector, pop.landsdeel, pop.technical, pop.employer, pop.months, pop.flags, pop.key,
            book.staff, book.vacancies, book.layoff, np.repeat(self.levers.separation.ravel(), len(SIZE_CLASSES)),
            book.cell_first_firm, *self.search, self.sector_technical,
            np.stack([self.levers.guarantee, self.levers.side_entry, self.wages.reentry(self.employment())]),
            self.cell_efficiency,
            self.wages.attraction(), self.kernel_params, self.key_seed,
            self.month_index, self.counts)
        for firm in self.firms:
            firm.fill(int(open_before[firm.index] - book.vacancies[firm.index]))
        self.education.teacher_labour_market()
        self.education.update_schools()
        for firm in self.firms:
            firm.post_vacancies()  # replacement vacancies in the month the worker left
        self.wages.update(self.unemployment_rate(), self.vacancy_rate())
        self.record()

    def _intervene(self) -> None:
        """Reset the levers to the baseline and let this month's active interventions act."""
        self.levers.reset()
        self.newcomers.retrained[:] = 0
        for intervention in self.policy.interventions:
            if intervention.active(self.date):
                intervention.apply(self, intervention.scope(self))
        for shock in self.policy.shocks:
            shock.apply(self)

    def _welcome_migrants(self) -> None:
        """This month's net migrants who look for work (``net_migration`` x ``migrant_labour_share``)."""
        p = self.parameters
        count = int(stochastic_round(p.net_migration * p.migrant_labour_share / 12 / self.scale, self.rng))
        if count > 0:
            shares = np.array([l.population for l in self.data.landsdelen], dtype=float)
            self.population.append(immigrants(shares, count, self.employment().astype(float),
                                              self.sector_technical.astype(bool), self.rng))

    def _welcome_cohort(self) -> None:
        shares = np.array([l.population for l in self.data.landsdelen], dtype=float)
        vo_technical = {int(level): self.calibration.share(f"technical_intake_share_{level.name.lower()}")
                        for level in (Level.VMBO, Level.HAVO, Level.VWO)}
        self.population.append(new_cohort(shares / shares.sum(), self.scale, vo_technical,
                                          self.levers.exposure, self.rng))

    # --- bookkeeping --------------------------------------------------------------------------
    def record(self) -> None:
        """Store this month's indicators (in persons)."""
        pop, rec, date, k = self.population, self.recorder, self.date, self.scale
        shape = (len(self.landsdelen), len(self.sectors))
        rec.cells(date, "employed", self.employment() * k)
        unemployed = pop.status == Status.UNEMPLOYED
        rec.cells(date, "unemployed", _cell_counts(pop.landsdeel[unemployed], pop.sector[unemployed], shape) * k)
        registered = k * self.parameters.registered_vacancy_share
        rec.cells(date, "vacancies", self.vacancies() * registered)
        unfilled = self.firms_book.vacancy_age[:, HARD_TO_FILL_AFTER_MONTHS:].sum(axis=1)
        rec.cells(date, "hard_to_fill_vacancies", unfilled.reshape(*shape, -1).sum(axis=2) * registered)
        rec.cells(date, "vacancies_created", self.firms_book.created.reshape(*shape, -1).sum(axis=2) * registered)
        rec.weighted(date, "wage_index", self.wages.index, self.employment())
        for name, event in (("hires", mobility.HIRES), ("separations", mobility.SEPARATIONS),
                            ("layoffs", mobility.LAYOFFS), ("job_to_job", mobility.JOB_TO_JOB),
                            ("outflow_to_non_technical", mobility.OUTFLOW_TO_NON_TECHNICAL),
                            ("inflow_from_non_technical", mobility.INFLOW_FROM_NON_TECHNICAL)):
            rec.cells(date, name, self.counts[event] * k)
        rec.cells(date, "retirements", self.retirements * k)
        bbl = pop.status == Status.BBL
        apprentices = np.bincount(pop.employer[bbl], minlength=len(self.firms_book.staff))
        offered = self.firms_book.training_capacity
        rec.cells(date, "training_places", offered.reshape(*shape, -1).sum(axis=2) * self.sector_technical * k)
        rec.cells(date, "apprentices", apprentices.reshape(*shape, -1).sum(axis=2) * self.sector_technical * k)

        rec.regional(date, "technical_graduates", self.graduates[1] * k)
        hires = self.counts[mobility.TECHNICAL_GRADUATE_HIRES]
        rec.ratio(date, "graduates_to_technical_job_share", hires[:, self.sector_technical == 1].sum(axis=1), hires.sum(axis=1))
        in_force = np.isin(pop.status, [Status.EMPLOYED, Status.UNEMPLOYED]) & (pop.technical == 1)
        rec.regional(date, "unemployed_technical",
                     np.bincount(pop.landsdeel[in_force & unemployed], minlength=shape[0]) * k)
        rec.ratio(date, "unemployment_rate_technical",
                  np.bincount(pop.landsdeel[in_force & unemployed], minlength=shape[0]),
                  np.bincount(pop.landsdeel[in_force], minlength=shape[0]))
        shortage = np.zeros(shape[0])
        for school in self.schools:
            shortage[school.landsdeel] += school.teacher_shortage
        rec.regional(date, "teacher_shortage_fte", shortage * k)
        rec.regional(date, "hybrid_teachers", self.levers.hybrid_teachers.copy())
        rec.regional(date, "retrained_side_entrants", self.newcomers.retrained * k)
        costs = self.levers.cost
        rec.regional(date, "cost", sum(costs.values(), np.zeros(shape[0])))
        for kind, euros in sorted(costs.items()):
            rec.regional(date, f"cost_{kind}", euros)
        self._record_intake()

    def _record_intake(self) -> None:
        """Technical share of this September's intake per level group and sex."""
        intake = self.education.intake
        if not intake or self.date.month != SEPTEMBER:
            return
        for name in ("mbo", "hbo", "wo"):
            for sex in (Sex.MAN, Sex.WOMAN):
                entered = np.zeros(len(self.landsdelen))
                technical = np.zeros(len(self.landsdelen))
                for (level, s, l), (n, t) in intake.items():
                    if CHOICE_LEVELS.get(level) == name and s == sex:
                        entered[l] += n
                        technical[l] += t
                label = "women" if sex == Sex.WOMAN else "men"
                self.recorder.ratio(self.date, f"technical_intake_share_{name}_{label}", technical, entered)

    def indicators(self) -> pd.DataFrame:
        """Everything recorded so far: ``date, landsdeel, sector, indicator, value``."""
        return self.recorder.frame()


def search_weights(network: regions.SkillNetwork) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR search weights from each home sector: its stay rate on itself, the rest spread over
    its skill-related neighbours in proportion to relatedness."""
    indptr, indices, weights = network.csr()
    rows, cols, values = [], [], []
    for i in range(len(network.sectors)):
        neighbours = slice(indptr[i], indptr[i + 1])
        stay = network.stay_rate[i]
        rows.append(i)
        cols.append(i)
        values.append(stay)
        w = weights[neighbours]
        for j, share in zip(indices[neighbours], w / w.sum(), strict=True):
            rows.append(i)
            cols.append(int(j))
            values.append((1 - stay) * share)
    order = np.argsort(rows, kind="stable")
    counts = np.bincount(np.array(rows), minlength=len(network.sectors))
    return (np.concatenate(([0], np.cumsum(counts))).astype(np.int64),
            np.array(cols, dtype=np.int64)[order], np.array(values, dtype=np.float64)[order])


def _cell_counts(landsdeel: np.ndarray, sector: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    return np.bincount(landsdeel.astype(np.int64) * shape[1] + sector, minlength=shape[0] * shape[1]).reshape(shape)


def _geometric_ages(fill_rate: float, n: int) -> np.ndarray:
    """Steady-state age profile of vacancies filled at ``fill_rate`` a month (last bin = older)."""
    p = (1 - fill_rate) ** np.arange(n)
    p[-1] = p[-1] / fill_rate
    return p / p.sum()
