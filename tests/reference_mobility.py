"""A slow, readable reference of the monthly mobility rules, to check ``abm.kernels.mobility``.

Written from the rules in the kernel's module docstring, not from its code structure: plain
Python loops over persons, dicts keyed by ``(landsdeel, sector)`` cells and lists of searchers.
It updates the same arrays in place and adds to the same ``counts[event, landsdeel, sector]``,
so a test can run the kernel on one copy of a world and this reference on another and demand
identical results.

The rules of one month
----------------------
1. ``separate_workers`` - every employed person leaves her job with probability
   ``firm layoff + retention factor x (separation to unemployment + to inactivity)``: laid off
   (into unemployment) with her firm's layoff probability, otherwise into unemployment or
   inactivity. Unemployed persons become inactive (discouraged) at a fixed rate; inactive
   persons with a home sector return to search (become unemployed) at a fixed rate times their
   landsdeel's re-entry lever.
2. ``find_searchers`` / ``choose_where_to_apply`` - all unemployed search, each employed
   person with probability ``on_the_job_search`` and each inactive person with a last job or
   field with probability ``inactive_job_search`` x the re-entry lever; they are ordered by a random priority. A
   searcher looks in another landsdeel with probability ``cross_landsdeel`` (drawn in proportion
   to the other landsdelen's vacancies; if none has any she stays home), then picks a sector in
   proportion to *search weight from her home sector x open vacancies there*. A fresh graduate
   searches the whole market (weight 1 for every sector) with probability
   ``graduate_open_search``. An unemployed technician from a technical sector gets, with the
   chance of her landsdeel's guarantee lever, a placement offer instead: in her own landsdeel, a
   technical sector in proportion to *search weight x open vacancies* (other sectors weigh 0); she
   takes it for sure (no success draw). If no technical sector of her landsdeel has vacancies she
   searches as above.
3. ``match_applicants`` - per cell an application succeeds with ``min(1, m (V/A)^a)`` (times
   ``min(1, side_entry_fit x side-entry lever)`` for a person without a technical background
   applying to a technical sector), where ``A`` is the cell's expected number of applications:
   the sum over searchers of their chance of choosing the cell (each sector's share of the
   weights in the landsdeel she looks in). A placement offer is a chance of 1. All chances of a
   cell are then multiplied by the smallest factor (40 halvings) at which the expected hires
   with applicants served while vacancies last, ``E[min(V, Binomial(n, mean chance))]`` for
   ``n`` applicants, reach ``min(V, n x mean chance)`` (left out where ``V`` lies more than 8
   standard deviations above the mean). Applicants are served in priority order while the cell has
   vacancies; the hiring firm is drawn in proportion to its open vacancies, her own firm row
   included (it stands for all employers of its size class in the cell). A job-to-job mover also counts as a
   separation from her old cell, and a job-to-job move into the new one.

Random numbers
--------------
Every draw is ``rng.keyed_uniform(seed, month, key of the person, purpose)`` from
``abm.kernels.rng`` (the shared random source, not a rule), one purpose per decision, so the order of drawing does not
matter. Drawing "in proportion" is ``r = u * total``, subtracting the positive weights in order
until ``r`` turns negative (falling back to the last positive option), so the floating-point
sums are the same too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.stats import binom

from abm.codes import Flag, Status
from abm.kernels import rng
from abm.kernels.mobility import (
    APPLICATIONS, CROSS_LANDSDEEL, ELSEWHERE, GIVE_UP, GRADUATE_HIRES, GRADUATE_OPEN_SEARCH, GUARANTEE,
    HIRES, INACTIVE_JOB_SEARCH, INACTIVE_TO_SEARCH, INFLOW_FROM_NON_TECHNICAL, JOB_TO_JOB, LAYOFFS, LEAVE_JOB, MATCH_EFFICIENCY,
    MATCH_ELASTICITY, ON_THE_JOB_SEARCH, OPEN_SEARCH, ORDER, OUTFLOW_TO_NON_TECHNICAL, PLACEMENT, REENTRY, RETURN, SEARCH_ON_JOB,
    SEPARATION_TO_INACTIVITY, SEPARATION_TO_UNEMPLOYMENT, SEPARATIONS, SIDE_ENTRY, SIDE_ENTRY_FIT, SUCCESS,
    TECHNICAL_GRADUATE_HIRES, UNEMPLOYED_TO_INACTIVE, WHICH_FIRM, WHICH_LANDSDEEL, WHICH_SECTOR,
)

EMPLOYED, UNEMPLOYED, INACTIVE = int(Status.EMPLOYED), int(Status.UNEMPLOYED), int(Status.INACTIVE)
FRESH_GRADUATE, TEACHER = int(Flag.FRESH_GRADUATE), int(Flag.TEACHER)


@dataclass(frozen=True)
class Rules:
    """The monthly rates and matching parameters, by name."""

    separation_to_unemployment: float
    separation_to_inactivity: float
    unemployed_to_inactive: float
    inactive_to_search: float
    on_the_job_search: float
    cross_landsdeel: float
    match_efficiency: float
    match_elasticity: float
    side_entry_fit: float
    graduate_open_search: float
    inactive_job_search: float

    @classmethod
    def from_params(cls, params: np.ndarray) -> Rules:
        return cls(
            separation_to_unemployment=float(params[SEPARATION_TO_UNEMPLOYMENT]),
            separation_to_inactivity=float(params[SEPARATION_TO_INACTIVITY]),
            unemployed_to_inactive=float(params[UNEMPLOYED_TO_INACTIVE]),
            inactive_to_search=float(params[INACTIVE_TO_SEARCH]),
            on_the_job_search=float(params[ON_THE_JOB_SEARCH]),
            cross_landsdeel=float(params[CROSS_LANDSDEEL]),
            match_efficiency=float(params[MATCH_EFFICIENCY]),
            match_elasticity=float(params[MATCH_ELASTICITY]),
            side_entry_fit=float(params[SIDE_ENTRY_FIT]),
            graduate_open_search=float(params[GRADUATE_OPEN_SEARCH]),
            inactive_job_search=float(params[INACTIVE_JOB_SEARCH]),
        )


@dataclass
class Persons:
    """The person arrays (updated in place)."""

    status: np.ndarray
    sector: np.ndarray
    landsdeel: np.ndarray
    technical: np.ndarray
    employer: np.ndarray
    months: np.ndarray
    flags: np.ndarray

    def __len__(self) -> int:
        return len(self.status)

    def clear_flag(self, p: int, flag: int) -> None:
        self.flags[p] = int(self.flags[p]) & ~flag

    def has_flag(self, p: int, flag: int) -> bool:
        return bool(int(self.flags[p]) & flag)


@dataclass
class Firms:
    """The firm arrays (updated in place); the firms of cell ``l * n_sectors + s`` are
    ``cell_first_firm[cell] .. cell_first_firm[cell + 1] - 1``."""

    staff: np.ndarray
    vacancies: np.ndarray
    layoff: np.ndarray
    retention: np.ndarray
    cell_first_firm: np.ndarray
    n_sectors: int

    def in_cell(self, landsdeel: int, sector: int) -> list[int]:
        cell = landsdeel * self.n_sectors + sector
        return list(range(int(self.cell_first_firm[cell]), int(self.cell_first_firm[cell + 1])))


# --- helpers ----------------------------------------------------------------------------------
def add_in_order(values: list[float]) -> float:
    """Plain left-to-right float sum (not ``sum()``, which compensates rounding in Python 3.12)."""
    total = 0.0
    for v in values:
        total += v
    return total


def draw_in_proportion(options: list, weights: list, u: float):
    """One of ``options`` drawn in proportion to ``weights`` with the uniform number ``u``
    (total > 0); the last option with a positive weight if rounding never crosses zero."""
    r = u * add_in_order(weights)
    chosen = None
    for option, weight in zip(options, weights, strict=True):
        if weight > 0:
            chosen = option
            r -= weight
            if r < 0:
                break
    return chosen


def related_sectors(indptr: np.ndarray, indices: np.ndarray, weights: np.ndarray) -> dict[int, dict[int, float]]:
    """Home sector -> {sector searched: search weight} from the CSR search arrays."""
    return {home: {int(indices[k]): float(weights[k]) for k in range(int(indptr[home]), int(indptr[home + 1]))}
            for home in range(len(indptr) - 1)}


class Draws:
    """This month's keyed uniform numbers: ``draws(person, purpose)``, keyed by the person's key."""

    def __init__(self, seed: np.uint64, month: int, keys: np.ndarray) -> None:
        self.seed, self.month, self.keys = seed, month, keys

    def __call__(self, person: int, purpose: int) -> float:
        return rng.keyed_uniform(self.seed, self.month, int(self.keys[person]), purpose)


# --- stage 1: separations and moves between unemployment and inactivity ------------------------
def separate_workers(persons: Persons, firms: Firms, rules: Rules, levers: np.ndarray, draws: Draws,
                     counts: np.ndarray) -> None:
    """Employed persons are laid off or leave for unemployment/inactivity; the unemployed give up
    searching; the inactive with a home sector return to search."""
    for p in range(len(persons)):
        status = int(persons.status[p])
        if status == EMPLOYED:
            maybe_leave_job(p, persons, firms, rules, draws(p, LEAVE_JOB), counts)
        elif status == UNEMPLOYED:
            if draws(p, GIVE_UP) < rules.unemployed_to_inactive:
                persons.status[p] = INACTIVE
                persons.months[p] = 0
        elif status == INACTIVE and int(persons.sector[p]) >= 0:
            if draws(p, RETURN) < rules.inactive_to_search * float(levers[REENTRY, int(persons.landsdeel[p])]):
                persons.status[p] = UNEMPLOYED
                persons.months[p] = 0


def maybe_leave_job(p: int, persons: Persons, firms: Firms, rules: Rules, u: float,
                    counts: np.ndarray) -> None:
    """Laid off with the firm's layoff probability, else into unemployment or inactivity at the
    base rates times the firm's retention factor (``u`` compared with the cumulative chances)."""
    firm = int(persons.employer[p])
    layoff = float(firms.layoff[firm])
    to_unemployment = rules.separation_to_unemployment * float(firms.retention[firm])
    to_inactivity = rules.separation_to_inactivity * float(firms.retention[firm])
    if u < layoff:
        leave_job(p, UNEMPLOYED, persons, firms, counts, laid_off=True)
    elif u < layoff + to_unemployment:
        leave_job(p, UNEMPLOYED, persons, firms, counts, laid_off=False)
    elif u < layoff + to_unemployment + to_inactivity:
        leave_job(p, INACTIVE, persons, firms, counts, laid_off=False)


