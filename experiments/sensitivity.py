"""Morris screening (SALib) of the behavioural parameters: which of them drive the hard-to-fill
vacancies in the 2022 plan's sectors, nationally, in 2030 (or the run's last full year).

Each parameter ranges over its default +- ``band`` (50 % unless asked otherwise), clipped to its
admissible bounds; parameters whose default is 0 are left out (no band around 0). The design is
SALib's: ``trajectories`` x (parameters + 1) points, each run ``replications`` times with common
seeds, and the mean per point goes into the analysis. mu* ranks influence (mean absolute
elementary effect, in vacancies); sigma high against mu* means non-linear or interacting.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analysis
from SALib.sample import morris as morris_sample

from abm.parameters import Parameters, unit
from abm.scenario import Scenario
from experiments.charts import screening_chart
from experiments.design import Design, apply, behavioural_ranges, expand, labels
from experiments.outcomes import Keep, last_full_year
from experiments.run import atomic_text, git_commit, package_version


class IncompleteError(ValueError):
    """Runs of the design are missing (failed), so the screening cannot be computed."""


KEEP = Keep(indicators=("hard_to_fill_vacancies",), landsdelen=("NL",), sectors=("plan_2022",), frequency="yearly")
TARGET_YEAR = 2030


def problem(band: float) -> dict[str, Any]:
    """The SALib problem: the behavioural parameters and their screening ranges."""
    ranges = behavioural_ranges(band)
    return {"num_vars": len(ranges), "names": list(ranges), "bounds": [list(r) for r in ranges.values()]}


def outcome_year(years: int) -> int:
    """2030, or the last full year of a shorter run."""
    return min(TARGET_YEAR, last_full_year(years))


def design(base: Scenario, spec: dict[str, Any], trajectories: int, levels: int, replications: int, years: int,
           scale: float, seed: int) -> Design:
    """Morris trajectories over ``spec``'s parameters on ``base``, each point replicated."""
    sample = morris_sample.sample(spec, N=trajectories, num_levels=levels, seed=seed)
    paths = [f"parameters.{name}" for name in spec["names"]]
    scenarios = [apply(base, dict(zip(paths, map(float, row), strict=True))) for row in sample]
    return expand("sensitivity", [(s, labels(s, paths)) for s in scenarios], replications, years, scale, KEEP, seed)


def analyse(spec: dict[str, Any], plan: Design, frames: pd.DataFrame, levels: int, seed: int) -> pd.DataFrame:
    """mu*, its 95 % confidence, mu and sigma per parameter, most influential first. Needs every
    point: raises :class:`IncompleteError` naming the runs missing."""
    year = outcome_year(plan.years)
    values = frames[frames.date.dt.year == year].groupby("run_id").value.first()
    missing = sorted({run.run_id for run in plan.runs} - set(values.index))
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (", ..." if len(missing) > 10 else "")
        raise IncompleteError(f"Morris needs every run; {len(missing)} failed or missing (run ids {shown}): "
                         "see experiments.parquet")
    replications = max(run.replication for run in plan.runs) + 1
    points = len(plan.runs) // replications
    outcome = values.sort_index().to_numpy().reshape(points, replications).mean(axis=1)
    x = np.array([[run.labels[f"parameters.{name}"] for name in spec["names"]] for run in plan.runs[::replications]])
    result = morris_analysis.analyze(spec, x, outcome, num_levels=levels, seed=seed)
    defaults = Parameters()
    return pd.DataFrame({
        "parameter": spec["names"], "low": [b[0] for b in spec["bounds"]],
        "default": [getattr(defaults, name) for name in spec["names"]],
        "high": [b[1] for b in spec["bounds"]], "unit": [unit(Parameters.model_fields[n]) for n in spec["names"]],
        "mu_star": result["mu_star"], "mu_star_conf": result["mu_star_conf"], "mu": result["mu"],
        "sigma": result["sigma"],
    }).sort_values("mu_star", ascending=False).reset_index(drop=True)


def write_report(result: pd.DataFrame, out: Path, command: str, year: int, runs: int) -> list[Path]:
    """``morris.csv``, ``morris.md`` and ``morris.png``."""
    paths = [out / "morris.csv", out / "morris.md", out / "morris.png"]
    atomic_text(result.to_csv(index=False), paths[0])
    lines = [
        f"# What drives hard-to-fill vacancies in {year}? Morris screening", "",
        f"`{command}` ({dt.date.today().isoformat()}, techniekpact-abm {package_version()}, commit "
        f"{git_commit() or 'n/a'}; {runs} runs).", "",
        f"Outcome: hard-to-fill vacancies (open >= 3 months) in the 2022 plan's sectors, the Netherlands, mean of {year}. "
        "mu* is the mean absolute change of the outcome (persons) for one Morris step of a parameter "
        "(p / (2 (p - 1)) of its range for p levels: two thirds with 4); sigma high against mu* means the effect "
        "depends on the other parameters or is non-linear.", "",
        "| rank | parameter | range (default) | unit | mu* | 95 % conf. | mu | sigma |",
        "|---:|---|---|---|---:|---:|---:|---:|",
    ]
    for rank, row in enumerate(result.itertuples(), start=1):
        lines.append(f"| {rank} | {row.parameter} | {row.low:.4g} .. {row.high:.4g} ({row.default:g}) | {row.unit} | "
                     f"{row.mu_star:,.0f} | {row.mu_star_conf:,.0f} | {row.mu:,.0f} | {row.sigma:,.0f} |")
    atomic_text("\n".join(lines) + "\n", paths[1])
    screening_chart(result, f"Morris screening: hard-to-fill vacancies, plan sectors, NL, {year}", paths[2])
    return paths
