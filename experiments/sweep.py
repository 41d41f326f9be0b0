"""Running a design and keeping its results: resumable, one file per run.

``DIR/runs/run-NNNNNN.parquet`` holds one run (tidy long table as written by ``techniekpact run``,
plus ``run_id``, the varied values and ``seed``), written atomically by the worker that ran it:
a run file exists completely or not at all, and it is the proof that the run finished (it also
carries the run's record in its metadata). ``DIR/experiments.parquet`` is the run table (every
run of the design with its varied values, seed, status ``ok``/``failed``/``pending``, error and
wall time), rewritten every few seconds and at the end; ``DIR/sweep.json`` the provenance.

Resuming trusts the run files: finished runs are skipped, failed and unfinished ones run again.
An interruption (Ctrl-C, a killed worker or machine) therefore loses at most the runs in flight,
and a run is never kept twice because its file name is its id.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import platform
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import distributed
import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from experiments.dask_runner import connect, run_all
from experiments.design import Design, Run
from experiments.outcomes import Keep, reduce
from experiments.run import atomic_parquet, atomic_text, git_commit, package_version, simulate

RUNS, TABLE, PROVENANCE = "runs", "experiments.parquet", "sweep.json"
TABLE_EVERY_SECONDS = 5.0


class SweepError(ValueError):
    """An output folder that cannot take this sweep; the message is one line."""


@dataclass(frozen=True)
class Summary:
    """What a call of :func:`run_design` did."""

    out: Path
    total: int
    skipped: int
    ok: int
    failed: int
    wall_seconds: float


def run_path(runs: Path, run_id: int) -> Path:
    return runs / f"run-{run_id:06d}.parquet"


def execute(run: Run, years: int, scale: float, keep: Keep, runs: str,
            model: Callable[..., pd.DataFrame] = simulate) -> dict[str, Any]:
    """On a worker: simulate one run, write its file atomically, return its record. A run that
    raises is returned as a failed record (nothing written) so the sweep goes on."""
    began = time.perf_counter()
    try:
        frame = reduce(model(run.scenario, years, scale, run.seed), keep)
    except Exception as error:  # noqa: BLE001 - any model error is recorded against the run
        return record(run, "failed", one_line(error), time.perf_counter() - began)
    done = record(run, "ok", None, time.perf_counter() - began)
    frame = frame.assign(run_id=run.run_id, **run.labels, seed=run.seed)
    frame.attrs["run"] = done
    atomic_parquet(frame, run_path(Path(runs), run.run_id))
    return done


def record(run: Run, status: str, error: str | None, wall_seconds: float) -> dict[str, Any]:
    """A row of the run table."""
    return {"run_id": run.run_id, "replication": run.replication, **run.labels, "seed": run.seed,
            "status": status, "error": error, "wall_seconds": round(wall_seconds, 3)}


def one_line(error: BaseException) -> str:
    """An exception as one short line: its type and the first line of its message."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"[:500]


