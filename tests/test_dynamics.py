"""The no-policy dynamics a labour economist would check: a baseline that stays in CPB's range,
Dutch flow rates in every year, countercyclical job destruction, slow recovery after a recession,
and answers that do not depend on the scale (all paired by seed: the same business cycle)."""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pandas as pd
import pytest

from abm.scenario import Scenario
from abm.shocks import DemandShock
from experiments.calibrate import FLOWS, targets
from experiments.flows import simulate_with_flows
from experiments.referee import national, unemployment_rate

YEARS = 13
BASELINE_SEEDS = tuple(range(10))


@cache
def run(scale: float, seed: int, years: int = YEARS, shock: DemandShock | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Indicators and yearly flows of one run."""
    return simulate_with_flows(Scenario(name="test", shocks=(shock,) if shock else ()), years, scale, seed)


@pytest.fixture(scope="module")
def baseline() -> list[tuple[pd.DataFrame, pd.DataFrame]]:
    return [run(100, seed) for seed in BASELINE_SEEDS]


def test_unemployment_2026_2030_stays_in_the_range_of_cpbs_projection(baseline):
    """CPB (quoted in the Aanvalsplan 2022): 4.4 % in 2022-2025, 5.3 % in 2026-2030; CBS: 3.6 % in 2023."""
    for frame, _ in baseline:
        rate = unemployment_rate(frame)
        assert 3.5 <= rate.loc["2026":"2030"].mean() <= 5.5
        assert rate.loc["2031":].mean() > 2.5  # no runaway after 2030 either


@pytest.mark.parametrize("moment", [m for m in FLOWS if m != "job_to_job_share"])
def test_flows_stay_at_dutch_rates_in_every_year(baseline, moment):
    goal = targets()[moment]
    per_year = pd.concat([flows[moment] for _, flows in baseline], axis=1).mean(axis=1)
    assert len(per_year) == YEARS
    assert ((per_year - goal).abs() <= 0.2 * goal).all(), per_year.round(3).to_dict()


def test_job_to_job_moves_stay_at_dutch_rates_to_2026(baseline):
    """Job-to-job moves rise with tightness: within 20 % of CBS's 14 % a year to 2026; later they
    drift above it (about 17.5 % by 2035, docs/validation.md), as the plan's vacancies grow."""
    per_year = pd.concat([flows["job_to_job_share"] for _, flows in baseline], axis=1).mean(axis=1)
    assert ((per_year.loc[:2026] - 14.0).abs() <= 0.2 * 14.0).all(), per_year.round(3).to_dict()


def cyclical(series: pd.Series) -> pd.Series:
    """Deviation from a centred two-year moving average (the trend removed)."""
    return (series - series.rolling(25, center=True).mean()).dropna()


def test_job_destruction_is_countercyclical_in_every_seed(baseline):
    for frame, _ in baseline:
        employed = national(frame, "employed")
        layoff_rate = cyclical(national(frame, "layoffs") / employed)
        vacancy_rate = cyclical(national(frame, "vacancies") / (employed + national(frame, "vacancies")))
        assert np.corrcoef(layoff_rate, vacancy_rate.loc[layoff_rate.index])[0, 1] < 0


RECESSION = DemandShock(start=dt.date(2025, 1, 1), months=24, size=-0.05, ramp_months=6)
SHOCK_SEEDS = tuple(range(6))


def test_a_recession_destroys_jobs_and_unemployment_outlasts_it():
    calm, hit = ([run(500, seed, 6, shock) for seed in SHOCK_SEEDS] for shock in (None, RECESSION))
    during = slice("2025-03", "2026-10")
    layoffs = [national(h, "layoffs").loc[during].sum() / national(c, "layoffs").loc[during].sum()
               for (c, _), (h, _) in zip(calm, hit, strict=True)]
    assert min(layoffs) >= 3
    after = slice("2027-01", "2027-12")  # the year after demand is back
    gaps = np.array([unemployment_rate(h).loc[after].mean() - unemployment_rate(c).loc[after].mean()
                     for (c, _), (h, _) in zip(calm, hit, strict=True)])
    assert gaps.mean() - 1.645 * gaps.std(ddof=1) / np.sqrt(len(gaps)) > 0


STOCKS = (("employed", "all"), ("employed", "technical"), ("vacancies", "plan_2022"), ("vacancies", "all"),
          ("wage_index", "all"))
SCALE_SEEDS = tuple(range(5))


def test_stocks_do_not_depend_on_the_scale_paired_by_seed():
    """Scales 100 and 250 with the same seeds (the same business cycle): employment, vacancies and
    wages differ by less than two standard errors of the paired difference. Flows are not yet
    scale-free at coarse scales (docs/validation.md, section 3: two firms per cell and whole agents
    cap job-to-job moves in small cells)."""
    for indicator, sector in STOCKS:
        fine = np.array([national(run(100, seed, 5)[0], indicator, sector).loc["2025":].mean() for seed in SCALE_SEEDS])
        coarse = np.array([national(run(250, seed, 5)[0], indicator, sector).loc["2025":].mean() for seed in SCALE_SEEDS])
        diff = coarse - fine
        assert abs(diff.mean()) < 2 * diff.std(ddof=1) / np.sqrt(len(diff)), (indicator, sector, diff)
