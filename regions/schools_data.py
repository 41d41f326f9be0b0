"""Schools (vo, mbo, hbo, wo) and SBB learning companies: published national counts, and their split
over the landsdelen, so that schools can be individual agents and learning companies a target.

``data/nl/schools/institutions_nl.csv``: institutions, locations and students per school type
(CBS 03753, OCW kengetallen via NJI, VO-raad; source per row). No count by landsdeel or province
was found stored, so :func:`school_counts` splits each national count over the landsdelen by
their share of population (CBS 70072ned, 1 January 2024) and marks every row ``estimate``.
``data/nl/sbb/learning_companies_nl.csv``: SBB figures on accredited learning companies and BBL
places (national only; no sector split was found). Bad files stop loading with one line naming
the file, the row and the field.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from regions.corop import check_grouping
from regions.csvrows import read_rows
from regions.geography import load_landsdelen, load_provinces
from regions.rounding import split

DATA = Path(__file__).parent / "data" / "nl"
INSTITUTIONS_CSV = DATA / "schools" / "institutions_nl.csv"
LEARNING_COMPANIES_CSV = DATA / "sbb" / "learning_companies_nl.csv"
SCHOOL_KINDS: tuple[str, ...] = ("vo", "mbo", "hbo", "wo")
SCHOOL_INDICATORS: tuple[str, ...] = ("institutions", "locations", "students")
POPULATION = "population (CBS 70072ned, 2024-01-01)"


class SchoolDataError(ValueError):
    """A school or learning-company file that cannot be used; one line naming file, row and field."""


def _read(path: Path, header: tuple[str, ...]) -> list[list[str]]:
    rows = read_rows(path, header, SchoolDataError)
    out = []
    for number, row in enumerate(rows, start=2):
        row = [c.strip() for c in row]
        for field, cell in zip(header, row):
            if not cell:
                raise SchoolDataError(f"{path.name}: row {number}: {field}: blank")
        try:
            value = float(row[header.index("value")])
        except ValueError:
            raise SchoolDataError(f"{path.name}: row {number}: value: not a number: "
                                  f"'{row[header.index('value')]}'") from None
        if not np.isfinite(value) or value < 0:
            raise SchoolDataError(f"{path.name}: row {number}: value: must be a finite number >= 0, "
                                  f"got {row[header.index('value')]}")
        out.append(row)
    return out


@cache
def load_institutions(path: Path = INSTITUTIONS_CSV) -> pd.DataFrame:
    """National ``kind, indicator, period, value, unit, source`` rows, checked (one row per kind x indicator)."""
    path = Path(path)
    header = ("kind", "indicator", "period", "value", "unit", "source")
    rows, seen = [], set()
    for number, row in enumerate(_read(path, header), start=2):
        kind, indicator = row[0], row[1]
        if kind not in SCHOOL_KINDS:
            raise SchoolDataError(f"{path.name}: row {number}: kind: '{kind}' not allowed "
                                  f"(allowed: {', '.join(SCHOOL_KINDS)})")
        if indicator not in SCHOOL_INDICATORS:
            raise SchoolDataError(f"{path.name}: row {number}: indicator: '{indicator}' not allowed "
                                  f"(allowed: {', '.join(SCHOOL_INDICATORS)})")
        if (kind, indicator) in seen:
            raise SchoolDataError(f"{path.name}: row {number}: duplicate {kind} {indicator}")
        seen.add((kind, indicator))
        rows.append(row)
    table = pd.DataFrame(rows, columns=list(header))
    table["value"] = table.value.astype(float)
    return table


@cache
def load_learning_companies(path: Path = LEARNING_COMPANIES_CSV) -> pd.DataFrame:
    """SBB figures ``indicator, period, value, unit, source`` (national), checked row by row."""
    path = Path(path)
    header = ("indicator", "period", "value", "unit", "source")
    rows, seen = [], set()
    for number, row in enumerate(_read(path, header), start=2):
        if (row[0], row[1]) in seen:
            raise SchoolDataError(f"{path.name}: row {number}: duplicate {row[0]} {row[1]}")
        seen.add((row[0], row[1]))
        rows.append(row)
    table = pd.DataFrame(rows, columns=list(header))
    table["value"] = table.value.astype(float)
    return table


def learning_companies(indicator: str = "learning_companies") -> tuple[float, str, str]:
    """The latest SBB figure for ``indicator``: (value, period, source)."""
    table = load_learning_companies()
    rows = table[table.indicator == indicator]
    if rows.empty:
        raise KeyError(f"{LEARNING_COMPANIES_CSV.name}: no indicator '{indicator}' "
                       f"(have: {', '.join(sorted(set(table.indicator)))})")
    row = rows.sort_values("period").iloc[-1]
    return float(row.value), str(row.period), str(row.source)


def school_counts(grouping: str = "accord") -> pd.DataFrame:
    """Schools per ``landsdeel, kind, indicator`` (``value``, ``period``, ``unit``, ``status = estimate``,
    ``source``): each national count split by share of population, parts adding up to the national value."""
    areas = load_landsdelen(load_provinces(), check_grouping(grouping))
    weights = [a.population for a in areas]
    rows = []
    for row in load_institutions().itertuples(index=False):
        for area, value in zip(areas, split(row.value, weights)):
            rows.append({"landsdeel": area.name, "kind": row.kind, "indicator": row.indicator, "period": row.period,
                         "value": value, "unit": row.unit, "status": "estimate",
                         "source": f"ESTIMATE: NL {row.value:,.0f} ({row.source}) split by share of {POPULATION}: "
                                   f"{area.population:,} / {sum(weights):,}"})
    return pd.DataFrame(rows)
