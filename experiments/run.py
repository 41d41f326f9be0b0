"""One model run written to disk: ``indicators.parquet`` (tidy long table) and ``run.json``
(provenance: package version, git commit, scenario as resolved, seed, scale, wall time)."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
import pandas as pd

from abm.model import TechLabourModel
from abm.scenario import Scenario

START = dt.date(2023, 1, 1)


def simulate(scenario: Scenario, years: int, scale: float, seed: int,
             on_month: Callable[[TechLabourModel], None] | None = None) -> pd.DataFrame:
    """Run ``scenario`` for ``years`` from January 2023; return the indicators."""
    model = TechLabourModel(scenario, scale=scale, seed=seed, start=START)
    for _ in range(12 * years):
        model.step()
        if on_month:
            on_month(model)
    return model.indicators()


def write_run(out: Path, indicators: pd.DataFrame, scenario: Scenario, years: int, scale: float, seed: int,
              wall_seconds: float) -> None:
    """Write ``indicators.parquet`` and ``run.json`` into ``out`` (each atomically)."""
    out.mkdir(parents=True, exist_ok=True)
    atomic_parquet(indicators, out / "indicators.parquet")
    provenance = {
        "package": "techniekpact-abm", "version": package_version(), "git_commit": git_commit(),
        "scenario": scenario.model_dump(mode="json"), "seed": seed, "scale": scale, "years": years,
        "start": START.isoformat(), "wall_seconds": round(wall_seconds, 3),
        "python": platform.python_version(), "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    atomic_text(json.dumps(provenance, indent=2, ensure_ascii=False) + "\n", out / "run.json")


def run_to_disk(scenario: Scenario, years: int, scale: float, seed: int | None, out: Path,
                on_month: Callable[[TechLabourModel], None] | None = None) -> tuple[pd.DataFrame, int]:
    """Simulate and write; a missing seed is drawn and recorded so the run can be repeated."""
    seed = int(np.random.SeedSequence().entropy % 2**32) if seed is None else seed
    began = time.perf_counter()
    indicators = simulate(scenario, years, scale, seed, on_month)
    write_run(out, indicators, scenario, years, scale, seed, time.perf_counter() - began)
    return indicators, seed


def atomic_parquet(frame: pd.DataFrame, path: Path) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    frame.to_parquet(temporary, index=False)
    os.replace(temporary, path)


def atomic_text(text: str, path: Path) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def package_version() -> str:
    try:
        return version("techniekpact-abm")
    except PackageNotFoundError:
        return "unknown"


def git_commit() -> str | None:
    """The commit of the source tree, if it is a git checkout."""
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=Path(__file__).parent, capture_output=True,
                                text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


SUMMARY = (
    ("employed", "technical", "Employed in technical sectors"),
    ("employed", "plan_2022", "Employed, techniek/bouw/energie"),
    ("vacancies", "plan_2022", "Vacancies, techniek/bouw/energie"),
    ("unfilled_vacancies", "plan_2022", "Unfilled (open >= 3 months)"),
    ("unemployed", "all", "Unemployed"),
    ("unemployment_rate_technical", "all", "Unemployment, technically trained (%)"),
    ("teacher_shortage_fte", "all", "Technical teacher shortage (fte)"),
    ("training_places", "technical", "BBL training places offered (technical)"),
    ("apprentices", "technical", "BBL apprentices in technical firms"),
)


def summary(indicators: pd.DataFrame) -> pd.DataFrame:
    """National key indicators at the start and the end of a run."""
    national = indicators[indicators.landsdeel == "NL"]
    first, last = national.date.min(), national.date.max()
    rows = []
    for indicator, sector, label in SUMMARY:
        series = national[(national.indicator == indicator) & (national.sector == sector)].set_index("date").value
        rows.append({"indicator": label, "start": series.get(first, np.nan), "end": series.get(last, np.nan)})
    return pd.DataFrame(rows).set_index("indicator").rename(
        columns={"start": f"{first:%Y-%m}", "end": f"{last:%Y-%m}"})
