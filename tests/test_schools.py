"""Education: graduates enter the labour market over June-October, and the technical teacher
labour market (recruitment and attrition answering the shortage and relative pay)."""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pandas as pd

from abm.codes import Flag, Status
from abm.model import TechLabourModel
from abm.parameters import Parameters
from abm.scenario import Scenario

NO_CYCLE = dict(cycle_volatility=0.0, public_demand_volatility=0.0)
IN_SCHOOL = [Status.PUPIL, Status.STUDENT, Status.BBL]
IN_LABOUR_MARKET = [Status.EMPLOYED, Status.UNEMPLOYED, Status.INACTIVE]
SEASON_SEEDS = (1, 2, 3, 4)
SEASON_SCALE = 500


def assert_people_conserved(model: TechLabourModel) -> None:
    """Every person has one status, every worker one employer, and the firms' books agree."""
    pop, book = model.population, model.firms_book
    assert np.bincount(pop.status, minlength=len(Status)).sum() == len(pop)
    employed = pop.status == Status.EMPLOYED
    assert np.array_equal(np.bincount(pop.employer[employed], minlength=len(book.staff)), book.staff)
    bbl = pop.status == Status.BBL
    assert (pop.employer[bbl] >= 0).all() and (pop.employer[~(employed | bbl)] == -1).all()
    assert (book.vacancies >= 0).all() and (book.vacancies == book.vacancy_age.sum(axis=1)).all()


@cache
def school_leaving(seed: int, season: tuple[tuple[int, float], ...] | None = None,
                   job_before_diploma: float = 0.5) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Three years without a business cycle at ``SEASON_SCALE``: monthly national unemployed, the
    school leavers entering the labour market per year, and the indicators. ``season`` replaces the
    graduation season's profile ({9: 1.0} with no job before the diploma is the old September rule).
    People are checked for conservation every month."""
    model = TechLabourModel(Scenario(parameters=Parameters(job_before_diploma=job_before_diploma, **NO_CYCLE)),
                            scale=SEASON_SCALE, seed=seed)
    if season is not None:
        model.education.season = dict(season)
    unemployed, entrants = [], np.zeros(3)
    for month in range(36):
        before = model.population.status.copy()
        model.step()
        assert_people_conserved(model)
        now = model.population.status[:len(before)]
        entrants[month // 12] += (np.isin(before, IN_SCHOOL) & np.isin(now, IN_LABOUR_MARKET)).sum()
        unemployed.append((model.population.status == Status.UNEMPLOYED).sum())
    return np.array(unemployed), entrants, model.indicators()


def test_unemployment_shows_a_seasonal_bump_not_a_september_jump():
    for seed in SEASON_SEEDS:
        unemployed, _, _ = school_leaving(seed)
        assert (unemployed[1:] / unemployed[:-1]).max() <= 1.15, seed


def test_the_old_september_rule_jumped():
    unemployed, _, _ = school_leaving(SEASON_SEEDS[0], ((9, 1.0),), 0.0)
    assert (unemployed[1:] / unemployed[:-1]).max() > 1.5


def yearly_technical_graduates(frame: pd.DataFrame) -> pd.Series:
    rows = frame[(frame.indicator == "technical_graduates") & (frame.landsdeel == "NL") & (frame.sector == "all")]
    return rows.groupby(rows.date.dt.year).value.sum()


def test_as_many_school_leavers_enter_the_labour_market_as_under_the_september_rule():
    new, old, new_graduates, old_graduates = [], [], [], []
    for seed in SEASON_SEEDS:
        _, entrants, frame = school_leaving(seed)
        _, entrants_old, frame_old = school_leaving(seed, ((9, 1.0),), 0.0)
        new.append(entrants.sum())
        old.append(entrants_old.sum())
        new_graduates.append(yearly_technical_graduates(frame).loc[2023:2025].sum())
        old_graduates.append(yearly_technical_graduates(frame_old).loc[2023:2025].sum())
    for spread, september in ((new, old), (new_graduates, old_graduates)):
        difference = np.array(spread) - np.array(september)
        standard_error = difference.std(ddof=1) / np.sqrt(len(difference))
        assert abs(difference.mean()) < max(2 * standard_error, 0.03 * np.mean(september)), (spread, september)
        assert min(spread) > 0


def test_graduates_leave_school_from_june_to_october_some_already_employed():
    _, _, frame = school_leaving(SEASON_SEEDS[0])
    graduates = frame[(frame.indicator == "technical_graduates") & (frame.landsdeel == "NL")].set_index("date").value
    months = graduates[graduates > 0].index.month
    assert set(months) == {6, 7, 8, 9, 10}
    hires = frame[(frame.indicator == "hires") & (frame.landsdeel == "NL") & (frame.sector == "all")].set_index("date").value
    assert hires[hires.index.month.isin([6, 7])].mean() > hires[hires.index.month.isin([3, 4])].mean()


def test_a_run_starting_inside_the_season_still_graduates_and_enrols():
    model = TechLabourModel(Scenario(parameters=Parameters(**NO_CYCLE)), scale=2000, seed=3, start=dt.date(2024, 7, 1))
    pop = model.population
    for _ in range(4):
        model.step()
        assert_people_conserved(model)
    frame = model.indicators()
    graduates = frame[(frame.indicator == "technical_graduates") & (frame.landsdeel == "NL")]
    assert graduates.value.sum() > 0
    assert "technical_intake_share_mbo_men" in set(frame.indicator)
    fresh = ((pop.flags & Flag.FRESH_GRADUATE) > 0) & (pop.status == Status.EMPLOYED)
    assert not fresh.any()
