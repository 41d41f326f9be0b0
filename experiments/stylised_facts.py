"""Stylised facts of labour markets the model was not calibrated to, each with its test.

Each fact function takes long baseline runs (one DataFrame per seed) and a folder for its
figure, and returns a dict with the title, the claim with its literature, the test, the result
and whether the model reproduces it. Series are de-seasonalised (12-month moving average) and
detrended (minus a 49-month centred moving average), after a year of burn-in, so that what is
left is the business cycle.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from abm.codes import Status  # noqa: E402
from abm.model import TechLabourModel  # noqa: E402


def _series(frame: pd.DataFrame, indicator: str) -> pd.Series:
    rows = frame[(frame.indicator == indicator) & (frame.sector == "all") & (frame.landsdeel == "NL")]
    return rows.set_index("date").value


def _cycle(series: pd.Series) -> pd.Series:
    """Business-cycle component: de-seasonalised, detrended, burn-in dropped."""
    smooth = series.iloc[12:].rolling(12, center=True).mean()
    return (smooth - smooth.rolling(49, center=True, min_periods=25).mean()).dropna()


def _rates(frame: pd.DataFrame) -> pd.DataFrame:
    employed, unemployed = _series(frame, "employed"), _series(frame, "unemployed")
    vacancies = _series(frame, "vacancies")
    return pd.DataFrame({
        "unemployment_rate": 100 * unemployed / (employed + unemployed),
        "vacancy_rate": 100 * vacancies / (employed + vacancies),
        "job_to_job_rate": 100 * _series(frame, "job_to_job") / employed,
        "layoff_rate": 100 * _series(frame, "layoffs") / employed,
    })


def _correlation(runs: list[pd.DataFrame], x: str, y: str) -> tuple[float, list[float]]:
    per_seed = []
    for frame in runs:
        rates = _rates(frame)
        cx, cy = _cycle(rates[x]), _cycle(rates[y])
        cx, cy = cx.align(cy, join="inner")
        per_seed.append(float(np.corrcoef(cx, cy)[0, 1]))
    return float(np.mean(per_seed)), per_seed


def _scatter(runs: list[pd.DataFrame], x: str, y: str, path: Path, title: str) -> None:
    fig, ax = plt.subplots(figsize=(5, 4))
    for frame in runs:
        rates = _rates(frame)
        cx, cy = _cycle(rates[x]).align(_cycle(rates[y]), join="inner")
        ax.plot(cx.values, cy.values, marker=".", linewidth=0.6, alpha=0.7)
    ax.set_xlabel(f"{x.replace('_', ' ')} (cycle, %-points)")
    ax.set_ylabel(f"{y.replace('_', ' ')} (cycle, %-points)")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _fact(runs, figures, x, y, sign, title, claim, figure) -> dict:
    mean, per_seed = _correlation(runs, x, y)
    _scatter(runs, x, y, figures / figure, title)
    reproduced = mean * sign > 0 and all(c * sign > 0 for c in per_seed)
    return {"title": title, "claim": claim, "figure": figure, "reproduced": reproduced,
            "test": f"correlation of the cyclical components of the {x.replace('_', ' ')} and the "
                    f"{y.replace('_', ' ')} (national, monthly) is {'negative' if sign < 0 else 'positive'} "
                    "in every seed.",
            "result": f"mean correlation {mean:+.2f} over {len(per_seed)} seeds "
                      f"(per seed: {', '.join(f'{c:+.2f}' for c in per_seed)})."}


def beveridge_curve(runs: list[pd.DataFrame], figures: Path) -> dict:
    return _fact(runs, figures, "unemployment_rate", "vacancy_rate", -1, "Beveridge curve",
                 "Over the business cycle unemployment and vacancies move in opposite directions (Beveridge "
                 "1944; Blanchard & Diamond 1989, Brookings Papers on Economic Activity; Elsby, Michaels & "
                 "Ratner 2015, Journal of Economic Perspectives 29(3)).", "beveridge.png")


def procyclical_job_to_job(runs: list[pd.DataFrame], figures: Path) -> dict:
    return _fact(runs, figures, "vacancy_rate", "job_to_job_rate", 1, "Procyclical job-to-job moves",
                 "Workers change employers more often when the labour market is tight (Akerlof, Rose & Yellen "
                 "1988, Brookings Papers on Economic Activity; Fallick & Fleischman 2004, FEDS 2004-34).",
                 "job_to_job.png")


def countercyclical_layoffs(runs: list[pd.DataFrame], figures: Path) -> dict:
    return _fact(runs, figures, "vacancy_rate", "layoff_rate", -1, "Countercyclical job destruction",
                 "Job destruction (layoffs) rises in downturns and falls in booms (Davis & Haltiwanger 1992, "
                 "Quarterly Journal of Economics 107(3); Davis, Haltiwanger & Schuh 1996, Job Creation and "
                 "Destruction).", "layoffs.png")


FACTS = (beveridge_curve, procyclical_job_to_job, countercyclical_layoffs)


def unemployment_duration_hazard(scale: float, seed: int, figures: Path, months: int = 36) -> dict:
    """The monthly job-finding rate of the unemployed by how long they have been unemployed."""
    model = TechLabourModel(scale=scale, seed=seed)
    buckets = [(0, 2), (3, 5), (6, 11), (12, 10_000)]
    found, at_risk = np.zeros(len(buckets)), np.zeros(len(buckets))
    for _ in range(months):
        pop = model.population
        unemployed = np.flatnonzero(pop.status == Status.UNEMPLOYED)
        duration = pop.months[unemployed].copy()
        model.step()
        hired = model.population.status[unemployed] == Status.EMPLOYED
        for b, (low, high) in enumerate(buckets):
            mask = (duration >= low) & (duration <= high)
            at_risk[b] += mask.sum()
            found[b] += (hired & mask).sum()
    hazard = 100 * found / np.maximum(at_risk, 1)
    labels = ["0-2", "3-5", "6-11", "12+"]
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.bar(labels, hazard)
    ax.set_xlabel("months unemployed")
    ax.set_ylabel("% finding a job next month")
    ax.set_title("Job-finding rate by unemployment duration")
    fig.tight_layout()
    fig.savefig(figures / "duration.png", dpi=110)
    plt.close(fig)
    return {"title": "Negative duration dependence", "figure": "duration.png",
            "claim": "The longer someone is unemployed, the less likely she finds a job next month (Machin & "
                     "Manning 1999, Handbook of Labor Economics 3C; Kroft, Lange & Notowidigdo 2013, Quarterly "
                     "Journal of Economics 128(3)).",
            "test": "the monthly job-finding rate of those unemployed 12 months or more is lower than of those "
                    "unemployed 0-2 months (first three years of the baseline).",
            "reproduced": bool(hazard[-1] < hazard[0]),
            "result": "job-finding rate by duration " + ", ".join(f"{l}: {h:.1f} %" for l, h in zip(labels, hazard))
                      + ". The model has no scarring or employer screening on duration; any decline comes from "
                        "who stays unemployed (people in cells with few vacancies)."}
