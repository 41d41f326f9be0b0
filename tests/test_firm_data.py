"""Firm, school and learning-company data: totals match their CBS/SBB sources, every landsdeel x sector
has firms, the mkb share of employment is the published one, and bad files give one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from regions.corop import LANDSDELEN
from regions.employment import jobs_by_sector
from regions.firms import (BOUNDS, ESTABLISHMENTS_CSV, MKB_EMPLOYMENT_SHARE, SIZE_CLASSES, SIZE_CSV, SMALL_CSV,
                           FirmDataError, establishments_by_landsdeel, firm_size_distribution, load_establishments,
                           load_sizes, load_small_classes, mean_workers, mkb_employment_share, national_firms)
from regions.schools_data import (INSTITUTIONS_CSV, LEARNING_COMPANIES_CSV, SCHOOL_KINDS, SchoolDataError,
                                  learning_companies, load_institutions, load_learning_companies, school_counts)
from regions.sectors import SECTOR_CODES
from regions.targets import load_targets

CBS_81588NED_2024Q2 = {"total": 2_316_555, "1": 1_889_860, "lt50": 2_300_875, "lt250": 2_312_935}
"""A-U Alle economische activiteiten, 2024 2e kwartaal* (regions/data/nl/cbs_81588NED/PROVENANCE.md)."""
CBS_81578NED_2024 = 2_507_800
"""Establishments on 1 January 2024, the 40 COROP regions summed (regions/data/nl/cbs_81578NED)."""
MKB_TOLERANCE = 0.5
"""Percentage points: the fitted mkb share of workers may differ this much from CBS's 64.2 %."""


@pytest.fixture(scope="module", params=["accord", "provinces"])
def table(request):
    return firm_size_distribution(request.param)


def test_national_firms_add_up_to_the_cbs_total_in_every_size_class():
    firms = national_firms().groupby("size_class").firms.sum()
    assert firms.sum() == CBS_81588NED_2024Q2["total"]
    assert firms["1"] == CBS_81588NED_2024Q2["1"]
    assert firms["2-9"] + firms["10-49"] == CBS_81588NED_2024Q2["lt50"] - CBS_81588NED_2024Q2["1"]
    assert firms["50-249"] == CBS_81588NED_2024Q2["lt250"] - CBS_81588NED_2024Q2["lt50"]
    assert firms["250+"] == CBS_81588NED_2024Q2["total"] - CBS_81588NED_2024Q2["lt250"]


def test_sector_groups_that_are_whole_sbi_sections_keep_the_published_counts():
    firms = national_firms().groupby("sector").firms.sum()
    sizes = load_sizes()
    assert firms["agriculture"] == sizes.loc["A"].total
    assert firms["construction"] == sizes.loc["F"].total
    assert firms["hospitality"] == sizes.loc["I"].total
    assert firms["ict"] == sizes.loc["62-63"].total
    assert firms["trade_logistics"] == sizes.loc["G"].total + sizes.loc["H"].total
    assert firms["energy_mining"] == sum(sizes.loc[s].total for s in "BDE")
    assert firms[["food", "other_manufacturing", "chemicals", "metal_machinery"]].sum() == sizes.loc["C"].total
    statuses = set(national_firms().status)
    assert statuses == {"data", "derived", "estimate"}


def test_landsdelen_add_up_to_the_national_firms_in_every_sector_and_class(table):
    national = national_firms().set_index(["sector", "size_class"]).firms
    summed = table.groupby(["sector", "size_class"]).firms.sum()
    assert summed.sort_index().equals(national.sort_index())
    assert set(table.landsdeel) == set(LANDSDELEN) and len(table) == 5 * len(SECTOR_CODES) * len(SIZE_CLASSES)
    assert (table.status == "estimate").all() and table.source.str.startswith("ESTIMATE:").all()


def test_every_landsdeel_and_sector_group_has_firms(table):
    cells = table.groupby(["landsdeel", "sector"]).firms.sum()
    assert len(cells) == 5 * len(SECTOR_CODES) and (cells > 0).all()
    assert (table.groupby(["sector", "size_class"]).firms.sum() > 0).all()


def test_landsdeel_shares_follow_the_cbs_establishments():
    for grouping in ("accord", "provinces"):
        firms = firm_size_distribution(grouping).groupby("landsdeel").firms.sum()
        places = establishments_by_landsdeel(grouping)
        assert (firms / firms.sum() - places / places.sum()).abs().max() < 0.002, grouping


def test_establishments_file_is_the_copied_extract():
    assert ESTABLISHMENTS_CSV.stat().st_size == 7976  # byte copy, see cbs_81578NED/PROVENANCE.md
    table = load_establishments()
    assert len(table) == 40 * 11 and sorted(table.year.unique()) == list(range(2015, 2026))
    assert table[table.year == 2024].establishments.sum() == CBS_81578NED_2024
    assert establishments_by_landsdeel().sum() == CBS_81578NED_2024


def test_mkb_share_of_employment_is_the_cbs_figure(table):
    assert mkb_employment_share(table) == pytest.approx(MKB_EMPLOYMENT_SHARE, abs=MKB_TOLERANCE)


def test_firm_sizes_stay_in_their_class_and_hold_the_sectors_jobs(table):
    means = mean_workers().set_index(["sector", "size_class"]).workers_per_firm
    for (sector, size), mean in means.items():
        low, high = {"1": (1, 1), **BOUNDS, "250+": (250, 1e6)}[size]
        assert low <= mean <= high, (sector, size, mean)
    jobs = jobs_by_sector()
    jobs = jobs[jobs.year == 2023].groupby("sector").jobs.sum()
    workers = table.groupby("sector").workers.sum()
    assert (workers >= jobs.reindex(workers.index) - 10).all()  # jobs of employees + the self-employed


