"""The one target table: generated, complete, cited, and its validation rows never feed the model."""

from __future__ import annotations

import pandas as pd
import pytest

import regions
from regions.corop import LANDSDELEN
from regions.targets import (COLUMNS, KINDS, ROLES, TARGETS_CSV, TargetsError, build_targets, load_targets,
                             start_state, write_targets)

FLOWS = ("vacancies_created", "vacancies_filled", "job_finding_rate", "separation_to_unemployment_rate",
         "separation_to_inactivity_rate", "job_to_job_share", "retirements", "graduates_entering_labour_market",
         "entry_from_inactivity_rate")
"""The flows the dynamics are calibrated to (issue: vacancies created, job finding, separations,
job-to-job moves, retirements, graduates entering work, re-entry of the inactive: CBS's flow from
outside the labour force into work per employed person; the same flow per person outside the labour
force, ``reentry_rate``, is a validation row because the model's population outside the labour force
is not CBS's)."""


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return load_targets()


def test_shipped_table_is_what_the_builder_writes(tmp_path):
    fresh = write_targets(tmp_path / "targets.csv")
    assert fresh.read_bytes() == TARGETS_CSV.read_bytes(), "run `python -m regions.targets`"


def test_columns_kinds_roles_and_sources(table):
    assert tuple(table.columns) == COLUMNS
    assert set(table.kind) == set(KINDS) and set(table.role) == set(ROLES)
    assert (table.source.str.len() > 10).all()
    assert not table.duplicated(["indicator", "landsdeel", "sector", "period"]).any()


def test_national_and_regional_rows(table):
    assert {"NL", *LANDSDELEN} <= set(table.landsdeel)
    for indicator in ("unemployment_rate", "technical_employment_share", "employment_growth", "employee_jobs"):
        assert set(LANDSDELEN) <= set(table[table.indicator == indicator].landsdeel), indicator


@pytest.mark.parametrize("indicator", FLOWS)
def test_every_flow_the_dynamics_need_has_a_cited_calibration_target(table, indicator):
    rows = table[(table.indicator == indicator) & (table.role == "calibrate")]
    assert len(rows) >= 1 and rows.kind.isin(["flow", "rate", "share"]).all()
    assert rows.source.str.contains("CBS|ROA|UWV").all()


def test_published_anchors_are_in_the_table(table):
    def value(indicator: str, sector: str, period: str) -> float:
        rows = table[(table.indicator == indicator) & (table.sector == sector) & (table.period == period)]
        assert len(rows) == 1, (indicator, sector, period)
        return float(rows.value.iloc[0])
    assert value("open_vacancies", "all", "2023") == 423_700
    assert value("vacancies_created", "all", "2023") == 1_432_000
    assert value("open_vacancies", "construction", "2023") == 25_700
    assert value("vacancies_created", "construction", "2023") == 54_000
    assert value("open_vacancies_technical_occupations", "technical", "2023Q4") == 78_900
    assert value("unemployment_rate", "all", "2026-2030") == 5.3


def test_start_state_reads_only_calibration_rows(table):
    rows = start_state(table)
    keyed = table.merge(rows[["landsdeel", "sector", "indicator", "period"]], how="inner")
    assert (keyed.role == "calibrate").all() and len(keyed) == len(rows)


def test_changing_a_validation_row_leaves_the_start_state_alone(tmp_path, table):
    changed = table.copy()
    validate = changed.role == "validate"
    changed.loc[validate, "value"] = changed.loc[validate, "value"] * 3 + 1
    path = tmp_path / "targets.csv"
    changed.to_csv(path, index=False)
    pd.testing.assert_frame_equal(start_state(load_targets(path)), start_state(table))


def test_validation_rows_include_regional_and_the_plans_claims(table):
    validate = table[table.role == "validate"]
    assert {"employed", "open_vacancies_change", "unemployment_rate", "vacancies_per_100_unemployed",
            "employee_jobs"} <= set(validate.indicator)
    assert (validate[validate.indicator == "vacancies_per_100_unemployed"].landsdeel != "NL").any()


def test_province_grouping_changes_only_the_split_landsdelen():
    accord, provinces = build_targets("accord"), build_targets("provinces")
    key = ["indicator", "landsdeel", "sector", "period"]
    merged = accord.merge(provinces, on=key, suffixes=("", "_p"))
    split = merged.landsdeel.isin(["Zuidoost", "Zuidwest"])
    assert (merged[split].value != merged[split].value_p).sum() > 100
    others = merged[~split & (merged.value > 100)]
    assert ((others.value - others.value_p).abs() <= 0.005 * others.value + 2).all()  # rounding only
    assert len(regions.load("provinces").landsdeel("Zuidoost").corop) == 7 == len(regions.load().landsdeel("Zuidoost").corop) + 1


@pytest.mark.parametrize("column, value, message", [
    ("role", "fit", "row 2: role: 'fit' not allowed (allowed: calibrate, validate)"),
    ("kind", "level", "row 2: kind: 'level' not allowed (allowed: stock, flow, share, rate)"),
    ("landsdeel", "Randstad", "row 2: landsdeel: 'Randstad' not allowed (allowed: NL, Noord, "),
    ("source", " ", "row 2: source: blank"),
    ("value", "n/a", "row 2: value: not a number: 'n/a'"),
])
def test_bad_target_files_stop_with_one_line(tmp_path, table, column, value, message):
    bad = table.copy()
    bad[column] = bad[column].astype(object)
    bad.loc[0, column] = value
    path = tmp_path / "targets.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(TargetsError) as error:
        load_targets(path)
    assert str(error.value).startswith(f"targets.csv: {message}") and "\n" not in str(error.value)


def test_a_negative_stock_or_a_wrong_header_is_refused(tmp_path, table):
    bad = table.copy()
    row = bad.index[bad.kind == "stock"][0]
    bad.loc[row, "value"] = -5
    bad.to_csv(tmp_path / "targets.csv", index=False)
    with pytest.raises(TargetsError, match=f"row {row + 2}: value: must be a finite number >= 0, got -5"):
        load_targets(tmp_path / "targets.csv")
    table.drop(columns="kind").to_csv(tmp_path / "targets.csv", index=False)
    with pytest.raises(TargetsError, match="row 1: header must be indicator,landsdeel,sector,period,value,unit,kind"):
        load_targets(tmp_path / "targets.csv")
