"""Does the scale change the answer? Scale 1 (every person an agent) against coarser scales, one seed.

Runs the baseline with the same seed, so the same business cycle, at ``--scales`` (default 1, 10 and
100 persons per agent) for ``--years`` years and prints each headline indicator (mean over the last
``--years`` - 1 years, in persons or percent) side by side with its ratio to the finest scale, plus
the wall time of each run. One seed gives no standard error: the paired multi-seed comparison is in
``docs/validation.md`` (section 3) and ``tests/test_dynamics.py``; this script answers whether the
finest scale, which they cannot afford, agrees.

    .venv/bin/python benchmarks/bench_scale.py                     # scales 1, 10, 100, 5 years
    .venv/bin/python benchmarks/bench_scale.py --scales 10,100,1000 --years 3
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from abm.scenario import Scenario
from experiments.flows import simulate_with_flows
from experiments.referee import national, unemployment_rate

HEADLINE = (("employed", "all"), ("employed", "technical"), ("vacancies", "plan_2022"), ("vacancies", "all"),
            ("hard_to_fill_vacancies", "plan_2022"), ("unemployed", "all"), ("hires", "all"),
            ("job_to_job", "all"), ("layoffs", "all"), ("wage_index", "all"), ("teacher_shortage_fte", "all"))


def headline(scale: float, years: int, seed: int) -> tuple[dict[str, float], float]:
    """The headline indicators after the first year, and the run's wall time."""
    began = time.perf_counter()
    frame, flows = simulate_with_flows(Scenario(), years, scale, seed)
    seconds = time.perf_counter() - began
    out = {f"{i} ({s})": float(national(frame, i, s).iloc[12:].mean()) for i, s in HEADLINE}
    out["unemployment rate (%)"] = float(unemployment_rate(frame).iloc[12:].mean())
    for key in ("job_finding_rate", "job_to_job_share", "vacancies_created"):
        out[f"{key} (flow)"] = float(flows[key].iloc[1:].mean())
    return out, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    scales = sorted(float(s) for s in args.scales.split(","))
    results, times = {}, {}
    for scale in scales:
        results[scale], times[scale] = headline(scale, args.years, args.seed)
        print(f"scale {scale:g}: {times[scale]:.1f} s for {args.years} years", flush=True)
    table = pd.DataFrame(results)
    finest = scales[0]
    for scale in scales[1:]:
        table[f"ratio {scale:g}/{finest:g}"] = table[scale] / table[finest]
    table.columns = [f"scale {c:g}" if isinstance(c, float) else c for c in table.columns]
    with pd.option_context("display.float_format", "{:,.4g}".format, "display.width", 160):
        print(table.to_string())


if __name__ == "__main__":
    main()
