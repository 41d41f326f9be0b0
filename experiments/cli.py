"""The ``techniekpact`` command line: run scenarios, list what is available, run experiments at scale.

Exit status: 0 done; 1 some runs failed (or a collected sweep is incomplete); 2 bad input, said in
one line naming the option, file or field; 128 + N stopped by signal N (130 Ctrl-C, 143 SIGTERM).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from typer.core import TyperGroup

from experiments.scenarios import ScenarioError, load_scenario, preset_names

try:
    from typer._click import exceptions as click  # typer 0.2x carries its own click
except ImportError:
    from click import exceptions as click

MAX_SCALE = 50_000
"""Persons per agent at most (as ``experiments.spec.MAX_SCALE``; kept here so ``--help`` stays fast)."""


class OneLineErrors(TyperGroup):
    """Usage errors (a bad or missing option) as one line ``error: --option: what is wrong``, exit 2."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as error:
            param = getattr(error, "param", None)
            name = _name(param)
            text = "missing (see --help)" if isinstance(error, click.MissingParameter) else error.message
            text = text[:1].lower() + text[1:]
            typer.echo(f"error: {name}: {text}" if name else f"error: {text}", err=True)
            sys.exit(2)
        except click.ClickException as error:
            typer.echo(f"error: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            typer.echo("aborted", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _name(param: Any) -> str | None:
    """How the user wrote the parameter: ``--years`` for an option, ``SPEC`` for an argument."""
    if param is None:
        return None
    options = [opt for opt in getattr(param, "opts", []) if opt.startswith("-")]
    return max(options, key=len) if options else str(getattr(param, "name", "argument")).upper()


app = typer.Typer(help="Agent-based simulation of the Dutch regional technical labour market (Techniekpact).",
                  no_args_is_help=True, add_completion=False, cls=OneLineErrors)
console = Console()


def fail(message: str) -> None:
    """Stop with a one-line error on stderr and exit code 2 (bad input)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


Scale = Annotated[float, typer.Option(min=1, max=MAX_SCALE, help="Persons per agent (1 = the whole population).")]


@app.command()
def run(
    scenario: Annotated[str, typer.Option(help="Preset name or path to a scenario .toml file.")] = "baseline",
    years: Annotated[int, typer.Option(min=1, max=30, help="Years to simulate from January 2023.")] = 8,
    scale: Scale = 100,
    seed: Annotated[int | None, typer.Option(min=0, max=2**63 - 1,
                                             help="Random seed (drawn and recorded if omitted).")] = None,
    out: Annotated[Path, typer.Option(help="Output folder for indicators.parquet and run.json.")] = Path("out/run"),
) -> None:
    """Run one scenario and write its monthly indicators."""
    from experiments import strict
    from experiments.run import OutputError, check_folder, run_to_disk, summary

    try:
        resolved = strict.scenario(scenario)
        check_folder(out)
    except (ScenarioError, OutputError) as error:
        fail(str(error))
    console.print(f"[bold]{resolved.name}[/]: {resolved.description}")
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("months"),
                  TimeRemainingColumn(), console=console, transient=True) as progress:
        task = progress.add_task("setting up", total=12 * years)

        def advance(model) -> None:
            progress.update(task, advance=1, description=f"{model.date:%Y-%m}")

        indicators, used_seed = run_to_disk(resolved, years, scale, seed, out, advance)
    table = Table(title=f"Netherlands, scenario {resolved.name} (seed {used_seed}, scale {scale:g})")
    frame = summary(indicators)
    table.add_column("indicator")
    for column in frame.columns:
        table.add_column(column, justify="right")
    for label, row in frame.iterrows():
        table.add_row(label, *(f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}" for value in row))
    console.print(table)
    console.print(f"Wrote {out / 'indicators.parquet'} and {out / 'run.json'}")


@app.command()
def scenarios() -> None:
    """List the scenario presets, and the interventions with their parameters and sources."""
    from abm.interventions import INTERVENTIONS
    from abm.parameters import bounds, unit

    presets = Table(title="Scenario presets (use with --scenario NAME)")
    presets.add_column("name", style="bold")
    presets.add_column("description")
    for name in preset_names():
        presets.add_row(name, load_scenario(name).description)
    console.print(presets)
    interventions = Table(title="Interventions: [[interventions]] kind = ..., each also takes start, end and landsdelen",
                          show_lines=True)
    for column in ("kind", "measure and source", "parameters (default, unit, range)"):
        interventions.add_column(column)
    for kind, cls in INTERVENTIONS.items():
        lines = []
        for name, field in cls.model_fields.items():
            if name in ("kind", "start", "end", "landsdelen"):
                continue
            low, high = bounds(field)
            span = f", {low:g}..{high:g}" if low is not None and high is not None else ""
            lines.append(f"{name} = {field.default} {unit(field)}{span}")
        interventions.add_row(kind, f"{cls.title_nl}\n{cls.source}", "\n".join(lines))
    console.print(interventions)


@app.command()
def ui(
    host: Annotated[str, typer.Option(help="Address to serve on; 0.0.0.0 opens it to the room.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to serve on.")] = 8765,
) -> None:
    """Start the browser view (Solara), offline, on this machine. The server replaces this process,
    so Ctrl-C and SIGTERM reach it directly and it stops its workers cleanly (``viz.serve``)."""
    import os
    import sys

    environment = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", "SOLARA_THEME_SHOW_BANNER": "False"}
    console.print(f"Open http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port} in a browser")
    sys.stdout.flush()
    os.execve(sys.executable, [sys.executable, "-m", "viz.serve", "--host", host, "--port", str(port)], environment)


# --- experiments at scale (docs/experiments.md): sweep, collect, compare, sensitivity -------------
Workers = Annotated[int | None, typer.Option(min=1, max=4096, help="Worker processes of the embedded Dask "
                                                                   "LocalCluster (default: one per usable core).")]
Scheduler = Annotated[str | None, typer.Option(help="Address of a running Dask scheduler (e.g. tcp://host:8786), "
                                                    "instead of a LocalCluster.")]
SchedulerFile = Annotated[Path | None, typer.Option(help="Scheduler file of a running Dask cluster (dask scheduler "
                                                         "--scheduler-file, e.g. on a shared file system).")]
Resume = Annotated[bool, typer.Option(help="Continue the interrupted work in --out: finished runs are skipped.")]


def _carry_out[T](work: Callable[[], T]) -> T:
    """Run an experiment command: bad input stops with one line (exit 2) before any run and before
    anything is written; a signal keeps the finished runs and says how to continue (exit 128 + N)."""
    from experiments.dask_runner import ClusterError
    from experiments.run import OutputError
    from experiments.sensitivity import IncompleteError
    from experiments.slurm import SlurmError
    from experiments.spec import SpecError
    from experiments.sweep import Interrupted
    from experiments.workflows import UsageError

    try:
        return work()
    except (ScenarioError, SpecError, OutputError, ClusterError, SlurmError, UsageError, IncompleteError) as error:
        fail(str(error))
    except Interrupted as error:
        typer.echo(f"interrupted by {error.signal_name}: finished runs are kept; run the same command with "
                   "--resume to continue", err=True)
        raise typer.Exit(128 + error.signum) from None
    except KeyboardInterrupt:
        typer.echo("interrupted: finished runs are kept; run the same command with --resume to continue", err=True)
        raise typer.Exit(130) from None
    except OSError as error:
        typer.echo(f"error: {error.filename or 'output'}: {error.strerror or error}; finished runs are kept, "
                   "--resume continues", err=True)
        raise typer.Exit(1) from None


def _cluster(workers: int | None, scheduler: str | None, scheduler_file: Path | None = None, slurm: Any = None) -> Any:
    from experiments.dask_runner import Cluster

    return _carry_out(lambda: Cluster(workers=workers, scheduler=scheduler, scheduler_file=scheduler_file,
                                      slurm=slurm))


@app.command()
def sweep(
    spec: Annotated[Path, typer.Argument(help="Sweep specification (.toml): base scenario, what to vary, replications, "
                                              "years, scale, indicators to keep. See experiments/specs/.")],
    out: Annotated[Path | None, typer.Option(help="Output folder (default out/sweeps/<name>).")] = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    scheduler_file: SchedulerFile = None,
    slurm: Annotated[bool, typer.Option(help="Submit SLURM worker jobs with dask-jobqueue and run on them.")] = False,
    slurm_cores: Annotated[int, typer.Option(help="Cores (= worker processes) per SLURM job.")] = 32,
    slurm_memory: Annotated[str, typer.Option(help="Memory per SLURM job, e.g. 64GB.")] = "64GB",
    slurm_walltime: Annotated[str, typer.Option(help="Time limit per SLURM job, HH:MM:SS.")] = "08:00:00",
    slurm_jobs: Annotated[int, typer.Option(help="SLURM worker jobs to submit.")] = 1,
    slurm_partition: Annotated[str | None, typer.Option(help="SLURM partition of the worker jobs.")] = None,
    slurm_account: Annotated[str | None, typer.Option(help="SLURM account of the worker jobs.")] = None,
    slurm_directive: Annotated[list[str] | None, typer.Option(help="Extra sbatch option, e.g. --qos=short "
                                                                   "(repeatable).")] = None,
    shard: Annotated[str | None, typer.Option(help="Run only shard i of N (i/N, 0 <= i < N) into <out>/shard-i-of-N, "
                                                   "e.g. one per SLURM array task; then techniekpact collect.")] = None,
    resume: Resume = False,
    retry_failed: Annotated[bool, typer.Option(help="Resume and run the failed runs again too.")] = False,
    verify: Annotated[bool, typer.Option(help="Read every run file completely before trusting it (slower).")] = False,
    accept_code_change: Annotated[bool, typer.Option(help="Resume a sweep made by another version or commit.")] = False,
    dry_run: Annotated[bool, typer.Option(help="Check everything, print the design size and estimated core-hours "
                                               "(and the SLURM job script); run and write nothing.")] = False,
) -> None:
    """Run a parameter sweep on Dask: one verified Parquet file per run, a run table, resumable."""
    from experiments import workflows
    from experiments.slurm import SlurmOptions

    options = _carry_out(lambda: SlurmOptions(slurm_cores, slurm_memory, slurm_walltime, slurm_jobs, slurm_partition,
                                              slurm_account, tuple(slurm_directive or ())) if slurm else None)
    cluster = _cluster(workers, scheduler, scheduler_file, options)
    part = _carry_out(lambda: workflows.parse_shard(shard)) if shard else None
    if dry_run:
        for line in _carry_out(lambda: workflows.plan(spec, out, part, options)):
            typer.echo(line)
        return
    summary = _carry_out(lambda: workflows.sweep(spec, out, cluster=cluster, resume=resume, retry_failed=retry_failed,
                                                 verify=verify, accept_code_change=accept_code_change, shard=part,
                                                 console=console))
    typer.echo(f"{summary.total} runs: {summary.ok} ok, {summary.failed} failed this time, {summary.skipped} already "
               f"done; {summary.wall_seconds:.1f} s; status {summary.status}. Results in {summary.out}")
    if summary.status == "failed":
        typer.echo(f"error: {summary.total - summary.ok} runs failed (see the error column of "
                   f"{summary.out / 'experiments.parquet'}); --retry-failed runs them again", err=True)
        raise typer.Exit(1)


@app.command()
def collect(
    out: Annotated[Path, typer.Argument(help="A sweep folder, or the folder holding its shard-i-of-N folders.")],
    prune: Annotated[bool, typer.Option(help="Remove the run files once the dataset is written and checked.")] = False,
) -> None:
    """Gather a sweep (or all its shards) into one partitioned Parquet dataset and one run table."""
    from experiments.collect import collect as gather

    result = _carry_out(lambda: gather(out, prune=prune))
    typer.echo(f"{result.total} runs: {result.ok} ok, {result.failed} failed, {result.pending} missing; "
               f"dataset {result.dataset} ({result.points} design points), run table {result.table}")
    if result.ok < result.total:
        typer.echo(f"error: {result.total - result.ok} runs are failed or missing: resume the shards named in "
                   f"{result.table} (column shard), then collect again", err=True)
        raise typer.Exit(1)


@app.command()
def compare(
    scenarios: Annotated[str, typer.Option(help="Comma-separated presets or scenario files to compare with the "
                                                "baseline, e.g. hybrid-teachers,work-guarantee.")],
    replications: Annotated[int, typer.Option(min=1, max=10_000, help="Runs per scenario (same seeds in each).")] = 10,
    landsdeel: Annotated[str | None, typer.Option(help="Report only this landsdeel (or NL); default all.")] = None,
    year: Annotated[int | None, typer.Option(help="Year the effects are measured in (default: the last).")] = None,
    years: Annotated[int | None, typer.Option(min=1, max=30, help="Years to run (default 8 or to --year).")] = None,
    scale: Scale = 100,
    seed: Annotated[int, typer.Option(min=0, help="Master seed of the replications.")] = 2023,
    language: Annotated[str, typer.Option(help="Language of tables and charts: nl or en.")] = "nl",
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("out/compare"),
    workers: Workers = None,
    scheduler: Scheduler = None,
    scheduler_file: SchedulerFile = None,
    resume: Resume = False,
) -> None:
    """Compare interventions with the baseline per landsdeel: net effects with 90 % intervals, displacement,
    cost per net vacancy closed, regional spill-over; CSV, Markdown, charts."""
    from experiments import workflows

    names = [name.strip() for name in scenarios.split(",") if name.strip()]
    if language not in ("nl", "en"):
        fail(f"--language: must be nl or en, got {language!r}")
    cluster = _cluster(workers, scheduler, scheduler_file)
    table, written = _carry_out(lambda: workflows.compare(
        names, replications, years, year, scale, seed, landsdeel, language, out, workers, scheduler, resume, console,
        cluster=cluster))
    from experiments.compare import cells, label

    region = table.landsdeel.iloc[0]
    text = cells(table[table.landsdeel == region], language)
    shown = Table(title=f"{label(region, language)}: effect against the baseline (mean, 90 % interval; "
                        "~ = not distinguishable from noise)")
    shown.add_column("indicator")
    for column in text.columns:
        shown.add_column(column, justify="right")
    for name, row in text.iterrows():
        shown.add_row(name, *row)
    console.print(shown)
    console.print(f"Wrote {', '.join(path.name for path in written[:2])} and {len(written) - 2} charts in {out}")


@app.command()
def sensitivity(
    scenario: Annotated[str, typer.Option(help="Preset or scenario file the parameters vary around.")] = "baseline",
    trajectories: Annotated[int, typer.Option(min=2, max=1000, help="Morris trajectories.")] = 10,
    levels: Annotated[int, typer.Option(min=2, max=20, help="Grid levels per parameter.")] = 4,
    band: Annotated[float, typer.Option(help="Range of each parameter: default x (1 ± band), clipped.")] = 0.5,
    replications: Annotated[int, typer.Option(min=1, max=100, help="Runs per point (same seeds), averaged.")] = 1,
    years: Annotated[int, typer.Option(min=1, max=30, help="Years to simulate from January 2023.")] = 8,
    scale: Scale = 1000,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the design and the runs.")] = 2023,
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("out/sensitivity"),
    workers: Workers = None,
    scheduler: Scheduler = None,
    scheduler_file: SchedulerFile = None,
    resume: Resume = False,
) -> None:
    """Morris screening: which behavioural parameters drive hard-to-fill vacancies (plan sectors, NL, 2030)."""
    from experiments import workflows

    cluster = _cluster(workers, scheduler, scheduler_file)
    result, written = _carry_out(lambda: workflows.sensitivity(
        scenario, trajectories, levels, band, replications, years, scale, seed, out, workers, scheduler, resume,
        console, cluster=cluster))
    shown = Table(title="Most influential parameters on hard-to-fill vacancies (Morris mu*, persons)")
    for column in ("parameter", "range (default)", "mu*", "sigma"):
        shown.add_column(column, justify="left" if column == "parameter" else "right")
    for row in result.head(10).itertuples():
        shown.add_row(row.parameter, f"{row.low:.3g} .. {row.high:.3g} ({row.default:g})", f"{row.mu_star:,.0f}",
                      f"{row.sigma:,.0f}")
    console.print(shown)
    console.print(f"Wrote {', '.join(path.name for path in written)} in {out}")


@app.command()
def calibrate(
    scale: Scale = 1000,
    seeds: Annotated[str, typer.Option(help="Comma-separated seeds, run with common random numbers.")] = "1,2,3",
    budget: Annotated[int, typer.Option(min=1, max=10_000, help="Evaluations of the moments (each runs every seed).")] = 80,
    out: Annotated[Path | None, typer.Option(help="Write calibrated.json and calibration.md here instead of making "
                                                  "them the model's defaults (abm/calibrated.json, docs/).")] = None,
) -> None:
    """Fit the flow parameters to the calibration targets; the result becomes the model's defaults."""
    from experiments.calibrate import CALIBRATED_JSON, DOCS, run as run_calibration

    try:
        chosen = tuple(int(seed) for seed in seeds.split(","))
    except ValueError:
        fail(f"--seeds: expected comma-separated whole numbers, got '{seeds}'")
    if not chosen or min(chosen) < 0:
        fail(f"--seeds: expected comma-separated whole numbers >= 0, got '{seeds}'")
    if out is not None and (out.exists() and not out.is_dir()):
        fail(f"--out: '{out}' is not a folder")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    json_path, docs = (out / "calibrated.json", out) if out is not None else (CALIBRATED_JSON, DOCS)
    result = run_calibration(scale, chosen, budget, json_path, docs)
    shown = Table(title=f"Calibration fit ({result.evaluations} evaluations, scale {scale:g}, seeds {seeds})")
    for column in ("moment", "target", "model", "error"):
        shown.add_column(column, justify="left" if column == "moment" else "right")
    for row in result.fit.itertuples():
        shown.add_row(row.moment, f"{row.target:,.4g}", f"{row.model:,.4g}", f"{row._4:+.1f} %")
    console.print(shown)
    console.print(f"Wrote {json_path} and {docs / 'calibration.md'}")


if __name__ == "__main__":
    app()
