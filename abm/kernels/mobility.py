"""The monthly mobility step over the person arrays: separations, search and matching.

One compiled pass per month, in three stages:

1. **Flows out of and between non-work states.** Each employed person is laid off with her
   firm's layoff probability (firms above their labour demand shed staff) or leaves for
   unemployment or inactivity at the base separation rates; the unemployed become inactive
   (discouraged) and the inactive of working age return to search at fixed monthly rates.
2. **Search.** The unemployed and a share of the employed (on-the-job search) pick where to
   apply: their own landsdeel, or with a small probability another one in proportion to its
   vacancies; then a sector with probability proportional to *skill relatedness to their
   home sector x that sector's vacancies* (del Rio-Chanona et al. 2021, J. R. Soc. Interface 18;
   Neffke & Henning 2013). The home sector is the sector of the last job, or the field of study.
3. **Matching.** Per landsdeel x sector cell a Cobb-Douglas matching function
   ``hires = m V^a A^(1-a)`` (Petrongolo & Pissarides 2001, J. Econ. Lit. 39) gives the chance
   ``min(1, m (V/A)^a)`` that an application succeeds; applicants without a technical
   background succeed less often in technical sectors (``side_entry_fit``). Applicants are
   served in random order while vacancies last; the hiring firm in the cell is drawn in
   proportion to its open vacancies.

Everything is a pure function of the arrays and the random ``state``; counts per landsdeel x
sector go to ``counts[event, landsdeel, sector]``.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from abm.kernels.rng import below, shuffle, uniform

# Status codes (abm.codes.Status) as plain ints for numba.
EMPLOYED, UNEMPLOYED, INACTIVE = 3, 4, 5
FRESH_GRADUATE, TEACHER = 1, 2

# Indices into ``params``.
SEPARATION_TO_UNEMPLOYMENT, SEPARATION_TO_INACTIVITY, UNEMPLOYED_TO_INACTIVE, \
    INACTIVE_TO_SEARCH, ON_THE_JOB_SEARCH, CROSS_LANDSDEEL, MATCH_EFFICIENCY, \
    MATCH_ELASTICITY, SIDE_ENTRY_FIT = range(9)
N_PARAMS = 9

# Events counted in ``counts``.
HIRES, SEPARATIONS, LAYOFFS, OUTFLOW_TO_NON_TECHNICAL, INFLOW_FROM_NON_TECHNICAL, \
    GRADUATE_HIRES, TECHNICAL_GRADUATE_HIRES, APPLICATIONS = range(8)
N_EVENTS = 8


@njit(cache=True)
def separate(status, employer, months, flags, firm_staff, firm_layoff, sector, landsdeel,
             params, state, counts):
    """Stage 1: separations and moves between unemployment and inactivity."""
    for p in range(len(status)):
        s = status[p]
        if s == EMPLOYED:
            f = employer[p]
            u = uniform(state)
            layoff = firm_layoff[f]
            to_unemployment = layoff + params[SEPARATION_TO_UNEMPLOYMENT]
            if u < to_unemployment + params[SEPARATION_TO_INACTIVITY]:
                status[p] = UNEMPLOYED if u < to_unemployment else INACTIVE
                employer[p] = -1
                months[p] = 0
                flags[p] &= ~TEACHER
                firm_staff[f] -= 1
                counts[SEPARATIONS, landsdeel[p], sector[p]] += 1
                if u < layoff:
                    counts[LAYOFFS, landsdeel[p], sector[p]] += 1
        elif s == UNEMPLOYED:
            if uniform(state) < params[UNEMPLOYED_TO_INACTIVE]:
                status[p] = INACTIVE
                months[p] = 0
        elif s == INACTIVE and sector[p] >= 0:
            if uniform(state) < params[INACTIVE_TO_SEARCH]:
                status[p] = UNEMPLOYED
                months[p] = 0


@njit(cache=True)
def choose_cell(home_sector, home_landsdeel, cell_vacancies, landsdeel_vacancies,
                search_indptr, search_indices, search_weights, params, state):
    """Stage 2 for one searcher: the landsdeel x sector cell applied to, or -1 if none."""
    n_sectors = cell_vacancies.shape[1]
    target = home_landsdeel
    if uniform(state) < params[CROSS_LANDSDEEL]:
        total = landsdeel_vacancies.sum() - landsdeel_vacancies[home_landsdeel]
        if total > 0:
            r = uniform(state) * total
            for l in range(len(landsdeel_vacancies)):
                if l != home_landsdeel:
                    r -= landsdeel_vacancies[l]
                    if r < 0:
                        target = l
                        break
    start, stop = search_indptr[home_sector], search_indptr[home_sector + 1]
    total = 0.0
    for k in range(start, stop):
        total += search_weights[k] * cell_vacancies[target, search_indices[k]]
    if total <= 0:
        return -1
    r = uniform(state) * total
    chosen = search_indices[stop - 1]
    for k in range(start, stop):
        r -= search_weights[k] * cell_vacancies[target, search_indices[k]]
        if r < 0:
            chosen = search_indices[k]
            break
    return target * n_sectors + chosen


@njit(cache=True)
def hire_firm(cell, cell_first_firm, firm_vacancies, state):
    """The firm in ``cell`` that hires, drawn in proportion to its open vacancies."""
    first, last = cell_first_firm[cell], cell_first_firm[cell + 1]
    total = 0
    for f in range(first, last):
        total += firm_vacancies[f]
    r = below(state, total)
    for f in range(first, last):
        r -= firm_vacancies[f]
        if r < 0:
            return f
    return last - 1


@njit(cache=True)
def mobility_step(status, sector, landsdeel, technical, employer, months, flags,
                  firm_staff, firm_vacancies, firm_layoff, cell_first_firm,
                  search_indptr, search_indices, search_weights, sector_technical,
                  params, state, counts):
    """One month of separations, search and matching; updates persons and firms in place."""
    n_landsdelen, n_sectors = counts.shape[1], counts.shape[2]
    separate(status, employer, months, flags, firm_staff, firm_layoff, sector, landsdeel,
             params, state, counts)

    cell_vacancies = np.zeros((n_landsdelen, n_sectors), dtype=np.int64)
    for cell in range(n_landsdelen * n_sectors):
        for f in range(cell_first_firm[cell], cell_first_firm[cell + 1]):
            cell_vacancies[cell // n_sectors, cell % n_sectors] += firm_vacancies[f]
    landsdeel_vacancies = cell_vacancies.sum(axis=1).astype(np.float64)

    seekers = np.empty(len(status), dtype=np.int64)
    n_seekers = 0
    for p in range(len(status)):
        if status[p] == UNEMPLOYED or (status[p] == EMPLOYED and uniform(state) < params[ON_THE_JOB_SEARCH]):
            seekers[n_seekers] = p
            n_seekers += 1
    seekers = seekers[:n_seekers]
    shuffle(state, seekers)

    targets = np.empty(n_seekers, dtype=np.int64)
    applicants = np.zeros(n_landsdelen * n_sectors, dtype=np.int64)
    for k in range(n_seekers):
        p = seekers[k]
        cell = choose_cell(sector[p], landsdeel[p], cell_vacancies, landsdeel_vacancies,
                           search_indptr, search_indices, search_weights, params, state)
        targets[k] = cell
        if cell >= 0:
            applicants[cell] += 1
            counts[APPLICATIONS, cell // n_sectors, cell % n_sectors] += 1

    success = np.zeros(n_landsdelen * n_sectors)
    for cell in range(n_landsdelen * n_sectors):
        if applicants[cell] > 0:
            ratio = cell_vacancies[cell // n_sectors, cell % n_sectors] / applicants[cell]
            success[cell] = min(1.0, params[MATCH_EFFICIENCY] * ratio ** params[MATCH_ELASTICITY])

    for k in range(n_seekers):
        cell = targets[k]
        if cell < 0:
            continue
        l, j = cell // n_sectors, cell % n_sectors
        if cell_vacancies[l, j] == 0:
            continue
        p = seekers[k]
        fit = params[SIDE_ENTRY_FIT] if sector_technical[j] and not technical[p] else 1.0
        if uniform(state) >= success[cell] * fit:
            continue
        f = hire_firm(cell, cell_first_firm, firm_vacancies, state)
        old_sector, old_landsdeel = sector[p], landsdeel[p]
        if employer[p] >= 0:
            firm_staff[employer[p]] -= 1
            counts[SEPARATIONS, old_landsdeel, old_sector] += 1
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