def test_schools_split_over_landsdelen_add_up_to_the_national_counts():
    national = load_institutions().set_index(["kind", "indicator"]).value
    for grouping in ("accord", "provinces"):
        counts = school_counts(grouping)
        assert counts.groupby(["kind", "indicator"]).value.sum().sort_index().equals(national.sort_index().astype(int))
        institutions = counts[counts.indicator == "institutions"]
        assert set(institutions.kind) == set(SCHOOL_KINDS) and (institutions.value >= 1).all()
        assert (counts.status == "estimate").all()
    assert national["mbo", "institutions"] == 59 and national["wo", "students"] == 341_800


def test_learning_company_targets_are_the_sbb_figures():
    value, period, source = learning_companies("learning_companies")
    assert (value, period) == (250_000, "2025-04") and "SBB" in source
    assert learning_companies("bbl_places")[:2] == (138_000, "2024/25")
    targets = load_targets()
    for indicator, expected in (("learning_companies", 250_000), ("bbl_places", 138_000),
                                ("firms", CBS_81588NED_2024Q2["total"])):
        rows = targets[(targets.indicator == indicator) & (targets.sector == "all")]
        assert rows.value.tolist() == [expected] and (rows.role == "validate").all(), indicator


def _edit(tmp_path: Path, source: Path, change) -> Path:
    lines = source.read_text(encoding="utf-8").splitlines()
    path = tmp_path / source.name
    path.write_text("\n".join(change(lines)) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("loader, source, change, message", [
    (load_sizes, SIZE_CSV, lambda ls: ["sbi,total", *ls[1:]],
     ("businesses_by_size_2024.csv: row 1: header must be sbi,name,period,total,size_1,size_250_499,size_lt50,"
      "size_lt250,page, got sbi,total")),
    (load_sizes, SIZE_CSV, lambda ls: [ls[0], ls[1].replace("2316555", "many"), *ls[2:]],
     "businesses_by_size_2024.csv: row 2: total: not a count: 'many'"),
    (load_sizes, SIZE_CSV, lambda ls: [ls[0], ls[1].replace("2316555", "-5"), *ls[2:]],
     "businesses_by_size_2024.csv: row 2: total: must be a whole number >= 0, got -5"),
    (load_sizes, SIZE_CSV, lambda ls: [ls[0], ls[1].replace("2316555", "2000000"), *ls[2:]],
     "businesses_by_size_2024.csv: row 2: size classes: 1 person <= < 50 <= < 250 <= total does not hold for A-U"),
    (load_sizes, SIZE_CSV, lambda ls: [ls[0], ls[1], ls[1], *ls[2:]],
     "businesses_by_size_2024.csv: row 3: sbi: duplicate A-U"),
    (load_sizes, SIZE_CSV, lambda ls: [ls[0], "A-U,x,2024Q2,1", *ls[2:]],
     "businesses_by_size_2024.csv: row 2: expected 9 fields, got 4"),
    (load_small_classes, SMALL_CSV, lambda ls: [ls[0], ls[1].replace(",2385010,", ",10,"), *ls[2:]],
     "businesses_small_classes.csv: row 2: total: smaller than its size classes for A-U"),
    (load_establishments, ESTABLISHMENTS_CSV, lambda ls: [ls[0], "CR77,2015,11030.0", *ls[2:]],
     "establishments_corop_2015_2025.csv: row 2: zone_id: unknown COROP region 'CR77' (allowed: CR01..CR40)"),
    (load_establishments, ESTABLISHMENTS_CSV, lambda ls: [ls[0], "CR01,2015,11030.5", *ls[2:]],
     "establishments_corop_2015_2025.csv: row 2: stock: must be a whole number >= 0, got 11030.5"),
    (load_establishments, ESTABLISHMENTS_CSV, lambda ls: [ls[0], *ls[2:]],
     "establishments_corop_2015_2025.csv: zone_id: missing COROP region CR01 for 2015 (every region needs every year)"),
    (load_institutions, INSTITUTIONS_CSV, lambda ls: [ls[0], ls[1].replace("vo,", "po,", 1), *ls[2:]],
     "institutions_nl.csv: row 2: kind: 'po' not allowed (allowed: vo, mbo, hbo, wo)"),
    (load_institutions, INSTITUTIONS_CSV, lambda ls: [ls[0], ls[1].replace(",649,", ",,"), *ls[2:]],
     "institutions_nl.csv: row 2: value: blank"),
    (load_learning_companies, LEARNING_COMPANIES_CSV, lambda ls: [ls[0], ls[1].replace(",250000,", ",lots,"), *ls[2:]],
     "learning_companies_nl.csv: row 2: value: not a number: 'lots'"),
])
def test_bad_files_stop_with_one_line_naming_file_row_and_field(tmp_path, loader, source, change, message):
    path = _edit(tmp_path, source, change)
    error = FirmDataError if loader in (load_sizes, load_small_classes, load_establishments) else SchoolDataError
    with pytest.raises(error) as caught:
        loader(path)
    assert str(caught.value) == message and "\n" not in str(caught.value)


def test_a_missing_file_is_one_line_too(tmp_path):
    with pytest.raises(FirmDataError, match=r"^nothing.csv: cannot be read as UTF-8 CSV \(FileNotFoundError\)$"):
        load_sizes(tmp_path / "nothing.csv")
