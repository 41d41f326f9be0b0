"""The model: start state against the calibration, conservation of people, determinism."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from abm.codes import Status
from abm.model import TechLabourModel
from abm.population import COLUMNS
from regions.calibration import national
from regions.employment import sector_mix

REQUIRED = {
    "employed", "unemployed", "vacancies", "hard_to_fill_vacancies", "hires", "separations",
    "outflow_to_non_technical", "inflow_from_non_technical", "retirements", "technical_graduates",
    "graduates_to_technical_job_share", "unemployment_rate_technical", "technical_intake_share_mbo_women",
    "technical_intake_share_hbo_men", "teacher_shortage_fte", "training_places",
}


@pytest.fixture(scope="module")
def start_model() -> TechLabourModel:
    return TechLabourModel(scale=100, seed=11)


@pytest.fixture(scope="module")
def run_14_months() -> TechLabourModel:
    model = TechLabourModel(scale=1000, seed=5)
    for _ in range(14):
        model.step()
    return model


def _at_start(model: TechLabourModel, indicator: str, sector: str) -> float:
    frame = model.indicators()
    row = frame[(frame.indicator == indicator) & (frame.landsdeel == "NL") & (frame.sector == sector)
                & (frame.date == pd.Timestamp(2023, 1, 1))]
    return float(row.value.iloc[0])


def test_start_matches_calibration(start_model):
    calibration, factor = start_model.data.calibration, start_model.employment_factor
    plan = [s.code for s in start_model.data.sectors if s.plan_2022]
    employed_plan = start_model.calibration.by_cell("employed")[:, [start_model.sectors.index(c) for c in plan]]
    assert _at_start(start_model, "employed", "plan_2022") == pytest.approx((employed_plan.sum(1) * factor).sum(), rel=0.01)
    assert _at_start(start_model, "vacancies", "plan_2022") == pytest.approx(national(calibration, "vacancies", plan), rel=0.02)
    assert _at_start(start_model, "vacancies", "all") == pytest.approx(national(calibration, "vacancies"), rel=0.01)
    unemployed = start_model.calibration.by_landsdeel("unemployed")
    assert _at_start(start_model, "unemployed", "all") == pytest.approx((unemployed * factor).sum(), rel=0.01)
    assert _at_start(start_model, "training_places", "plan_2022") == pytest.approx(
        national(calibration, "training_places"), rel=0.1)
    assert ((0.85 < factor) & (factor <= 1)).all()


def test_start_reproduces_each_landsdeels_cbs_sector_mix(start_model):
    employed = start_model.employment() * start_model.scale
    mix = employed / employed.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(mix, sector_mix(), rtol=0.02)
    target = start_model.calibration.by_cell("employed") * start_model.employment_factor[:, None]
    np.testing.assert_allclose(employed, target, rtol=0.02)


def _regional_target(model: TechLabourModel, indicator: str) -> np.ndarray:
    rows = model.data.targets.query("indicator == @indicator and period in ('2023', '2023Q2') and landsdeel != 'NL'")
    return rows.set_index("landsdeel").value.reindex(model.landsdelen).to_numpy()


def test_landsdelen_differ_where_the_cbs_data_differ(start_model):
    employed = start_model.employment() * start_model.scale
    technical = start_model.sector_technical.astype(bool)
    share = 100 * employed[:, technical].sum(axis=1) / employed.sum(axis=1)
    np.testing.assert_allclose(share, _regional_target(start_model, "technical_employment_share"), atol=1.0)
    assert share.max() - share.min() > 5
    pop = start_model.population
    rates = [100 * ((pop.landsdeel == l) & (pop.status == Status.UNEMPLOYED)).sum()
             / ((pop.landsdeel == l) & np.isin(pop.status, [Status.EMPLOYED, Status.UNEMPLOYED])).sum()
             for l in range(len(start_model.landsdelen))]
    np.testing.assert_allclose(rates, _regional_target(start_model, "unemployment_rate"), atol=0.3)


def test_every_person_is_accounted_for_every_month():
    model = TechLabourModel(scale=2000, seed=2)
    for _ in range(15):
        before = len(model.population)
        model.step()
        pop = model.population
        assert len(pop) >= before
        assert np.bincount(pop.status, minlength=len(Status)).sum() == len(pop)
        assert set(np.unique(pop.status)) <= set(int(s) for s in Status)
        employed = pop.status == Status.EMPLOYED
        assert model.firms_book.staff.sum() == employed.sum()
        assert np.array_equal(np.bincount(pop.employer[employed], minlength=len(model.firms_book.staff)),
                              model.firms_book.staff)
        bbl = pop.status == Status.BBL
        assert (pop.employer[bbl] >= 0).all() and (pop.employer[~(employed | bbl)] == -1).all()
        assert (model.firms_book.vacancies >= 0).all()
        assert (model.firms_book.vacancies == model.firms_book.vacancy_age.sum(axis=1)).all()


def test_september_brings_a_new_cohort_and_graduates(run_14_months):
    frame = run_14_months.indicators()
    september = frame[(frame.date == pd.Timestamp(2023, 9, 1)) & (frame.landsdeel == "NL")]
    assert september[september.indicator == "technical_graduates"].value.iloc[0] > 0
    share = september[september.indicator == "technical_intake_share_mbo_women"].value.iloc[0]
    men = september[september.indicator == "technical_intake_share_mbo_men"].value.iloc[0]
    assert 0 < share < men < 100


def test_indicator_contract(run_14_months):
    frame = run_14_months.indicators()
    assert list(frame.columns) == ["date", "landsdeel", "sector", "indicator", "value"]
    assert REQUIRED <= set(frame.indicator)
    assert {"NL", "Noord", "Zuidwest"} <= set(frame.landsdeel)
    assert {"all", "technical", "construction"} <= set(frame.sector)
    assert frame.date.nunique() == 15
    cells = frame[(frame.indicator == "employed") & (frame.landsdeel != "NL")
                  & ~frame.sector.isin(["all", "technical", "plan_2022"])]
    national_all = frame[(frame.indicator == "employed") & (frame.landsdeel == "NL") & (frame.sector == "all")]
    np.testing.assert_allclose(cells.groupby("date").value.sum().to_numpy(), national_all.value.to_numpy())


def test_same_seed_same_results_different_seed_differs():
    def run(seed: int) -> pd.DataFrame:
        model = TechLabourModel(scale=2000, seed=seed)
        for _ in range(10):
            model.step()
        return model.indicators()

    pd.testing.assert_frame_equal(run(7), run(7))
    assert not run(7).equals(run(8))


def test_person_view(start_model):
    pop = start_model.population
    worker = int(np.flatnonzero(pop.status == Status.EMPLOYED)[0])
    person = start_model.person(worker)
    assert person.status == "employed" and person.sector in start_model.sectors
    assert person.employer == pop.employer[worker] and 12 <= person.age <= 76
    assert person.landsdeel in start_model.landsdelen


def test_memory_per_person_is_small(start_model):
    assert sum(np.dtype(d).itemsize for d in COLUMNS.values()) <= 64
    assert start_model.population.nbytes / len(start_model.population) <= 64


def test_scale_must_be_at_least_one():
    with pytest.raises(ValueError, match="scale: must be >= 1 \\(persons per agent\\), got 0.5"):
        TechLabourModel(scale=0.5)


def test_start_date_is_respected():
    model = TechLabourModel(scale=5000, seed=1, start=dt.date(2024, 3, 15))
    model.step()
    assert model.date == dt.date(2024, 4, 1)


def test_a_recession_raises_unemployment_and_a_boom_vacancies():
    from abm.scenario import Scenario
    from abm.shocks import DemandShock

    def run(size: float) -> pd.DataFrame:
        shock = DemandShock(start=dt.date(2023, 4, 1), months=12, size=size, ramp_months=3)
        model = TechLabourModel(Scenario(shocks=(shock,)), scale=2000, seed=4)
        for _ in range(12):
            model.step()
        frame = model.indicators()
        return frame[(frame.landsdeel == "NL") & (frame.sector == "all") & (frame.date >= pd.Timestamp(2023, 8, 1))]

    def mean(frame: pd.DataFrame, indicator: str) -> float:
        return frame[frame.indicator == indicator].value.mean()

    recession, calm, boom = run(-0.06), run(0.0), run(0.06)
    assert mean(recession, "unemployed") > mean(calm, "unemployed") > mean(boom, "unemployed")
    assert mean(recession, "vacancies") < mean(calm, "vacancies") < mean(boom, "vacancies")
    assert mean(recession, "layoffs") > mean(calm, "layoffs")
