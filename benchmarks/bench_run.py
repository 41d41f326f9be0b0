"""A whole model run: set-up, first month, all months, and memory.

Times ``TechLabourModel(scale=--scale, seed=--seed)`` for ``--years`` x 12 monthly steps and
reports the set-up time, the first step (which includes compiling the numba kernel when the
numba cache is cold; ``--cold-cache`` forces that by pointing NUMBA_CACHE_DIR at an empty
directory), all steps, the person arrays' bytes per person, an extrapolation to scale 1 and the
peak resident set size of the process.

``--full`` afterwards runs scale 1 (every person an agent, ~13.9 million) for one year in a
fresh process (so that its peak RSS is its own) and prints the same report for it.

    .venv/bin/python benchmarks/bench_run.py                    # scale 100, 10 years
    .venv/bin/python benchmarks/bench_run.py --scale 1000 --years 2 --cold-cache
    .venv/bin/python benchmarks/bench_run.py --full             # plus scale 1 for one year
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pathlib
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time


def source_fingerprint() -> str:
    """Short hashes of the files the figures depend on (the code changes; there may be no git)."""
    root = pathlib.Path(__file__).resolve().parents[1]
    return ", ".join(f"{name} {hashlib.sha256((root / name).read_bytes()).hexdigest()[:10]}"
                     for name in ("abm/kernels/mobility.py", "abm/kernels/rng.py", "abm/model.py"))


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far (ru_maxrss: KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10


def run(scale: float, years: float, seed: int) -> None:
    t = time.perf_counter()
    import numpy as np

    from abm.model import TechLabourModel
    print(f"import abm (numpy, pandas, mesa, numba, regions): {time.perf_counter() - t:.2f} s")

    t = time.perf_counter()
    model = TechLabourModel(scale=scale, seed=seed)
    setup = time.perf_counter() - t
    persons_start, bytes_start = len(model.population), model.population.nbytes
    rss_setup = peak_rss_mib()

    months = round(years * 12)
    step_times, september = [], []
    for _ in range(months):
        t = time.perf_counter()
        model.step()
        step_times.append(time.perf_counter() - t)
        if model.date.month == 9:  # the school year turns: education, new cohort
            september.append(step_times[-1])
    total = sum(step_times)
    pop = model.population

    print(f"\nTechLabourModel(scale={scale:g}, seed={seed}), {months} monthly steps "
          f"({model.date:%Y-%m} at the end)")
    print(f"  set-up                              {setup:10.2f} s")
    print(f"  first step (incl. any JIT compile)  {step_times[0]:10.3f} s")
    if months > 1:
        rest = step_times[1:]
        print(f"  steps 2..{months:<4}                      {sum(rest):10.2f} s   "
              f"(mean {np.mean(rest):.3f} s, max {max(rest):.3f} s per step)")
        if september:
            print(f"  of which Septembers ({len(september)})              {sum(september):10.2f} s")
    print(f"  all {months} steps                       {total:10.2f} s")
    print(f"  set-up + all steps                  {setup + total:10.2f} s")

    print("\nmemory")
    print(f"  persons at start / end              {persons_start:>12,} / {len(pop):,}")
    print(f"  person arrays at start / end        {bytes_start / 2**20:10.1f} MiB / {pop.nbytes / 2**20:.1f} MiB")
    per_person = pop.nbytes / len(pop)
    print(f"  bytes per person (arrays)           {per_person:10.1f} B")
    at_scale_1 = persons_start * scale
    print(f"  extrapolated to scale 1: {at_scale_1 / 1e6:.1f} million persons x {per_person:.0f} B = "
          f"{at_scale_1 * per_person / 2**20:,.0f} MiB of person arrays at the start "
          f"(+{(len(pop) - persons_start) * scale / 1e6:.1f} million persons over {years:g} years: "
          f"{len(pop) * scale * per_person / 2**20:,.0f} MiB)")
    print(f"  peak RSS after set-up / at the end  {rss_setup:10.0f} MiB / {peak_rss_mib():.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=100, help="persons per agent (default 100)")
    parser.add_argument("--years", type=float, default=10, help="years to run (default 10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cold-cache", action="store_true",
                        help="compile the numba kernels afresh (empty NUMBA_CACHE_DIR)")
    parser.add_argument("--full", action="store_true",
                        help="then run scale 1 for one year in a fresh process (~14 million persons)")
    args = parser.parse_args()
    if args.scale < 1 or args.years <= 0:
        parser.error("need --scale >= 1 and --years > 0")

    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"{time.strftime('%Y-%m-%d %H:%M')}")
    print(f"code: {source_fingerprint()}")
    cache = None
    if args.cold_cache:
        cache = tempfile.mkdtemp(prefix="numba-cold-")
        os.environ["NUMBA_CACHE_DIR"] = cache  # before numba is imported
        print(f"numba cache: cold ({cache}, removed afterwards)")
    try:
        run(args.scale, args.years, args.seed)
    finally:
        if cache:
            shutil.rmtree(cache, ignore_errors=True)

    if args.full:
        print("\n--full: scale 1 for one year in a fresh process", flush=True)
        command = [sys.executable, os.path.abspath(__file__), "--scale", "1", "--years", "1",
                   "--seed", str(args.seed)]
        if args.cold_cache:
            command.append("--cold-cache")
        t = time.perf_counter()
        subprocess.run(command, check=True)
        print(f"--full: wall time of the scale-1 process {time.perf_counter() - t:.1f} s")


if __name__ == "__main__":
    main()