def leave_job(p: int, new_status: int, persons: Persons, firms: Firms, counts: np.ndarray, laid_off: bool) -> None:
    """The person leaves her firm (keeping her sector and landsdeel as home); no longer a teacher."""
    l, s = int(persons.landsdeel[p]), int(persons.sector[p])
    firms.staff[int(persons.employer[p])] -= 1
    persons.status[p] = new_status
    persons.employer[p] = -1
    persons.months[p] = 0
    persons.clear_flag(p, TEACHER)
    counts[SEPARATIONS, l, s] += 1
    if laid_off:
        counts[LAYOFFS, l, s] += 1


# --- stage 2: search --------------------------------------------------------------------------
def open_vacancies_by_cell(firms: Firms, n_landsdelen: int, n_sectors: int) -> dict[tuple[int, int], int]:
    """Open vacancies per (landsdeel, sector), summed over the cell's firms."""
    return {(l, s): sum(int(firms.vacancies[f]) for f in firms.in_cell(l, s))
            for l in range(n_landsdelen) for s in range(n_sectors)}


def find_searchers(persons: Persons, rules: Rules, levers: np.ndarray, draws: Draws) -> list[int]:
    """All unemployed; each employed person with probability ``on_the_job_search``; each inactive
    person with a last job or field with probability ``inactive_job_search`` x the landsdeel's
    re-entry lever; ordered by a random priority (ties by person index)."""
    searchers = []
    for p in range(len(persons)):
        status = int(persons.status[p])
        if status == UNEMPLOYED:
            searchers.append(p)
        elif status == EMPLOYED and draws(p, SEARCH_ON_JOB) < rules.on_the_job_search:
            searchers.append(p)
        elif (status == INACTIVE and int(persons.sector[p]) >= 0 and draws(p, SEARCH_ON_JOB)
              < rules.inactive_job_search * float(levers[REENTRY, int(persons.landsdeel[p])])):
            searchers.append(p)
    return sorted(searchers, key=lambda p: (draws(p, ORDER), p))


