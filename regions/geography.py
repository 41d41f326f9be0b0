"""The five Techniekpact landsdelen, built from COROP regions, with CBS population and labour force.

Techniekpact is carried out in five landsdelen, each with its own agenda (Nationaal Techniekpact
2020, 2013). The landsdelen are unions of COROP regions (``regions.corop``): under the default
``accord`` grouping West-Brabant lies in Zuidwest as the 2017 accord draws it; ``provinces`` keeps
Noord-Brabant whole in Zuidoost. Head counts come from CBS StatLine 70072ned (population on
1 January 2024) and 85268NED (labour force 15-75, 2023Q2) by province via
``data/nl/calibration_candidates.csv``. A province split between two landsdelen (only
Noord-Brabant, under ``accord``) is divided in proportion to its COROP regions' jobs of
employees in December 2023 (CBS 83582NED): CBS publishes these head counts by province, not by
COROP region, so the split is an estimate and says so (``Landsdeel.rule``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import pandas as pd

from regions.corop import LANDSDELEN, corop_regions
from regions.jobs import load_jobs
from regions.rounding import split

DATA = Path(__file__).parent / "data" / "nl"
CANDIDATES = DATA / "calibration_candidates.csv"
PROVINCE_MAP = DATA / "provincie_2024_landsdeel.geojson"
SPLIT_YEAR = 2023

FIGURES: Mapping[str, tuple[str, str]] = {
    "population": ("population", "2024-01-01"),
    "population_15_75": ("population_15_75", "2023Q2"),
    "labour_force": ("labour_force", "2023Q2"),
    "employed": ("employed_labour_force", "2023Q2"),
    "unemployed": ("unemployed", "2023Q2"),
}
"""Attribute name -> (indicator, period) in the CBS candidates table."""


@dataclass(frozen=True, slots=True)
class Area:
    """A province or a landsdeel with its CBS head counts (persons)."""

    name: str
    population: int
    population_15_75: int
    labour_force: int
    employed: int
    unemployed: int


@dataclass(frozen=True, slots=True)
class Province(Area):
    statcode: str = ""


@dataclass(frozen=True, slots=True)
class Landsdeel(Area):
    corop: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    """Provinces wholly or partly in the landsdeel."""
    parts: tuple[tuple[str, float], ...] = ()
    """(province, fraction of it in this landsdeel) for every province counted."""
    rule: str = ""
    """How the head counts were obtained from provinces, in words."""


def province_map() -> dict[str, Any]:
    """The province boundaries (GeoJSON, WGS84)."""
    return json.loads(PROVINCE_MAP.read_text(encoding="utf-8"))


def province_names() -> tuple[str, ...]:
    """The twelve provinces in COROP order."""
    return tuple(dict.fromkeys(c.province for c in corop_regions()))


def load_provinces() -> tuple[Province, ...]:
    """The twelve provinces with their CBS figures."""
    table = pd.read_csv(CANDIDATES, dtype={"year": str})
    codes = {f["properties"]["statnaam"]: f["properties"]["statcode"] for f in province_map()["features"]}
    return tuple(Province(name=name, statcode=codes[name],
                          **{attr: int(_figure(table, indicator, period, name))
                             for attr, (indicator, period) in FIGURES.items()})
                 for name in province_names())


def province_fractions(grouping: str = "accord") -> dict[str, dict[str, float]]:
    """For each landsdeel, the fraction of each province that lies in it (1.0 for whole provinces;
    for a split province, its COROP regions' share of its jobs of employees in ``SPLIT_YEAR``)."""
    jobs = load_jobs()
    jobs = jobs[jobs.year == SPLIT_YEAR].groupby("zone_id").jobs.sum()
    regions = corop_regions(grouping)
    fractions: dict[str, dict[str, float]] = {name: {} for name in LANDSDELEN}
    for province in province_names():
        inside = [c for c in regions if c.province == province]
        total = sum(jobs[c.code] for c in inside)
        for landsdeel in dict.fromkeys(c.landsdeel for c in inside):
            fractions[landsdeel][province] = sum(jobs[c.code] for c in inside if c.landsdeel == landsdeel) / total
    return fractions


def load_landsdelen(provinces: tuple[Province, ...], grouping: str = "accord") -> tuple[Landsdeel, ...]:
    """The five landsdelen: sums of their provinces, split provinces divided by ``province_fractions``."""
    fractions = province_fractions(grouping)
    figures = {name: dict.fromkeys(FIGURES, 0) for name in LANDSDELEN}
    for province in provinces:
        holders = [name for name in LANDSDELEN if province.name in fractions[name]]
        for attr in FIGURES:
            for name, part in zip(holders, split(getattr(province, attr),
                                                 [fractions[name][province.name] for name in holders])):
                figures[name][attr] += part
    regions = corop_regions(grouping)
    return tuple(Landsdeel(name=name, corop=tuple(c.code for c in regions if c.landsdeel == name),
                           provinces=tuple(fractions[name]), parts=tuple(fractions[name].items()),
                           rule=_rule(fractions[name]), **figures[name])
                 for name in LANDSDELEN)


def _rule(parts: Mapping[str, float]) -> str:
    whole = [p for p, f in parts.items() if f == 1.0]
    split_parts = [f"{f:.1%} of {p} (its COROP regions' share of the province's jobs of employees, "
                   f"December {SPLIT_YEAR}, CBS 83582NED)" for p, f in parts.items() if f < 1.0]
    return "sum of " + " + ".join(whole + split_parts)


def _figure(table: pd.DataFrame, indicator: str, period: str, region: str) -> float:
    rows = table[(table.indicator == indicator) & (table.year == period) & (table.region == region)]
    if len(rows) != 1:
        raise ValueError(f"{CANDIDATES.name}: expected one '{indicator}' row for {region} {period}, found {len(rows)}")
    return float(rows.value.iloc[0])
