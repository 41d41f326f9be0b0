"""The experiment commands from input to files, without command-line parsing: each builds a
design (what to run), runs it on Dask (``experiments.sweep.run_design``: how) and analyses the
results (``experiments.compare``, ``experiments.sensitivity``: what it means).

Bad input raises ``UsageError``, ``ScenarioError``, ``SpecError`` or ``SweepError``, each with a
one-line message, before any run starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from rich.console import Console

from experiments import compare as comparison
from experiments import sensitivity as screening
from experiments import spec as specs
from experiments.outcomes import REGIONS, START_YEAR, last_full_year
from experiments.scenarios import load_scenario
from experiments.sweep import Summary, load_results, run_design


class UsageError(ValueError):
    """An option that cannot be used; the message is one line naming it."""


def sweep(spec_path: Path, out: Path | None, workers: int | None, scheduler: str | None, resume: bool,
          console: Console | None = None) -> Summary:
    """Run the sweep of a spec file into ``out`` (default ``out/sweeps/<name>``)."""
    spec, bases, design = specs.load(spec_path)
    about = {"command": "sweep", "spec_file": str(spec_path), "spec": spec.model_dump(mode="json"),
             "base_scenarios": {name: base.model_dump(mode="json") for name, base in bases.items()}}
    return run_design(design, out or Path("out/sweeps") / spec.name, workers=workers, scheduler=scheduler,
                      resume=resume, about=about, console=console)


def compare(names: Sequence[str], replications: int, years: int | None, year: int | None, scale: float, seed: int,
            landsdeel: str | None, language: comparison.Language, out: Path, workers: int | None,
            scheduler: str | None, resume: bool, console: Console | None = None) -> tuple[pd.DataFrame, list[Path]]:
    """Run every scenario and the baseline ``replications`` times with common seeds; write the
    effects table (CSV, Markdown) and charts into ``out``."""
    years = years or (year - START_YEAR + 1 if year else 8)
    year = year or last_full_year(years)
    if not START_YEAR <= year <= last_full_year(years):
        raise UsageError(f"--year: must be {START_YEAR}..{last_full_year(years)} for a run of {years} years, "
                         f"got {year}")
    if landsdeel is not None and landsdeel not in REGIONS:
        raise UsageError(f"--landsdeel: must be one of {', '.join(REGIONS)}, got {landsdeel!r}")
    scenarios = comparison.scenarios_from(names)
    if len(scenarios) < 2:
        raise UsageError("--scenarios: name at least one scenario besides the baseline")
    command = (f"techniekpact compare --scenarios {','.join(names)} --replications {replications} --years {years} "
               f"--year {year} --scale {scale:g} --seed {seed}")
    design = comparison.design(scenarios, replications, years, scale, seed)
    about = {"command": command, "scenarios": {name: s.model_dump(mode="json") for name, s in scenarios.items()}}
    run_design(design, out, workers=workers, scheduler=scheduler, resume=resume, about=about, console=console)
    _, frames = load_results(out)
    table = comparison.effects(frames, year)
    regions = [landsdeel] if landsdeel else [REGIONS[-1], *REGIONS[:-1]]
    written = comparison.write_report(table, comparison.series(frames), out, regions, language, command,
                                      replications, scale)
    return table[table.landsdeel.isin(regions)], written


def sensitivity(scenario: str, trajectories: int, levels: int, band: float, replications: int, years: int,
                scale: float, seed: int, out: Path, workers: int | None, scheduler: str | None, resume: bool,
                console: Console | None = None) -> tuple[pd.DataFrame, list[Path]]:
    """Morris screening of the behavioural parameters on ``scenario``; writes the ranking into ``out``."""
    if not 0 < band < 1:
        raise UsageError(f"--band: must be between 0 and 1 (a share of each default), got {band:g}")
    problem = screening.problem(band)
    design = screening.design(load_scenario(scenario), problem, trajectories, levels, replications, years, scale, seed)
    command = (f"techniekpact sensitivity --scenario {scenario} --trajectories {trajectories} --levels {levels} "
               f"--band {band:g} --replications {replications} --years {years} --scale {scale:g} --seed {seed}")
    run_design(design, out, workers=workers, scheduler=scheduler, resume=resume, console=console,
               about={"command": command, "problem": problem})
    _, frames = load_results(out)
    result = screening.analyse(problem, design, frames, levels, seed)
    return result, screening.write_report(result, out, command, screening.outcome_year(years), len(design.runs))
