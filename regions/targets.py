"""The one target table: every figure the model is calibrated or validated against, with its source.

``data/targets.csv`` is long: ``indicator, landsdeel, sector, period, value, unit, kind, role,
status, source``. ``landsdeel`` is a landsdeel, ``NL``, or a province for figures CBS publishes
only by province (never used to build a landsdeel). ``kind`` is ``stock`` (a count at a moment),
``flow`` (a count per period), ``share`` (a percentage of a whole) or ``rate`` (a percentage per
period, or a ratio). ``role = calibrate`` rows build the start state or are fitted by calibration;
``role = validate`` rows are only ever compared with the model, never used to set anything.
``status`` and ``source`` follow ``regions.calibration``.

**Generated, do not edit by hand**: ``python -m regions.targets`` writes it; a test fails when the
shipped file differs from a fresh build. Published figures taken as they are (national flows and
projections, province figures) are in ``PUBLISHED_TARGETS`` (``data/nl/published_targets.csv``),
each with its source.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from regions.calibration import SOURCE_85268, STATUSES, build_calibration
from regions.corop import LANDSDELEN, LANDSDEEL_OF_PROVINCE, check_grouping
from regions.employment import SECTION_YEAR, TREND_YEARS, employment_trend, jobs_by_sector, sector_mix
from regions.geography import CANDIDATES, load_landsdelen, load_provinces
from regions.sectors import SECTOR_CODES, SECTORS

DATA = Path(__file__).parent / "data"
TARGETS_CSV = DATA / "targets.csv"
PUBLISHED_TARGETS = DATA / "nl" / "published_targets.csv"
COLUMNS: tuple[str, ...] = ("indicator", "landsdeel", "sector", "period", "value", "unit", "kind", "role",
                            "status", "source")
KINDS: tuple[str, ...] = ("stock", "flow", "share", "rate")
ROLES: tuple[str, ...] = ("calibrate", "validate")
AREAS: tuple[str, ...] = ("NL", *LANDSDELEN, *LANDSDEEL_OF_PROVINCE)
JOBS_SOURCE = "CBS StatLine 83582NED (banen van werknemers in december) by COROP region, regions/employment.py"
TECHNICAL = [s.code for s in SECTORS if s.technical]
REGIONAL_INDICATORS = ("unemployment_rate", "technical_employment_share", "employment_growth")
"""The per-landsdeel calibration rows this module adds besides the start state (``_regional``, ``_trend``)."""
PROVINCE_RATES = (("vacancies_per_100_unemployed", "2023Q2"), ("vacancies_per_100_unemployed", "2022Q4"),
                  ("open_vacancies_all_sectors", "2022Q3"))
"""Province figures in the candidates file kept as validation targets."""


class TargetsError(ValueError):
    """A target table that cannot be used; the message is one line naming the file, row and field."""


def build_targets(grouping: str = "accord") -> pd.DataFrame:
    """The target table for ``grouping`` (pure; the same output on every call)."""
    check_grouping(grouping)
    parts = [_start_state(grouping), _regional(grouping), _trend(grouping), _series(grouping),
             _provinces(), _published()]
    table = pd.concat(parts, ignore_index=True)[list(COLUMNS)]
    return table.sort_values(["role", "indicator", "landsdeel", "sector", "period"], kind="stable",
                             ignore_index=True)


def write_targets(path: Path = TARGETS_CSV) -> Path:
    """Build the default table and write it as CSV; returns the path."""
    build_targets().to_csv(path, index=False, float_format="%.10g", lineterminator="\n")
    return path


@cache
def targets(grouping: str = "accord") -> pd.DataFrame:
    """The target table: the shipped file for ``accord``, a fresh build for another grouping."""
    return load_targets() if check_grouping(grouping) == "accord" else build_targets(grouping)


def load_targets(path: Path = TARGETS_CSV) -> pd.DataFrame:
    """A target table, checked row by row; raises :class:`TargetsError` on the first problem."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise TargetsError(f"{Path(path).name}: cannot be read as UTF-8 CSV ({error.__class__.__name__})") from None
    if tuple(table.columns) != COLUMNS:
        raise TargetsError(f"{Path(path).name}: row 1: header must be {','.join(COLUMNS)}")
    allowed = {"landsdeel": AREAS, "sector": (*SECTOR_CODES, "all", "plan_2022", "technical"),
               "kind": KINDS, "role": ROLES, "status": STATUSES}
    for number, row in enumerate(table.itertuples(index=False), start=2):
        for field, values in allowed.items():
            if getattr(row, field) not in values:
                raise TargetsError(f"{Path(path).name}: row {number}: {field}: '{getattr(row, field)}' not allowed "
                                   f"(allowed: {', '.join(values)})")
        for field in ("indicator", "period", "unit", "source"):
            if not getattr(row, field).strip():
                raise TargetsError(f"{Path(path).name}: row {number}: {field}: blank")
        try:
            value = float(row.value)
        except ValueError:
            raise TargetsError(f"{Path(path).name}: row {number}: value: not a number: '{row.value}'") from None
        if not np.isfinite(value) or (value < 0 and row.kind != "rate"):
            raise TargetsError(f"{Path(path).name}: row {number}: value: must be a finite number"
                               f"{'' if row.kind == 'rate' else ' >= 0'}, got {row.value}")
    table["value"] = table.value.astype(float)
    return table


