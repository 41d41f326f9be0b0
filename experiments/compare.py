"""Interventions against the baseline, per landsdeel and nationally: what a region takes to its board.

Every scenario runs R times with the same seeds as the baseline (common random numbers: the same
persons make the same random draws in both), so a scenario's effect in one replication is
scenario minus baseline for that seed. The effects are ``experiments.effects.net_effects``: per
measure the mean effect in one calendar year (stocks the mean of that year, flows and cost its
total) with its 90 % interval over the paired seeds, flagged where it spans zero; nationally the
net vacancies closed (all sectors) beside the gross ones (the plan's sectors in the target),
displacement, cost and cost per net vacancy closed; for a scenario scoped to some landsdelen the
regional spill-over (the share of each effect that lands in the target).

Writes ``effects.csv`` (tidy, English keys), ``effects.md`` (a table per landsdeel, and the
spill-over of scoped scenarios) and per landsdeel ``effects_<landsdeel>.png`` (effects with
intervals) and ``series_<landsdeel>.png`` (monthly paths with 90 % bands).
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
from experiments import effects as net
from experiments.charts import band_chart, effect_chart
from experiments.design import Design, expand
from experiments.outcomes import REGIONS, Keep, key_series
from experiments.run import atomic_text, git_commit, package_version
from experiments.scenarios import load_scenario

Language = Literal["nl", "en"]
BASELINE = net.BASELINE_NAME
KEEP = Keep(indicators=net.INDICATORS, sectors=net.SECTORS)
"""What every run keeps: all the net-effects table needs (monthly, so time series can be drawn)."""
LABELS: dict[str, tuple[str, str]] = {
    "vacancies_closed_net": ("Netto gesloten vacatures, alle sectoren", "Net vacancies closed, all sectors"),
    "vacancies_all": ("Open vacatures, alle sectoren", "Open vacancies, all sectors"),
    "hard_to_fill_all": ("Moeilijk vervulbare vacatures (≥ 3 mnd open), alle sectoren",
                         "Hard-to-fill vacancies (open ≥ 3 months), all sectors"),
    "employed": ("Werkzame personen, alle sectoren", "Employed, all sectors"),
    "unemployed": ("Werklozen", "Unemployed"),
    "vacancies_closed_gross": ("Bruto gesloten vacatures: techniek/bouw/energie in de doelregio's",
                               "Gross vacancies closed: technology/construction/energy in the target"),
    "displacement": ("Verdringing: vacatures die elders open blijven of bijkomen",
                     "Displacement: vacancies that stay open or open up elsewhere"),
    "displacement_sectors": ("  waarvan naar andere sectoren", "  of which to other sectors"),
    "displacement_landsdelen": ("  waarvan naar andere landsdelen", "  of which to other landsdelen"),
    "vacancies_plan_2022": ("Open vacatures techniek/bouw/energie (bruto)",
                            "Open vacancies technology/construction/energy (gross)"),
    "hard_to_fill_plan_2022": ("Moeilijk vervulbare vacatures (≥ 3 mnd open), techniek/bouw/energie (bruto)",
                               "Unfilled vacancies (open ≥ 3 months), technology/construction/energy (gross)"),
    "vacancies_technical": ("Open vacatures technische sectoren (bruto)", "Open vacancies technical sectors (gross)"),
    "hard_to_fill_technical": ("Moeilijk vervulbare vacatures technische sectoren (bruto)",
                               "Hard-to-fill vacancies technical sectors (gross)"),
    "employed_technical": ("Werkzame personen in technische sectoren", "Employed in technical sectors"),
    "outflow": ("Uitstroom naar niet-technisch werk (per jaar)", "Outflow to non-technical work (per year)"),
    "teacher_shortage": ("Tekort technische docenten (fte)", "Technical teacher shortage (fte)"),
    "cost": ("Kosten (mln € per jaar)", "Cost (million € per year)"),
    "cost_per_net_vacancy_closed": ("Kosten per netto gesloten vacature (€)", "Cost per net vacancy closed (€)"),
    "cumulative_cost": ("Kosten sinds 2023, cumulatief (mln €)", "Cost since 2023, cumulative (million €)"),
    "NL": ("Nederland", "Netherlands"),
    "target": ("Doelregio's samen", "Target landsdelen together"),
}
"""Dutch and English labels of what the report shows, in the order of its tables (cost in millions
in tables and charts); gross figures are labelled so and shown only below the net ones."""
ORDER = {key: i for i, key in enumerate(LABELS)}
MILLIONS = {"cost", "cumulative_cost"}
INTRO = {
    "nl": ("Elk scenario is {replications} keer gedraaid met dezelfde seeds als de baseline (common random numbers), "
           "schaal {scale} personen per agent. Effect = scenario − baseline in {year}: gemiddelde over de replicaties, "
           "met tussen haakjes het 90%-betrouwbaarheidsinterval van dat gemiddelde (Student-t over de gepaarde "
           "verschillen). ~ = het interval omvat nul: niet te onderscheiden van ruis bij dit aantal replicaties. "
           "Netto = alle sectoren, heel Nederland; bruto = alleen techniek/bouw/energie (in de doelregio's). "
           "Voorraden zijn jaargemiddelden, uitstroom en kosten jaartotalen; kosten in miljoen euro. Kosten per "
           "netto gesloten vacature: kosten gedeeld door de netto gesloten vacatures (verhouding van de "
           "gemiddelden); zonder interval (en met ~) als die niet van nul te onderscheiden zijn, leeg als er "
           "gemiddeld geen sluiten."),
    "en": ("Each scenario ran {replications} times with the same seeds as the baseline (common random numbers), "
           "scale {scale} persons per agent. Effect = scenario − baseline in {year}: mean over the replications, in "
           "brackets the 90 % confidence interval of that mean (Student t over the paired differences). ~ = the "
           "interval contains zero: not distinguishable from noise at this number of replications. Net = all "
           "sectors, the whole country; gross = technology/construction/energy only (in the target landsdelen). "
           "Stocks are yearly means, outflow and cost yearly totals; cost in million euros. Cost per net vacancy "
           "closed: cost over the net vacancies closed (ratio of the means); without an interval (and with ~) where "
           "those are not distinguishable from zero, blank where none close on average."),
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
    """Every scenario x replication, replication r with the same seed in every scenario; each run is
    labelled with its scenario and its target landsdelen (``experiments.effects.target``)."""
    points = [(scenario, {"scenario": name, "target": net.target(scenario)}) for name, scenario in scenarios.items()]
    return expand("compare", points, replications, years, scale, KEEP, seed)


def effects(frames: pd.DataFrame, year: int) -> pd.DataFrame:
    """The net-effects table of ``frames`` in ``year`` (``experiments.effects.net_effects``), NL first,
    then the landsdelen and the target, measures in report order."""
    order = {name: i for i, name in enumerate([*REGIONS[-1:], *REGIONS[:-1], "target"])}
    table = net.net_effects(frames, year)
    return table.sort_values(["landsdeel", "measure"], key=lambda c: c.map(order if c.name == "landsdeel" else ORDER),
                             kind="stable").reset_index(drop=True)


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


CHARTED = ("vacancies_closed_net", "vacancies_all", "employed", "unemployed", "vacancies_plan_2022",
           "employed_technical", "teacher_shortage", "cost")
"""The measures drawn in each landsdeel's effects chart (those it has)."""
SPILLOVER = ("employed", "employed_technical", "vacancies_all")


