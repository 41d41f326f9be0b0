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
    """List the scenario presets."""
    table = Table(title="Scenario presets")
    table.add_column("name")
    table.add_column("description")
    for name in preset_names():
        table.add_row(name, load_scenario(name).description)
    console.print(table)


if __name__ == "__main__":
    app()
