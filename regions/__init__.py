"""Regional data of the model: landsdelen from COROP regions, sector groups, the skill network, targets.

``regions.load()`` is the one entry point; everything it returns is immutable and cached, so
every model in a process (and every Dask worker) shares one copy. ``regions.load("provinces")``
gives the landsdelen as whole provinces instead of the 2017 accord's COROP regions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from regions.corop import GROUPINGS, LANDSDELEN, Corop, check_grouping, corop_map, corop_regions
from regions.employment import employment_trend
from regions.geography import Landsdeel, Province, load_landsdelen, load_provinces
from regions.network import NetworkDataError, SkillNetwork, default_network, load_network_csv
from regions.sectors import SECTOR_CODES, SECTORS, SectorGroup
from regions.targets import start_state, targets

__all__ = [
    "GROUPINGS", "LANDSDELEN", "SECTORS", "SECTOR_CODES", "Corop", "Landsdeel", "NetworkDataError", "Province",
    "RegionalData", "SectorGroup", "SkillNetwork", "load", "load_network_csv",
]


@dataclass(frozen=True)
class RegionalData:
    """Everything the model knows about the Netherlands before it runs."""

    grouping: str
    landsdelen: tuple[Landsdeel, ...]
    corop: tuple[Corop, ...]
    provinces: tuple[Province, ...]
    sectors: tuple[SectorGroup, ...]
    network: SkillNetwork
    _targets: pd.DataFrame
    _trend: np.ndarray

    @property
    def targets(self) -> pd.DataFrame:
        """The one target table (``regions.targets``); a copy each call."""
        return self._targets.copy()

    @property
    def calibration(self) -> pd.DataFrame:
        """The start-state rows of the target table (``role = calibrate``, landsdeel x sector, 2023):
        ``landsdeel, sector, indicator, value, unit, period, status, source``. A copy each call."""
        return start_state(self._targets)

    @property
    def employment_trend(self) -> np.ndarray:
        """Observed yearly growth of jobs 2015-2024 (fraction per year), landsdelen x sectors (CBS 83582NED)."""
        return self._trend.copy()

    def landsdeel(self, name: str) -> Landsdeel:
        """The landsdeel called ``name``."""
        for landsdeel in self.landsdelen:
            if landsdeel.name == name:
                return landsdeel
        raise KeyError(f"unknown landsdeel '{name}' (allowed: {', '.join(LANDSDELEN)})")

    def sector(self, code: str) -> SectorGroup:
        """The sector group with ``code``."""
        for sector in self.sectors:
            if sector.code == code:
                return sector
        raise KeyError(f"unknown sector '{code}' (allowed: {', '.join(SECTOR_CODES)})")

    def corop_map(self) -> dict[str, Any]:
        """COROP boundaries as GeoJSON with each region's landsdeel under this grouping (a fresh copy)."""
        return corop_map(self.grouping)


@cache
def load(grouping: str = "accord") -> RegionalData:
    """The shipped regional data for ``grouping`` (read once per process)."""
    check_grouping(grouping)
    provinces = load_provinces()
    return RegionalData(
        grouping=grouping,
        landsdelen=load_landsdelen(provinces, grouping),
        corop=corop_regions(grouping),
        provinces=provinces,
        sectors=SECTORS,
        network=default_network(),
        _targets=targets(grouping),
        _trend=employment_trend(grouping),
    )
