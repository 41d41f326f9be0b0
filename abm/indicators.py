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
    """Collects indicator values month by month and hands them out as one DataFrame."""

    def __init__(self, landsdelen: tuple[str, ...], sectors: tuple[str, ...], technical: np.ndarray,
                 plan_2022: np.ndarray) -> None:
        self.landsdelen = (*landsdelen, "NL")
        self.sectors = (*sectors, "technical", "plan_2022", "all")
        self.groups = np.stack([technical, plan_2022, np.ones_like(technical)]).astype(float)
        self._chunks: list[pd.DataFrame] = []

    def cells(self, date: dt.date, name: str, values: np.ndarray) -> None:
        """A count per landsdeel x sector; adds the sector groups and the national totals."""
        grouped = np.concatenate([values, values @ self.groups.T], axis=1)
        full = np.concatenate([grouped, grouped.sum(axis=0, keepdims=True)], axis=0)
        self._add(date, name, np.repeat(self.landsdelen, len(self.sectors)),
                  np.tile(self.sectors, len(self.landsdelen)), full.ravel())

    def ratio(self, date: dt.date, name: str, numerator: np.ndarray, denominator: np.ndarray,
              percent: bool = True) -> None:
        """A rate per landsdeel and nationally (sector ``all``) from counts per landsdeel."""
        num = np.append(numerator, numerator.sum())
        den = np.append(denominator, denominator.sum())
        values = np.divide(num, den, out=np.full(len(num), np.nan), where=den > 0) * (100 if percent else 1)
        self._add(date, name, np.array(self.landsdelen), np.full(len(num), "all"), values)

    def regional(self, date: dt.date, name: str, values: np.ndarray) -> None:
        """A count per landsdeel (sector ``all``) plus the national sum."""
        self._add(date, name, np.array(self.landsdelen), np.full(len(values) + 1, "all"),
                  np.append(values, values.sum()))

    def _add(self, date: dt.date, name: str, landsdeel: np.ndarray, sector: np.ndarray, value: np.ndarray) -> None:
        self._chunks.append(pd.DataFrame({
            "date": pd.Timestamp(date), "landsdeel": landsdeel, "sector": sector,
            "indicator": name, "value": np.asarray(value, dtype=float)}))

    def frame(self) -> pd.DataFrame:
        """All recorded values, in the order recorded."""
        if not self._chunks:
            return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "landsdeel": pd.Series(dtype=str),
                                 "sector": pd.Series(dtype=str), "indicator": pd.Series(dtype=str),
                                 "value": pd.Series(dtype=float)})
        self._chunks = [pd.concat(self._chunks, ignore_index=True)]
        return self._chunks[0].copy()