def placement_offer(p: int, persons: Persons, vacancies: dict[tuple[int, int], int],
                    network: dict[int, dict[int, float]], n_sectors: int, sector_technical: np.ndarray,
                    levers: np.ndarray, attraction: dict[tuple[int, int], float],
                    draws: Draws, expected: dict[tuple[int, int], float]) -> tuple[int, int] | None:
    """The work guarantee's offer to an unemployed technician from a technical sector (with the
    chance of her landsdeel's guarantee lever): a technical sector of her own landsdeel, or None."""
    landsdeel, home_sector = int(persons.landsdeel[p]), int(persons.sector[p])
    eligible = (int(persons.status[p]) == UNEMPLOYED and bool(persons.technical[p])
                and bool(sector_technical[home_sector]))
    if not eligible or draws(p, PLACEMENT) >= float(levers[GUARANTEE, landsdeel]):
        return None
    sectors = list(range(n_sectors))
    weights = [(network[home_sector].get(s, 0.0) if sector_technical[s] else 0.0)
               * vacancies[landsdeel, s] * attraction[landsdeel, s] for s in sectors]
    if add_in_order(weights) <= 0:
        return None
    add_chances(expected, landsdeel, weights)
    return landsdeel, draw_in_proportion(sectors, weights, draws(p, WHICH_SECTOR))


