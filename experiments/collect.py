"""``techniekpact collect``: one sweep (or all shards of one) as one partitioned Parquet dataset.

A large sweep leaves one small file per run; a parallel file system (Lustre, GPFS) is slow with
100,000 of them. ``collect`` checks every run file (complete, of this sweep) and writes
``DIR/dataset/point=K/*.parquet``: Hive partitions by design point, each holding all replications
of that point, which pandas and pyarrow read in one call (``pd.read_parquet("DIR/dataset")``).
Sharded sweeps (``--shard i/N``: ``DIR/shard-III-of-NNN/``) are checked to be shards of one
design (same fingerprint, same N, each present once), and their run tables are merged into
``DIR/experiments.parquet`` with a ``shard`` column. The dataset is written beside and swapped in
at the end, so an interrupted collect leaves the previous one intact.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from experiments.run import atomic_parquet, atomic_text, package_version
from experiments.store import PROVENANCE, RUNS, TABLE, SweepError, run_file_record

DATASET = "dataset"


@dataclass(frozen=True)
class Collected:
    """What :func:`collect` found and wrote."""

    total: int
    ok: int
    failed: int
    pending: int
    points: int
    dataset: Path
    table: Path


def sources(out: Path) -> list[tuple[Path, dict[str, Any]]]:
    """The sweep folders to gather: ``out`` itself, or its shard folders (all N of them)."""
    if not out.is_dir():
        raise SweepError(f"collect: no folder '{out}'")
    folders = [out] if (out / PROVENANCE).is_file() else sorted(out.glob("shard-*-of-*"))
    if not folders:
        raise SweepError(f"collect: {out} holds no {PROVENANCE} and no shard-i-of-N folders")
    found = []
    for folder in folders:
        try:
            provenance = json.loads((folder / PROVENANCE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise SweepError(f"collect: {folder / PROVENANCE}: missing or unreadable") from None
        if not isinstance(provenance, dict) or "fingerprint" not in provenance:
            raise SweepError(f"collect: {folder / PROVENANCE}: not a sweep's record")
        found.append((folder, provenance))
    fingerprints = {p["fingerprint"] for _, p in found}
    if len(fingerprints) > 1:
        raise SweepError(f"collect: {out} mixes sweeps (fingerprints {', '.join(sorted(fingerprints))})")
    shards = [tuple(p["shard"]) if p.get("shard") else None for _, p in found]
    if shards != [None]:
        count = {shard[1] for shard in shards if shard}
        expected = [(i, next(iter(count))) for i in range(next(iter(count)))] if len(count) == 1 else []
        if None in shards or sorted(shards) != expected:
            have = ", ".join(f"{s[0]}/{s[1]}" for s in shards if s)
            raise SweepError(f"collect: {out} must hold every shard i/N once, for one N; it has {have}")
    return found


def collect(out: Path, prune: bool = False) -> Collected:
    """Check every run file of the sweep in ``out`` and write ``out/dataset`` and the run table."""
    found = sources(out)
    fingerprint = found[0][1]["fingerprint"]
    tables = []
    for folder, provenance in found:
        table = pd.read_parquet(folder / TABLE)
        if provenance.get("shard"):
            table = table.assign(shard=f"{provenance['shard'][0]}/{provenance['shard'][1]}")
        tables.append(table)
    table = pd.concat(tables, ignore_index=True).sort_values("run_id", kind="stable").reset_index(drop=True)
    files = sorted(((folder / RUNS / f"run-{run_id:06d}.parquet") for folder, _ in found
                    for run_id in _ok_ids(folder)), key=lambda path: path.name)
    checked = [path for path in files if run_file_record(path, fingerprint) is not None]
    ok_ids = {int(path.stem[4:]) for path in checked}
    table["status"] = table.status.where((table.status != "ok") | table.run_id.isin(ok_ids), "pending")
    dataset = out / DATASET
    _write_dataset(checked, dataset)
    written = out / TABLE
    if len(found) > 1 or written != found[0][0] / TABLE:
        atomic_parquet(table, written)
    counts = table.status.value_counts()
    result = Collected(len(table), int(counts.get("ok", 0)), int(counts.get("failed", 0)),
                       int(counts.get("pending", 0)), int(table.loc[table.status == "ok", "point"].nunique()),
                       dataset, written)
    atomic_text(json.dumps({"collected": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                            "version": package_version(), "fingerprint": fingerprint,
                            "sources": [str(folder) for folder, _ in found], "runs": result.ok,
                            "pruned": prune and result.ok == result.total}, indent=2) + "\n", out / "collect.json")
    if prune and result.ok == result.total:
        for folder, provenance in found:
            atomic_text(json.dumps({**provenance, "pruned": True}, indent=2, ensure_ascii=False) + "\n",
                        folder / PROVENANCE)
        for path in checked:
            path.unlink()
    return result


def _ok_ids(folder: Path) -> list[int]:
    table = pd.read_parquet(folder / TABLE, columns=["run_id", "status"])
    return table.run_id[table.status == "ok"].astype(int).tolist()


def _write_dataset(files: list[Path], dataset: Path) -> None:
    """Every run file into one dataset partitioned by design point, swapped in when complete.

    Rows keep the order of the run files (``preserve_order``): pyarrow's threaded writer would
    otherwise interleave them differently on each collect, and a re-collect must be identical.
    """
    schemas = [pq.read_schema(path).remove_metadata() for path in files]
    schema = pa.unify_schemas(schemas, promote_options="permissive") if schemas else pa.schema([("point", pa.int64())])
    temporary = dataset.with_name(f".{dataset.name}.{os.getpid()}.tmp")
    shutil.rmtree(temporary, ignore_errors=True)
    temporary.mkdir(parents=True)

    def batches():
        for path in files:
            yield from pq.read_table(path).select(schema.names).cast(schema).to_batches()

    try:
        ds.write_dataset(batches(), temporary, schema=schema, format="parquet", partitioning=["point"],
                         partitioning_flavor="hive", existing_data_behavior="overwrite_or_ignore",
                         basename_template="part-{i}.parquet", preserve_order=True)
        rows = sum(pq.read_metadata(path).num_rows for path in files)
        if files and ds.dataset(temporary, format="parquet", partitioning="hive").count_rows() != rows:
            raise SweepError(f"collect: {dataset}: the dataset written does not hold every row; nothing replaced")
        old = dataset.with_name(f".{dataset.name}.{os.getpid()}.old")
        if dataset.exists():
            dataset.rename(old)
        temporary.rename(dataset)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