def start_state(table: pd.DataFrame) -> pd.DataFrame:
    """The rows the start state is built from (landsdeel x sector stocks and shares of 2023), in the
    column order of ``regions.calibration``."""
    rows = table[(table.role == "calibrate") & table.landsdeel.isin(LANDSDELEN)
                 & ~table.indicator.isin(REGIONAL_INDICATORS)]
    return rows[["landsdeel", "sector", "indicator", "value", "unit", "period", "status", "source"]].reset_index(drop=True)


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _target(indicator: str, landsdeel: str, sector: str, period: str, value: float, unit: str, kind: str,
            role: str, status: str, source: str) -> dict[str, object]:
    return dict(zip(COLUMNS, (indicator, landsdeel, sector, period, float(value), unit, kind, role, status, source)))


def _start_state(grouping: str) -> pd.DataFrame:
    table = build_calibration(grouping)
    table["kind"] = np.where(table.unit == "percent", "share", "stock")
    table["role"] = "calibrate"
    return table


def _regional(grouping: str) -> pd.DataFrame:
    """Per landsdeel: unemployment rate (85268NED) and the technical share of employment (83582NED)."""
    areas = load_landsdelen(load_provinces(), grouping)
    technical = sector_mix(grouping)[:, [SECTOR_CODES.index(c) for c in TECHNICAL]].sum(axis=1)
    rows = []
    for area, share in zip(areas, technical):
        status = "derived" if all(f == 1.0 for _, f in area.parts) else "estimate"
        rows.append(_target("unemployment_rate", area.name, "all", "2023Q2", round(100 * area.unemployed / area.labour_force, 2),
                            "percent of labour force", "rate", "calibrate", status,
                            f"{status.upper()}: unemployed {area.unemployed:,} / labour force {area.labour_force:,}, "
                            f"{area.rule} ({SOURCE_85268})"))
        rows.append(_target("technical_employment_share", area.name, "technical", str(SECTION_YEAR),
                            round(100 * share, 2), "percent of jobs", "share", "calibrate", "estimate",
                            f"ESTIMATE: jobs of employees in the technical sector groups ({', '.join(TECHNICAL)}) / "
                            f"all jobs, December {SECTION_YEAR}, {JOBS_SOURCE}"))
    return _frame(rows)


def _trend(grouping: str) -> pd.DataFrame:
    """Observed yearly growth of jobs per landsdeel x sector (the demand trend the model may follow)."""
    growth = employment_trend(grouping)
    first, last = TREND_YEARS
    return _frame([_target("employment_growth", landsdeel, code, f"{first}-{last}", round(100 * growth[l, s], 3),
                           "percent per year", "rate", "calibrate", _status(code),
                           f"{_status(code).upper()}: compound yearly growth of jobs of employees, December {first} "
                           f"to December {last}, {JOBS_SOURCE}")
                   for l, landsdeel in enumerate(LANDSDELEN) for s, code in enumerate(SECTOR_CODES)])


def _status(sector: str) -> str:
    """``derived`` where a sector group is whole A10 groups, ``estimate`` where a split enters."""
    return "derived" if sector in ("agriculture", "construction") else "estimate"


def _series(grouping: str) -> pd.DataFrame:
    """Jobs of employees per landsdeel x sector and year (validation series)."""
    table = jobs_by_sector(grouping)
    first, last = TREND_YEARS
    table = table[table.year.between(first, last)]
    return _frame([_target("employee_jobs", row.landsdeel, row.sector, str(row.year), round(row.jobs), "jobs",
                           "stock", "validate", _status(row.sector),
                           f"{_status(row.sector).upper()}: December {row.year}, sum of the landsdeel's COROP "
                           f"regions, {JOBS_SOURCE}")
                   for row in table.itertuples(index=False)])


def _provinces() -> pd.DataFrame:
    """Province figures from the candidates file (validation only)."""
    cand = pd.read_csv(CANDIDATES, dtype={"year": str})
    rows = []
    for indicator, period in PROVINCE_RATES:
        for row in cand[(cand.indicator == indicator) & (cand.year == period)].itertuples(index=False):
            kind = "rate" if indicator.startswith("vacancies_per") else "stock"
            rows.append(_target(indicator, row.region, "all", period, row.value, row.unit, kind, "validate", "data",
                                row.source))
    return _frame(rows)


def _published() -> pd.DataFrame:
    """Published figures taken as they are (``data/nl/published_targets.csv``)."""
    table = pd.read_csv(PUBLISHED_TARGETS, dtype={"period": str})
    if tuple(table.columns) != COLUMNS:
        raise TargetsError(f"{PUBLISHED_TARGETS.name}: row 1: header must be {','.join(COLUMNS)}")
    return table


if __name__ == "__main__":
    print(f"wrote {write_targets()}")
