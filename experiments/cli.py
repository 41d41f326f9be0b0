"""The ``techniekpact`` command line: run scenarios, list what is available."""

from __future__ import annotations

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
               "--production", "--no-open"]
    raise typer.Exit(subprocess.call(command, env=environment))


if __name__ == "__main__":
    app()