class Store:
    """The output folder of one design."""

    def __init__(self, out: Path, design: Design) -> None:
        self.out, self.design, self.runs = out, design, out / RUNS
        self._written, self._interval = 0.0, TABLE_EVERY_SECONDS

    def open(self, resume: bool, about: Mapping[str, Any]) -> dict[int, dict[str, Any]]:
        """Check the folder can take this design; return the records of the runs already finished."""
        provenance = self.out / PROVENANCE
        fingerprint = self.design.fingerprint()
        if provenance.exists():
            previous = json.loads(provenance.read_text(encoding="utf-8"))
            if not resume:
                raise SweepError(f"{self.out} already holds a sweep ('{previous.get('name')}'): add --resume to "
                                 "continue it, or choose another --out")
            if previous.get("fingerprint") != fingerprint:
                raise SweepError(f"{self.out} holds a different sweep ('{previous.get('name')}', fingerprint "
                                 f"{previous.get('fingerprint')}, this one {fingerprint}): choose another --out")
            sessions = previous.get("sessions", [])
        else:
            sessions = []
        self.runs.mkdir(parents=True, exist_ok=True)
        for stale in self.runs.glob(".*.tmp"):
            stale.unlink(missing_ok=True)
        self.provenance = {
            "package": "techniekpact-abm", "version": package_version(), "git_commit": git_commit(),
            "python": platform.python_version(), "dask": distributed.__version__, "name": self.design.name,
            "fingerprint": fingerprint, "master_seed": self.design.master_seed, "years": self.design.years,
            "scale": self.design.scale, "keep": self.design.keep.model_dump(mode="json"),
            "runs": len(self.design.runs), **about, "sessions": sessions, "status": "running",
        }
        self._write_provenance()
        return self.finished()

    def finished(self) -> dict[int, dict[str, Any]]:
        """Records of the runs whose files exist (from the table, or from the file's own metadata)."""
        known = {}
        if (self.out / TABLE).exists():
            table = pd.read_parquet(self.out / TABLE)
            known = {int(row["run_id"]): row for row in table[table.status == "ok"].to_dict("records")}
        ids = {run.run_id for run in self.design.runs}
        done = {}
        for path in self.runs.glob("run-*.parquet"):
            run_id = int(path.stem.removeprefix("run-"))
            if run_id in ids:
                done[run_id] = known.get(run_id) or pd.read_parquet(path, columns=["run_id"]).attrs["run"]
        return done

    def write_table(self, records: Mapping[int, dict[str, Any]], now: bool = False) -> None:
        """The run table, every run of the design; unless ``now``, at most every few seconds and
        at most 5 % of the time (a table of a million runs takes a while to write)."""
        if not now and time.monotonic() - self._written < self._interval:
            return
        began = time.monotonic()
        rows = [records.get(run.run_id) or record(run, "pending", None, math.nan) for run in self.design.runs]
        table = pd.DataFrame(rows)
        table["error"] = table["error"].astype("string")
        atomic_parquet(table, self.out / TABLE)
        self._written = time.monotonic()
        self._interval = max(TABLE_EVERY_SECONDS, 20 * (self._written - began))

    def close(self, records: Mapping[int, dict[str, Any]], session: dict[str, Any]) -> None:
        """Final table and provenance (also after an interrupt)."""
        self.write_table(records, now=True)
        counts = pd.Series([r["status"] for r in records.values()]).value_counts()
        ok, failed = int(counts.get("ok", 0)), int(counts.get("failed", 0))
        complete = ok + failed == len(self.design.runs)
        self.provenance["sessions"].append(session)
        self.provenance.update(status="complete" if complete else "interrupted",
                               counts={"ok": ok, "failed": failed, "pending": len(self.design.runs) - ok - failed})
        self._write_provenance()

    def _write_provenance(self) -> None:
        atomic_text(json.dumps(self.provenance, indent=2, ensure_ascii=False, default=str) + "\n",
                    self.out / PROVENANCE)


def run_design(design: Design, out: Path, *, workers: int | None = None, scheduler: str | None = None,
               resume: bool = False, about: Mapping[str, Any] | None = None, console: Console | None = None,
               processes: bool = True, model: Callable[..., pd.DataFrame] = simulate) -> Summary:
    """Run every run of ``design`` not yet finished in ``out`` on Dask, with a progress bar.

    ``workers``/``scheduler``/``processes`` choose the cluster (``experiments.dask_runner.connect``);
    ``about`` goes into ``sweep.json`` (the spec, the command); ``model`` is the simulation
    (``experiments.run.simulate``; tests put a failing one in its place).
    """
    store = Store(out, design)
    records = store.open(resume, about or {})
    skipped = len(records)
    todo = [run for run in design.runs if run.run_id not in records]
    began = time.perf_counter()
    session = {"started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "skipped": skipped,
               "to_run": len(todo), "cluster": scheduler or f"LocalCluster({workers or 'one per core'} workers)",
               "version": store.provenance["version"], "git_commit": store.provenance["git_commit"]}
    failed = 0
    try:
        if todo:
            with connect(workers, scheduler, processes) as client, progress_bar(console) as progress:
                task = progress.add_task(design.name, total=len(design.runs), completed=skipped, failed=0)

                def finished(run: Run, result: Any) -> None:
                    nonlocal failed
                    records[run.run_id] = result if isinstance(result, dict) else record(
                        run, "failed", one_line(result), math.nan)
                    failed += records[run.run_id]["status"] == "failed"
                    progress.update(task, advance=1, failed=failed)
                    store.write_table(records)

                keys = [f"run-{run.run_id:06d}-{store.provenance['fingerprint'][:8]}" for run in todo]
                run_all(client, execute, todo, keys, finished, years=design.years, scale=design.scale,
                        keep=design.keep, runs=str(store.runs.resolve()), model=model)
    finally:
        session.update(ended=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                       wall_seconds=round(time.perf_counter() - began, 3))
        store.close(records, session)
    ok = sum(r["status"] == "ok" for r in records.values())
    return Summary(out, len(design.runs), skipped, ok, failed, time.perf_counter() - began)


def progress_bar(console: Console | None) -> Progress:
    """Runs done of all, runs failed, elapsed time and ETA."""
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("runs,"),
                    TextColumn("[red]{task.fields[failed]} failed"), TimeElapsedColumn(), TextColumn("ETA"),
                    TimeRemainingColumn(), console=console)


def load_results(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The run table and the indicators of every finished run (one long table, in run order)."""
    table = pd.read_parquet(out / TABLE)
    frames = pd.read_parquet(out / RUNS) if any((out / RUNS).glob("run-*.parquet")) else pd.DataFrame()
    return table, frames
