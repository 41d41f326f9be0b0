"""Running a design and keeping its results: resumable, one verified file per run
(the folder itself: ``experiments.store``).

Each run file is written atomically by the worker that ran it and is the proof that the run
finished. Resuming trusts only verified run files: finished runs are skipped, unfinished ones run
again, so an interruption (Ctrl-C, SIGTERM at a SLURM time limit, a killed worker or machine)
loses at most the runs in flight, and a run is never kept twice because its file name is its id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import resource
import socket
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from rich.console import Console

from experiments.dask_runner import Cluster, ClusterError, connect, run_all
from experiments.design import Design, Run
from experiments.outcomes import Keep, reduce
from experiments.progress import Reporter
from experiments.run import atomic_parquet, atomic_text, git_commit, package_version, simulate
from experiments.signals import Interrupted, stop_signals
from experiments.store import (PROVENANCE, RUN_PROVENANCE, RUNS, TABLE, Store, SweepError, failed_path, record,
                               run_path)

__all__ = ["PROVENANCE", "RUN_PROVENANCE", "RUNS", "TABLE", "Interrupted", "Summary", "SweepError", "execute",
           "load_results", "run_design", "run_path"]
@dataclass(frozen=True)
class Summary:
    """What a call of :func:`run_design` did."""

    out: Path
    total: int
    skipped: int
    ok: int
    failed: int
    wall_seconds: float
    status: str = "complete"
    removed: int = 0
    """Run files found incomplete or not of this sweep, removed and run again."""


def execute(run: Run, years: int, scale: float, keep: Keep, runs: str, fingerprint: str = "",
            model: Callable[..., pd.DataFrame] = simulate) -> dict[str, Any]:
    """On a worker: simulate one run, write its file atomically, return its record. A run that
    raises is recorded as failed (``_failed-NNNNNN.json``) so the sweep goes on; a run whose file
    cannot be written (a full disk) is failed without that record, so ``--resume`` runs it again."""
    folder, began, started = Path(runs), time.perf_counter(), _now()
    attempts = _attempt(folder, run.run_id)

    def finish(status: str, error: str | None) -> dict[str, Any]:
        return record(run, status, error, wall_seconds=round(time.perf_counter() - began, 3), started=started,
                      ended=_now(), host=socket.gethostname(), worker=_worker(), attempts=attempts,
                      peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                      version=package_version(), git_commit=git_commit())

    try:
        frame = reduce(model(run.scenario, years, scale, run.seed), keep)
    except Exception as error:  # noqa: BLE001 - any model error is recorded against the run
        done = finish("failed", one_line(error))
        _keep(lambda: atomic_text(json.dumps(done, default=str), failed_path(folder, run.run_id)))
        _attempts_path(folder, run.run_id).unlink(missing_ok=True)
        return done
    done = finish("ok", None)
    frame = frame.assign(run_id=run.run_id, point=run.point, **run.labels, seed=run.seed)
    try:
        atomic_parquet(frame, run_path(folder, run.run_id), metadata={**done, "fingerprint": fingerprint})
    except OSError as error:
        return {**done, "status": "failed", "error": one_line(error)}
    _attempts_path(folder, run.run_id).unlink(missing_ok=True)
    return done


def _attempts_path(folder: Path, run_id: int) -> Path:
    return folder / f".run-{run_id:06d}.attempts"


def _attempt(folder: Path, run_id: int) -> int:
    """Count this attempt at the run (also attempts by workers that died, and in earlier sessions)."""
    try:
        with open(_attempts_path(folder, run_id), "a+b") as handle:
            handle.write(b".")
            return handle.tell()
    except OSError:
        return 1


def _keep(write: Callable[[], None]) -> None:
    """Write a failure record if the disk lets us; without it the run simply runs again later."""
    try:
        write()
    except OSError:
        pass


def _worker() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except ValueError:
        return "main"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def one_line(error: BaseException) -> str:
    """An exception as one short line: its type and the first line of its message."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"[:500]


