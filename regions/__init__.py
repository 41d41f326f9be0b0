"""Regional data of the model: landsdelen, provinces, sector groups, the skill network, calibration.

``regions.load()`` is the one entry point; everything it returns is immutable and cached, so
every model in a process (and every Dask worker) shares one copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from regions.calibration import load_calibration
from regions.geography import LANDSDELEN, Landsdeel, Province, load_landsdelen, load_provinces, province_map
from regions.network import NetworkDataError, SkillNetwork, default_network, load_network_csv
from regions.sectors import SECTOR_CODES, SECTORS, SectorGroup

__all__ = [
    "LANDSDELEN", "SECTORS", "SECTOR_CODES", "Landsdeel", "NetworkDataError", "Province",
    "RegionalData", "SectorGroup", "SkillNetwork", "load", "load_network_csv",
]


@dataclass(frozen=True)
class RegionalData:
    """Everything the model knows about the Netherlands before it runs."""

    landsdelen: tuple[Landsdeel, ...]
    provinces: tuple[Province, ...]
    sectors: tuple[SectorGroup, ...]
    network: SkillNetwork
    _calibration: pd.DataFrame

    @property
    def calibration(self) -> pd.DataFrame:
        """Long table ``landsdeel, sector, indicator, value, unit, period, status, source``.

        A copy each call, so no caller can change what the next one sees.
        """
        return self._calibration.copy()

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

    def province_map(self) -> dict[str, Any]:
        """Province boundaries as GeoJSON (a fresh copy each call)."""
        return province_map()


@cache
def load() -> RegionalData:
    """The shipped regional data (read once per process)."""
    provinces = load_provinces()
    return RegionalData(
        landsdelen=load_landsdelen(provinces),
        provinces=provinces,
        sectors=SECTORS,
        network=default_network(),
        _calibration=load_calibration(),
    )