def write_report(table: pd.DataFrame, paths: pd.DataFrame, out: Path, regions: Sequence[str], language: Language,
                 command: str, replications: int, scale: float) -> list[Path]:
    """``effects.csv``, ``effects.md`` and the charts of ``regions``; returns the files written."""
    shown = table[table.landsdeel.isin([*regions, "target"])]
    year = int(table.year.iloc[0])
    written = [out / "effects.csv", out / "effects.md"]
    atomic_text(shown.to_csv(index=False), written[0])
    atomic_text(markdown(shown, language, command, replications, scale), written[1])
    for region in regions:
        name = label(region, language)
        title = {"nl": f"Effect t.o.v. baseline in {year}: {name}", "en": f"Effect against baseline in {year}: {name}"}
        here = table[table.landsdeel == region]
        panels = [(label(key, language), _scaled(here[here.measure == key], key)
                   .rename(columns={"effect": "mean", "low": "p05", "high": "p95"}))
                  for key in CHARTED if key in set(here.measure)]
        effect_chart(panels, title[language], out / f"effects_{region}.png", lambda v: number(v, language))
        lines = paths[paths.landsdeel == region]
        panels = [(label(key, language), _scaled(lines[lines.key == key], key, ["mean", "p05", "p95"]))
                  for key in ("hard_to_fill_vacancies", "employed_technical", "teacher_shortage", "cumulative_cost")]
        title = {"nl": f"Verloop per maand, gemiddelde en 90%-band: {name}",
                 "en": f"Monthly, mean and 90 % band: {name}"}
        band_chart(panels, title[language], out / f"series_{region}.png", lambda v: number(v, language))
        written += [out / f"effects_{region}.png", out / f"series_{region}.png"]
    return written


