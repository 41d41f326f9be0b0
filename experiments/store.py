"""The output folder of a sweep: who may write in it, which of its runs are done, its run table
and its provenance.

``DIR/runs/run-NNNNNN.parquet`` is a finished run. It carries its own record (the run table row
and the sweep's fingerprint) in its Parquet metadata, and counts as done only when it is readable,
has rows, and its id and fingerprint match: a truncated file, a zero-byte file or a file of
another sweep is removed and its run done again. ``DIR/runs/_failed-NNNNNN.json`` records a run
that raised (the model fails the same way again with the same seed, so ``--resume`` keeps it
failed and ``--retry-failed`` runs it again). ``DIR/.lock`` names the one process writing in the
folder; ``DIR/experiments.parquet`` is the run table, ``DIR/sweep.json`` the provenance.
"""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
import socket
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import distributed
import pandas as pd
import pyarrow.parquet as pq

from experiments.design import Design, Run
from experiments.run import METADATA_KEY, OutputError, atomic_parquet, atomic_text, git_commit, package_version

RUNS, TABLE, PROVENANCE, LOCK = "runs", "experiments.parquet", "sweep.json", ".lock"
TABLE_EVERY_SECONDS = 5.0
LOCK_STALE_SECONDS = 120.0
"""A lock not refreshed for this long belongs to a process that is gone (the holder refreshes it
every few seconds; a SLURM job killed at its time limit cannot remove it)."""
RUN_PROVENANCE = ("wall_seconds", "started", "ended", "host", "worker", "attempts", "peak_rss_mb", "version",
                  "git_commit")
"""Columns of the run table that say how a run was carried out, not what it computed."""


class SweepError(OutputError):
    """An output folder that cannot take this sweep; the message is one line."""


def run_path(runs: Path, run_id: int) -> Path:
    return runs / f"run-{run_id:06d}.parquet"


def failed_path(runs: Path, run_id: int) -> Path:
    return runs / f"_failed-{run_id:06d}.json"


def record(run: Run, status: str, error: str | None, **provenance: Any) -> dict[str, Any]:
    """A row of the run table: what the run is, how it ended and how it was carried out."""
    return {"run_id": run.run_id, "point": run.point, "replication": run.replication, **run.labels, "seed": run.seed,
            "status": status, "error": error, **{key: provenance.get(key) for key in RUN_PROVENANCE}}


def run_file_record(path: Path, fingerprint: str, full: bool = False) -> dict[str, Any] | None:
    """The record a run file carries if it is a complete run file of this sweep, else None.
    ``full`` reads every page, not only the footer (``--verify``)."""
    try:
        parquet = pq.ParquetFile(path)
        meta = json.loads((parquet.schema_arrow.metadata or {})[METADATA_KEY])
        if full:
            parquet.read()
    except (OSError, ValueError, KeyError, TypeError):
        return None
    expected = int(path.stem.removeprefix("run-"))
    if parquet.metadata.num_rows == 0 or meta.get("fingerprint") != fingerprint or meta.get("run_id") != expected:
        return None
    return {key: value for key, value in meta.items() if key != "fingerprint"}


