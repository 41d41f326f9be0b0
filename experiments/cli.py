"""The ``techniekpact`` command line: run scenarios, list what is available."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from experiments.scenarios import ScenarioError, load_scenario, preset_names

app = typer.Typer(help="Agent-based simulation of the Dutch regional technical labour market (Techniekpact).",
                  no_args_is_help=True, add_completion=False)
console = Console()


def fail(message: str) -> None:
    """Stop with a one-line error on stderr and exit code 2 (bad input)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


@app.command()
def run(
    scenario: Annotated[str, typer.Option(help="Preset name or path to a scenario .toml file.")] = "baseline",
    years: Annotated[int, typer.Option(min=1, max=30, help="Years to simulate from January 2023.")] = 8,
    scale: Annotated[float, typer.Option(min=1, help="Persons per agent (1 = the whole population).")] = 100,
    seed: Annotated[int | None, typer.Option(min=0, help="Random seed (drawn and recorded if omitted).")] = None,
    out: Annotated[Path, typer.Option(help="Output folder for indicators.parquet and run.json.")] = Path("out/run"),
) -> None:
    """Run one scenario and write its monthly indicators."""
    from experiments.run import run_to_disk, summary

    try:
        resolved = load_scenario(scenario)
    except ScenarioError as error:
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
    """Start the browser view (Solara), offline, on this machine."""
    import os
    import subprocess
    import sys

    environment = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", "SOLARA_THEME_SHOW_BANNER": "False"}
    console.print(f"Open http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port} in a browser")
    command = [sys.executable, "-m", "solara", "run", "viz.app", "--host", host, "--port", str(port),
               "--production", "--no-open", "--no-check-version"]
    raise typer.Exit(subprocess.call(command, env=environment))


# --- experiments at scale (docs/experiments.md): sweep, compare, sensitivity -----------------------
Workers = Annotated[int | None, typer.Option(min=1, help="Worker processes of the embedded Dask LocalCluster "
                                                         "(default: one per core).")]
Scheduler = Annotated[str | None, typer.Option(help="Address of a running Dask scheduler (e.g. tcp://host:8786), "
                                                    "instead of a LocalCluster.")]
Resume = Annotated[bool, typer.Option(help="Continue the interrupted work in --out: finished runs are skipped.")]


def _carry_out[T](work: Callable[[], T], workers: int | None, scheduler: str | None) -> T:
    """Run an experiment command: bad input stops with one line (exit 2) before any run; Ctrl-C
    keeps the finished runs and says how to continue (exit 130)."""
    if workers is not None and scheduler is not None:
        fail("--workers and --scheduler: give one of them (a LocalCluster of N workers, or a scheduler's address)")
    from experiments.sensitivity import IncompleteError
    from experiments.spec import SpecError
    from experiments.sweep import SweepError
    from experiments.workflows import UsageError

    try:
        return work()
    except (ScenarioError, SpecError, SweepError, UsageError, IncompleteError) as error:
        fail(str(error))
    except KeyboardInterrupt:
        typer.echo("interrupted: finished runs are kept; run the same command with --resume to continue", err=True)
        raise typer.Exit(130) from None


@app.command()
def sweep(
    spec: Annotated[Path, typer.Argument(help="Sweep specification (.toml): base scenario, what to vary, replications, "
                                              "years, scale, indicators to keep. See experiments/specs/.")],
    out: Annotated[Path | None, typer.Option(help="Output folder (default out/sweeps/<name>).")] = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
    resume: Resume = False,
) -> None:
    """Run a parameter sweep on Dask: one Parquet file per run, a run table, resumable."""
    from experiments import workflows

    summary = _carry_out(lambda: workflows.sweep(spec, out, workers, scheduler, resume, console), workers, scheduler)
    console.print(f"{summary.total} runs: {summary.ok} ok, [red]{summary.failed} failed[/] this time, "
                  f"{summary.skipped} already done; {summary.wall_seconds:.1f} s. Results in {summary.out}")


@app.command()
def compare(
    scenarios: Annotated[str, typer.Option(help="Comma-separated presets or scenario files to compare with the "
                                                "baseline, e.g. hybrid-teachers,work-guarantee.")],
    replications: Annotated[int, typer.Option(min=1, max=10_000, help="Runs per scenario (same seeds in each).")] = 10,
    landsdeel: Annotated[str | None, typer.Option(help="Report only this landsdeel (or NL); default all.")] = None,
    year: Annotated[int | None, typer.Option(help="Year the effects are measured in (default: the last).")] = None,
    years: Annotated[int | None, typer.Option(min=1, max=30, help="Years to run (default 8 or to --year).")] = None,
    scale: Annotated[float, typer.Option(min=1, help="Persons per agent.")] = 100,
    seed: Annotated[int, typer.Option(min=0, help="Master seed of the replications.")] = 2023,
    language: Annotated[str, typer.Option(help="Language of tables and charts: nl or en.")] = "nl",
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("out/compare"),
    workers: Workers = None,
    scheduler: Scheduler = None,
    resume: Resume = False,
) -> None:
    """Compare interventions with the baseline per landsdeel: effects with 90 % intervals, CSV, Markdown, charts."""
    from experiments import workflows

    names = [name.strip() for name in scenarios.split(",") if name.strip()]
    if language not in ("nl", "en"):
        fail(f"--language: must be nl or en, got {language!r}")
    table, written = _carry_out(lambda: workflows.compare(
        names, replications, years, year, scale, seed, landsdeel, language, out, workers, scheduler, resume, console),
        workers, scheduler)
    from experiments.compare import cells, label

    region = table.landsdeel.iloc[0]
    text = cells(table[table.landsdeel == region], language)
    shown = Table(title=f"{label(region, language)}: effect against the baseline (mean, 90 % interval)")
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
    scale: Annotated[float, typer.Option(min=1, help="Persons per agent.")] = 1000,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the design and the runs.")] = 2023,
    out: Annotated[Path, typer.Option(help="Output folder.")] = Path("out/sensitivity"),
    workers: Workers = None,
    scheduler: Scheduler = None,
    resume: Resume = False,
) -> None:
    """Morris screening: which behavioural parameters drive unfilled vacancies (plan sectors, NL, 2030)."""
    from experiments import workflows

    result, written = _carry_out(lambda: workflows.sensitivity(
        scenario, trajectories, levels, band, replications, years, scale, seed, out, workers, scheduler, resume,
        console), workers, scheduler)
    shown = Table(title="Most influential parameters on unfilled vacancies (Morris mu*, persons)")
    for column in ("parameter", "range (default)", "mu*", "sigma"):
        shown.add_column(column, justify="left" if column == "parameter" else "right")
    for row in result.head(10).itertuples():
        shown.add_row(row.parameter, f"{row.low:.3g} .. {row.high:.3g} ({row.default:g})", f"{row.mu_star:,.0f}",
                      f"{row.sigma:,.0f}")
    console.print(shown)
    console.print(f"Wrote {', '.join(path.name for path in written)} in {out}")


if __name__ == "__main__":
    app()
