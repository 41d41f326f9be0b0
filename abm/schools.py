"""Schools and the education process: choosing a technical track, dropping out, graduating, and
the labour market for technical teachers.

A ``School`` stands for all schools of one stage in one landsdeel. Technical teachers are
persons employed in education with the TEACHER flag; a school's need for them follows its
technical students at the yearly count of 1 October. The shortage lowers teaching quality, which
lowers technical choice at the next transition and raises dropout (Nationaal Techniekpact: Focus
en Versnellen, 2018, names the teacher shortage one of four urgent themes).

Teachers leave through the mobility kernel (separations, job moves, retirement) and, answering
relative pay, for technical firms; schools recruit in proportion to their teacher stock, harder
the larger the share of their posts open, the better teachers' pay relative to the technical
sectors and the more technicians are out of work (``Education.expected_recruits``).

Students drop out during the school year, each month. The school year ends in a graduation
season (June-October, ``GRADUATION_SEASON``): at its start the year's completers are decided;
completers who continue enrol in the next level in September, when pupils leaving vo choose mbo,
hbo or wo and whether to go technical and mbo entrants who find a training place in a firm of
their field start BBL. Graduates bound for the labour market leave school spread over the season;
a share of them found work during their final year and leave school employed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

import mesa
import numpy as np
import pandas as pd

from abm.codes import Flag, Level, Purpose, Sex, Status
from abm.kernels import mobility
from abm.demography import retirement_hazard, state_pension_age_months
from abm.matching import JOB_TO_JOB_SUCCESS
from abm.sampling import choose, stochastic_round
from abm.start_state import MBO_LEVEL_SHARES, PROGRAMME_LENGTH

if TYPE_CHECKING:
    from abm.model import TechLabourModel

STAGES: dict[str, tuple[Level, ...]] = {
    "vmbo": (Level.VMBO,), "havo_vwo": (Level.HAVO, Level.VWO),
    "mbo": (Level.MBO2, Level.MBO3, Level.MBO4), "hbo": (Level.HBO,), "wo": (Level.WO,),
}
STAGE_OF_LEVEL = np.array([next(i for i, levels in enumerate(STAGES.values()) if level in levels)
                           for level in Level], dtype=np.int64)
"""Index into ``STAGES`` of each education level."""
TEACHER_STAGES = {"vo": ("vmbo", "havo_vwo"), "mbo": ("mbo",)}
"""Stages whose technical teachers the calibration counts (no figures for hbo and wo)."""
NEXT_STEP: dict[Level, dict] = {
    Level.VMBO: {Level.MBO2: 0.30, Level.MBO3: 0.25, Level.MBO4: 0.45},
    Level.HAVO: {Level.HBO: 0.80, Level.MBO4: 0.15, -1: 0.05},
    Level.VWO: {Level.WO: 0.75, Level.HBO: 0.22, -1: 0.03},
    Level.MBO2: {Level.MBO3: 0.30, -1: 0.70},
    Level.MBO3: {Level.MBO4: 0.25, -1: 0.75},
    Level.MBO4: {Level.HBO: 0.30, -1: 0.70},
    Level.HBO: {Level.WO: 0.10, -1: 0.90},
    Level.WO: {-1: 1.0},
}
"""Where completers go next (-1 = the labour market); CBS/DUO doorstroom, approximate."""
DROPOUT_LEVEL = np.array([Level.VMBO, Level.HAVO, Level.VWO, Level.VMBO, Level.VMBO, Level.VMBO,
                          Level.HAVO, Level.VWO], dtype=np.int8)
"""Highest completed level of someone who leaves level ``i`` without a diploma."""
BBL_GRADUATES_STAYING = 0.7
"""Share of BBL graduates kept on by their training firm (SBB/ROA schoolverlaters, approximate)."""
STUDYING = np.array([Status.STUDENT, Status.BBL], dtype=np.int8)
IN_SCHOOL = np.append(STUDYING, Status.PUPIL)
SEPTEMBER = 9
GRADUATION_SEASON = {6: 0.20, 7: 0.25, 8: 0.20, 9: 0.20, 10: 0.15}
"""Share of a school year's leavers who enter the labour market in each calendar month.
Assumption (no monthly figure at hand): mbo and havo/vwo diplomas are awarded in June-July after
the central exams, hbo bachelor diplomas mostly in July-August after resits and theses, wo master
diplomas over the summer and autumn; CBS (news 2005/37, "Werkloosheid licht gedaald") notes that
youth unemployment peaks in June-August as school leavers report to the labour market. Dropouts
leave during the school year, at a monthly rate (``Education._dropouts``)."""


AVAILABILITY_MEMORY_MONTHS = 12
"""Assumption: schools judge how many technicians are available to teach against about the last
year (an exponential average), so availability answers the business cycle - more applicants in a
recession - while a slow trend in unemployment does not change recruitment for good."""
ATTRITION_MEMORY_MONTHS = 3
"""Assumption: schools replace technical teachers at the rate they lost them over about the last
term (an exponential average over three months), so recruitment follows retirement waves and
pay-driven quits with a short lag rather than a rate fixed in 2023."""
NEED_COUNT_MONTH = 10
"""Schools set the technical teachers they need from their students at 1 October: DUO's count
date (teldatum) for funding, on which schools base the next year's staffing (formatie)."""


