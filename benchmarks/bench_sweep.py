"""Sweep throughput on Dask with 1 and 2 workers, and the per-run overhead against a bare run.

Side by side, in one process and on the same design (``--runs`` baseline runs of ``--years`` at
``--scale``, every indicator kept monthly, as a sweep does by default):

- bare: ``experiments.run.simulate`` for each run, one after another, in a plain Python process
  of its own (warmed up; not this one, whose threads run the Dask schedulers);
- sweep: ``experiments.sweep.execute`` for each run on a LocalCluster of 1 and of 2 worker
  processes (warmed up by the worker plugin), timed from submitting the first run to receiving
  the last; cluster start-up is reported apart.

The three are interleaved ``--repeat`` times (other processes on the machine then slow all three
alike) and the fastest repetition counts, as in ``bench_mobility.py``; medians are shown too.

Per-run overhead = sweep with 1 worker per run / bare per run - 1: Dask scheduling, reducing the
indicators, writing the Parquet file atomically. In-task overhead uses the workers' own wall time
per run instead (what the run table records), so it excludes scheduling. Targets: speed-up
1 -> 2 workers >= 1.7, overhead <= 10 %.

    .venv/bin/python benchmarks/bench_sweep.py                 # 8 runs of 1 year at scale 100
    .venv/bin/python benchmarks/bench_sweep.py --runs 16 --repeat 5
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from multiprocessing import get_context


def bare(design) -> float:
    """Seconds for all runs of ``design`` one after another in this process."""
    from experiments.run import simulate

    began = time.perf_counter()
    for run in design.runs:
        simulate(run.scenario, design.years, design.scale, run.seed)
    return time.perf_counter() - began


def on_dask(client, design, label: str) -> tuple[float, float]:
    """Seconds for all runs of ``design`` on ``client``, and the workers' mean wall time per run."""
    from experiments.dask_runner import run_all
    from experiments.sweep import execute

    records: list[dict] = []
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        run_all(client, execute, design.runs, [f"{label}-{run.run_id}" for run in design.runs],
                lambda _, record: records.append(record), years=design.years, scale=design.scale,
                keep=design.keep, runs=folder)
        wall = time.perf_counter() - began
    assert all(isinstance(r, dict) and r["status"] == "ok" for r in records), records
    return wall, statistics.mean(r["wall_seconds"] for r in records)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--years", type=int, default=1)
    parser.add_argument("--scale", type=float, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from abm.scenario import BASELINE
    from experiments.dask_runner import Cluster, connect, warm
    from experiments.design import expand
    from experiments.outcomes import Keep

    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"{time.strftime('%Y-%m-%d %H:%M')}, load average {os.getloadavg()[0]:.2f} (other processes compete)")
    design = expand("bench", [(BASELINE, {})], args.runs, args.years, args.scale, Keep(), master_seed=1)
    print(f"design: {args.runs} baseline runs of {args.years} year(s) at scale {args.scale:g}, all indicators monthly")
    bare_seconds, wall, in_task = [], {1: [], 2: []}, {1: [], 2: []}
    with ExitStack() as stack:
        plain = stack.enter_context(ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=warm))
        began = time.perf_counter()
        clients = {workers: stack.enter_context(connect(Cluster(workers=workers))) for workers in (1, 2)}
        print(f"two LocalClusters (1 and 2 worker processes) started and warmed up in "
              f"{time.perf_counter() - began:.1f} s")
        for attempt in range(args.repeat):  # interleaved, so that other load hits all three alike
            bare_seconds.append(plain.submit(bare, design).result())
            for workers, client in clients.items():
                seconds, per_run = on_dask(client, design, f"bench-{workers}-{attempt}")
                wall[workers].append(seconds)
                in_task[workers].append(per_run)
    bare_per_run = min(bare_seconds) / args.runs
    print(f"\nfastest of {args.repeat} (median in brackets)")
    print(f"bare, plain process     {min(bare_seconds):6.2f} s ({statistics.median(bare_seconds):.2f})   "
          f"{bare_per_run:.3f} s/run   {60 / bare_per_run:6.1f} runs/min")
    for workers in (1, 2):
        best = min(wall[workers])
        print(f"sweep, {workers} worker(s)       {best:6.2f} s ({statistics.median(wall[workers]):.2f})   "
              f"{best / args.runs:.3f} s/run   {60 * args.runs / best:6.1f} runs/min   "
              f"(in-task {min(in_task[workers]):.3f} s/run)")
    print(f"\nspeed-up 1 -> 2 workers        {min(wall[1]) / min(wall[2]):5.2f} x   (target >= 1.7; medians "
          f"{statistics.median(wall[1]) / statistics.median(wall[2]):.2f} x)")
    print(f"per-run overhead, 1 worker     {100 * (min(wall[1]) / args.runs / bare_per_run - 1):+5.1f} %  "
          f"(target <= 10 %; in-task alone {100 * (min(in_task[1]) / bare_per_run - 1):+.1f} %; medians "
          f"{100 * (statistics.median(wall[1]) / statistics.median(bare_seconds) - 1):+.1f} %)")


if __name__ == "__main__":
    main()
