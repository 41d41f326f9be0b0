"""One model run written to disk: ``indicators.parquet`` (tidy long table) and ``run.json``
(provenance: package version, git commit, scenario as resolved, seed, scale, wall time)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import platform
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from abm.model import TechLabourModel
from abm.scenario import Scenario

START = dt.date(2023, 1, 1)
METADATA_KEY = b"techniekpact"
"""Key of a file's own record in the Parquet schema metadata."""


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


def atomic_parquet(frame: pd.DataFrame, path: Path, metadata: Mapping[str, Any] | None = None) -> None:
    """Write ``frame`` to ``path`` completely or not at all; ``metadata`` (JSON) goes into the
    file's schema under :data:`METADATA_KEY`, so the file can vouch for itself."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if metadata is not None:
        table = table.replace_schema_metadata(
            {**(table.schema.metadata or {}), METADATA_KEY: json.dumps(metadata, default=str).encode()})
    _atomic(path, lambda handle: pq.write_table(table, handle))


def atomic_text(text: str, path: Path) -> None:
    """Write ``text`` (UTF-8) to ``path`` completely or not at all."""
    _atomic(path, lambda handle: handle.write(text.encode("utf-8")))


def _atomic(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write to a temporary name beside ``path``, flush it to disk, then rename; on any failure
    (a full disk, an interrupt) the temporary file is removed, not left behind."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError) and error.filename is None:
            error.filename = str(path)
        raise


def check_folder(out: Path, option: str = "--out") -> None:
    """Raise ``OutputError`` (one line) unless ``out`` is or can become a folder this process writes
    in. Writes nothing that stays: a bad ``--out`` is found before any work, not after it."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{option} {out}: is a file, not a folder")
    existing = out.absolute()
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise OutputError(f"{option} {out}: {existing} is a file, not a folder")
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as error:
        raise OutputError(f"{option} {out}: cannot write in {existing} ({error.strerror or error})") from None


class OutputError(ValueError):
    """An output folder that cannot be written; the message is one line naming it."""


@functools.cache
def package_version() -> str:
    try:
        return version("techniekpact-abm")
    except PackageNotFoundError:
        return "unknown"


@functools.cache
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
    ("hard_to_fill_vacancies", "plan_2022", "Hard to fill (open >= 3 months)"),
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
