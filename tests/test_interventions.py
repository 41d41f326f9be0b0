"""Interventions: each moves its target indicator the way its mechanism implies (over several
seeds, against the baseline with common random numbers), leaves the baseline untouched before
its start, acts where it is scoped, and books its cost."""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pandas as pd
import pytest

from abm.interventions import INTERVENTIONS
from abm.interventions.base import attainable_productivity, cell_mask, plan_sectors
from abm.model import TechLabourModel
from abm.parameters import Parameters
from abm.scenario import Scenario
from experiments.run import simulate

SEEDS = (1, 2, 3)
SCALE = 400
YEARS = 3


@cache
def run(scenario_json: str, seed: int, scale: float = SCALE) -> pd.DataFrame:
    return simulate(Scenario.model_validate_json(scenario_json), YEARS, scale, seed)


def scenario(*interventions: dict, **parameters: float) -> str:
    return Scenario(name="test", parameters=Parameters(**parameters),
                    interventions=[INTERVENTIONS[i["kind"]](**i) for i in interventions]).model_dump_json()


def series(frame: pd.DataFrame, indicator: str, sector: str = "all", landsdeel: str = "NL") -> pd.Series:
    rows = frame[(frame.indicator == indicator) & (frame.sector == sector) & (frame.landsdeel == landsdeel)]
    return rows.set_index("date").value


def effects(indicator: str, *interventions: dict, sector: str = "all", landsdeel: str = "NL",
            since: str = "2023-02-01", statistic=np.mean, scale: float = SCALE, **parameters: float) -> np.ndarray:
    """Per seed: statistic of the indicator with the interventions minus without."""
    base, policy = scenario(**parameters), scenario(*interventions, **parameters)
    out = []
    for seed in SEEDS:
        with_ = series(run(policy, seed, scale), indicator, sector, landsdeel).loc[since:]
        without = series(run(base, seed, scale), indicator, sector, landsdeel).loc[since:]
        out.append(statistic(with_.dropna()) - statistic(without.dropna()))
    return np.array(out)


def test_hybrid_teachers_lower_the_shortage_and_raise_technical_choice():
    teachers = {"kind": "hybrid_teachers", "count": 4000}
    assert effects("teacher_shortage_fte", teachers).mean() < -400
    assert effects("technical_intake_share_mbo_men", teachers).mean() > 0
    # Women are ~8 % of technical mbo entrants: at scale 400 a year's change is a fraction of one
    # agent, so the women's share is measured where it has enough agents to move (scale 100).
    assert effects("technical_intake_share_mbo_women", teachers, scale=100).mean() > 0


def test_work_guarantee_re_places_technicians_and_bars_no_sector():
    guarantee = {"kind": "work_guarantee"}
    assert (effects("unemployed_technical", guarantee) < 0).all()  # faster re-placement
    assert effects("employed", guarantee, sector="technical").mean() > 0
    assert effects("technical_intake_share_mbo_women", guarantee).mean() > 0
    assert effects("hard_to_fill_vacancies", guarantee, sector="plan_2022").mean() < 0
    # Technicians still leave for non-technical work as often as they choose to (a ban cut it by 80 %).
    outflow = effects("outflow_to_non_technical", guarantee, sector="technical", statistic=np.sum)
    baseline = np.array([series(run(scenario(), seed), "outflow_to_non_technical", "technical").sum() for seed in SEEDS])
    assert (outflow > -0.2 * baseline).all()


def test_programmatic_procurement_steadies_construction_and_trains_more():
    procurement = {"kind": "programmatic_procurement"}
    assert (effects("training_places", procurement, sector="technical") > 0).all()
    volatile = dict(public_demand_volatility=0.02)
    spread = effects("layoffs", procurement, sector="construction", statistic=np.std, **volatile)
    assert spread.mean() < 0


def test_technology_centres_add_training_places_and_retrain():
    centres = {"kind": "technology_centres"}
    assert (effects("training_places", centres, sector="technical") > 0).all()
    assert (effects("retrained_side_entrants", centres) > 0).all()


def test_productivity_offensive_lowers_labour_demand_through_attrition_at_a_capital_cost():
    offensive = {"kind": "productivity_offensive"}
    assert effects("vacancies", offensive, sector="plan_2022", since="2025-01-01").mean() < 0
    cost = effects("cost", offensive, statistic=np.sum, since="2023-01-01") / YEARS
    assert (cost > 100e6).all()  # the programme budget plus the firms' capital
    # Even at five times the plan's pace the gain comes out of open posts and attrition, not dismissals.
    # Three years of the plan's dismissals are 120-230 agents at scale 400, where the paired noise
    # alone is +-5 %; at scale 100 (500-900 agents) the 2 % bound is above the noise.
    fast = {"kind": "productivity_offensive", "extra_growth": 0.05}
    layoffs = effects("layoffs", fast, sector="plan_2022", statistic=np.sum, scale=100)
    baseline = np.array([series(run(scenario(), seed, 100), "layoffs", "plan_2022").sum() for seed in SEEDS])
    assert (layoffs < 0.02 * baseline).all()


