"""Interventions against the baseline, per landsdeel and nationally: what a region takes to its board.

Every scenario runs R times with the same seeds as the baseline (common random numbers: the same
persons make the same random draws in both), so a scenario's effect in one replication is
scenario minus baseline for that seed. Reported per indicator: the mean effect over the
replications and its 90 % interval (5th to 95th percentile). Indicators are the key indicators
of ``experiments.outcomes`` in one calendar year (stocks the mean of that year, flows and cost
its total), plus the cost per hard-to-fill vacancy closed: extra cost in that year over the hard-to-fill
vacancies it closed (ratio of the means; its interval from the replications, blank unless every
replication closed vacancies).

Writes ``effects.csv`` (tidy, English keys), ``effects.md`` (a table per landsdeel) and per
landsdeel ``effects_<landsdeel>.png`` (effects with intervals) and ``series_<landsdeel>.png``
(monthly paths with 90 % bands).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from abm.scenario import Scenario
from experiments.charts import band_chart, effect_chart
from experiments.design import Design, expand
from experiments.outcomes import KEEP_KEY, KEY_INDICATORS, REGIONS, key_indicators, key_series
from experiments.run import atomic_text, git_commit, package_version
from experiments.scenarios import load_scenario

Language = Literal["nl", "en"]
BASELINE = "baseline"
PER_CLOSED = "cost_per_vacancy_closed"
LABELS: dict[str, tuple[str, str]] = {
    **{k.key: (k.nl, k.en) for k in KEY_INDICATORS},
    PER_CLOSED: ("Kosten per gesloten moeilijk vervulbare vacature (€)", "Cost per hard-to-fill vacancy closed (€)"),
    "cost": ("Kosten (mln € per jaar)", "Cost (million € per year)"),
    "cumulative_cost": ("Kosten sinds 2023, cumulatief (mln €)", "Cost since 2023, cumulative (million €)"),
    "NL": ("Nederland", "Netherlands"),
}
"""Dutch and English labels of what the report shows (cost in millions in tables and charts)."""
MILLIONS = {"cost", "cumulative_cost"}
INTRO = {
    "nl": ("Elk scenario is {replications} keer gedraaid met dezelfde seeds als de baseline (common random numbers), "
           "schaal {scale} personen per agent. Effect = scenario − baseline in {year}: gemiddelde over de replicaties, "
           "met tussen haakjes het 90%-interval (5e tot 95e percentiel). Voorraden zijn jaargemiddelden, uitstroom en "
           "kosten jaartotalen; kosten in miljoen euro. Kosten per gesloten vacature: extra kosten gedeeld door het "
           "aantal gesloten moeilijk vervulbare vacatures (verhouding van de gemiddelden); leeg als de maatregel "
           "gemiddeld geen vacatures sluit, zonder interval als niet elke replicatie er sluit."),
    "en": ("Each scenario ran {replications} times with the same seeds as the baseline (common random numbers), "
           "scale {scale} persons per agent. Effect = scenario − baseline in {year}: mean over the replications, in "
           "brackets the 90 % interval (5th to 95th percentile). Stocks are yearly means, outflow and cost yearly "
           "totals; cost in million euros. Cost per vacancy closed: extra cost over the hard-to-fill vacancies closed "
           "(ratio of the means); blank where the measure closes none on average, without an interval unless every "
           "replication closes some."),
}


def label(key: str, language: Language) -> str:
    """What the report calls ``key`` (an indicator or a landsdeel) in ``language``."""
    nl, en = LABELS.get(key, (key, key))
    return nl if language == "nl" else en


def number(value: float, language: Language, digits: int = 0) -> str:
    """``12,345.6`` in English, ``12.345,6`` in Dutch; a real minus sign; blank for NaN."""
    if value is None or not np.isfinite(value):
        return ""
    text = f"{value:,.{digits}f}".replace("-", "−")
    return text.translate(str.maketrans(",.", ".,")) if language == "nl" else text


def scenarios_from(names: Sequence[str]) -> dict[str, Scenario]:
    """Label -> scenario for presets or scenario files, the baseline first (added if not named);
    raises ``ScenarioError`` with a one-line message."""
    labels = [BASELINE, *(name for name in names if name != BASELINE)]
    return {Path(name).stem if name.endswith(".toml") else name: load_scenario(name) for name in labels}


def design(scenarios: dict[str, Scenario], replications: int, years: int, scale: float, seed: int) -> Design:
    """Every scenario x replication, replication r with the same seed in every scenario."""
    points = [(scenario, {"scenario": name}) for name, scenario in scenarios.items()]
    return expand("compare", points, replications, years, scale, KEEP_KEY, seed)


def effects(frames: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per scenario, landsdeel and indicator: baseline and scenario means, and the effect's mean and
    5th/95th percentiles over replications paired by seed."""
    values = key_indicators(frames, year, by=["scenario", "seed"])
    per_run = values.pivot_table(index=["landsdeel", "seed"], columns=["scenario", "key"], values="value")
    base = per_run[BASELINE]
    rows = []
    for scenario in (name for name in pd.unique(frames.scenario) if name != BASELINE):
        diff = (per_run[scenario] - base).dropna()
        for landsdeel, group in diff.groupby(level="landsdeel", sort=False):
            here = {"year": year, "landsdeel": landsdeel, "scenario": scenario, "replications": len(group)}
            for key in group.columns:
                rows.append({**here, "indicator": key, "baseline": base[key].xs(landsdeel).mean(),
                             "scenario_mean": per_run[scenario][key].xs(landsdeel).mean(), **_summary(group[key])})
            closed = -group["hard_to_fill_vacancies"]
            interval = _summary(group["cost"] / closed) if (closed > 0).all() else {}
            rows.append({**here, "indicator": PER_CLOSED, "baseline": np.nan, "scenario_mean": np.nan,
                         "effect_p05": np.nan, "effect_p95": np.nan, **interval,
                         "effect_mean": group["cost"].mean() / closed.mean() if closed.mean() > 0 else np.nan})
    order = {name: i for i, name in enumerate([*REGIONS[-1:], *REGIONS[:-1]])}
    keys = {name: i for i, name in enumerate([*(k.key for k in KEY_INDICATORS), PER_CLOSED])}
    columns = ["year", "landsdeel", "indicator", "scenario", "baseline", "scenario_mean", "effect_mean", "effect_p05",
               "effect_p95", "replications"]
    table = pd.DataFrame(rows)[columns]
    return table.sort_values(["landsdeel", "indicator"], key=lambda c: c.map(order if c.name == "landsdeel" else keys),
                             kind="stable").reset_index(drop=True)


