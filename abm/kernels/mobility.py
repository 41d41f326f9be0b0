"""The monthly mobility step over the person arrays: separations, search and matching.

One compiled pass per month, in three stages:

1. **Flows out of and between non-work states.** Each employed person is laid off with her
   firm's layoff probability (firms above their labour demand shed staff) or leaves for
   unemployment or inactivity at the base separation rates times her firm's retention factor;
   the unemployed become inactive (discouraged) and the inactive of working age return to
   search at a monthly rate times their landsdeel's re-entry lever (which follows wages).
2. **Search.** The unemployed and a share of the employed (on-the-job search) pick where to
   apply: their own landsdeel, or with a small probability another one in proportion to its
   vacancies; then a sector with probability proportional to *skill relatedness to their home
   sector x that sector's vacancies x the cell's attraction* (del Rio-Chanona et al. 2021,
   J. R. Soc. Interface 18; Neffke & Henning 2013); the attraction is the cell's relative wage
   raised to a search elasticity (``abm.wages``), so searchers weigh pay with skill relatedness. The home sector is the sector of the last job, or the field of study.
   Fresh graduates are not yet tied to a sector: a share of them searches the whole market in
   proportion to vacancies. An unemployed technician from a technical sector is, with the work
   guarantee's monthly placement chance of her landsdeel, offered a vacancy by its placement service
   instead: in a technical sector of her own landsdeel, in proportion to skill relatedness to her home
   sector x vacancies x attraction, and she takes it (the match is certain while the cell has
   vacancies). If her landsdeel has no such vacancy she searches as everyone does; nobody's search
   is ever narrowed (``abm.interventions.work_guarantee``).
3. **Matching.** Per landsdeel x sector cell a Cobb-Douglas matching function
   ``hires = m V^a A^(1-a)`` (Petrongolo & Pissarides 2001, J. Econ. Lit. 39) gives the chance
   ``min(1, m (V/A)^a)`` that an application succeeds, with ``m`` the cell's calibrated
   efficiency (``abm.matching``) times the national ``match_efficiency``; applicants without a technical
   background succeed less often in technical sectors (``side_entry_fit`` times the landsdeel's
   side-entry lever). Applicants are served in a random order while vacancies last; the hiring
   firm is drawn in proportion to its open vacancies (her own firm row included: it stands for
   many employers).

   Two rules keep the expected hires of a cell those of the matching function at every scale
   (an agent stands for ``scale`` persons, so a technical cell at scale 1,000 holds one or two
   vacancies and fewer applications a month, and any concave function of such small counts is
   biased, Jensen's inequality): ``A`` is the cell's *expected* number of applications, the sum
   of each searcher's chance of choosing it given where she looks (at large counts the realised
   number), and the chances are raised just enough (``served_chance``) that running out of
   vacancies in some months does not lose the hires the matching function promises.

Random numbers are keyed by (seed, month, person key, purpose) (``abm.kernels.rng``), so the
kernel is a pure function of its inputs. The person key (``Population.key``) does not depend on
where a person sits in the arrays, so persons an intervention adds cannot shift the draws of the
others: scenarios keep common random numbers. Counts per landsdeel x sector go to ``counts[event, l, s]``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from abm.kernels.rng import keyed_uniform

# Status codes (abm.codes.Status) and flag bits (abm.codes.Flag) as plain ints for numba.
EMPLOYED, UNEMPLOYED, INACTIVE = 3, 4, 5
FRESH_GRADUATE, TEACHER = 1, 2

# Indices into ``params``.
SEPARATION_TO_UNEMPLOYMENT, SEPARATION_TO_INACTIVITY, UNEMPLOYED_TO_INACTIVE, \
    INACTIVE_TO_SEARCH, ON_THE_JOB_SEARCH, CROSS_LANDSDEEL, MATCH_EFFICIENCY, \
    MATCH_ELASTICITY, SIDE_ENTRY_FIT, GRADUATE_OPEN_SEARCH, INACTIVE_JOB_SEARCH = range(11)
N_PARAMS = 11

TAIL_SDS = 8.0
"""Standard deviations beyond which running out of vacancies is left out of ``expected_hires``."""
BISECTION_STEPS = 40

# Rows of ``landsdeel_levers``.
GUARANTEE, SIDE_ENTRY, REENTRY = range(3)

# Events counted in ``counts``.
HIRES, SEPARATIONS, LAYOFFS, OUTFLOW_TO_NON_TECHNICAL, INFLOW_FROM_NON_TECHNICAL, \
    GRADUATE_HIRES, TECHNICAL_GRADUATE_HIRES, APPLICATIONS, JOB_TO_JOB = range(9)
N_EVENTS = 9

# Purposes of the keyed random draws: one per decision a person takes in a month.
LEAVE_JOB, GIVE_UP, RETURN, SEARCH_ON_JOB, ORDER, ELSEWHERE, WHICH_LANDSDEEL, \
    WHICH_SECTOR, OPEN_SEARCH, PLACEMENT, SUCCESS, WHICH_FIRM = range(12)


@njit(cache=True)
def separate(status, employer, months, flags, key, firm_staff, firm_layoff, firm_separation, sector,
             landsdeel, landsdeel_levers, params, seed, month, counts):
    """Stage 1: separations and moves between unemployment and inactivity."""
    for p in range(len(status)):
        s = status[p]
        if s == EMPLOYED:
            f = employer[p]
            u = keyed_uniform(seed, month, key[p], LEAVE_JOB)
            layoff = firm_layoff[f]
            to_unemployment = layoff + params[SEPARATION_TO_UNEMPLOYMENT] * firm_separation[f]
            if u < to_unemployment + params[SEPARATION_TO_INACTIVITY] * firm_separation[f]:
                status[p] = UNEMPLOYED if u < to_unemployment else INACTIVE
                employer[p] = -1
                months[p] = 0
                flags[p] &= ~TEACHER
                firm_staff[f] -= 1
                counts[SEPARATIONS, landsdeel[p], sector[p]] += 1
                if u < layoff:
                    counts[LAYOFFS, landsdeel[p], sector[p]] += 1
        elif s == UNEMPLOYED:
            if keyed_uniform(seed, month, key[p], GIVE_UP) < params[UNEMPLOYED_TO_INACTIVE]:
                status[p] = INACTIVE
                months[p] = 0
        elif s == INACTIVE and sector[p] >= 0:
            if keyed_uniform(seed, month, key[p], RETURN) < params[INACTIVE_TO_SEARCH] * landsdeel_levers[REENTRY, landsdeel[p]]:
                status[p] = UNEMPLOYED
                months[p] = 0


@njit(cache=True)
def searches(status, sector, u, reentry, params):
    """Whether a person applies this month: every unemployed person; an employed one with
    probability ``ON_THE_JOB_SEARCH``; an inactive one with a last job or field with probability
    ``INACTIVE_JOB_SEARCH`` x the re-entry lever (people outside the labour force who take a job
    when one comes along: CBS counts more moves from inactivity straight into work than into
    unemployment)."""
    if status == UNEMPLOYED:
        return True
    if status == EMPLOYED:
        return u < params[ON_THE_JOB_SEARCH]
    return status == INACTIVE and sector >= 0 and u < params[INACTIVE_JOB_SEARCH] * reentry


@njit(cache=True)
def dense_search(search_indptr, search_indices, search_weights, n_sectors):
    """The CSR search weights as a home sector x sector table (one lookup per sector later)."""
    table = np.zeros((n_sectors, n_sectors))
    for home in range(n_sectors):
        for k in range(search_indptr[home], search_indptr[home + 1]):
            table[home, search_indices[k]] = search_weights[k]
    return table


@njit(cache=True)
def sector_weight(j, home, open_search, placement, search, sector_technical):
    """How strongly a searcher from sector ``home`` leans towards sector ``j`` (before vacancies);
    a placement offer comes from the technical sectors only, by skill relatedness."""
    if placement:
        return search[home, j] if sector_technical[j] else 0.0
    if open_search:
        return 1.0
    return search[home, j]


@njit(cache=True)
def choose_cell(person_key, home_sector, home_landsdeel, flags, placement, cell_vacancies, landsdeel_vacancies,
                search, sector_technical, cell_attraction, params, seed, month, expected, weights):
    """Stage 2 for one searcher (drawing with her key): the landsdeel x sector cell applied to, or -1;
    with ``placement`` the cell of the placement service's offer (own landsdeel, technical sectors).
    Adds her chance of choosing each sector of the landsdeel she looks in to ``expected``;
    ``weights`` is scratch space of one float per sector."""
    n_sectors = cell_vacancies.shape[1]
    target = home_landsdeel
    if not placement and keyed_uniform(seed, month, person_key, ELSEWHERE) < params[CROSS_LANDSDEEL]:
        total = landsdeel_vacancies.sum() - landsdeel_vacancies[home_landsdeel]
        if total > 0:
            r = keyed_uniform(seed, month, person_key, WHICH_LANDSDEEL) * total
            for l in range(len(landsdeel_vacancies)):
                if l != home_landsdeel and landsdeel_vacancies[l] > 0:
                    target = l
                    r -= landsdeel_vacancies[l]
                    if r < 0:
                        break
    open_search = not placement and (flags & FRESH_GRADUATE) != 0 and \
        keyed_uniform(seed, month, person_key, OPEN_SEARCH) < params[GRADUATE_OPEN_SEARCH]
    total = 0.0
    for j in range(n_sectors):
        weights[j] = sector_weight(j, home_sector, open_search, placement, search, sector_technical) \
            * cell_vacancies[target, j] * cell_attraction[target * n_sectors + j]
        total += weights[j]
    if total <= 0:
        return -1
    r = keyed_uniform(seed, month, person_key, WHICH_SECTOR) * total
    chosen = -1
    for j in range(n_sectors):
        if weights[j] > 0:
            chosen = j
            r -= weights[j]
            if r < 0:
                break
    for j in range(n_sectors):
        expected[target * n_sectors + j] += weights[j] / total
    return target * n_sectors + chosen


@njit(cache=True)
def hire_firm(cell, cell_first_firm, firm_vacancies, u):
    """The firm in ``cell`` that hires, in proportion to its open vacancies, or -1. A firm row
    stands for all employers of its size class in the cell, so a worker can move to another
    employer within her own row."""
    first, last = cell_first_firm[cell], cell_first_firm[cell + 1]
    total = 0
    for f in range(first, last):
        total += firm_vacancies[f]
    if total == 0:
        return -1
    r = u * total
    chosen = -1
    for f in range(first, last):
        if firm_vacancies[f] > 0:
            chosen = f
            r -= firm_vacancies[f]
            if r < 0:
                break
    return chosen


@njit(cache=True)
def expected_hires(vacancies, applicants, chance):
    """Expected hires when ``applicants`` each succeed with ``chance`` and are served while the
    ``vacancies`` last: E[min(V, S)] with S ~ Binomial(A, chance). The tail beyond ``TAIL_SDS``
    standard deviations is left out (the vacancies are then as good as never exhausted)."""
    mean = applicants * chance
    if applicants <= vacancies or chance <= 0.0:
        return mean
    if chance >= 1.0:
        return float(vacancies)
    if vacancies - mean > TAIL_SDS * math.sqrt(mean * (1.0 - chance)) + 1.0:
        return mean
    shortfall, log_pmf, log_odds = 0.0, applicants * math.log1p(-chance), math.log(chance) - math.log1p(-chance)
    for k in range(vacancies):
        shortfall += (vacancies - k) * math.exp(log_pmf)
        log_pmf += math.log((applicants - k) / (k + 1.0)) + log_odds
    return vacancies - shortfall


@njit(cache=True)
def served_chance(vacancies, applicants, chance):
    """The chance per applicant at which serving applicants while vacancies last fills, in
    expectation, the ``min(V, A x chance)`` vacancies that the matching function promises. At
    small counts (coarse scales) a cell's vacancies run out in some months and not in others,
    which loses hires that a large cell would make (Jensen's inequality); this undoes it."""
    target = min(float(vacancies), applicants * chance)
    if expected_hires(vacancies, applicants, chance) >= target:
        return chance
    low, high = chance, 1.0
    for _ in range(BISECTION_STEPS):
        middle = 0.5 * (low + high)
        if expected_hires(vacancies, applicants, middle) < target:
            low = middle
        else:
            high = middle
    return high


@njit(cache=True)
def mobility_step(status, sector, landsdeel, technical, employer, months, flags, key,
                  firm_staff, firm_vacancies, firm_layoff, firm_separation, cell_first_firm,
                  search_indptr, search_indices, search_weights, sector_technical, landsdeel_levers,
                  cell_efficiency, cell_attraction, params, seed, month, counts):
    """One month of separations, search and matching; updates persons and firms in place."""
    n_landsdelen, n_sectors = counts.shape[1], counts.shape[2]
    separate(status, employer, months, flags, key, firm_staff, firm_layoff, firm_separation, sector,
             landsdeel, landsdeel_levers, params, seed, month, counts)

    cell_vacancies = np.zeros((n_landsdelen, n_sectors), dtype=np.int64)
    for cell in range(n_landsdelen * n_sectors):
        for f in range(cell_first_firm[cell], cell_first_firm[cell + 1]):
            cell_vacancies[cell // n_sectors, cell % n_sectors] += firm_vacancies[f]
    landsdeel_vacancies = cell_vacancies.sum(axis=1).astype(np.float64)

    searching = np.zeros(len(status), dtype=np.bool_)
    n_seekers = 0
    for p in range(len(status)):
        if searches(status[p], sector[p], keyed_uniform(seed, month, key[p], SEARCH_ON_JOB),
                    landsdeel_levers[REENTRY, landsdeel[p]], params):
            searching[p] = True
            n_seekers += 1
    seekers = np.flatnonzero(searching)
    priority = np.empty(n_seekers)
    for k in range(n_seekers):
        priority[k] = keyed_uniform(seed, month, key[seekers[k]], ORDER)
    seekers = seekers[np.argsort(priority, kind="mergesort")]
    search = dense_search(search_indptr, search_indices, search_weights, n_sectors)

    targets = np.empty(n_seekers, dtype=np.int64)
    placed = np.zeros(n_seekers, dtype=np.bool_)
    applicants = np.zeros(n_landsdelen * n_sectors, dtype=np.int64)
    expected = np.zeros(n_landsdelen * n_sectors)
    weights = np.empty(n_sectors)
    for k in range(n_seekers):
        p = seekers[k]
        cell = -1
        if status[p] == UNEMPLOYED and technical[p] and sector_technical[sector[p]] and \
                keyed_uniform(seed, month, key[p], PLACEMENT) < landsdeel_levers[GUARANTEE, landsdeel[p]]:
            cell = choose_cell(key[p], sector[p], landsdeel[p], flags[p], True, cell_vacancies, landsdeel_vacancies,
                               search, sector_technical, cell_attraction, params, seed, month, expected, weights)
            placed[k] = cell >= 0
        if cell < 0:
            cell = choose_cell(key[p], sector[p], landsdeel[p], flags[p], False, cell_vacancies, landsdeel_vacancies,
                               search, sector_technical, cell_attraction, params, seed, month, expected, weights)
        targets[k] = cell
        if cell >= 0:
            applicants[cell] += 1
            counts[APPLICATIONS, cell // n_sectors, cell % n_sectors] += 1

    success = np.zeros(n_landsdelen * n_sectors)
    for cell in range(n_landsdelen * n_sectors):
        if applicants[cell] > 0:
            ratio = cell_vacancies[cell // n_sectors, cell % n_sectors] / expected[cell]
            efficiency = params[MATCH_EFFICIENCY] * cell_efficiency[cell]
            success[cell] = min(1.0, efficiency * ratio ** params[MATCH_ELASTICITY])

    chance = np.zeros(n_seekers)
    total_chance = np.zeros(n_landsdelen * n_sectors)
    for k in range(n_seekers):
        cell = targets[k]
        if cell >= 0:
            fit = 1.0
            if sector_technical[cell % n_sectors] and not technical[seekers[k]]:
                fit = min(1.0, params[SIDE_ENTRY_FIT] * landsdeel_levers[SIDE_ENTRY, cell // n_sectors])
            chance[k] = 1.0 if placed[k] else min(1.0, success[cell] * fit)
            total_chance[cell] += chance[k]
    served = np.ones(n_landsdelen * n_sectors)
    for cell in range(n_landsdelen * n_sectors):
        if total_chance[cell] > 0:
            mean = total_chance[cell] / applicants[cell]
            served[cell] = served_chance(cell_vacancies[cell // n_sectors, cell % n_sectors], applicants[cell],
                                         mean) / mean

    for k in range(n_seekers):
        cell = targets[k]
        if cell < 0:
            continue
        l, j = cell // n_sectors, cell % n_sectors
        if cell_vacancies[l, j] == 0:
            continue
        p = seekers[k]
        if not placed[k] and keyed_uniform(seed, month, key[p], SUCCESS) >= min(1.0, served[cell] * chance[k]):
            continue
        f = hire_firm(cell, cell_first_firm, firm_vacancies, keyed_uniform(seed, month, key[p], WHICH_FIRM))
        if f < 0:
            continue
        old_sector, old_landsdeel = sector[p], landsdeel[p]
        if employer[p] >= 0:
            firm_staff[employer[p]] -= 1
            counts[SEPARATIONS, old_landsdeel, old_sector] += 1
            counts[JOB_TO_JOB, l, j] += 1
        if flags[p] & FRESH_GRADUATE:
            counts[GRADUATE_HIRES, l, j] += 1
            if technical[p]:
                counts[TECHNICAL_GRADUATE_HIRES, l, j] += 1
        elif sector_technical[old_sector] and not sector_technical[j]:
            counts[OUTFLOW_TO_NON_TECHNICAL, old_landsdeel, old_sector] += 1
        elif sector_technical[j] and not sector_technical[old_sector]:
            counts[INFLOW_FROM_NON_TECHNICAL, l, j] += 1
        status[p] = EMPLOYED
        sector[p] = j
        landsdeel[p] = l
        employer[p] = f
        months[p] = 0
        flags[p] &= ~FRESH_GRADUATE
        if j != old_sector:
            flags[p] &= ~TEACHER
        firm_staff[f] += 1
        firm_vacancies[f] -= 1
        cell_vacancies[l, j] -= 1
        counts[HIRES, l, j] += 1