def test_a_productivity_gain_saves_labour_only_where_posts_are_open():
    model = TechLabourModel(scale=5000, seed=1)
    plan = cell_mask(np.ones(len(model.landsdelen), dtype=bool), plan_sectors(model))
    book, staff = model.firms_book, model.employment()
    full = np.argwhere(plan)[0]
    cell = np.ravel_multi_index(full, plan.shape)
    firms = slice(book.cell_first_firm[cell], book.cell_first_firm[cell + 1])
    book.demand[firms] = book.staff[firms]  # this cell has no open post
    rate, saved = attainable_productivity(model, plan, 0.01)
    demand = book.demand.reshape(*plan.shape, -1).sum(axis=2)
    room = 12 * np.clip(demand - staff, 0, None) / demand
    assert rate[tuple(full)] == 0 and (rate[~plan] == 0).all()
    assert (rate <= np.minimum(0.01 * (1 - model.parameters.labour_demand_elasticity), room) + 1e-12).all()
    assert rate[plan].max() == pytest.approx(0.006)  # 1 % more output per worker saves 0.6 % of labour
    assert saved == pytest.approx(demand * rate / 12 * model.scale)


def test_modern_employership_raises_womens_choice_and_retention():
    employership = {"kind": "modern_employership"}
    assert effects("technical_intake_share_mbo_women", employership).mean() > 0
    assert effects("separations", employership, sector="technical").mean() < 0


def test_technology_promotion_raises_technical_choice():
    promotion = {"kind": "technology_promotion"}
    assert effects("technical_intake_share_mbo_men", promotion).mean() > 0
    assert effects("technical_intake_share_hbo_women", promotion).mean() > 0


DOSE = {"international_talent": {"graduates_per_year": 30_000}}
"""The default international-talent measure adds ~400 graduates a year: one or two agents at the
test scale, below the noise of the hiring chain it sets off; a tenfold dose shows its direction."""


@pytest.mark.parametrize("kind", ["lifelong_learning", "refugees", "non_eu_workers", "international_talent"])
def test_talent_from_elsewhere_raises_technical_employment(kind):
    measure = {"kind": kind, **DOSE.get(kind, {})}
    assert effects("employed", measure, sector="technical", since="2025-01-01").mean() > 0


def test_retraining_counts_its_side_entrants():
    assert (effects("retrained_side_entrants", {"kind": "lifelong_learning"}) > 0).all()


def test_nothing_changes_before_the_start_date():
    later = {"kind": "work_guarantee", "start": dt.date(2024, 7, 1)}
    for seed in SEEDS[:2]:
        before = run(scenario(later), seed)
        baseline = run(scenario(), seed)
        cut = pd.Timestamp(2024, 7, 1)
        pd.testing.assert_frame_equal(
            before[before.date < cut].drop(columns=[]).reset_index(drop=True),
            baseline[baseline.date < cut].reset_index(drop=True), check_like=False)
        assert not before[before.date >= cut].reset_index(drop=True).equals(baseline[baseline.date >= cut].reset_index(drop=True))


def test_cost_is_booked_only_while_active():
    guarantee = {"kind": "hybrid_teachers", "start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 1)}
    frame = run(scenario(guarantee), 1)
    cost = series(frame, "cost")
    assert (cost.loc[:"2023-12-01"] == 0).all() and (cost.loc["2025-01-01":] == 0).all()
    yearly = cost.loc["2024-01-01":"2024-12-01"].sum()
    assert yearly == pytest.approx(1000 * 0.2 * 80_000)


def test_scoped_intervention_acts_most_where_it_is_scoped():
    noord = {"kind": "hybrid_teachers", "count": 3000, "landsdelen": ["Noord"]}
    change = {l: abs(effects("teacher_shortage_fte", noord, landsdeel=l).mean())
              for l in ("Noord", "Noordwest", "Oost", "Zuidoost", "Zuidwest")}
    assert change["Noord"] == max(change.values()) and change["Noord"] > 2 * sorted(change.values())[-2]


def test_every_intervention_has_a_documented_source_and_parameters():
    for kind, cls in INTERVENTIONS.items():
        assert cls.__doc__ and "Source:" in cls.__doc__ and "Mechanism:" in cls.__doc__, kind
        own = [name for name in cls.model_fields if name not in ("kind", "start", "end", "landsdelen")]
        assert own, kind
        for name in own:
            field = cls.model_fields[name]
            assert field.description and field.json_schema_extra["unit"], f"{kind}.{name}"