def monthly(yearly: np.ndarray | float) -> np.ndarray | float:
    """The monthly hazard that compounds to a yearly rate."""
    return 1 - (1 - np.minimum(yearly, 1.0)) ** (1 / 12)


class SchoolPurpose(IntEnum):
    """Keyed draws of the graduation season and the teacher market, numbered apart from
    ``abm.codes.Purpose`` (100-1xx)."""

    LEAVE_MONTH = 200
    SEARCH_BEFORE_DIPLOMA = 201
    CELL_BEFORE_DIPLOMA = 202
    TEACHER_QUITS = 203
    TEACHER_NEXT_JOB = 204


@dataclass(frozen=True)
class SchoolYear:
    """Who graduates in one graduation season and when, and who continues in September."""

    year: int
    graduates: np.ndarray
    """Completers who leave for the labour market."""
    month: np.ndarray
    """Calendar month in which each of them leaves school."""
    continuing: dict[Level, np.ndarray]
    """Completers who enrol in the next level in September, by that level."""


class School(mesa.Agent):
    """All schools of one stage (vmbo, havo/vwo, mbo, hbo or wo) in one landsdeel."""

    model: TechLabourModel

    def __init__(self, model: TechLabourModel, landsdeel: int, stage: str, teachers_per_student: float) -> None:
        super().__init__(model)
        self.landsdeel, self.stage = landsdeel, stage
        self.levels = STAGES[stage]
        self.teachers_per_student = teachers_per_student
        self.technical_programmes = True
        self.teachers_needed = 0.0
        self.teachers_available = 0.0
        self.hybrid_teachers = 0.0
        self.students = 0
        self.capacity = 0

    @property
    def teacher_shortage(self) -> float:
        """Technical teacher fte short: need minus teachers and hybrid teachers, net (a surplus
        counts negative). At coarse scales a landsdeel's teachers are a few agents, and a shortage
        clipped at zero would rise with the scale (the mean of max(0, x) grows with the noise of x)."""
        return self.teachers_needed - self.teachers_available - self.hybrid_teachers

    def count_students(self, students: int, technical: int, count_need: bool) -> None:
        """Update enrolment and, at the yearly count, the technical teachers it needs (agent units)."""
        self.students = students
        self.capacity = max(self.capacity, students)
        if count_need:
            self.teachers_needed = self.teachers_per_student * technical


