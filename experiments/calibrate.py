"""Calibration by simulated moments: the flow parameters fitted to the ``role = calibrate`` flow
targets of ``regions/data/targets.csv`` with common random numbers over several seeds.

Each moment is computed from the model the way its source computes it from people: CBS 82848NED
transition rates are the shares of persons in a state whose state three months later differs,
so the model is read at quarterly snapshots; CBS's job-to-job share is the share of employees at
the start of a year with another employer at its end; CBS 80472NED counts vacancies created in a
year. The business cycle is switched off: the targets are structural rates of 2021-2024.

The optimiser is ``scipy.optimize.least_squares`` (trust-region reflective) on the relative errors
of the moments: the system is square and each parameter pins mainly one moment, so a Gauss-Newton
method converges in a few iterations. It works on the logarithms of the parameters (all stay
positive, relative steps are even), with finite-difference steps of about 5 %, large enough to
see past the small jumps that discrete agents give the moments; under common random numbers the
objective is a deterministic function of the parameters. The uncertainty of the fitted values
comes from the sandwich formula of simulated-moments estimation: the Jacobian of the moments at
the optimum and the spread of the moments over seeds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import least_squares

import regions
from abm.parameters import CALIBRATED_JSON, Parameters, bounds
from abm.scenario import Scenario
from experiments.flows import simulate_with_flows

DOCS = Path(__file__).parent.parent / "docs"
FITTED: tuple[str, ...] = ("match_efficiency", "on_the_job_search", "separation_to_unemployment",
                           "separation_to_inactivity", "unemployed_to_inactive", "registered_vacancy_share",
                           "inactive_to_search", "inactive_job_search")
"""Behavioural parameters fitted here; each is pinned mainly by one moment (identification)."""
PINS: dict[str, str] = {
    "match_efficiency": "job_finding_rate", "on_the_job_search": "job_to_job_share",
    "separation_to_unemployment": "separation_to_unemployment_rate",
    "separation_to_inactivity": "separation_to_inactivity_rate",
    "unemployed_to_inactive": "unemployed_to_inactive_rate", "registered_vacancy_share": "vacancies_created",
    "inactive_to_search": "unemployment_rate", "inactive_job_search": "entry_from_inactivity_rate",
}
MOMENTS: dict[str, tuple[str, str]] = {
    "job_finding_rate": ("all", "2024Q1-Q2"), "unemployed_to_inactive_rate": ("all", "2024Q1-Q2"),
    "separation_to_unemployment_rate": ("all", "2024Q1-Q2"), "separation_to_inactivity_rate": ("all", "2024Q1-Q2"),
    "job_to_job_share": ("all", "2021"), "vacancies_created": ("all", "2023"),
    "unemployment_rate": ("all", "2023Q2"), "entry_from_inactivity_rate": ("all", "2024Q1-Q2"),
}
"""Moment -> (sector, period) of its row in the target table. The unemployment rate (a stock) keeps
the start stationary: with the flows fitted, the return of the inactive to search sets the level
unemployment settles at, and it is fitted so that the first year keeps CBS's 2023 rate."""
FLOWS = tuple(key for key in MOMENTS if key != "unemployment_rate")
STEP = 0.05
"""Finite-difference step of the optimiser on the log parameters (about 5 % of each parameter)."""


@dataclass(frozen=True)
class Settings:
    """What a calibration run does (part of the fingerprint of its result)."""

    scale: float = 1000
    seeds: tuple[int, ...] = (1, 2, 3)
    budget: int = 80
    """Evaluations of the moments by the optimiser, Jacobian steps included (each runs every seed); the
    standard errors take ``len(FITTED)`` more."""


def targets() -> dict[str, float]:
    """The calibration targets of the moments, from the one target table (``role = calibrate`` only)."""
    table = regions.load().targets
    out = {}
    for moment, (sector, period) in MOMENTS.items():
        rows = table[(table.indicator == moment) & (table.sector == sector) & (table.period == period)
                     & (table.landsdeel == "NL")]
        if len(rows) != 1 or rows.role.iloc[0] != "calibrate":
            raise ValueError(f"targets.csv: need one calibrate row for {moment} {sector} {period}, found {len(rows)}")
        out[moment] = float(rows.value.iloc[0])
    return out


