"""Jobs per landsdeel x sector group and year, from CBS 83582NED, and the observed trend.

The 14 sector groups of ``regions.sectors`` are built from the A10 groups of CBS 83582NED:

- one A10 group is one sector group: A = agriculture, F = construction;
- split by the landsdeel's own SBI sections (``regions.jobs.load_sections``): B-E into energy
  and mining (B, D, E = B-E minus C) and manufacturing (C); G-I into trade and logistics (G, H)
  and hospitality (I); O-Q into public administration (O, added to public and other services),
  education (P) and care (Q). C is published for every year; where CBS suppresses it, its share of
  B-E in that COROP region is interpolated over the years. G-I and O-Q sections are published
  for ``SECTION_YEAR`` only, so their regional shares of that year hold in every year;
- split by a national share (``data/nl/national_splits.csv``, source per row): manufacturing
  (C) into food, other manufacturing, chemicals and metal; information and communication (J)
  into ICT services (62-63) and publishing, media and telecom (58-61, in business services);
- K, L, M-N and R-U go to business services (K, L, M-N) and public and other services (R-U).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import numpy as np
import pandas as pd

from regions.corop import LANDSDELEN
from regions.jobs import by_landsdeel, load_jobs, load_sections
from regions.sectors import SECTOR_CODES

NATIONAL_SPLITS_CSV = Path(__file__).parent / "data" / "nl" / "national_splits.csv"
SECTION_YEAR = 2023
TREND_YEARS = (2015, 2024)
"""First and last year of the observed trend (CBS 83582NED, December of each year)."""

WHOLE: Mapping[str, str] = MappingProxyType({
    "A": "agriculture", "FZ": "construction", "KZ": "business_services", "LZ": "business_services",
    "MN": "business_services", "RSU": "public_other"})
"""A10 groups that go wholly to one sector group."""
SECTION_SPLITS: Mapping[str, Mapping[str, tuple[str, ...]]] = MappingProxyType({
    "GI": {"trade_logistics": ("G", "H"), "hospitality": ("I",)},
    "OPQ": {"public_other": ("O",), "education": ("P",), "care": ("Q",)},
})
"""A10 groups split by the landsdeel's own sections in ``SECTION_YEAR``."""


def national_splits(path: Path = NATIONAL_SPLITS_CSV) -> pd.DataFrame:
    """``group, sector, share, period, source``: national shares within C and J (sum to 1 per group)."""
    table = pd.read_csv(path)
    if tuple(table.columns) != ("group", "sector", "share", "period", "source"):
        raise ValueError(f"{path.name}: row 1: header must be group,sector,share,period,source")
    for group, rows in table.groupby("group"):
        if abs(rows.share.sum() - 1) > 1e-9:
            raise ValueError(f"{path.name}: share: the shares of group {group} sum to {rows.share.sum()}, not 1")
    unknown = sorted(set(table.sector) - set(SECTOR_CODES))
    if unknown:
        raise ValueError(f"{path.name}: sector: unknown {unknown} (allowed: {', '.join(SECTOR_CODES)})")
    return table


@cache
def jobs_by_sector(grouping: str = "accord") -> pd.DataFrame:
    """Jobs of employees (persons, December) per ``landsdeel, year, sector``, every year of CBS 83582NED."""
    jobs, sections = load_jobs(), load_sections()
    sections = pd.concat([sections[sections.section != "C"], _manufacturing(jobs, sections)], ignore_index=True)
    a10 = by_landsdeel(jobs, "a10", grouping).pivot_table(index=["landsdeel", "year"], columns="a10", values="jobs")
    sections = by_landsdeel(sections, "section", grouping).pivot_table(
        index=["landsdeel", "year"], columns="section", values="jobs")
    splits = {group: dict(zip(rows.sector, rows.share)) for group, rows in national_splits().groupby("group")}
    sector = pd.DataFrame(0.0, index=a10.index, columns=list(SECTOR_CODES))
    for group, code in WHOLE.items():
        sector[code] += a10[group]
    manufacturing = sections["C"].reindex(a10.index)
    sector["energy_mining"] += a10["BE"] - manufacturing
    for code, share in splits["C"].items():
        sector[code] += manufacturing * share
    for code, share in splits["J"].items():
        sector[code] += a10["JZ"] * share
    for group, parts in SECTION_SPLITS.items():
        shares = _section_shares(sections, parts)
        for code, share in shares.items():
            landsdeel_share = share.reindex(a10.index.get_level_values("landsdeel")).to_numpy()
            sector[code] += a10[group] * landsdeel_share
    tidy = sector.stack().rename("jobs").reset_index().rename(columns={"level_2": "sector"})
    return tidy.astype({"year": int})


def _manufacturing(jobs: pd.DataFrame, sections: pd.DataFrame) -> pd.DataFrame:
    """Section C per COROP region and year: published values, and where CBS suppresses them, the
    region's C / B-E ratio interpolated over the years times its B-E jobs (so C never exceeds B-E)."""
    be = jobs[jobs.a10 == "BE"].set_index(["zone_id", "year"]).jobs
    c = sections[sections.section == "C"].set_index(["zone_id", "year"])
    ratio = (c.jobs / be.reindex(c.index)).where(~c.suppressed).clip(upper=1.0)
    ratio = ratio.groupby(level="zone_id").transform(lambda r: r.interpolate(limit_direction="both")).fillna(0.0)
    filled = (ratio * be.reindex(c.index)).rename("jobs").reset_index()
    return filled.assign(section="C", suppressed=c.suppressed.to_numpy())


def _section_shares(sections: pd.DataFrame, parts: Mapping[str, tuple[str, ...]]) -> dict[str, pd.Series]:
    """Each part's share of the group per landsdeel in ``SECTION_YEAR``."""
    year = sections.xs(SECTION_YEAR, level="year")
    totals = {code: year[list(columns)].sum(axis=1) for code, columns in parts.items()}
    whole = sum(totals.values())
    return {code: total / whole for code, total in totals.items()}


def sector_mix(grouping: str = "accord", year: int = SECTION_YEAR) -> np.ndarray:
    """Each landsdeel's jobs per sector group as shares of its jobs (rows sum to 1), landsdelen x sectors."""
    grid = _grid(grouping, year)
    return grid / grid.sum(axis=1, keepdims=True)


def employment_trend(grouping: str = "accord", years: tuple[int, int] = TREND_YEARS) -> np.ndarray:
    """Observed yearly growth of jobs (fraction per year, compound) per landsdeel x sector over ``years``."""
    first, last = (_grid(grouping, year) for year in years)
    return (last / first) ** (1 / (years[1] - years[0])) - 1


def _grid(grouping: str, year: int) -> np.ndarray:
    table = jobs_by_sector(grouping)
    table = table[table.year == year]
    grid = table.pivot_table(index="landsdeel", columns="sector", values="jobs")
    return grid.reindex(index=LANDSDELEN, columns=SECTOR_CODES).to_numpy(float)
