"""The start-state rows: each landsdeel's own sector mix from CBS, national totals at the published
figures, and every row traceable (status, rule, source)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import regions
from regions.calibration import COLUMNS, STATUSES, build_calibration, check_table, national
from regions.corop import LANDSDELEN
from regions.employment import employment_trend, jobs_by_sector, national_splits, sector_mix
from regions.rounding import split
from regions.sectors import SECTOR_CODES, SECTORS

PLAN = [s.code for s in SECTORS if s.plan_2022]
TECHNICAL = [s.code for s in SECTORS if s.technical]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return regions.load().calibration


@pytest.fixture(scope="module")
def landsdelen():
    return regions.load().landsdelen


def _grid(table: pd.DataFrame, indicator: str) -> pd.DataFrame:
    rows = table[table.indicator == indicator]
    return rows.pivot_table(index="landsdeel", columns="sector", values="value").reindex(
        index=LANDSDELEN, columns=SECTOR_CODES)


def test_shipped_start_state_is_what_the_builder_makes(table):
    built = build_calibration()
    merged = table.merge(built, on=["landsdeel", "sector", "indicator"], suffixes=("", "_built"))
    assert len(merged) == len(table) == len(built)
    assert (merged.value == merged.value_built).all() and (merged.source == merged.source_built).all()


def test_columns_landsdelen_sectors_and_statuses(table):
    assert tuple(table.columns) == COLUMNS
    assert set(table.landsdeel) == set(LANDSDELEN)
    assert set(table.sector) <= set(SECTOR_CODES) | {"all"}
    assert set(table.status) <= set(STATUSES)
    assert not table.duplicated(["landsdeel", "sector", "indicator"]).any()


@pytest.mark.parametrize("indicator", ["employed", "vacancies"])
def test_every_landsdeel_and_sector_present(table, indicator):
    rows = table[table.indicator == indicator]
    assert set(zip(rows.landsdeel, rows.sector)) == {(ld, s) for ld in LANDSDELEN for s in SECTOR_CODES}


def test_employed_sums_to_cbs_per_landsdeel_and_nationally(table, landsdelen):
    employed = table[table.indicator == "employed"].groupby("landsdeel").value.sum()
    for area in landsdelen:
        assert employed[area.name] == area.employed
    assert national(table, "employed") == 9_731_000


def test_each_landsdeel_has_its_own_cbs_sector_mix(table):
    employed = _grid(table, "employed").to_numpy()
    mix = sector_mix()
    np.testing.assert_allclose(employed / employed.sum(axis=1, keepdims=True), mix, atol=1e-5)
    technical = [SECTOR_CODES.index(code) for code in TECHNICAL]
    shares = mix[:, technical].sum(axis=1)
    by_name = dict(zip(LANDSDELEN, shares))
    assert by_name["Zuidoost"] - by_name["Noordwest"] > 0.05  # Brainport industry against the Randstad's services
    assert shares.max() - shares.min() > 0.05  # not scaled copies of the country


def test_mix_rests_on_cbs_jobs_not_on_national_shares():
    jobs = jobs_by_sector()
    year = jobs[jobs.year == 2023]
    assert year.jobs.sum() == pytest.approx(9_020_100 - _unassigned_2023(), rel=1e-9)
    assert set(national_splits().group) == {"C", "J"}
    assert (jobs.jobs >= 0).all()


def _unassigned_2023() -> float:
    from regions.jobs import load_jobs
    table = load_jobs()
    return float(table[(table.zone_id == "CR99") & (table.year == 2023)].jobs.sum())


def test_plan_2022_employment_is_the_cbs_b_to_f_figure_not_the_plans_round_number(table):
    plan = national(table, "employed", PLAN)
    assert plan == pytest.approx(1_310_000, rel=0.05)  # CBS 85316NED 2022: employed in B-F
    assert plan < 1_500_000  # the plan's 'about 1.5 million' counts more; it is a validation row


def test_plan_2022_vacancies_are_about_sixty_thousand(table):
    assert national(table, "vacancies", PLAN) == pytest.approx(60_000, rel=0.01)


def test_vacancies_of_a_sector_follow_its_regional_employment(table):
    vacancies, employed = _grid(table, "vacancies").to_numpy(), _grid(table, "employed").to_numpy()
    for s in range(len(SECTOR_CODES)):
        np.testing.assert_allclose(vacancies[:, s] / vacancies[:, s].sum(), employed[:, s] / employed[:, s].sum(),
                                   atol=2 / vacancies[:, s].sum() + 1e-9)


def test_national_mbo_technical_intake_share_is_28_percent(table):
    intake = table[table.indicator == "intake_mbo"].set_index("landsdeel").value
    share = table[table.indicator == "technical_intake_share_mbo"].set_index("landsdeel").value
    assert (intake * share).sum() / intake.sum() == pytest.approx(28, abs=1)


def test_unemployed_is_the_cbs_landsdeel_figure(table, landsdelen):
    unemployed = table[table.indicator == "unemployed"].set_index("landsdeel").value
    assert all(unemployed[a.name] == a.unemployed for a in landsdelen)
    technical = table[table.indicator == "unemployed_technical"].set_index("landsdeel").value
    assert (technical < unemployed).all()


def test_every_row_is_traceable(table):
    assert (table.source.str.strip().str.len() > 0).all()
    ruled = table[table.status != "data"]
    for status, source in zip(ruled.status, ruled.source):
        assert source.startswith(f"{status.upper()}: "), source
        assert re.search(r"\d", source) and re.search(r" by | x | / |sum of|applied to every", source), source


def test_values_are_finite_non_negative_and_whole_counts(table):
    assert table.value.notna().all() and (table.value >= 0).all()
    counts = table[table.unit != "percent"]
    assert (counts.value == counts.value.round()).all()
    assert (table[table.unit == "percent"].value <= 100).all()


def test_national_splits_sum_to_one_and_cite_a_source():
    splits = national_splits()
    assert splits.groupby("group").share.sum().to_numpy() == pytest.approx([1.0, 1.0])
    assert splits.source.str.contains("CBS|PROXY").all()


def test_observed_trend_is_the_growth_of_cbs_jobs():
    trend = employment_trend()
    jobs = jobs_by_sector()
    grid = {year: jobs[jobs.year == year].pivot_table(index="landsdeel", columns="sector", values="jobs")
            .reindex(index=LANDSDELEN, columns=SECTOR_CODES).to_numpy() for year in (2015, 2024)}
    np.testing.assert_allclose((1 + trend) ** 9, grid[2024] / grid[2015])
    assert trend.shape == (5, 14) and np.abs(trend).max() < 0.1


def test_split_keeps_the_total_and_the_proportions():
    parts = split(10, [1, 1, 1])
    assert sum(parts) == 10 and max(parts) - min(parts) == 1
    assert split(0, [3, 2]) == [0, 0]


def test_national_sums_over_landsdelen_and_selected_sectors(table):
    rows = table[(table.indicator == "vacancies") & (table.sector == "construction")]
    assert national(table, "vacancies", ["construction"]) == rows.value.sum()
    assert national(table, "no_such_indicator") == 0


def test_check_table_rejects_bad_status_and_landsdeel(table):
    bad = table.copy()
    bad.loc[0, "status"] = "guess"
    bad.loc[1, "landsdeel"] = "Randstad"
    with pytest.raises(ValueError, match=r"^bad: status values \['guess'\].*landsdeel values \['Randstad'\]"):
        check_table(bad, "bad")
