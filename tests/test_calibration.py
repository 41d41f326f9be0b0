"""The calibration table: regenerated equals shipped, national totals hit the published figures,
and every row is traceable (status, rule, source)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from regions.calibration import (
    CALIBRATION_CSV, COLUMNS, EMPLOYMENT_SHARE_PERCENT, STATUSES, build_calibration, load_calibration, national,
    split, write_calibration,
)
from regions.geography import LANDSDELEN, load_landsdelen, load_provinces
from regions.sectors import SECTOR_CODES, SECTORS

PLAN = [s.code for s in SECTORS if s.plan_2022]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return load_calibration()


@pytest.fixture(scope="module")
def landsdelen():
    return load_landsdelen(load_provinces())


def test_shipped_csv_is_what_the_builder_writes(tmp_path):
    fresh = write_calibration(tmp_path / "calibration.csv")
    assert fresh.read_bytes() == CALIBRATION_CSV.read_bytes(), "run `python -m regions.calibration`"


def test_loaded_table_equals_built_table(table):
    pd.testing.assert_frame_equal(table, build_calibration(), check_dtype=False)


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
    assert len(rows) == len(LANDSDELEN) * len(SECTOR_CODES)


def test_employed_sums_to_cbs_per_landsdeel_and_nationally(table, landsdelen):
    employed = table[table.indicator == "employed"].groupby("landsdeel").value.sum()
    for area in landsdelen:
        assert employed[area.name] == area.employed
    assert national(table, "employed") == sum(a.employed for a in landsdelen) == 9_731_000


def test_plan_2022_employment_is_about_one_and_a_half_million(table):
    assert national(table, "employed", PLAN) == pytest.approx(1_500_000, rel=0.01)


def test_plan_2022_vacancies_are_about_sixty_thousand(table):
    assert national(table, "vacancies", PLAN) == pytest.approx(60_000, rel=0.01)


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


def test_share_table_covers_all_sectors_and_sums_to_100():
    assert set(EMPLOYMENT_SHARE_PERCENT) == set(SECTOR_CODES)
    assert sum(EMPLOYMENT_SHARE_PERCENT.values()) == pytest.approx(100)


def test_split_keeps_the_total_and_the_proportions():
    parts = split(10, [1, 1, 1])
    assert sum(parts) == 10 and max(parts) - min(parts) == 1
    assert split(0, [3, 2]) == [0, 0]


def test_national_sums_over_landsdelen_and_selected_sectors(table):
    rows = table[(table.indicator == "vacancies") & (table.sector == "construction")]
    assert national(table, "vacancies", ["construction"]) == rows.value.sum()
    assert national(table, "no_such_indicator") == 0


def test_load_rejects_bad_status_and_columns(tmp_path, table):
    bad = table.copy()
    bad.loc[0, "status"] = "guess"
    bad.to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(ValueError, match="status"):
        load_calibration(tmp_path / "bad.csv")
    table.drop(columns="source").to_csv(tmp_path / "short.csv", index=False)
    with pytest.raises(ValueError, match="columns"):
        load_calibration(tmp_path / "short.csv")
