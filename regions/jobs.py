"""Jobs of employees by COROP region x SBI 2008 group, 2010-2024 (CBS StatLine 83582NED).

Two files in ``data/nl/cbs_83582NED/`` (provenance beside them): ``jobs_corop_a10_2010_2024.csv``
(columns ``zone_id, target_year, a10, jobs``: every A10 group) and
``jobs_corop_sections_2010_2024.csv`` (``zone_id, target_year, section, jobs``: the SBI sections
the model needs to split A10 groups regionally), jobs in thousands in December. CBS suppresses
a few small cells; they are marked ``.`` (CBS's own sign for a value it does not publish) and
filled here by linear interpolation over the years of the same region and group (nearest
published year at the ends of the series). Anything else that is not a count stops loading
with one line naming the file, the row and the field.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import numpy as np
import pandas as pd

from regions.corop import PROVINCE_OF_COROP, UNASSIGNED, corop_regions

FOLDER = Path(__file__).parent / "data" / "nl" / "cbs_83582NED"
JOBS_CSV = FOLDER / "jobs_corop_a10_2010_2024.csv"
SECTIONS_CSV = FOLDER / "jobs_corop_sections_2010_2024.csv"
SUPPRESSED = "."
A10: Mapping[str, str] = MappingProxyType({
    "A": "agriculture, forestry and fishing (A)", "BE": "mining, manufacturing, energy, water (B-E)",
    "FZ": "construction (F)", "GI": "trade, transport, hospitality (G-I)", "JZ": "information and communication (J)",
    "KZ": "finance (K)", "LZ": "real estate (L)", "MN": "business services (M-N)",
    "OPQ": "public administration, education, care (O-Q)", "RSU": "culture, recreation, other services (R-U)",
})
SECTIONS: Mapping[str, str] = MappingProxyType({
    "C": "manufacturing (C)", "G": "trade (G)", "H": "transport and storage (H)", "I": "hospitality (I)",
    "O": "public administration (O)", "P": "education (P)", "Q": "health and social care (Q)",
})
ZONES: tuple[str, ...] = (*sorted(PROVINCE_OF_COROP), UNASSIGNED)
SOURCE = "CBS StatLine 83582NED (banen van werknemers in december; SBI 2008 A10 x COROP)"


class JobsDataError(ValueError):
    """A jobs file that cannot be used; the message is one line naming the file, row and field."""


def load_jobs(path: Path = JOBS_CSV) -> pd.DataFrame:
    """The A10 table ``zone_id, year, a10, jobs, suppressed`` (jobs in persons, suppressed cells
    interpolated and flagged); raises :class:`JobsDataError` on the first problem."""
    return _load(Path(path), "a10").copy()


def load_sections(path: Path = SECTIONS_CSV) -> pd.DataFrame:
    """The sections table ``zone_id, year, section, jobs, suppressed``, as :func:`load_jobs`."""
    return _load(Path(path), "section").copy()


@cache
def _load(path: Path, column: str) -> pd.DataFrame:
    groups = A10 if column == "a10" else SECTIONS
    table = pd.DataFrame(_read(path, column, groups), columns=["zone_id", "year", column, "jobs"])
    _check_complete(table, path, column, groups)
    table["suppressed"] = table.jobs.isna()
    table = table.sort_values(["zone_id", column, "year"], kind="stable").reset_index(drop=True)
    table["jobs"] = table.groupby(["zone_id", column]).jobs.transform(_interpolate)
    if table.jobs.isna().any():
        zone, group = table.loc[table.jobs.isna(), ["zone_id", column]].iloc[0]
        raise JobsDataError(f"{path.name}: jobs: every year of {zone} {group} is suppressed; nothing to fill from")
    table["jobs"] = table.jobs * 1000
    return table


def _read(path: Path, column: str, groups: Mapping[str, str]) -> list[tuple[str, int, str, float]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError) as error:
        raise JobsDataError(f"{path.name}: cannot be read as UTF-8 CSV ({error.__class__.__name__})") from None
    header = ("zone_id", "target_year", column, "jobs")
    if not rows or tuple(h.strip() for h in rows[0]) != header:
        raise JobsDataError(f"{path.name}: row 1: header must be {','.join(header)}, "
                            f"got {','.join(rows[0]) if rows else 'nothing'}")
    records, seen = [], set()
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise JobsDataError(f"{path.name}: row {number}: expected {len(header)} fields, got {len(row)}")
        zone, year, group, jobs = (cell.strip() for cell in row)
        if zone not in ZONES:
            raise JobsDataError(f"{path.name}: row {number}: zone_id: unknown region code '{zone}' "
                                f"(allowed: CR01..CR40, {UNASSIGNED})")
        if not year.isdigit() or not 1990 <= int(year) <= 2100:
            raise JobsDataError(f"{path.name}: row {number}: target_year: must be a year, got '{year}'")
        if group not in groups:
            raise JobsDataError(f"{path.name}: row {number}: {column}: unknown group '{group}' "
                                f"(allowed: {', '.join(groups)})")
        if (zone, year, group) in seen:
            raise JobsDataError(f"{path.name}: row {number}: duplicate {zone} {year} {group}")
        seen.add((zone, year, group))
        records.append((zone, int(year), group, _jobs(jobs, path, number)))
    return records


def _jobs(cell: str, path: Path, number: int) -> float:
    if cell == SUPPRESSED:
        return float("nan")
    if cell == "":
        raise JobsDataError(f"{path.name}: row {number}: jobs: blank cell (a number >= 0 in thousands, "
                            f"or '{SUPPRESSED}' where CBS suppresses the value)")
    try:
        value = float(cell)
    except ValueError:
        raise JobsDataError(f"{path.name}: row {number}: jobs: not a number: '{cell}'") from None
    if not np.isfinite(value) or value < 0:
        raise JobsDataError(f"{path.name}: row {number}: jobs: must be a finite number >= 0, got {cell}")
    return value


def _check_complete(table: pd.DataFrame, path: Path, column: str, groups: Mapping[str, str]) -> None:
    """Every zone has every year that the file gives for a group (sections may cover fewer years)."""
    present = set(zip(table.zone_id, table.year, table[column]))
    for group in groups:
        years = sorted(table.year[table[column] == group].unique())
        if not years:
            raise JobsDataError(f"{path.name}: {column}: no rows for group '{group}'")
        for zone in ZONES:
            for year in years:
                if (zone, year, group) not in present:
                    raise JobsDataError(f"{path.name}: zone_id: missing COROP region {zone} for {year} {group} "
                                        f"(every region needs every year of each {column} group)")


def _interpolate(series: pd.Series) -> pd.Series:
    return series.interpolate(limit_direction="both")


def by_landsdeel(table: pd.DataFrame, column: str, grouping: str = "accord") -> pd.DataFrame:
    """Jobs (persons) per ``landsdeel, year, <column>``; the unassigned zone is left out."""
    landsdeel = {c.code: c.landsdeel for c in corop_regions(grouping)}
    table = table[table.zone_id != UNASSIGNED].assign(landsdeel=table.zone_id.map(landsdeel))
    return table.groupby(["landsdeel", "year", column], as_index=False).jobs.sum()


def national_jobs(path: Path = JOBS_CSV) -> pd.Series:
    """Jobs (persons) per year over every zone, the unassigned one included."""
    return load_jobs(path).groupby("year").jobs.sum()
