"""The five Techniekpact landsdelen and their twelve provinces, with CBS population and labour force.

Techniekpact is carried out in five landsdelen, each with its own agenda (Nationaal Techniekpact
2020, 2013). The 2017 accord lists West-Brabant under Zuidwest; this model works at province
level and keeps Noord-Brabant whole in Zuidoost. Figures come from CBS StatLine 70072ned
(population on 1 January 2024) and 85268NED (labour force 15-75, 2023Q2) via
``data/nl/calibration_candidates.csv``; landsdeel figures are sums of their provinces.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import pandas as pd

DATA = Path(__file__).parent / "data" / "nl"
CANDIDATES = DATA / "calibration_candidates.csv"
PROVINCE_MAP = DATA / "provincie_2024_landsdeel.geojson"

LANDSDELEN: tuple[str, ...] = ("Noord", "Noordwest", "Oost", "Zuidoost", "Zuidwest")

PROVINCES_OF: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "Noord": ("Groningen", "Fryslân", "Drenthe"),
    "Noordwest": ("Noord-Holland", "Flevoland", "Utrecht"),
    "Oost": ("Overijssel", "Gelderland"),
    "Zuidoost": ("Noord-Brabant", "Limburg"),
    "Zuidwest": ("Zuid-Holland", "Zeeland"),
})

FIGURES: Mapping[str, tuple[str, str]] = MappingProxyType({
    "population": ("population", "2024-01-01"),
    "population_15_75": ("population_15_75", "2023Q2"),
    "labour_force": ("labour_force", "2023Q2"),
    "employed": ("employed_labour_force", "2023Q2"),
    "unemployed": ("unemployed", "2023Q2"),
})
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
    landsdeel: str = ""


@dataclass(frozen=True, slots=True)
class Landsdeel(Area):
    provinces: tuple[str, ...] = ()


def landsdeel_of(province: str) -> str:
    """The Techniekpact landsdeel a province belongs to."""
    for landsdeel, provinces in PROVINCES_OF.items():
        if province in provinces:
            return landsdeel
    raise KeyError(f"unknown province '{province}' (allowed: {', '.join(_all_provinces())})")


def _all_provinces() -> tuple[str, ...]:
    return tuple(p for provinces in PROVINCES_OF.values() for p in provinces)


def province_map() -> dict[str, Any]:
    """The province boundaries (GeoJSON, WGS84) with ``landsdeel_techniekpact`` per feature."""
    return json.loads(PROVINCE_MAP.read_text(encoding="utf-8"))


def load_provinces() -> tuple[Province, ...]:
    """The twelve provinces with their CBS figures, in landsdeel order."""
    table = pd.read_csv(CANDIDATES, dtype={"year": str})
    codes = {f["properties"]["statnaam"]: f["properties"]["statcode"]
             for f in province_map()["features"]}
    provinces = []
    for name in _all_provinces():
        figures = {attr: int(_figure(table, indicator, period, name))
                   for attr, (indicator, period) in FIGURES.items()}
        provinces.append(Province(name=name, statcode=codes[name], landsdeel=landsdeel_of(name), **figures))
    return tuple(provinces)


def load_landsdelen(provinces: tuple[Province, ...]) -> tuple[Landsdeel, ...]:
    """The five landsdelen, each the sum of its provinces."""
    return tuple(
        Landsdeel(name=name, provinces=PROVINCES_OF[name],
                  **{attr: sum(getattr(p, attr) for p in provinces if p.landsdeel == name)
                     for attr in FIGURES})
        for name in LANDSDELEN)


def _figure(table: pd.DataFrame, indicator: str, period: str, region: str) -> float:
    rows = table[(table.indicator == indicator) & (table.year == period) & (table.region == region)]
    if len(rows) != 1:
        raise ValueError(f"{CANDIDATES.name}: expected one '{indicator}' row for {region} {period}, found {len(rows)}")
    return float(rows.value.iloc[0])