class Lock:
    """One writer per output folder: ``.lock`` names the holder (host, pid) and is refreshed while
    it works; a lock of a dead process (same host) or not refreshed for a while is taken over."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK
        self.mine = {"host": socket.gethostname(), "pid": os.getpid()}

    def acquire(self) -> None:
        for _ in range(3):
            try:
                descriptor = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = self._holder()
                if holder is None:
                    self.path.unlink(missing_ok=True)
                    continue
                raise SweepError(f"{self.path.parent} is in use by another sweep (pid {holder.get('pid')} on "
                                 f"{holder.get('host')}); wait for it to end, or choose another --out") from None
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(self.mine, handle)
            return
        raise SweepError(f"{self.path}: cannot take the lock; another process keeps taking it")

    def _holder(self) -> dict[str, Any] | None:
        """The live holder of the lock, or None if the lock is stale."""
        try:
            holder = json.loads(self.path.read_text(encoding="utf-8"))
            age = time.time() - self.path.stat().st_mtime
        except (OSError, ValueError):
            return None
        if not isinstance(holder, dict) or age > LOCK_STALE_SECONDS:
            return None
        if holder.get("host") == self.mine["host"]:
            try:
                os.kill(int(holder.get("pid", 0)), 0)
            except ProcessLookupError:
                return None
            except (PermissionError, ValueError, TypeError, OverflowError):
                pass
        return holder

    def refresh(self) -> None:
        try:
            os.utime(self.path)
        except OSError:
            pass

    def release(self) -> None:
        try:
            if json.loads(self.path.read_text(encoding="utf-8")) == self.mine:
                self.path.unlink()
        except (OSError, ValueError):
            pass


class Store:
    """The output folder of one design (or of one shard of it: ``fingerprint`` is then the whole
    design's, so the shards' run files can be checked against it when they are collected)."""

    def __init__(self, out: Path, design: Design, fingerprint: str | None = None,
                 shard: tuple[int, int] | None = None) -> None:
        self.out, self.design, self.runs = out, design, out / RUNS
        self.fingerprint, self.shard = fingerprint or design.fingerprint(), shard
        self.lock = Lock(out)
        self._written, self._interval = 0.0, TABLE_EVERY_SECONDS
        self.removed, self.created = 0, False

    def open(self, resume: bool, about: Mapping[str, Any], retry_failed: bool = False, verify: bool = False,
             accept_code_change: bool = False) -> dict[int, dict[str, Any]]:
        """Take the folder for this design; return the records of the runs already done.
        Refuses (one line, nothing changed) a folder of another sweep, of other code, in use, or
        that holds files but no sweep."""
        self.created = not self.out.exists()
        self.out.mkdir(parents=True, exist_ok=True)
        self.lock.acquire()
        try:
            previous = self._check(resume, accept_code_change)
            self.runs.mkdir(exist_ok=True)
            self.tidy()
            self.provenance = {
                "package": "techniekpact-abm", "version": package_version(), "git_commit": git_commit(),
                "python": platform.python_version(), "dask": distributed.__version__, "name": self.design.name,
                "fingerprint": self.fingerprint, "shard": list(self.shard) if self.shard else None,
                "master_seed": self.design.master_seed, "years": self.design.years, "scale": self.design.scale,
                "keep": self.design.keep.model_dump(mode="json"), "runs": len(self.design.runs), **about,
                "sessions": previous.get("sessions", []), "status": "running",
            }
            self._write_provenance()
            return self.finished(retry_failed, verify)
        except BaseException:
            self.abandon()
            raise

    def abandon(self) -> None:
        """Give the folder up without a record: release the lock, and remove the folder if this
        session made it (a sweep that could not start leaves nothing behind)."""
        self.tidy()
        self.lock.release()
        if self.created:
            shutil.rmtree(self.out, ignore_errors=True)

    def _check(self, resume: bool, accept_code_change: bool) -> dict[str, Any]:
        provenance = self.out / PROVENANCE
        if not provenance.exists():
            if any(path.name != LOCK for path in self.out.iterdir()):
                raise SweepError(f"{self.out} holds files but no {PROVENANCE}, so no sweep of this command: "
                                 "choose an empty or new --out")
            return {}
        try:
            previous = json.loads(provenance.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise SweepError(f"{provenance}: unreadable ({type(error).__name__}); choose another --out") from None
        if not isinstance(previous, dict):
            raise SweepError(f"{provenance}: not a JSON object, so not a sweep's record; choose another --out")
        name = previous.get("name")
        if previous.get("pruned"):
            raise SweepError(f"{self.out}: its run files were gathered into a dataset and removed by collect "
                             "--prune; there is nothing to resume")
        if not resume:
            raise SweepError(f"{self.out} already holds a sweep ('{name}'): add --resume to continue it, "
                             "or choose another --out")
        if previous.get("fingerprint") != self.fingerprint or previous.get("shard") != (
                list(self.shard) if self.shard else None):
            raise SweepError(f"{self.out} holds a different sweep ('{name}', fingerprint "
                             f"{previous.get('fingerprint')}, shard {previous.get('shard')}; this one "
                             f"{self.fingerprint}, shard {list(self.shard) if self.shard else None}): "
                             "choose another --out")
        code = (previous.get("version"), previous.get("git_commit"))
        if code != (package_version(), git_commit()) and not accept_code_change:
            raise SweepError(f"{self.out} was made by version {code[0]} (commit {code[1]}), this is "
                             f"{package_version()} (commit {git_commit()}): add --accept-code-change to "
                             "continue with this code, or choose another --out")
        return previous

    def tidy(self) -> None:
        """Remove temporary files left by killed writers (in the folder and in ``runs/``)."""
        for folder in (self.out, self.runs):
            for stale in folder.glob(".*.tmp") if folder.is_dir() else ():
                stale.unlink(missing_ok=True)

    def finished(self, retry_failed: bool = False, verify: bool = False) -> dict[int, dict[str, Any]]:
        """Records of the runs done: verified run files (others removed) and failed runs (unless
        ``retry_failed``: their records are removed and they run again)."""
        ids = {run.run_id for run in self.design.runs}
        paths = [path for path in self.runs.glob("run-*.parquet") if _id(path) in ids]
        with ThreadPoolExecutor(16) as pool:
            checked = list(pool.map(lambda path: run_file_record(path, self.fingerprint, verify), paths))
        done: dict[int, dict[str, Any]] = {}
        for path, found in zip(paths, checked, strict=True):
            if found is None:
                path.unlink(missing_ok=True)
                self.removed += 1
            else:
                done[found["run_id"]] = found
        for path in self.runs.glob("_failed-*.json"):
            run_id = _id(path)
            if run_id not in ids or run_id in done or retry_failed:
                path.unlink(missing_ok=True)
                continue
            try:
                done[run_id] = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                path.unlink(missing_ok=True)
        return done

    def _adopt(self, records: dict[int, dict[str, Any]]) -> None:
        """Add runs whose files were written after their result stopped being awaited (in flight
        at an interrupt), so the table agrees with the files."""
        ids = {run.run_id for run in self.design.runs}
        for path in self.runs.glob("run-*.parquet"):
            run_id = _id(path)
            if run_id in ids and records.get(run_id, {}).get("status") != "ok":
                found = run_file_record(path, self.fingerprint)
                if found is not None:
                    records[run_id] = found

    def write_table(self, records: Mapping[int, dict[str, Any]], now: bool = False) -> None:
        """The run table, every run of the design; unless ``now``, at most every few seconds and
        at most 5 % of the time (a table of a million runs takes a while to write)."""
        if not now and time.monotonic() - self._written < self._interval:
            return
        began = time.monotonic()
        rows = [records.get(run.run_id) or record(run, "pending", None, wall_seconds=math.nan)
                for run in self.design.runs]
        table = pd.DataFrame(rows)
        for column in ("error", "started", "ended", "host", "worker", "version", "git_commit"):
            table[column] = table[column].astype("string")
        atomic_parquet(table, self.out / TABLE)
        self.lock.refresh()
        self._written = time.monotonic()
        self._interval = max(TABLE_EVERY_SECONDS, 20 * (self._written - began))

    def close(self, records: dict[int, dict[str, Any]], session: dict[str, Any]) -> str:
        """Final table and provenance (also after an interrupt); returns the sweep's status:
        ``complete`` (every run ok), ``failed`` (every run done, some failed) or ``interrupted``."""
        self.tidy()
        self._adopt(records)
        counts = pd.Series([r["status"] for r in records.values()], dtype="string").value_counts()
        ok, failed = int(counts.get("ok", 0)), int(counts.get("failed", 0))
        pending = len(self.design.runs) - ok - failed
        status = "interrupted" if pending else "failed" if failed else "complete"
        self.provenance["sessions"].append(session)
        self.provenance.update(status=status, counts={"ok": ok, "failed": failed, "pending": pending})
        try:
            try:
                self.write_table(records, now=True)
            finally:  # a full disk may refuse the table but still take the small provenance file
                self._write_provenance()
        finally:
            self.tidy()
            self.lock.release()
        return status

    def _write_provenance(self) -> None:
        atomic_text(json.dumps(self.provenance, indent=2, ensure_ascii=False, default=str) + "\n",
                    self.out / PROVENANCE)


def _id(path: Path) -> int:
    """The run id in a run file's or a failure record's name (-1 if there is none)."""
    digits = path.stem.rpartition("-")[2]
    return int(digits) if digits.isdigit() else -1