def _summary(values: pd.Series) -> dict[str, float]:
    low, high = np.percentile(values, [5, 95])
    return {"effect_mean": float(values.mean()), "effect_p05": float(low), "effect_p95": float(high)}


def series(frames: pd.DataFrame) -> pd.DataFrame:
    """Monthly key indicators per scenario and landsdeel over replications: mean, 5th and 95th
    percentile (cost cumulated since the start, as ``cumulative_cost``)."""
    rows = key_series(frames).sort_values("date", kind="stable")
    cost = rows.key == "cost"
    rows.loc[cost, "value"] = rows[cost].groupby(["scenario", "seed", "landsdeel"]).value.cumsum()
    rows.loc[cost, "key"] = "cumulative_cost"
    grouped = rows.groupby(["landsdeel", "key", "scenario", "date"], sort=False).value
    return pd.concat({"mean": grouped.mean(), "p05": grouped.quantile(0.05), "p95": grouped.quantile(0.95)},
                     axis=1).reset_index()


def write_report(table: pd.DataFrame, paths: pd.DataFrame, out: Path, regions: Sequence[str], language: Language,
                 command: str, replications: int, scale: float) -> list[Path]:
    """``effects.csv``, ``effects.md`` and the charts of ``regions``; returns the files written."""
    table = table[table.landsdeel.isin(regions)]
    year = int(table.year.iloc[0])
    written = [out / "effects.csv", out / "effects.md"]
    atomic_text(table.to_csv(index=False), written[0])
    atomic_text(markdown(table, language, command, replications, scale), written[1])
    for region in regions:
        name = label(region, language)
        title = {"nl": f"Effect t.o.v. baseline in {year}: {name}", "en": f"Effect against baseline in {year}: {name}"}
        here = table[table.landsdeel == region]
        panels = [(label(key, language), _scaled(here[here.indicator == key], key)
                   .rename(columns={"effect_mean": "mean", "effect_p05": "p05", "effect_p95": "p95"}))
                  for key in here.indicator.unique()]
        effect_chart(panels, title[language], out / f"effects_{region}.png", lambda v: number(v, language))
        lines = paths[paths.landsdeel == region]
        panels = [(label(key, language), _scaled(lines[lines.key == key], key, ["mean", "p05", "p95"]))
                  for key in ("hard_to_fill_vacancies", "employed_technical", "teacher_shortage", "cumulative_cost")]
        title = {"nl": f"Verloop per maand, gemiddelde en 90%-band: {name}",
                 "en": f"Monthly, mean and 90 % band: {name}"}
        band_chart(panels, title[language], out / f"series_{region}.png", lambda v: number(v, language))
        written += [out / f"effects_{region}.png", out / f"series_{region}.png"]
    return written