def add_chances(expected: dict[tuple[int, int], float], landsdeel: int, weights: list[float]) -> None:
    """Add a searcher's chance of choosing each sector of ``landsdeel`` to the expected applications."""
    total = add_in_order(weights)
    for s, weight in enumerate(weights):
        expected[landsdeel, s] += weight / total


def choose_where_to_apply(p: int, persons: Persons, vacancies: dict[tuple[int, int], int],
                          network: dict[int, dict[int, float]], n_landsdelen: int, n_sectors: int,
                          attraction: dict[tuple[int, int], float], rules: Rules,
                          draws: Draws, expected: dict[tuple[int, int], float]) -> tuple[int, int] | None:
    """The (landsdeel, sector) a searcher applies to, or None if nothing she considers is open."""
    home_landsdeel, home_sector = int(persons.landsdeel[p]), int(persons.sector[p])
    landsdeel = home_landsdeel
    if draws(p, ELSEWHERE) < rules.cross_landsdeel:
        others = [l for l in range(n_landsdelen) if l != home_landsdeel]
        open_there = [sum(vacancies[l, s] for s in range(n_sectors)) for l in others]
        if sum(open_there) > 0:
            landsdeel = draw_in_proportion(others, [float(v) for v in open_there], draws(p, WHICH_LANDSDEEL))
    open_search = persons.has_flag(p, FRESH_GRADUATE) and draws(p, OPEN_SEARCH) < rules.graduate_open_search
    sectors = list(range(n_sectors))
    weights = []
    for s in sectors:
        leaning = 1.0 if open_search else network[home_sector].get(s, 0.0)
        weights.append(leaning * vacancies[landsdeel, s] * attraction[landsdeel, s])
    if add_in_order(weights) <= 0:
        return None
    add_chances(expected, landsdeel, weights)
    return landsdeel, draw_in_proportion(sectors, weights, draws(p, WHICH_SECTOR))


