"""Demography: ageing, retirement at the state pension age, exits at 76, and each September a
new cohort of 12-year-olds entering secondary school."""

from __future__ import annotations

import datetime as dt

import numpy as np

from abm.codes import Flag, Status
from abm.population import Population, blank
from abm.sampling import draw, stochastic_round
from abm.start_state import MAX_AGE, MIN_AGE, VO_SHARES

COHORT_OF_TWELVE = 200_000
"""Persons turning 12 each year in the Netherlands (CBS 7461bev, ~200,000 in 2023)."""
WORKING = np.array([Status.EMPLOYED, Status.UNEMPLOYED, Status.INACTIVE], dtype=np.int8)


def state_pension_age_months(date: dt.date) -> int:
    """AOW age: 66y10m in 2023, 67 in 2024-2027, 67y3m from 2028 (SVB; law of 2019)."""
    if date.year <= 2023:
        return 66 * 12 + 10
    return 67 * 12 if date.year <= 2027 else 67 * 12 + 3


def age(population: Population) -> None:
    """Everyone still in scope grows a month older; time in status goes on."""
    alive = population.status != Status.EXITED
    population.age_months[alive] += 1
    population.months[alive] += 1


def retire(population: Population, date: dt.date, staff: np.ndarray) -> np.ndarray:
    """Retire those at the state pension age; return who retired from a job."""
    due = np.isin(population.status, WORKING) & (population.age_months >= state_pension_age_months(date))
    retiring = np.flatnonzero(due)
    from_work = retiring[population.status[retiring] == Status.EMPLOYED]
    np.subtract.at(staff, population.employer[from_work], 1)
    population.status[retiring] = Status.RETIRED
    population.employer[retiring] = -1
    population.months[retiring] = 0
    population.flags[retiring] &= ~np.int8(Flag.TEACHER)
    return from_work


def exit_old(population: Population) -> None:
    """Persons past 75 leave the model's scope (status EXITED, never deleted)."""
    old = (population.age_months >= (MAX_AGE + 1) * 12) & (population.status != Status.EXITED)
    population.status[old] = Status.EXITED


def new_cohort(population_share: np.ndarray, scale: float, vo_technical: dict[int, float],
               exposure: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """This September's 12-year-olds per landsdeel, each starting vmbo, havo or vwo.

    ``vo_technical`` is the share with a technical profile per vo level; ``exposure``
    (per landsdeel, 1 at baseline) scales it, which is how technology promotion acts.
    """
    sizes = stochastic_round(COHORT_OF_TWELVE * population_share / scale, rng)
    cols = blank(int(sizes.sum()))
    cols["landsdeel"][:] = np.repeat(np.arange(len(sizes)), sizes)
    cols["age_months"][:] = MIN_AGE * 12 + rng.integers(0, 12, len(cols["landsdeel"]))
    cols["sex"][:] = rng.random(len(cols["sex"])) < 0.5
    cols["status"][:] = Status.PUPIL
    cols["level"][:] = draw(rng, VO_SHARES, len(cols["level"]))
    share = np.vectorize(vo_technical.get)(cols["level"]) * exposure[cols["landsdeel"]]
    cols["technical"][:] = rng.random(len(share)) < np.minimum(share, 0.95)
    return cols