def run_design(design: Design, out: Path, *, cluster: Cluster | None = None, workers: int | None = None,
               scheduler: str | None = None, processes: bool = True, resume: bool = False,
               retry_failed: bool = False, verify: bool = False, accept_code_change: bool = False,
               shard: tuple[int, int] | None = None, about: Mapping[str, Any] | None = None,
               console: Console | None = None, model: Callable[..., pd.DataFrame] = simulate) -> Summary:
    """Run every run of ``design`` (or of its ``shard`` = (index, count)) not yet done in ``out``.

    ``cluster`` chooses where (or ``workers``/``scheduler``/``processes`` as a shorthand);
    ``about`` goes into ``sweep.json`` (the spec, the command); ``model`` is the simulation
    (``experiments.run.simulate``; tests put a failing one in its place). Stopped by a signal it
    records the session and raises :class:`Interrupted`.
    """
    cluster = cluster or Cluster(workers=workers, scheduler=scheduler, processes=processes)
    fingerprint = design.fingerprint()
    part = design.shard(*shard) if shard else design
    store = Store(out, part, fingerprint, shard)
    began = time.perf_counter()
    with stop_signals():
        records = store.open(resume or retry_failed, about or {}, retry_failed, verify, accept_code_change)
        skipped = len(records)
        todo = [run for run in part.runs if run.run_id not in records]
        session = {"started": _now(), "skipped": skipped, "to_run": len(todo), "removed": store.removed,
                   "cluster": cluster.describe(), "version": package_version(), "git_commit": git_commit()}
        failed = 0
        reporter = Reporter(part.name + (f" (shard {shard[0]}/{shard[1]})" if shard else ""), len(part.runs),
                            skipped, console)
        if store.removed:
            reporter.event(f"{store.removed} run files were incomplete or not of this sweep: removed, run again")
        try:
            with reporter:
                reporter.beat = store.lock.refresh
                if todo:
                    failed = _run(cluster, store, todo, records, reporter, model)
        except ClusterError:
            if store.created:
                store.abandon()
                raise
            session["stopped_by"] = "ClusterError"
            store.close(records, {**session, "ended": _now()})
            raise
        except BaseException as error:
            session["stopped_by"] = error.signal_name if isinstance(error, Interrupted) else type(error).__name__
            session.update(ended=_now(), wall_seconds=round(time.perf_counter() - began, 3))
            store.close(records, session)
            raise
        session.update(ended=_now(), wall_seconds=round(time.perf_counter() - began, 3))
        status = store.close(records, session)
    ok = sum(r["status"] == "ok" for r in records.values())
    return Summary(out, len(part.runs), skipped, ok, failed, time.perf_counter() - began, status, store.removed)


def _run(cluster: Cluster, store: Store, todo: list[Run], records: dict[int, dict[str, Any]], reporter: Reporter,
         model: Callable[..., pd.DataFrame]) -> int:
    """Carry out ``todo`` on the cluster, recording each run as it finishes; returns the failures."""
    failed = 0
    reporter.event(f"starting {cluster.describe()} for {len(todo)} runs")
    with connect(cluster, reporter.event) as client:
        reporter.workers = lambda: len(client.nthreads())

        def finished(run: Run, result: Any) -> None:
            nonlocal failed
            records[run.run_id] = result if isinstance(result, dict) else record(
                run, "failed", one_line(result), wall_seconds=math.nan)
            failed += records[run.run_id]["status"] == "failed"
            reporter.advance(records[run.run_id]["status"] == "failed")
            store.write_table(records)

        run_all(client, execute, todo, task_keys(store, todo), finished, years=store.design.years,
                scale=store.design.scale, keep=store.design.keep, runs=str(store.runs.resolve()),
                fingerprint=store.fingerprint, model=model)
    return failed


def task_keys(store: Store, runs: list[Run]) -> list[str]:
    """Dask keys unique to this sweep, output folder and session: two sweeps of one spec on one
    scheduler (or a resumed sweep while a dead client's tasks linger) never share a task."""
    folder = hashlib.sha256(str(store.out.resolve()).encode()).hexdigest()[:8]
    session = uuid.uuid4().hex[:8]
    return [f"run-{run.run_id:06d}-{store.fingerprint[:8]}-{folder}-{session}" for run in runs]


def load_results(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The run table and the indicators of every finished run (one long table, in run order)."""
    table = pd.read_parquet(out / TABLE)
    frames = pd.read_parquet(out / RUNS) if any((out / RUNS).glob("run-*.parquet")) else pd.DataFrame()
    return table, frames