# --- stage 3: matching ------------------------------------------------------------------------
def application_success_chance(open_vacancies: int, applicants: float, cell_efficiency: float, rules: Rules) -> float:
    """Cobb-Douglas matching ``hires = m V^a A^(1-a)`` as a chance per application, with ``m`` the
    cell's efficiency times the national one and ``A`` the expected applications."""
    efficiency = rules.match_efficiency * cell_efficiency
    return min(1.0, efficiency * (open_vacancies / applicants) ** rules.match_elasticity)


def hires_while_vacancies_last(vacancies: int, applicants: int, chance: float) -> float:
    """E[min(V, S)] for S ~ Binomial(applicants, chance); the mean where V is out of reach."""
    mean = applicants * chance
    if applicants <= vacancies or chance <= 0 or vacancies - mean > 8 * math.sqrt(mean * (1 - chance)) + 1:
        return mean
    if chance >= 1:
        return float(vacancies)
    return vacancies - sum((vacancies - k) * binom.pmf(k, applicants, chance) for k in range(vacancies))


def served_factor(vacancies: int, applicants: int, chance: float) -> float:
    """What the cell's chances are multiplied by so that serving applicants while vacancies last
    gives ``min(V, n x chance)`` hires in expectation (1 if it already does)."""
    target = min(float(vacancies), applicants * chance)
    if hires_while_vacancies_last(vacancies, applicants, chance) >= target:
        return 1.0
    low, high = chance, 1.0
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (middle, high) if hires_while_vacancies_last(vacancies, applicants, middle) < target else (low, middle)
    return high / chance


def hiring_firm(landsdeel: int, sector: int, firms: Firms, u: float) -> int | None:
    """A firm of the cell in proportion to its open vacancies (None if none); a worker's own firm
    row counts too, as it stands for many employers."""
    candidates = list(firms.in_cell(landsdeel, sector))
    open_ = [int(firms.vacancies[f]) for f in candidates]
    if sum(open_) == 0:
        return None
    return draw_in_proportion(candidates, open_, u)


def match_applicants(searchers: list[int], applied_to: dict[int, tuple[int, int] | None], offered: set[int],
                     persons: Persons, firms: Firms, vacancies: dict[tuple[int, int], int],
                     expected: dict[tuple[int, int], float],
                     sector_technical: np.ndarray, levers: np.ndarray, efficiency: dict[tuple[int, int], float],
                     rules: Rules, draws: Draws, counts: np.ndarray) -> None:
    """Serve the applicants in their priority order while their cell has vacancies; those with a
    placement offer (``offered``) are hired without a success draw."""
    applicants: dict[tuple[int, int], list[int]] = {}
    for p in searchers:
        if applied_to[p] is not None:
            applicants.setdefault(applied_to[p], []).append(p)
    cell_chance = {cell: application_success_chance(vacancies[cell], expected[cell], efficiency[cell], rules)
                   for cell in applicants}
    chance = {}
    for cell, members in applicants.items():
        for p in members:
            side_entrant = bool(sector_technical[cell[1]]) and not bool(persons.technical[p])
            fit = min(1.0, rules.side_entry_fit * float(levers[SIDE_ENTRY, cell[0]])) if side_entrant else 1.0
            chance[p] = 1.0 if p in offered else min(1.0, cell_chance[cell] * fit)
        mean = add_in_order([chance[p] for p in members]) / len(members)
        if mean > 0:
            factor = served_factor(vacancies[cell], len(members), mean)
            for p in members:
                chance[p] = min(1.0, factor * chance[p])

    for p in searchers:
        cell = applied_to[p]
        if cell is None or vacancies[cell] == 0:
            continue
        landsdeel, sector = cell
        if p not in offered and draws(p, SUCCESS) >= chance[p]:
            continue
        firm = hiring_firm(landsdeel, sector, firms, draws(p, WHICH_FIRM))
        if firm is None:
            continue
        hire(p, firm, landsdeel, sector, persons, firms, sector_technical, counts)
        vacancies[cell] -= 1


