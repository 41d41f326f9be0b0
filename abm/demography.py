"""Demography: ageing, retirement (early from 60, and at the latest at the state pension age),
exits at 76, net migration into the labour market, and each September a new cohort of
12-year-olds entering secondary school."""

from __future__ import annotations

import datetime as dt

import numpy as np

from abm.codes import Flag, Status
from abm.population import Population, blank
from abm.sampling import draw, stochastic_round
from abm.start_state import ADULT_LEVELS, MAX_AGE, MIN_AGE, TECHNICAL_SHARE_OF_WORKERS, VO_SHARES

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


EARLY_RETIREMENT: tuple[tuple[int, float], ...] = ((60, 0.034),)
"""Yearly retirement hazard of workers from an age on, before the state pension age: CBS counts
86,000 employees retiring in 2023, 26 % of them before 65 (nieuws.nl 2024-04-29 citing CBS: 74 %
were 65 or older), over the about 650,000 employees aged 60-64 (CBS 85267NED) = 3.4 % a year.
The fall of employment by age beyond that runs through the ordinary exits into inactivity."""


def retirement_hazard(age_months: np.ndarray, pension_age_months: int) -> np.ndarray:
    """Monthly chance to retire at each age (1 from the state pension age)."""
    hazard = np.zeros(len(age_months))
    for start, yearly in EARLY_RETIREMENT:
        hazard[age_months >= start * 12] = 1 - (1 - yearly) ** (1 / 12)
    hazard[age_months >= pension_age_months] = 1.0
    return hazard


def retire(population: Population, date: dt.date, staff: np.ndarray, uniforms) -> np.ndarray:
    """Retire workers and job seekers early with ``retirement_hazard`` and everyone at the state
    pension age (``uniforms(persons)`` gives their keyed draws); return who retired from a job."""
    candidates = np.flatnonzero(np.isin(population.status, WORKING)
                                & (population.age_months >= EARLY_RETIREMENT[0][0] * 12))
    hazard = retirement_hazard(population.age_months[candidates], state_pension_age_months(date))
    retiring = candidates[uniforms(candidates) < hazard]
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


def immigrants(population_share: np.ndarray, count: int, sector_weights: np.ndarray,
               technical_sector: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """``count`` working-age migrants entering the labour market as job seekers, by landsdeel in
    proportion to ``population_share``; aged 20-44, with a home sector drawn from the landsdeel's
    employment (``sector_weights``, landsdelen x sectors), a technical qualification as often as
    the workers of that sector, and the adult education levels of ``abm.start_state``."""
    cols = blank(count)
    landsdeel = rng.choice(len(population_share), size=count, p=population_share / population_share.sum())
    cols["landsdeel"][:] = landsdeel
    cols["age_months"][:] = rng.integers(20 * 12, 45 * 12, count)
    cols["sex"][:] = rng.random(count) < 0.5
    cols["status"][:] = Status.UNEMPLOYED
    weights = sector_weights[landsdeel] + 1e-9
    cumulative = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
    sector = np.minimum((cumulative < rng.random(count)[:, None]).sum(axis=1), sector_weights.shape[1] - 1)
    cols["sector"][:] = sector
    technical = rng.random(count) < np.where(technical_sector[sector], TECHNICAL_SHARE_OF_WORKERS[True],
                                             TECHNICAL_SHARE_OF_WORKERS[False])
    cols["technical"][:] = technical
    for flag in (True, False):
        group = np.flatnonzero(technical == flag)
        cols["level"][group] = draw(rng, ADULT_LEVELS[flag], len(group))
    return cols