def _scaled(frame: pd.DataFrame, key: str,
            columns: Sequence[str] = ("effect_mean", "effect_p05", "effect_p95")) -> pd.DataFrame:
    """Cost in millions of euros; other indicators as they are."""
    if key not in MILLIONS:
        return frame
    return frame.assign(**{column: frame[column] / 1e6 for column in columns})


def cells(rows: pd.DataFrame, language: Language) -> pd.DataFrame:
    """One landsdeel's effects as text: an indicator per row, the baseline level and then per
    scenario ``mean (p05 to p95)``; cost in millions."""
    year, to = int(rows.year.iloc[0]), "tot" if language == "nl" else "to"
    scenarios = list(pd.unique(rows.scenario))
    text = {}
    for key, group in rows.groupby("indicator", sort=False):
        group = _scaled(group, key, ["baseline", "effect_mean", "effect_p05", "effect_p95"]).set_index("scenario")
        show = partial(number, language=language, digits=1 if key in MILLIONS else 0)
        text[label(key, language)] = [show(group.baseline.iloc[0])] + [
            f"{show(c.effect_mean)} ({show(c.effect_p05)} {to} {show(c.effect_p95)})" if np.isfinite(c.effect_p05)
            else show(c.effect_mean) for c in (group.loc[s] for s in scenarios)]
    return pd.DataFrame.from_dict(text, orient="index", columns=[f"Baseline {year}", *scenarios])


def markdown(table: pd.DataFrame, language: Language, command: str, replications: int, scale: float) -> str:
    """A table per landsdeel: indicators down, scenarios across, ``mean (p05 to p95)``."""
    year = int(table.year.iloc[0])
    nl = language == "nl"
    lines = [
        f"# {'Effect van maatregelen t.o.v. de baseline' if nl else 'Effect of measures against the baseline'}, {year}",
        "",
        f"`{command}` ({dt.date.today().isoformat()}, techniekpact-abm {package_version()}, "
        f"commit {git_commit() or 'n/a'}).",
        "",
        INTRO[language].format(replications=replications, scale=number(scale, language), year=year),
    ]
    for region, rows in table.groupby("landsdeel", sort=False):
        text = cells(rows, language)
        lines += ["", f"## {label(region, language)}", "", "| Indicator | " + " | ".join(text.columns) + " |",
                  "|---|" + "---:|" * len(text.columns)]
        lines += [f"| {name} | " + " | ".join(row) + " |" for name, row in text.iterrows()]
    return "\n".join(lines) + "\n"
