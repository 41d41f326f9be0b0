"""Bookkeeping: the model's monthly indicators as a tidy long table.

Columns ``date, landsdeel, sector, indicator, value``. ``landsdeel`` is a landsdeel or ``NL``;
``sector`` a sector group, ``technical`` (all technical groups), ``plan_2022`` (the six groups of
the 2022 Aanvalsplan) or ``all``. Counts are in persons (agents x scale).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd


class Recorder:
    """Collects indicator values month by month (as arrays) and builds one DataFrame on request."""

    def __init__(self, landsdelen: tuple[str, ...], sectors: tuple[str, ...], technical: np.ndarray,
                 plan_2022: np.ndarray) -> None:
        self.landsdelen = np.array((*landsdelen, "NL"))
        self.sectors = np.array((*sectors, "technical", "plan_2022", "all"))
        self.groups = np.stack([technical, plan_2022, np.ones_like(technical)]).astype(float)
        self._cell_landsdeel = np.repeat(np.arange(len(self.landsdelen)), len(self.sectors))
        self._cell_sector = np.tile(np.arange(len(self.sectors)), len(self.landsdelen))
        self._regional_landsdeel = np.arange(len(self.landsdelen))
        self._regional_sector = np.full(len(self.landsdelen), len(self.sectors) - 1)
        self._parts: list[tuple[dt.date, str, np.ndarray, np.ndarray, np.ndarray]] = []

    def cells(self, date: dt.date, name: str, values: np.ndarray) -> None:
        """A count per landsdeel x sector; adds the sector groups and the national totals."""
        grouped = np.concatenate([values, values @ self.groups.T], axis=1)
        full = np.concatenate([grouped, grouped.sum(axis=0, keepdims=True)], axis=0)
        self._parts.append((date, name, self._cell_landsdeel, self._cell_sector, full.ravel().astype(float)))

    def weighted(self, date: dt.date, name: str, values: np.ndarray, weights: np.ndarray) -> None:
        """A mean per landsdeel x sector, averaged over the sector groups and nationally with ``weights``."""
        weights = np.asarray(weights, dtype=float)
        def grouped(x: np.ndarray) -> np.ndarray:
            full = np.concatenate([x, x @ self.groups.T], axis=1)
            return np.concatenate([full, full.sum(axis=0, keepdims=True)], axis=0)
        total = grouped(values * weights)
        mass = grouped(weights)
        mean = np.divide(total, mass, out=np.full(mass.shape, np.nan), where=mass > 0)
        self._parts.append((date, name, self._cell_landsdeel, self._cell_sector, mean.ravel()))

    def ratio(self, date: dt.date, name: str, numerator: np.ndarray, denominator: np.ndarray,
              percent: bool = True) -> None:
        """A rate per landsdeel and nationally (sector ``all``) from counts per landsdeel."""
        num = np.append(numerator, numerator.sum()).astype(float)
        den = np.append(denominator, denominator.sum()).astype(float)
        values = np.divide(num, den, out=np.full(len(num), np.nan), where=den > 0) * (100 if percent else 1)
        self._parts.append((date, name, self._regional_landsdeel, self._regional_sector, values))

    def regional(self, date: dt.date, name: str, values: np.ndarray) -> None:
        """A count per landsdeel (sector ``all``) plus the national sum."""
        values = np.asarray(values, dtype=float)
        self._parts.append((date, name, self._regional_landsdeel, self._regional_sector,
                            np.append(values, values.sum())))

    def frame(self) -> pd.DataFrame:
        """All recorded values, in the order recorded."""
        sizes = np.array([len(part[4]) for part in self._parts], dtype=np.int64)
        def column(i: int) -> np.ndarray:
            return np.concatenate([part[i] for part in self._parts]) if self._parts else np.zeros(0, dtype=np.int64)
        return pd.DataFrame({
            "date": np.repeat(np.array([part[0] for part in self._parts], dtype="datetime64[D]"),
                              sizes).astype("datetime64[ns]"),
            "landsdeel": self.landsdelen[column(2)].astype(object),
            "sector": self.sectors[column(3)].astype(object),
            "indicator": np.repeat(np.array([part[1] for part in self._parts], dtype=object), sizes),
            "value": column(4).astype(float),
        })
