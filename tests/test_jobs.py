"""CBS jobs by COROP region (83582NED): totals, consistency of the shipped files, one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from regions.corop import UNASSIGNED
from regions.jobs import JOBS_CSV, SECTIONS_CSV, JobsDataError, load_jobs, load_sections, national_jobs

CBS_NATIONAL_2023 = 9_020_800
"""Jobs of employees, December 2023, all activities (CBS 83583NED), regions/data/nl/published_targets.csv."""


def test_jobs_summed_over_corop_regions_match_the_cbs_national_total():
    totals = national_jobs()
    assert totals[2023] == pytest.approx(CBS_NATIONAL_2023, rel=0.0002)  # published values rounded to 100
    assert list(totals.index) == list(range(2010, 2025))
    assert (totals.diff().dropna().abs() < 0.05 * totals.iloc[0]).all()  # no break between years


def test_every_corop_region_has_every_year_and_group():
    table = load_jobs()
    assert table.groupby("year").size().eq(41 * 10).all()
    assert table.jobs.ge(0).all() and table.jobs.notna().all()
    assert table.suppressed.sum() == 126  # CBS's suppressed cells, filled by interpolation


def test_sections_fit_inside_their_a10_groups():
    a10 = load_jobs().set_index(["zone_id", "year", "a10"]).jobs
    published = load_sections()
    sections = published.set_index(["zone_id", "year", "section"]).jobs
    for row in published[(published.section == "C") & ~published.suppressed].itertuples():
        assert row.jobs <= a10[row.zone_id, row.year, "BE"] + 100, (row.zone_id, row.year)
    for zone in {z for z, _, _ in sections.index}:
        for group, parts in (("GI", "GHI"), ("OPQ", "OPQ")):
            assert sum(sections[zone, 2023, p] for p in parts) == pytest.approx(a10[zone, 2023, group], abs=300)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "jobs.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _valid_lines() -> list[str]:
    return JOBS_CSV.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("change, message", [
    (lambda lines: ["zone,target_year,a10,jobs", *lines[1:]],
     "jobs.csv: row 1: header must be zone_id,target_year,a10,jobs, got zone,target_year,a10,jobs"),
    (lambda lines: [lines[0], "CR77,2010,A,0.4", *lines[2:]],
     "jobs.csv: row 2: zone_id: unknown region code 'CR77' (allowed: CR01..CR40, CR99)"),
    (lambda lines: [lines[0], "CR01,2010,A,-0.4", *lines[2:]],
     "jobs.csv: row 2: jobs: must be a finite number >= 0, got -0.4"),
    (lambda lines: [lines[0], "CR01,2010,A,", *lines[2:]],
     "jobs.csv: row 2: jobs: blank cell (a number >= 0 in thousands, or '.' where CBS suppresses the value)"),
    (lambda lines: [lines[0], "CR01,2010,A,many", *lines[2:]], "jobs.csv: row 2: jobs: not a number: 'many'"),
    (lambda lines: [lines[0], "CR01,2010,XY,0.4", *lines[2:]],
     "jobs.csv: row 2: a10: unknown group 'XY' (allowed: A, BE, FZ, GI, JZ, KZ, LZ, MN, OPQ, RSU)"),
    (lambda lines: [line for line in lines if not line.startswith("CR05,")],
     "jobs.csv: zone_id: missing COROP region CR05 for 2010 A (every region needs every year of each a10 group)"),
    (lambda lines: [*lines, lines[1]], f"jobs.csv: row {6152}: duplicate CR01 2010 A"),
])
def test_bad_jobs_files_stop_with_one_line(tmp_path, change, message):
    path = _write(tmp_path, "\n".join(change(_valid_lines())) + "\n")
    with pytest.raises(JobsDataError) as error:
        load_jobs(path)
    assert str(error.value) == message and "\n" not in str(error.value)


def test_a_cell_suppressed_in_every_year_cannot_be_filled(tmp_path):
    lines = [line.rsplit(",", 1)[0] + ",." if line.startswith("CR02,") and line.split(",")[2] == "A" else line
             for line in _valid_lines()]
    with pytest.raises(JobsDataError, match="every year of CR02 A is suppressed"):
        load_jobs(_write(tmp_path, "\n".join(lines) + "\n"))


def test_not_utf8_is_one_line(tmp_path):
    path = tmp_path / "jobs.csv"
    path.write_bytes(b"zone_id,target_year,a10,jobs\nCR01,2010,A,\xff\n")
    with pytest.raises(JobsDataError, match="^jobs.csv: cannot be read as UTF-8 CSV"):
        load_jobs(path)


def test_sections_file_needs_its_own_header(tmp_path):
    lines = SECTIONS_CSV.read_text(encoding="utf-8").splitlines()
    path = _write(tmp_path, "\n".join(["zone_id,target_year,a10,jobs", *lines[1:]]) + "\n")
    with pytest.raises(JobsDataError, match="header must be zone_id,target_year,section,jobs"):
        load_sections(path)


def test_unassigned_jobs_are_counted_nationally_only():
    table = load_jobs()
    assert UNASSIGNED in set(table.zone_id)
    assert 0 < table[(table.zone_id == UNASSIGNED) & (table.year == 2023)].jobs.sum() < 0.01 * CBS_NATIONAL_2023