def _scaled(frame: pd.DataFrame, key: str, columns: Sequence[str] = ("effect", "low", "high")) -> pd.DataFrame:
    """Cost in millions of euros; other measures as they are."""
    if key not in MILLIONS:
        return frame
    return frame.assign(**{column: frame[column] / 1e6 for column in columns})


def effect_text(row: pd.Series, language: Language, digits: int = 0) -> str:
    """``mean (low to high)``, prefixed ``~`` where the interval spans zero; the mean alone without an interval."""
    show = partial(number, language=language, digits=digits)
    if not np.isfinite(row.low):
        return ("~" if row.spans_zero and np.isfinite(row.effect) else "") + show(row.effect)
    to = "tot" if language == "nl" else "to"
    return f"{'~' if row.spans_zero else ''}{show(row.effect)} ({show(row.low)} {to} {show(row.high)})"


def cells(rows: pd.DataFrame, language: Language) -> pd.DataFrame:
    """One landsdeel's effects as text: a measure per row, the baseline level and then per scenario
    ``mean (low to high)``; cost in millions."""
    year = int(rows.year.iloc[0])
    scenarios = list(pd.unique(rows.scenario))
    text = {}
    for key, group in rows.groupby("measure", sort=False):
        group = _scaled(group, key, ["baseline", "effect", "low", "high"]).set_index("scenario")
        digits = 1 if key in MILLIONS else 0
        text[label(key, language)] = [number(group.baseline.iloc[0], language, digits)] + [
            effect_text(group.loc[s], language, digits) if s in group.index else "" for s in scenarios]
    return pd.DataFrame.from_dict(text, orient="index", columns=[f"Baseline {year}", *scenarios])


def spillover_cells(table: pd.DataFrame, scenario: str, language: Language) -> pd.DataFrame:
    """A scoped scenario's spill-over as text: a landsdeel per row (the target ones marked, then the
    target together), per measure ``mean (low to high)`` and its share of the national effect."""
    rows = net.spillover(table[table.scenario == scenario], SPILLOVER)
    text = {}
    for region, group in rows.groupby("landsdeel", sort=False):
        group = group.set_index("measure")
        name = label(region, language) + (" *" if region != "target" and group.in_target.iloc[0] else "")
        text[name] = [f"{effect_text(group.loc[m], language)}; {number(100 * group.loc[m, 'share'], language)} %"
                      if np.isfinite(group.loc[m, "share"]) else effect_text(group.loc[m], language) for m in SPILLOVER]
    return pd.DataFrame.from_dict(text, orient="index", columns=[label(m, language) for m in SPILLOVER])


def markdown(table: pd.DataFrame, language: Language, command: str, replications: int, scale: float) -> str:
    """A table per landsdeel (measures down, scenarios across, ``mean (low to high)``), then the
    regional spill-over of every scenario scoped to some landsdelen."""
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
    for region, rows in table[table.landsdeel != "target"].groupby("landsdeel", sort=False):
        lines += ["", f"## {label(region, language)}", "", *_table(cells(rows, language), "Indicator")]
    for scenario in pd.unique(table[table.landsdeel == "target"].scenario):
        heading = "Regionale spill-over" if nl else "Regional spill-over"
        note = ("Effect per landsdeel (* = doelregio) en het aandeel van het landelijke effect dat er terechtkomt "
                "(leeg waar het landelijke effect niet van nul te onderscheiden is)." if nl else
                "Effect per landsdeel (* = target) and the share of the national effect that lands there (blank "
                "where the national effect is not distinguishable from zero).")
        lines += ["", f"## {heading}: {scenario}", "", note, "",
                  *_table(spillover_cells(table, scenario, language), "Landsdeel")]
    return "\n".join(lines) + "\n"


def _table(text: pd.DataFrame, first: str) -> list[str]:
    return [f"| {first} | " + " | ".join(text.columns) + " |", "|---|" + "---:|" * len(text.columns),
            *(f"| {name} | " + " | ".join(row) + " |" for name, row in text.iterrows())]
