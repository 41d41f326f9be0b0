"""What a run's output means for experiments: which indicators are flows and which stocks, what a
sweep keeps of each run, and the key indicators a region is judged on.

A run (``experiments.run.simulate``) gives monthly values. Experiments at scale keep less: some
indicators, some landsdelen or sector groups, monthly or per calendar year. Per year, flows
(hires, outflow, cost, ...) are summed over the twelve months and stocks and rates (employed,
vacancies, shares, ...) averaged, so a yearly value reads as "in 2030" whatever its kind.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

import regions
from abm.interventions import INTERVENTIONS
from abm.interventions.base import ALL_LANDSDELEN

FLOWS = ("hires", "separations", "layoffs", "job_to_job", "vacancies_created", "outflow_to_non_technical",
         "inflow_from_non_technical", "retirements",
         "technical_graduates", "retrained_side_entrants", "cost", *(f"cost_{kind}" for kind in INTERVENTIONS))
"""Indicators counted per month (summed to a year); every other indicator is a stock or a rate."""
STOCKS = ("employed", "unemployed", "vacancies", "hard_to_fill_vacancies", "wage_index", "training_places", "apprentices",
          "graduates_to_technical_job_share", "unemployment_rate_technical", "teacher_shortage_fte", "hybrid_teachers",
          *(f"technical_intake_share_{level}_{sex}" for level in ("mbo", "hbo", "wo") for sex in ("men", "women")))
INDICATORS = STOCKS + FLOWS
RENAMED = {"unfilled_vacancies": "hard_to_fill_vacancies"}
"""Old indicator names that sweep specs may still use: read as the new name, with a one-line note.
``unfilled_vacancies`` counted vacancies open three months or more, which the sources call hard to
fill; ``vacancies`` are all open vacancies, as the 2022 plan's "circa 60.000" means."""
REGIONS = (*ALL_LANDSDELEN, "NL")
SECTOR_GROUPS = ("technical", "plan_2022", "all")
START_YEAR = 2023


class Keep(BaseModel):
    """What a sweep keeps of every run: indicators, landsdelen and sectors (all if not given),
    and the time resolution."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    indicators: tuple[str, ...] | None = Field(None, min_length=1)
    landsdelen: tuple[Literal[REGIONS], ...] | None = Field(None, min_length=1)  # type: ignore[valid-type]
    sectors: tuple[str, ...] | None = Field(None, min_length=1)
    frequency: Literal["monthly", "yearly"] = "monthly"

    @field_validator("indicators")
    @classmethod
    def _known_indicators(cls, names: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if names is None:
            return None
        for old in sorted(set(names) & set(RENAMED)):
            sys.stderr.write(f"note: indicator '{old}' is now called '{RENAMED[old]}' (read as the new name)\n")
        names = tuple(RENAMED.get(name, name) for name in names)
        for name in names:
            if name not in INDICATORS:
                raise ValueError(f"unknown indicator {name!r} (allowed: {', '.join(INDICATORS)})")
        return names

    @field_validator("sectors")
    @classmethod
    def _known_sectors(cls, names: tuple[str, ...] | None) -> tuple[str, ...] | None:
        allowed = (*(s.code for s in regions.load().sectors), *SECTOR_GROUPS)
        for name in names or ():
            if name not in allowed:
                raise ValueError(f"unknown sector {name!r} (allowed: {', '.join(allowed)})")
        return names


def reduce(frame: pd.DataFrame, keep: Keep) -> pd.DataFrame:
    """The part of a run's indicators that ``keep`` asks for."""
    mask = pd.Series(True, index=frame.index)
    for column, wanted in (("indicator", keep.indicators), ("landsdeel", keep.landsdelen), ("sector", keep.sectors)):
        if wanted is not None:
            mask &= frame[column].isin(wanted)
    kept = frame[mask]
    return yearly(kept) if keep.frequency == "yearly" else kept.reset_index(drop=True)


def yearly(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per complete calendar year (dated 1 January): flows summed, stocks and rates averaged."""
    year = frame.date.dt.year
    months = frame.date.groupby(year).nunique()
    frame = frame[year.isin(months.index[months == 12])]
    keys = [frame.date.dt.year.rename("year"), "landsdeel", "sector", "indicator"]
    flow = frame.indicator.isin(FLOWS)
    parts = [frame[flow].groupby(keys, sort=False).value.sum(), frame[~flow].groupby(keys, sort=False).value.mean()]
    out = pd.concat(parts).reset_index()
    out.insert(0, "date", pd.to_datetime(out.pop("year").astype(str) + "-01-01"))
    return out.sort_values(["date"], kind="stable").reset_index(drop=True)


def last_full_year(years: int) -> int:
    """The last calendar year a run of ``years`` from January 2023 covers completely."""
    return START_YEAR + years - 1


@dataclass(frozen=True)
class KeyIndicator:
    """An indicator a region is judged on: which series, and its labels (Dutch, English)."""

    key: str
    indicator: str
    sector: str
    nl: str
    en: str
    better: Literal["lower", "higher"]


KEY_INDICATORS = (
    KeyIndicator("hard_to_fill_vacancies", "hard_to_fill_vacancies", "plan_2022",
                 "Moeilijk vervulbare vacatures (≥ 3 mnd open), techniek/bouw/energie",
                 "Unfilled vacancies (open ≥ 3 months), technology/construction/energy", "lower"),
    KeyIndicator("employed_technical", "employed", "technical", "Werkzame personen in technische sectoren",
                 "Employed in technical sectors", "higher"),
    KeyIndicator("outflow", "outflow_to_non_technical", "technical", "Uitstroom naar niet-technisch werk (per jaar)",
                 "Outflow to non-technical work (per year)", "lower"),
    KeyIndicator("teacher_shortage", "teacher_shortage_fte", "all", "Tekort technische docenten (fte)",
                 "Technical teacher shortage (fte)", "lower"),
    KeyIndicator("cost", "cost", "all", "Kosten per jaar (€)", "Cost per year (€)", "lower"),
)
"""Unfilled vacancies, employed technicians, outflow, teacher shortage and cost; yearly values
(stocks the mean of the year, flows its total)."""
KEEP_KEY = Keep(indicators=tuple(sorted({k.indicator for k in KEY_INDICATORS})),
                sectors=tuple(sorted({k.sector for k in KEY_INDICATORS})))
"""What a run must keep for :func:`key_indicators` (monthly, so time series can be drawn)."""


def key_series(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` that are key indicators, with the indicator's ``key`` as a column."""
    wanted = pd.DataFrame([(k.indicator, k.sector, k.key) for k in KEY_INDICATORS],
                          columns=["indicator", "sector", "key"])
    return frame.merge(wanted, on=["indicator", "sector"])


def key_indicators(frame: pd.DataFrame, year: int, by: list[str] | None = None) -> pd.DataFrame:
    """The key indicators in ``year``: columns ``*by, landsdeel, key, value`` (``by`` e.g. ``run_id``)."""
    rows = key_series(frame[frame.date.dt.year == year])
    flow = rows.indicator.isin(FLOWS)
    keys = [*(by or []), "landsdeel", "key"]
    return pd.concat([rows[flow].groupby(keys).value.sum(), rows[~flow].groupby(keys).value.mean()]).reset_index()
