"""The experiment commands from input to files, without command-line parsing: each builds a
design (what to run), runs it on Dask (``experiments.sweep.run_design``: how) and analyses the
results (``experiments.compare``, ``experiments.sensitivity``: what it means).

Bad input raises ``UsageError``, ``ScenarioError``, ``SpecError``, ``OutputError`` (``SweepError``)
or ``ClusterError``, each with a one-line message, before any run starts and before anything is
written.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from rich.console import Console

from experiments import spec as specs
from experiments import strict
from experiments.dask_runner import Cluster, warm
from experiments.outcomes import REGIONS, START_YEAR, last_full_year

if TYPE_CHECKING:
    from experiments.compare import Language
from experiments.run import check_folder, simulate
from experiments.slurm import SlurmOptions, job_script
from experiments.sweep import Summary, load_results, run_design


class UsageError(ValueError):
    """An option that cannot be used; the message is one line naming it."""


def sweep(spec_path: Path, out: Path | None, workers: int | None = None, scheduler: str | None = None,
          resume: bool = False, console: Console | None = None, *, cluster: Cluster | None = None,
          retry_failed: bool = False, verify: bool = False, accept_code_change: bool = False,
          shard: tuple[int, int] | None = None) -> Summary:
    """Run the sweep of a spec file into ``out`` (default ``out/sweeps/<name>``; a shard into its
    own folder ``<out>/shard-III-of-NNN``, for ``techniekpact collect``)."""
    spec, bases, design = specs.load(spec_path)
    folder = sweep_folder(out, spec.name, shard)
    check_folder(folder)
    about = {"command": "sweep", "spec_file": str(spec_path), "spec": spec.model_dump(mode="json"),
             "base_scenarios": {name: base.model_dump(mode="json") for name, base in bases.items()}}
    return run_design(design, folder, cluster=cluster or Cluster(workers=workers, scheduler=scheduler),
                      resume=resume, retry_failed=retry_failed, verify=verify, accept_code_change=accept_code_change,
                      shard=shard, about=about, console=console)


def plan(spec_path: Path, out: Path | None, shard: tuple[int, int] | None = None,
         slurm: SlurmOptions | None = None) -> list[str]:
    """``--dry-run``: the design's size and its cost in core-hours, measured by timing one model year
    of its first run at its scale here (after warming up); runs and writes nothing."""
    spec, _, design = specs.load(spec_path)
    part = design.shard(*shard) if shard else design
    check_folder(sweep_folder(out, spec.name, shard))
    warm()
    first = design.runs[0]
    began = time.perf_counter()
    simulate(first.scenario, 1, design.scale, first.seed)
    seconds = time.perf_counter() - began
    points = len({run.point for run in design.runs})
    lines = [f"{spec.name}: {points} design points x {spec.replications} replications = {len(design.runs)} runs"
             + (f"; shard {shard[0]}/{shard[1]} has {len(part.runs)}" if shard else ""),
             f"{design.years} years at scale {design.scale:g}: one model year took {seconds:.2f} s here",
             f"estimated {len(part.runs) * design.years * seconds / 3600:.3g} core-hours, plus a few % for Dask and "
             "writing; nothing was run or written"]
    if slurm is not None:
        lines += ["SLURM worker job script (dask-jobqueue):", job_script(slurm)]
    return lines


def sweep_folder(out: Path | None, name: str, shard: tuple[int, int] | None = None) -> Path:
    """Where a sweep (or one shard of it) writes."""
    base = out or Path("out/sweeps") / name
    return base / shard_name(*shard) if shard else base


def shard_name(index: int, count: int) -> str:
    return f"shard-{index:03d}-of-{count:03d}"


def parse_shard(text: str) -> tuple[int, int]:
    """``"i/N"`` (0 <= i < N), as SLURM job arrays count: ``$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT``."""
    index, _, count = text.partition("/")
    if not (index.isdigit() and count.isdigit() and 0 <= int(index) < int(count) <= 10_000):
        raise UsageError(f"--shard: must be i/N with 0 <= i < N <= 10000 (e.g. 3/10), got {text!r}")
    return int(index), int(count)


def compare(names: Sequence[str], replications: int, years: int | None, year: int | None, scale: float, seed: int,
            landsdeel: str | None, language: Language, out: Path, workers: int | None,
            scheduler: str | None, resume: bool, console: Console | None = None, *,
            cluster: Cluster | None = None) -> tuple[pd.DataFrame, list[Path]]:
    """Run every scenario and the baseline ``replications`` times with common seeds; write the
    effects table (CSV, Markdown) and charts into ``out``."""
    from experiments import compare as comparison  # here, not at the top: a sweep starts 1.5 s sooner
    years = years or (year - START_YEAR + 1 if year else 8)
    year = year or last_full_year(years)
    if not START_YEAR <= year <= last_full_year(years):
        raise UsageError(f"--year: must be {START_YEAR}..{last_full_year(years)} for a run of {years} years, "
                         f"got {year}")
    if landsdeel is not None and landsdeel not in REGIONS:
        raise UsageError(f"--landsdeel: must be one of {', '.join(REGIONS)}, got {landsdeel!r}")
    for name in names:
        strict.scenario(name)
    check_folder(out)
    scenarios = comparison.scenarios_from(names)
    if len(scenarios) < 2:
        raise UsageError("--scenarios: name at least one scenario besides the baseline")
    command = (f"techniekpact compare --scenarios {','.join(names)} --replications {replications} --years {years} "
               f"--year {year} --scale {scale:g} --seed {seed}")
    design = comparison.design(scenarios, replications, years, scale, seed)
    about = {"command": command, "scenarios": {name: s.model_dump(mode="json") for name, s in scenarios.items()}}
    run_design(design, out, cluster=cluster or Cluster(workers=workers, scheduler=scheduler), resume=resume,
               about=about, console=console)
    _, frames = load_results(out)
    table = comparison.effects(frames, year)
    regions = [landsdeel] if landsdeel else [REGIONS[-1], *REGIONS[:-1]]
    written = comparison.write_report(table, comparison.series(frames), out, regions, language, command,
                                      replications, scale)
    return table[table.landsdeel.isin(regions)], written


def sensitivity(scenario: str, trajectories: int, levels: int, band: float, replications: int, years: int,
                scale: float, seed: int, out: Path, workers: int | None, scheduler: str | None, resume: bool,
                console: Console | None = None, *, cluster: Cluster | None = None) -> tuple[pd.DataFrame, list[Path]]:
    """Morris screening of the behavioural parameters on ``scenario``; writes the ranking into ``out``."""
    from experiments import sensitivity as screening
    if not 0 < band < 1:
        raise UsageError(f"--band: must be between 0 and 1 (a share of each default), got {band:g}")
    base = strict.scenario(scenario)
    check_folder(out)
    problem = screening.problem(band)
    design = screening.design(base, problem, trajectories, levels, replications, years, scale, seed)
    command = (f"techniekpact sensitivity --scenario {scenario} --trajectories {trajectories} --levels {levels} "
               f"--band {band:g} --replications {replications} --years {years} --scale {scale:g} --seed {seed}")
    run_design(design, out, cluster=cluster or Cluster(workers=workers, scheduler=scheduler), resume=resume,
               console=console, about={"command": command, "problem": problem})
    _, frames = load_results(out)
    result = screening.analyse(problem, design, frames, levels, seed)
    return result, screening.write_report(result, out, command, screening.outcome_year(years), len(design.runs))
