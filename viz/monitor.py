"""The Techniekpact monitor's indicators as the browser view shows them.

A :class:`Measure` says which model indicator it is, in which sector group, in which unit and how
a month's values become what is drawn: stocks as they are, monthly flows as the sum over the last
twelve months (per year; a single month at the view's scale is too coarse), September-only intake
shares as yearly points. A :class:`Chart` groups measures; ``lines`` gives every line a chart draws,
so the charts, the map, the key figures and the CSV export all show the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from viz.i18n import tr

SECTOR_GROUPS = ("technical", "plan_2022")
LEVELS = ("mbo", "hbo", "wo")
SEXES = ("women", "men")
NATIONAL = "NL"


@dataclass(frozen=True)
class Measure:
    """One monitor indicator: the model's ``indicator`` in a sector (``per_sector``: the chosen
    group, else ``all``), drawn in ``unit`` after dividing by ``divisor``."""

    key: str
    indicator: str
    unit: str
    per_sector: bool = False
    per_year: bool = False
    september: bool = False
    divisor: float = 1.0
    digits: int = 0

    def sector(self, group: str) -> str:
        return group if self.per_sector else "all"

    def title(self, lang: str) -> str:
        if self.key.startswith("intake_"):
            _, level, sex = self.key.split("_")
            return tr(lang, "measure.intake_level_sex", level=level, sex=tr(lang, sex))
        return tr(lang, f"measure.{self.key}")

    def shown(self, wide: pd.DataFrame, group: str, landsdeel: str) -> pd.Series:
        """The monthly series as drawn (per-year flows from December 2023; intake each September)."""
        column = (self.indicator, self.sector(group), landsdeel)
        raw = wide[column] if column in wide.columns else pd.Series(float("nan"), index=wide.index)
        if self.per_year:
            raw = raw.rolling(12, min_periods=12).sum()
        if self.september:
            raw = raw.dropna()
        return (raw / self.divisor).rename(self.key)

    def in_year(self, wide: pd.DataFrame, group: str, landsdeel: str, year: int) -> float:
        """The year's figure: a stock's mean over the year, a flow's total, September's share."""
        series = self.shown(wide, group, landsdeel)
        series = series[series.index.year == year].dropna()
        if series.empty:
            return float("nan")
        return float(series.iloc[-1] if self.per_year or self.september else series.mean())

    def at(self, wide: pd.DataFrame, group: str, landsdeel: str, date: pd.Timestamp) -> float:
        """The latest value drawn on or before ``date`` (NaN before the first)."""
        series = self.shown(wide, group, landsdeel).loc[:date].dropna()
        return float(series.iloc[-1]) if len(series) else float("nan")


MEASURES: dict[str, Measure] = {m.key: m for m in (
    Measure("vacancies", "vacancies", "unit.vacancies", per_sector=True),
    Measure("hard_to_fill_vacancies", "hard_to_fill_vacancies", "unit.vacancies", per_sector=True),
    Measure("employed", "employed", "unit.persons", per_sector=True),
    *(Measure(f"intake_{level}_{sex}", f"technical_intake_share_{level}_{sex}", "unit.percent", september=True,
              digits=1) for sex in SEXES for level in LEVELS),
    Measure("outflow", "outflow_to_non_technical", "unit.persons_per_year", per_sector=True, per_year=True),
    Measure("teacher_shortage", "teacher_shortage_fte", "unit.fte"),
    Measure("training_places", "training_places", "unit.places", per_sector=True),
    Measure("cost", "cost", "unit.eur_mln_per_year", per_year=True, divisor=1e6, digits=1),
)}

SERIES: frozenset[tuple[str, str]] = frozenset(
    (m.indicator, m.sector(group)) for m in MEASURES.values() for group in SECTOR_GROUPS)
"""The (indicator, sector) pairs a run keeps (``runs.to_wide``)."""


@dataclass(frozen=True)
class Chart:
    """A chart of the monitor: its measures, where ``{level}`` is the chosen education level."""

    key: str
    measures: tuple[str, ...]

    def measure_keys(self, level: str) -> tuple[str, ...]:
        return tuple(key.format(level=level) for key in self.measures)

    def title(self, lang: str) -> str:
        return tr(lang, f"measure.{self.key}")


CHARTS: tuple[Chart, ...] = (
    Chart("vacancies", ("vacancies",)),
    Chart("hard_to_fill_vacancies", ("hard_to_fill_vacancies",)),
    Chart("employed", ("employed",)),
    Chart("intake", ("intake_{level}_women", "intake_{level}_men")),
    Chart("outflow", ("outflow",)),
    Chart("teacher_shortage", ("teacher_shortage",)),
    Chart("training_places", ("training_places",)),
    Chart("cost", ("cost",)),
)


@dataclass(frozen=True)
class Runs:
    """The runs on screen: the baseline, the scenario and a pinned one if any (the first
    replication of each, the lines drawn), the bands (lowest and highest value over the
    replications) and every replication by role (for the key figures' intervals)."""

    baseline: pd.DataFrame | None
    band: tuple[pd.DataFrame, pd.DataFrame] | None = None
    scenario: pd.DataFrame | None = None
    pinned: pd.DataFrame | None = None
    scenario_band: tuple[pd.DataFrame, pd.DataFrame] | None = None
    replications: dict[str, tuple[pd.DataFrame, ...]] = field(default_factory=dict)

    def named(self) -> dict[str, pd.DataFrame]:
        """The single runs by role (the bands' bounds as ``band_low``, ``band_high``,
        ``scenario_low`` and ``scenario_high``)."""
        low, high = self.band if self.band is not None else (None, None)
        scenario_low, scenario_high = self.scenario_band if self.scenario_band is not None else (None, None)
        frames = {"baseline": self.baseline, "band_low": low, "band_high": high, "pinned": self.pinned,
                  "scenario_low": scenario_low, "scenario_high": scenario_high, "scenario": self.scenario}
        return {role: frame for role, frame in frames.items() if frame is not None}


def band_of(replications: tuple[pd.DataFrame, ...]) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The lowest and highest value of every series over the replications (None for fewer than two)."""
    if len(replications) < 2:
        return None
    grouped = pd.concat(replications, keys=range(len(replications))).groupby(level=1)
    return grouped.min(), grouped.max()


def lines(measure: Measure, runs: Runs, group: str, landsdeel: str) -> dict[str, pd.Series]:
    """Every line drawn for ``measure`` in ``landsdeel``, by role."""
    return {role: measure.shown(frame, group, landsdeel) for role, frame in runs.named().items()}


def shown_table(measure_keys: tuple[str, ...], runs: Runs, group: str, landsdelen: tuple[str, ...],
                lang: str = "en") -> pd.DataFrame:
    """The numbers the charts show, one row per month, landsdeel and measure, one column per line
    (units in ``lang``)."""
    parts = []
    for landsdeel in landsdelen:
        for key in measure_keys:
            measure = MEASURES[key]
            columns = pd.DataFrame(lines(measure, runs, group, landsdeel))
            columns = columns.dropna(how="all").rename_axis("date").reset_index()
            columns.insert(1, "landsdeel", landsdeel)
            columns.insert(2, "measure", key)
            columns.insert(3, "indicator", measure.indicator)
            columns.insert(4, "sector", measure.sector(group))
            columns.insert(5, "unit", tr(lang, measure.unit))
            parts.append(columns)
    table = pd.concat(parts, ignore_index=True)
    table["date"] = table["date"].dt.strftime("%Y-%m-%d")
    return table