class Education:
    """The yearly school transitions of all persons, and the monthly staffing of teachers."""

    def __init__(self, model: TechLabourModel, base_choice: dict[Level, tuple[float, float]]) -> None:
        self.model = model
        self.base_choice = base_choice
        """Technical choice probability at entry per level, for (men, women)."""
        self.quality_at_start: np.ndarray | None = None
        self.prospects_at_start: np.ndarray | None = None
        self.intake: dict[tuple[Level, int, int], tuple[int, int]] = {}
        self.supply = np.zeros(len(model.landsdelen))
        """Base monthly recruits per technical teacher per landsdeel: from ``calibrate_supply`` at
        the start, then the recent attrition rate (``ATTRITION_MEMORY_MONTHS``) x ``teacher_supply``."""
        self.teachers_last_month = self._teachers_per_landsdeel()
        """Technical teachers per landsdeel after last month's recruitment (agents)."""
        self.open_posts_at_start = self._open_posts_in_calibration()
        """Share of technical teaching posts open per landsdeel in 2023 (the calibration table)."""
        self.usual_technicians = np.maximum(model.unemployed_technicians(), 1).astype(float)
        """Unemployed technicians per landsdeel as schools are used to them (agents): an exponential
        average over ``AVAILABILITY_MEMORY_MONTHS``, from the start's count."""
        self.season = GRADUATION_SEASON
        """Calendar month -> share of graduates leaving school then ({9: 1.0} is the old rule)."""
        self.school_year: SchoolYear | None = None
        """This school year's leavers and continuers, from the start of the graduation season."""
        self.search_table = mobility.dense_search(*model.search, len(model.sectors))
        """Search weights home sector x sector, as the mobility kernel uses them."""
        self.firm_at = {firm.index: firm for firm in model.firms}

    def schools(self, landsdeel: int) -> list[School]:
        return [s for s in self.model.schools if s.landsdeel == landsdeel]

    def teaching_quality(self) -> np.ndarray:
        """Teaching quality per landsdeel: staffed share of all technical teaching needed (above 1
        where a landsdeel has more technical teachers than its need)."""
        needed = np.array([sum(s.teachers_needed for s in self.schools(l)) for l in range(len(self.model.landsdelen))])
        return 1.0 - np.divide(self.shortage(), needed, out=np.zeros(len(needed)), where=needed > 0)

    def update_schools(self) -> None:
        """Recount students and teachers per school (the need at the start and each 1 October);
        teachers split over stages by need."""
        pop = self.model.population
        count_need = self.model.month_index == 0 or self.model.date.month == NEED_COUNT_MONTH
        in_school = np.isin(pop.status, [Status.PUPIL, Status.STUDENT, Status.BBL])
        place = pop.landsdeel.astype(np.int64) * len(STAGES) + STAGE_OF_LEVEL[pop.level]
        size = len(self.model.landsdelen) * len(STAGES)
        students = np.bincount(place[in_school], minlength=size)
        technical = np.bincount(place[in_school & (pop.technical == 1)], minlength=size)
        for school in self.model.schools:
            where = school.landsdeel * len(STAGES) + list(STAGES).index(school.stage)
            school.count_students(int(students[where]), int(technical[where]), count_need)
        available = self._teachers_per_landsdeel()
        for l in range(len(available)):
            staffed = [s for s in self.schools(l) if s.teachers_per_student > 0]
            need = sum(s.teachers_needed for s in staffed)
            hybrid = self.model.levers.hybrid_teachers[l] / self.model.scale
            for school in staffed:
                share = school.teachers_needed / need if need > 0 else 0.0
                school.teachers_available = available[l] * share
                school.hybrid_teachers = hybrid * share

    def shortage(self) -> np.ndarray:
        """Technical teacher shortage per landsdeel (agents)."""
        return np.array([sum(s.teacher_shortage for s in self.schools(l)) for l in range(len(self.model.landsdelen))])

    def _teachers(self) -> np.ndarray:
        """Mask of persons working as technical teachers."""
        pop = self.model.population
        return ((pop.flags & Flag.TEACHER) > 0) & (pop.status == Status.EMPLOYED)

    def _teachers_per_landsdeel(self) -> np.ndarray:
        return np.bincount(self.model.population.landsdeel[self._teachers()], minlength=len(self.model.landsdelen))

    def _open_posts_in_calibration(self) -> np.ndarray:
        """Share of technical teaching posts (vo and mbo) open per landsdeel in the calibration
        table: shortage fte / (teachers + shortage fte). Scale-free, unlike counts of agents."""
        cal = self.model.calibration
        teachers = sum(cal.by_landsdeel(f"technical_teachers_{kind}") for kind in TEACHER_STAGES)
        short = sum(cal.by_landsdeel(f"teacher_shortage_fte_{kind}") for kind in TEACHER_STAGES)
        return np.maximum(short / (teachers + short), 1e-3)

    def calibrate_supply(self) -> np.ndarray:
        """Base monthly recruits per technical teacher per landsdeel: the expected monthly attrition
        rate of technical teachers (separations, dismissals, moves out of education, retirement,
        quits to technical firms), times ``teacher_supply``. At the 2023 shortage, pay and unemployment,
        recruitment then replaces attrition and the shortage is stationary."""
        p = self.model.parameters
        leave_education = 1 - self.model.data.network.stay_rate[self.model.sector_index["education"]]
        attrition = p.separation_to_unemployment + p.separation_to_inactivity + p.layoff_rate \
            + self._expected_retirement() + p.on_the_job_search * JOB_TO_JOB_SUCCESS * leave_education \
            + monthly(p.teacher_quit_to_industry)
        return np.full(len(self.model.landsdelen), attrition * p.teacher_supply)

    def _expected_retirement(self) -> float:
        """Monthly share of today's technical teachers expected to retire over the coming year, from
        their ages and ``abm.demography.retirement_hazard`` (teachers are older than average)."""
        ages = self.model.population.age_months[self._teachers()]
        staying = np.ones(len(ages))
        for month in range(1, 13):
            date = (pd.Timestamp(self.model.date) + pd.DateOffset(months=month)).date()
            staying *= 1 - retirement_hazard(ages + month, state_pension_age_months(date))
        return float(1 - staying.mean()) / 12 if len(ages) else 0.0

    def teachers_relative_pay(self) -> np.ndarray:
        """Per landsdeel: the education wage index over the technical sectors' (employment-weighted)."""
        wage, technical = self.model.wage_index, self.model.sector_technical.astype(bool)
        jobs = self.model.employment()[:, technical].astype(float) + 1e-9
        return wage[:, self.model.sector_index["education"]] / ((wage[:, technical] * jobs).sum(axis=1) / jobs.sum(axis=1))

    def expected_recruits(self) -> np.ndarray:
        """New technical teachers expected this month per landsdeel (agents): the posts that would be
        staffed at the 2023 share of open posts (need x (1 - open share)) times the base rate
        (``supply``, per teacher), times (share of posts open at the start of the month / 2023
        share) ^ shortage elasticity (short schools recruit harder: side-entry, hybrid routes),
        relative pay ^ pay elasticity and (unemployed technicians / their usual number) ^
        availability elasticity (more people available to teach in a slack market). Where a
        landsdeel has more technical teachers than posts the number is negative: schools let
        contracts end or give teachers other subjects. The response is thus the same on both sides
        of a full staff, so that at coarse scales, where a landsdeel's teachers are a few agents, the
        noise does not move the mean shortage. For the same reason the base is the need, not the
        teacher stock: teachers x open posts is concave in the teachers, so its mean falls with
        their noise (at scale 2,000 a landsdeel's teachers are two or three agents, and the
        shortage came out twice that of scale 10), while need x open posts is linear in them.
        Hybrid teachers do not close posts: they are lent, not hired."""
        p = self.model.parameters
        teachers = self.teachers_last_month
        need = np.array([sum(s.teachers_needed for s in self.schools(l)) for l in range(len(teachers))])
        open_posts = np.divide(need - teachers, need, out=np.zeros(len(need)), where=need > 0)
        pressure = open_posts / self.open_posts_at_start
        available = self.model.unemployed_technicians() / self.usual_technicians
        return (need * (1 - self.open_posts_at_start) * self.supply * np.sign(pressure) * np.abs(pressure) ** p.teacher_recruitment_shortage_elasticity
                * self.teachers_relative_pay() ** p.teacher_pay_elasticity
                * available ** p.teacher_availability_elasticity)

    def teacher_labour_market(self) -> None:
        """This month's quits of technical teachers to technical firms, then recruitment; schools
        then fold this month's attrition and unemployed technicians into what they are used to."""
        self._teachers_leave_for_industry()
        attrition = 1 - self._teachers().sum() / max(self.teachers_last_month.sum(), 1)
        self._recruit_teachers()
        self.supply += (attrition * self.model.parameters.teacher_supply - self.supply) / ATTRITION_MEMORY_MONTHS
        self.usual_technicians += (self.model.unemployed_technicians() - self.usual_technicians) / AVAILABILITY_MEMORY_MONTHS
        self.teachers_last_month = self._teachers_per_landsdeel()

    def _teachers_leave_for_industry(self) -> None:
        """Technical teachers quit for a job in a technical firm of their landsdeel at
        ``teacher_quit_to_industry`` a year, more when teachers' relative pay falls (pay ^ -pay
        elasticity: Falch 2017 finds quits as wage-elastic as recruitment); the firm is drawn in
        proportion to technical vacancies, and only where there are some."""
        model, pop, book = self.model, self.model.population, self.model.firms_book
        teachers = np.flatnonzero(self._teachers())
        hazard = monthly(model.parameters.teacher_quit_to_industry) \
            * self.teachers_relative_pay() ** -model.parameters.teacher_pay_elasticity
        u = model.draw(teachers, SchoolPurpose.TEACHER_QUITS)
        quitting = teachers[u < hazard[pop.landsdeel[teachers]]]
        technical = model.sector_technical.astype(float)
        leaning = technical[None, :] * model.vacancies()[pop.landsdeel[quitting]]
        schools = pop.employer[quitting].copy()
        moved = np.isin(quitting, self._hire_into_vacancies(
            quitting, leaning, model.draw(quitting, SchoolPurpose.TEACHER_NEXT_JOB), u[u < hazard[pop.landsdeel[teachers]]]))
        np.subtract.at(book.staff, schools[moved], 1)
        quitting = quitting[moved]
        pop.flags[quitting] &= ~np.int8(Flag.TEACHER)
        np.add.at(model.counts[mobility.SEPARATIONS], (pop.landsdeel[quitting], model.sector_index["education"]), 1)
        for event in (mobility.JOB_TO_JOB, mobility.INFLOW_FROM_NON_TECHNICAL):
            np.add.at(model.counts[event], (pop.landsdeel[quitting], pop.sector[quitting]), 1)

    def _recruit_teachers(self) -> None:
        """Schools recruit the expected number of new technical teachers: technically qualified
        people of their landsdeel, the unemployed first and then technicians from firms
        (zij-instroom). Recruits take a new teaching post at an education employer."""
        model, pop, book = self.model, self.model.population, self.model.firms_book
        education = model.sector_index["education"]
        wanted = stochastic_round(self.expected_recruits(), model.rng)
        self._release_teachers(np.maximum(-wanted, 0))
        qualified = (pop.technical == 1) & ((pop.flags & Flag.TEACHER) == 0)
        in_technology = (pop.status == Status.EMPLOYED) & (model.sector_technical[np.maximum(pop.sector, 0)] == 1)
        for l in np.flatnonzero(wanted > 0):
            here = qualified & (pop.landsdeel == l)
            pools = [np.flatnonzero(here & (pop.status == Status.UNEMPLOYED)), np.flatnonzero(here & in_technology)]
            recruits = np.concatenate([pool[np.argsort(model.draw(pool, Purpose.TEACHER), kind="stable")]
                                       for pool in pools])[:wanted[l]]
            leaving = recruits[pop.status[recruits] == Status.EMPLOYED]
            np.subtract.at(book.staff, pop.employer[leaving], 1)
            school_employer = (l * len(model.sectors) + education) * 2 + 1
            book.staff[school_employer] += len(recruits)
            book.base_demand[school_employer] += len(recruits)
            pop.status[recruits], pop.sector[recruits], pop.employer[recruits] = Status.EMPLOYED, education, school_employer
            pop.months[recruits] = 0
            pop.flags[recruits] |= np.int8(Flag.TEACHER)

    def _release_teachers(self, surplus: np.ndarray) -> None:
        """Schools with more technical teachers than posts let ``surplus`` of them (per landsdeel)
        go from technical teaching: they stay employed in education, in other work."""
        pop = self.model.population
        teachers = np.flatnonzero(self._teachers())
        for l in np.flatnonzero(surplus):
            here = teachers[pop.landsdeel[teachers] == l]
            released = here[np.argsort(self.model.draw(here, Purpose.TEACHER), kind="stable")][:surplus[l]]
            pop.flags[released] &= ~np.int8(Flag.TEACHER)

    def choice_probability(self, level: Level, sex: np.ndarray, landsdeel: np.ndarray) -> np.ndarray:
        """Chance of choosing a technical programme at entry to ``level``."""
        p, levers = self.model.parameters, self.model.levers
        men, women = self.base_choice[level]
        base = np.where(sex == Sex.WOMAN, women * levers.women_choice[landsdeel], men)
        start = self.quality_at_start
        quality = np.divide(self.teaching_quality(), start, out=np.ones(len(start)), where=start > 0)
        prospects = self.model.technical_prospects() / self.prospects_at_start
        factor = (quality ** p.technical_choice_quality_elasticity
                  * prospects ** p.technical_choice_prospects_elasticity * levers.exposure)
        return np.clip(base * factor[landsdeel] + levers.choice_bonus[landsdeel], 0.0, 0.95)

    def leave_school(self) -> None:
        """Each month: some students drop out; in June-October graduates leave school."""
        self._drop_out(self._dropouts())
        self._graduation_season()

    def _dropouts(self) -> np.ndarray:
        """This month's dropouts: students leave without a diploma during the school year at the
        yearly ``dropout_rate``, more often in technical programmes short of teachers."""
        pop, model, p = self.model.population, self.model, self.model.parameters
        studying = np.flatnonzero(np.isin(pop.status, STUDYING))
        shortage = 1.0 - self.teaching_quality()
        yearly = p.dropout_rate * (1 + p.dropout_shortage_elasticity * shortage[pop.landsdeel[studying]] * pop.technical[studying])
        return studying[model.draw(studying, Purpose.DROPOUT) < monthly(yearly)]

    def _graduation_season(self) -> None:
        """Each month of June-October: decide the school year's completers when the season opens
        (or the run starts inside it), then let this month's graduates leave."""
        month = self.model.date.month
        if month not in self.season:
            return
        if (self.school_year is None or self.school_year.year != self.model.date.year) and month <= SEPTEMBER:
            self.school_year = self._plan_school_year()
        year = self.school_year
        if year is None or year.year != self.model.date.year:
            return
        self._graduate(year.graduates[(year.month == month) & np.isin(self.model.population.status[year.graduates], IN_SCHOOL)])

    def _plan_school_year(self) -> SchoolYear:
        """The school year's completers (whose programme ends this September) and where each goes
        next; graduates for the labour market get a month of the season still to come."""
        pop, model = self.model.population, self.model
        months_at_september = pop.months + (SEPTEMBER - model.date.month)
        finishing = np.flatnonzero(np.isin(pop.status, IN_SCHOOL) & (months_at_september >= PROGRAMME_LENGTH[pop.level]))
        continuing: dict[Level, np.ndarray] = {}
        graduates = []
        for level in Level:
            completers = finishing[pop.level[finishing] == level]
            steps = choose(model.draw(completers, Purpose.NEXT_STEP), NEXT_STEP[level])
            graduates.append(completers[steps < 0])
            for step in np.unique(steps[steps >= 0]):
                continuing[Level(step)] = np.append(continuing.get(Level(step), []), completers[steps == step]).astype(np.int64)
        graduates = np.concatenate(graduates)
        return SchoolYear(model.date.year, graduates, self._leaving_month(graduates), continuing)

    def _leaving_month(self, graduates: np.ndarray) -> np.ndarray:
        """A calendar month for each graduate from the season's profile, among the months still to come."""
        ahead = {m: share for m, share in self.season.items() if m >= self.model.date.month}
        return choose(self.model.draw(graduates, SchoolPurpose.LEAVE_MONTH), ahead)

    def september(self) -> None:
        """The school year turns: completers who continue enrol in their next level."""
        self.intake = {}
        year = self.school_year
        if year is not None and year.year == self.model.date.year:
            for level, persons in year.continuing.items():
                self._enrol(persons[np.isin(self.model.population.status[persons], IN_SCHOOL)], level)
        self.update_schools()

    def _drop_out(self, persons: np.ndarray) -> None:
        pop = self.model.population
        self._leave_training_place(persons)
        pop.level[persons] = DROPOUT_LEVEL[pop.level[persons]]
        self._enter_labour_market(persons)

    def _graduate(self, persons: np.ndarray) -> None:
        """Graduates leave school: BBL graduates kept on by their training firm stay employed,
        those who found work in their final year start it, the others search as fresh graduates."""
        pop = self.model.population
        self.model.graduated(persons)
        bbl = persons[pop.status[persons] == Status.BBL]
        stay = bbl[self.model.draw(bbl, Purpose.BBL_KEPT_ON) < BBL_GRADUATES_STAYING]
        self.model.firms_book.staff += np.bincount(pop.employer[stay], minlength=len(self.model.firms_book.staff))
        pop.status[stay] = Status.EMPLOYED
        pop.months[stay] = 0
        leaving = np.setdiff1d(persons, stay)
        self._leave_training_place(leaving)
        self._give_field(leaving)
        searching = np.setdiff1d(leaving, self._hire_before_diploma(leaving))
        self._enter_labour_market(searching)
        pop.flags[searching] |= np.int8(Flag.FRESH_GRADUATE)

    def _hire_before_diploma(self, graduates: np.ndarray) -> np.ndarray:
        """Graduates who searched during their final year (a share ``job_before_diploma``) start
        work as they leave school, where the mobility kernel's searchers would apply in their
        landsdeel (skill relatedness to the field x vacancies); returns those hired."""
        model, pop = self.model, self.model.population
        u = model.draw(graduates, SchoolPurpose.SEARCH_BEFORE_DIPLOMA)
        searching, order = graduates[u < model.parameters.job_before_diploma], u[u < model.parameters.job_before_diploma]
        leaning = self.search_table[pop.sector[searching]] * model.vacancies()[pop.landsdeel[searching]]
        hired = self._hire_into_vacancies(searching, leaning, model.draw(searching, SchoolPurpose.CELL_BEFORE_DIPLOMA), order)
        for event, who in ((mobility.GRADUATE_HIRES, hired), (mobility.TECHNICAL_GRADUATE_HIRES, hired[pop.technical[hired] == 1])):
            np.add.at(model.counts[event], (pop.landsdeel[who], pop.sector[who]), 1)
        return hired

    def _hire_into_vacancies(self, persons: np.ndarray, leaning: np.ndarray, pick: np.ndarray,
                             order: np.ndarray) -> np.ndarray:
        """Each person applies to one sector of her landsdeel, drawn (uniform ``pick``) in
        proportion to her row of ``leaning``; each cell hires its applicants in the order of the
        uniform ``order`` while it has vacancies. Returns the hired (sorted by cell)."""
        model, pop = self.model, self.model.population
        total = leaning.sum(axis=1)
        applying = total > 0
        persons, leaning, pick, order = persons[applying], leaning[applying], pick[applying] * total[applying], order[applying]
        sector = np.minimum((np.cumsum(leaning, axis=1) <= pick[:, None]).sum(axis=1), len(model.sectors) - 1)
        cell = pop.landsdeel[persons].astype(np.int64) * len(model.sectors) + sector
        queue = np.lexsort((order, cell))
        persons, cell = persons[queue], cell[queue]
        hired = (np.arange(len(cell)) - np.searchsorted(cell, cell)) < model.vacancies().ravel()[cell]
        for c in np.unique(cell[hired]):
            self._start_jobs(persons[hired & (cell == c)], int(c))
        return persons[hired]

    def _start_jobs(self, persons: np.ndarray, cell: int) -> None:
        """Hire ``persons`` into the open vacancies of one landsdeel x sector cell, split over its
        firms in proportion to their vacancies (the filled ones drawn across vacancy ages)."""
        model, pop, book = self.model, self.model.population, self.model.firms_book
        firms = np.arange(book.cell_first_firm[cell], book.cell_first_firm[cell + 1])
        taken = model.firm_rng.multivariate_hypergeometric(book.vacancies[firms], len(persons))
        for f, n in zip(firms, taken, strict=True):
            self.firm_at[f].fill(int(n))
        book.vacancies[firms] -= taken
        book.staff[firms] += taken
        l, s = divmod(cell, len(model.sectors))
        pop.status[persons], pop.employer[persons], pop.sector[persons] = Status.EMPLOYED, np.repeat(firms, taken), s
        pop.months[persons] = 0
        model.counts[mobility.HIRES, l, s] += len(persons)

    def _leave_training_place(self, persons: np.ndarray) -> None:
        pop = self.model.population
        bbl = persons[pop.status[persons] == Status.BBL]
        pop.employer[bbl] = -1

    def _enter_labour_market(self, persons: np.ndarray) -> None:
        """School leavers without work become job seekers from their field of study."""
        pop = self.model.population
        pop.status[persons] = Status.UNEMPLOYED
        pop.months[persons] = 0
        self._give_field(persons)

    def _give_field(self, persons: np.ndarray) -> None:
        """A home sector for leavers without one (vo pupils): where they will search from."""
        pop = self.model.population
        no_field = persons[pop.sector[persons] < 0]
        pop.sector[no_field] = self.model.field_sector(no_field, pop.landsdeel[no_field], pop.technical[no_field].astype(bool))

    def _enrol(self, persons: np.ndarray, level: Level) -> None:
        """Start ``level``: choose technical or not, pick a field, and for mbo try for a BBL place."""
        pop, model = self.model.population, self.model
        self._leave_training_place(persons)
        chooses = model.draw(persons, Purpose.TECHNICAL_CHOICE) < self.choice_probability(level, pop.sex[persons], pop.landsdeel[persons])
        pop.technical[persons] = chooses
        pop.level[persons] = level
        pop.status[persons] = Status.STUDENT
        pop.months[persons] = 0
        pop.sector[persons] = model.field_sector(persons, pop.landsdeel[persons], chooses)
        for sex in (Sex.MAN, Sex.WOMAN):
            for l in range(len(model.landsdelen)):
                mask = (pop.sex[persons] == sex) & (pop.landsdeel[persons] == l)
                entered, technical = self.intake.get((level, sex, l), (0, 0))
                self.intake[(level, sex, l)] = (entered + int(mask.sum()), technical + int(chooses[mask].sum()))
        if level in MBO_LEVEL_SHARES:
            wants_bbl = persons[model.draw(persons, Purpose.WANTS_BBL) < model.parameters.bbl_share]
            model.place_apprentices(wants_bbl)