def simulate_moments(parameters: Parameters, scale: float, seed: int) -> dict[str, float]:
    """The moments of one run's first year (cycle off), measured as their sources measure them."""
    calm = parameters.model_copy(update={"cycle_volatility": 0.0, "public_demand_volatility": 0.0})
    _, flows = simulate_with_flows(Scenario(name="calibration", parameters=calm), 1, scale, seed)
    return {key: float(flows.iloc[0][key]) for key in MOMENTS}


def _parameters(base: Parameters, log_values: np.ndarray) -> Parameters:
    return base.model_copy(update=dict(zip(FITTED, np.exp(log_values).tolist(), strict=True)))


def _errors(moments: dict[str, float], goal: dict[str, float]) -> np.ndarray:
    return np.array([(moments[key] - goal[key]) / goal[key] for key in MOMENTS])


@dataclass
class Result:
    """A calibration's outcome: the fitted values, the fit and the uncertainty."""

    settings: Settings
    values: dict[str, float]
    standard_errors: dict[str, float]
    fit: pd.DataFrame
    evaluations: int


def calibrate(settings: Settings, progress: Callable[[int, float], None] | None = None) -> Result:
    """Fit ``FITTED`` to ``targets()`` from the current defaults; deterministic under the settings."""
    base, goal = Parameters(), targets()
    start = np.log([getattr(base, name) for name in FITTED])
    count = {"n": 0}

    def mean_moments(log_values: np.ndarray) -> tuple[dict[str, float], list[dict[str, float]]]:
        params = _parameters(base, log_values)
        runs = [simulate_moments(params, settings.scale, seed) for seed in settings.seeds]
        return {key: float(np.mean([r[key] for r in runs])) for key in runs[0]}, runs

    best = {"loss": np.inf, "x": start}

    def residuals(log_values: np.ndarray) -> np.ndarray:
        if count["n"] >= settings.budget:
            raise _BudgetSpent
        errors = _errors(mean_moments(log_values)[0], goal)
        count["n"] += 1
        loss = float(np.sum(errors ** 2))
        if loss < best["loss"]:
            best.update(loss=loss, x=np.array(log_values, dtype=float))
        if progress:
            progress(count["n"], best["loss"])
        return errors

    lower, upper = _log_bounds()
    start = np.clip(start, lower + 1e-9, upper - 1e-9)
    steps = STEP / np.maximum(1.0, np.abs(start))
    try:
        least_squares(residuals, start, bounds=(lower, upper), method="trf", diff_step=steps)
    except _BudgetSpent:
        pass
    chosen = np.log(np.round(np.exp(best["x"]), 6))  # the values as written, so the fit is theirs
    mean, runs = mean_moments(chosen)
    jacobian = np.column_stack([(_errors(mean_moments(chosen + STEP * np.eye(len(FITTED))[j])[0], goal)
                                 - _errors(mean, goal)) / STEP for j in range(len(FITTED))])
    errors = _standard_errors(chosen, jacobian, runs, goal)
    fit = pd.DataFrame([{"moment": key, "target": goal[key], "model": mean[key],
                         "error_%": 100 * (mean[key] - goal[key]) / goal[key],
                         "sd_over_seeds": float(np.std([r[key] for r in runs], ddof=1)) if len(runs) > 1 else float("nan")}
                        for key in MOMENTS])
    values = dict(zip(FITTED, (float(np.round(v, 6)) for v in np.exp(chosen)), strict=True))
    return Result(settings, values, errors, fit, count["n"])


class _BudgetSpent(Exception):
    """Raised inside the optimiser when the evaluation budget is used up (the best point is kept)."""


def _log_bounds() -> tuple[np.ndarray, np.ndarray]:
    """The parameters' admissible ranges (``abm.parameters``) on the log scale."""
    fields = Parameters.model_fields
    lower = [np.log(max(bounds(fields[name])[0] or 0.0, 1e-6)) for name in FITTED]
    upper = [np.log(bounds(fields[name])[1] or 1e6) for name in FITTED]
    return np.array(lower), np.array(upper)


def _standard_errors(best: np.ndarray, jacobian: np.ndarray, runs: list[dict[str, float]],
                     goal: dict[str, float]) -> dict[str, float]:
    """Sandwich standard errors of the fitted values (in their own units)."""
    if len(runs) < 2:
        return dict.fromkeys(FITTED, float("nan"))
    spread = np.cov(np.array([_errors(r, goal) for r in runs]).T) / len(runs)
    bread = np.linalg.pinv(jacobian.T @ jacobian)
    covariance = bread @ jacobian.T @ spread @ jacobian @ bread
    values = np.exp(best)
    return dict(zip(FITTED, (float(values[j] * np.sqrt(max(covariance[j, j], 0.0))) for j in range(len(FITTED))),
                    strict=True))