def hire(p: int, firm: int, landsdeel: int, sector: int, persons: Persons, firms: Firms,
         sector_technical: np.ndarray, counts: np.ndarray) -> None:
    """The person starts at ``firm``; counts the hire and what kind of move it is."""
    old_landsdeel, old_sector = int(persons.landsdeel[p]), int(persons.sector[p])
    if int(persons.employer[p]) >= 0:  # job-to-job: leaves her old firm
        firms.staff[int(persons.employer[p])] -= 1
        counts[SEPARATIONS, old_landsdeel, old_sector] += 1
        counts[JOB_TO_JOB, landsdeel, sector] += 1
    was_technical, is_technical = bool(sector_technical[old_sector]), bool(sector_technical[sector])
    if persons.has_flag(p, FRESH_GRADUATE):
        counts[GRADUATE_HIRES, landsdeel, sector] += 1
        if persons.technical[p]:
            counts[TECHNICAL_GRADUATE_HIRES, landsdeel, sector] += 1
    elif was_technical and not is_technical:
        counts[OUTFLOW_TO_NON_TECHNICAL, old_landsdeel, old_sector] += 1
    elif is_technical and not was_technical:
        counts[INFLOW_FROM_NON_TECHNICAL, landsdeel, sector] += 1

    persons.status[p] = EMPLOYED
    persons.sector[p] = sector
    persons.landsdeel[p] = landsdeel
    persons.employer[p] = firm
    persons.months[p] = 0
    persons.clear_flag(p, FRESH_GRADUATE)
    if sector != old_sector:
        persons.clear_flag(p, TEACHER)
    firms.staff[firm] += 1
    firms.vacancies[firm] -= 1
    counts[HIRES, landsdeel, sector] += 1


# --- one month --------------------------------------------------------------------------------
def mobility_month(status, sector, landsdeel, technical, employer, months, flags, key,
                   firm_staff, firm_vacancies, firm_layoff, firm_separation, cell_first_firm,
                   search_indptr, search_indices, search_weights, sector_technical, landsdeel_levers,
                   cell_efficiency, cell_attraction, params, seed, month, counts) -> None:
    """One month of the rules above, with the kernel's signature; updates everything in place."""
    n_landsdelen, n_sectors = counts.shape[1], counts.shape[2]
    persons = Persons(status, sector, landsdeel, technical, employer, months, flags)
    firms = Firms(firm_staff, firm_vacancies, firm_layoff, firm_separation, cell_first_firm, n_sectors)
    rules = Rules.from_params(params)
    network = related_sectors(search_indptr, search_indices, search_weights)
    draws = Draws(seed, month, key)

    separate_workers(persons, firms, rules, landsdeel_levers, draws, counts)

    vacancies = open_vacancies_by_cell(firms, n_landsdelen, n_sectors)
    searchers = find_searchers(persons, rules, landsdeel_levers, draws)
    attraction = {(l, s): float(cell_attraction[l * n_sectors + s])
                  for l in range(n_landsdelen) for s in range(n_sectors)}
    applied_to, offered = {}, set()
    expected = dict.fromkeys(vacancies, 0.0)
    for p in searchers:
        offer = placement_offer(p, persons, vacancies, network, n_sectors, sector_technical, landsdeel_levers,
                                attraction, draws, expected)
        if offer is not None:
            offered.add(p)
        applied_to[p] = offer or choose_where_to_apply(p, persons, vacancies, network, n_landsdelen, n_sectors,
                                                       attraction, rules, draws, expected)
        if applied_to[p] is not None:
            counts[APPLICATIONS, applied_to[p][0], applied_to[p][1]] += 1

    efficiency = {(l, s): float(cell_efficiency[l * n_sectors + s])
                  for l in range(n_landsdelen) for s in range(n_sectors)}
    match_applicants(searchers, applied_to, offered, persons, firms, vacancies, expected, sector_technical, landsdeel_levers,
                     efficiency, rules, draws, counts)