def fingerprint(values: dict[str, float], settings: dict) -> str:
    """Hash of the fitted values and the settings: a hand edit of either no longer matches."""
    text = json.dumps({"values": values, "settings": settings}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def write(result: Result, path: Path = CALIBRATED_JSON, docs: Path = DOCS) -> tuple[Path, Path]:
    """Write the calibrated defaults (``abm/calibrated.json``) and ``docs/calibration.md``."""
    settings = {"scale": result.settings.scale, "seeds": list(result.settings.seeds), "budget": result.settings.budget}
    payload = {"parameters": result.values, "standard_errors": result.standard_errors, "settings": settings,
               "fingerprint": fingerprint(result.values, settings),
               "note": "Written by `techniekpact calibrate`; do not edit by hand (tests/test_calibrate.py)."}
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    report = docs / "calibration.md"
    report.write_text(_report(result), encoding="utf-8")
    return path, report


def _report(result: Result) -> str:
    s = result.settings
    rows = ["| parameter | value | standard error | pinned by |", "|---|---:|---:|---|"]
    rows += [f"| `{name}` | {result.values[name]:.5g} | {result.standard_errors[name]:.2g} | {PINS[name]} |"
             for name in FITTED]
    fit = ["| moment | target | model | error | sd over seeds |", "|---|---:|---:|---:|---:|"]
    fit += [f"| {r.moment} | {r.target:,.4g} | {r.model:,.4g} | {r['error_%']:+.1f} % | {r.sd_over_seeds:,.3g} |"
            for _, r in result.fit.iterrows()]
    return "\n".join([
        "# Calibration", "",
        f"Generated by `techniekpact calibrate --scale {s.scale:g} --seeds {','.join(map(str, s.seeds))} "
        f"--budget {s.budget}` on {dt.date.today().isoformat()} ({result.evaluations} evaluations of "
        f"{len(s.seeds)} seeds each). The values below are the model's defaults (`abm/calibrated.json`).", "",
        "Method: simulated moments with common random numbers (`experiments/calibrate.py`): each moment is "
        "measured in the model the way its source measures it in people (quarterly snapshots of CBS 82848NED "
        "transitions, the yearly job-to-job share, CBS 80472NED vacancies created), the business cycle off, "
        f"and the {len(FITTED)} parameters minimise the sum of squared relative errors (scipy's trust-region least squares "
        "on their logarithms). "
        "Only `role = calibrate` rows of `regions/data/targets.csv` are read; `role = validate` rows are "
        "reported in `docs/validation.md` and never fitted.", "",
        "## Fit", "", *fit, "",
        "## Parameters", "",
        "Standard errors: sandwich formula of simulated moments (the optimiser's Jacobian at the optimum, by "
        "finite differences of about 5 % under common random numbers; moment covariance over the seeds). Identification: each parameter moves one "
        "moment much more than the others (column 'pinned by'); the dismissal rate, the wage and demand "
        "elasticities and the cycle are not fitted here (their sources are in `docs/odd.md`).", "",
        *rows, ""])


def run(scale: float, seeds: tuple[int, ...], budget: int, out: Path = CALIBRATED_JSON, docs: Path = DOCS,
        quiet: bool = False) -> Result:
    """Calibrate with a progress bar (plain lines when not on a terminal) and write the results."""
    import sys
    import time

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    settings = Settings(scale=scale, seeds=tuple(seeds), budget=budget)
    began = time.monotonic()
    if quiet or not sys.stdout.isatty():
        def report(n: int, loss: float) -> None:
            if not quiet and (n % 10 == 0 or n == 1):
                print(f"calibrating: {n}/{budget} evaluations, loss {loss:.4f}, {time.monotonic() - began:.0f} s",
                      flush=True)
        result = calibrate(settings, report)
    else:
        with Progress(TextColumn("calibrating"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("loss {task.fields[loss]}"), TimeElapsedColumn()) as bar:
            task = bar.add_task("fit", total=budget, loss="-")
            result = calibrate(settings, lambda n, loss: bar.update(task, completed=min(n, budget), loss=f"{loss:.4f}"))
    write(result, out, docs)
    return result
