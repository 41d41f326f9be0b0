"""What a referee checks beside the calibration fit: the ``role = validate`` rows of the target table
against the model, the flows in every year, and the scale compared seed by seed.

Validation rows are never fitted (``experiments.calibrate`` reads calibration rows only). Each
row here says how the model's number is formed, because a model concept can differ from the
source's: the model's sectors are not occupations, and its workers exclude working students.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

import regions
from abm.scenario import Scenario
from experiments.calibrate import MOMENTS, targets
from experiments.flows import simulate_with_flows

Frame = pd.DataFrame


def national(frame: Frame, indicator: str, sector: str = "all", landsdeel: str = "NL") -> pd.Series:
    rows = frame[(frame.indicator == indicator) & (frame.sector == sector) & (frame.landsdeel == landsdeel)]
    return rows.set_index("date").value


def unemployment_rate(frame: Frame, landsdeel: str = "NL") -> pd.Series:
    employed, unemployed = national(frame, "employed", landsdeel=landsdeel), national(frame, "unemployed", landsdeel=landsdeel)
    return 100 * unemployed / (employed + unemployed)


MEASURES: dict[tuple[str, str, str, str], tuple[str, Callable[[Frame], float]]] = {
    ("jobs", "NL", "plan_2022", "2022"): (
        "employed in the plan's sectors, January 2023 (workers exclude working students and the over-67s)",
        lambda f: national(f, "employed", "plan_2022").iloc[0]),
    ("employed", "NL", "plan_2022", "2022"): (
        "employed in the plan's sectors, January 2023", lambda f: national(f, "employed", "plan_2022").iloc[0]),
    ("open_vacancies_technical_occupations", "NL", "technical", "2023Q4"): (
        "open vacancies in the technical sector groups (sectors, not occupations), 2023Q4",
        lambda f: national(f, "vacancies", "technical").loc["2023-10":"2023-12"].mean()),
    ("employed_technical_occupations", "NL", "all", "2023"): (
        "employed in the technical sector groups (sectors, not occupations), 2023",
        lambda f: national(f, "employed", "technical").loc["2023"].mean()),
    ("unemployment_rate", "NL", "all", "2023"): ("unemployment rate, 2023", lambda f: unemployment_rate(f).loc["2023"].mean()),
    ("unemployment_rate", "NL", "all", "2022-2025"): (
        "unemployment rate, 2023-2025 (the model starts in 2023)", lambda f: unemployment_rate(f).loc["2023":"2025"].mean()),
    ("unemployment_rate", "NL", "all", "2026-2030"): (
        "unemployment rate, 2026-2030", lambda f: unemployment_rate(f).loc["2026":"2030"].mean()),
    ("open_vacancies_change", "NL", "plan_2022", "2023-2030"): (
        "change of open vacancies in the plan's sectors, 2023 to 2030 (%); the plan: hardly decreases",
        lambda f: 100 * (national(f, "vacancies", "plan_2022").loc["2030"].mean()
                         / national(f, "vacancies", "plan_2022").loc["2023"].mean() - 1)),
    ("retirements", "NL", "technical", "2013-2020"): (
        "retirements from the technical sector groups a year, 2023-2025",
        lambda f: 12 * national(f, "retirements", "technical").loc["2023":"2025"].mean()),
    ("unemployment_rate", "Zeeland", "all", "2023"): (
        "unemployment rate of Zuidwest (the landsdeel Zeeland is in), 2023",
        lambda f: unemployment_rate(f, "Zuidwest").loc["2023"].mean()),
    ("unemployment_rate", "Overijssel", "all", "2023"): (
        "unemployment rate of Oost (the landsdeel Overijssel is in), 2023",
        lambda f: unemployment_rate(f, "Oost").loc["2023"].mean()),
    ("vacancies_per_100_unemployed", "NL", "all", "2023Q2"): (
        "registered vacancies per 100 unemployed, 2023Q2",
        lambda f: 100 * (national(f, "vacancies") / national(f, "unemployed")).loc["2023-04":"2023-06"].mean()),
}
"""(indicator, landsdeel, sector, period) of a validation row -> how the model's value is formed."""
FLOW_ROWS: dict[tuple[str, str], str] = {("job_finding_rate", "2016"): "job_finding_rate",
                                         ("job_finding_rate", "2022Q4-2023Q1"): "job_finding_rate",
                                         ("job_finding_rate", "2023Q3-Q4"): "job_finding_rate"}
"""Validation rows measured on the first year's flows (``experiments.flows``)."""


def validation_table(runs: list[tuple[Frame, Frame]]) -> pd.DataFrame:
    """Every ``role = validate`` row with its source value and the model's (mean and spread over
    runs), or why the model has no counterpart."""
    rows = regions.load().targets
    rows = rows[rows.role == "validate"]
    out = []
    for row in rows.itertuples(index=False):
        key = (row.indicator, row.landsdeel, row.sector, row.period)
        if key in MEASURES:
            how, measure = MEASURES[key]
            values = [measure(frame) for frame, _ in runs]
        elif (row.indicator, row.period) in FLOW_ROWS:
            how = "share of the unemployed employed three months later, first simulated year"
            values = [float(flows[FLOW_ROWS[row.indicator, row.period]].iloc[0]) for _, flows in runs]
        else:
            continue
        out.append({"indicator": row.indicator, "landsdeel": row.landsdeel, "sector": row.sector,
                    "period": row.period, "source value": row.value, "model": float(np.mean(values)),
                    "sd over seeds": float(np.std(values, ddof=1)) if len(values) > 1 else float("nan"),
                    "model concept": how})
    return pd.DataFrame(out)


def unmeasured(table: pd.DataFrame) -> list[str]:
    """Validation indicators the model has no counterpart for (said in the report, not hidden)."""
    rows = regions.load().targets
    rows = rows[rows.role == "validate"]
    shown = set(table.indicator)
    return sorted(set(rows.indicator) - shown)


def flows_by_year(runs: list[tuple[Frame, Frame]]) -> pd.DataFrame:
    """The calibrated flows per simulated year (mean over runs) beside their targets."""
    goal = targets()
    mean = pd.concat([flows[list(MOMENTS)] for _, flows in runs]).groupby(level=0).mean()
    mean.loc["target"] = [goal[key] for key in MOMENTS]
    return mean.reset_index().rename(columns={"index": "year"})


SCALE_FREE = (("wage_index", "all"), ("employed", "all"), ("vacancies", "all"))
"""Headline indicators checked for scale invariance besides the ones a report passes in."""
INTAKE, INTAKE_SEXES = "technical_intake_share_mbo", ("women", "men")


def after_first_year(series: pd.Series) -> float:
    """Mean of a series from one year after its first date (monthly or yearly)."""
    return float(series[series.index >= series.index[0] + pd.DateOffset(years=1)].mean())


def paired_scales(scales: list[float], seeds: int, years: int, indicators: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """Each scale against the finest, seed by seed (the same business cycle): the mean paired
    difference over the last years, its standard error, and t = difference / standard error."""
    finest, *others = sorted(scales)
    def level(scale: float, seed: int) -> dict[str, float]:
        frame, flows = simulate_with_flows(Scenario(), years, scale, seed)
        out = {f"{i} ({s})": after_first_year(national(frame, i, s)) for i, s in (*indicators, *SCALE_FREE)}
        out.update({f"{INTAKE} {sex}": after_first_year(national(frame, f"{INTAKE}_{sex}")) for sex in INTAKE_SEXES})
        out["unemployment rate"] = after_first_year(unemployment_rate(frame))
        out.update({f"{key} (flow)": flows[key].iloc[1:].mean() for key in MOMENTS})
        return out
    base = [level(finest, seed) for seed in range(seeds)]
    rows = []
    for scale in others:
        other = [level(scale, seed) for seed in range(seeds)]
        for key in base[0]:
            diff = np.array([o[key] - b[key] for b, o in zip(base, other, strict=True)])
            se = diff.std(ddof=1) / np.sqrt(len(diff))
            rows.append({"indicator": key, "scale": scale, "against scale": finest,
                         "level": float(np.mean([b[key] for b in base])), "paired difference": float(diff.mean()),
                         "standard error": float(se), "t": float(diff.mean() / se) if se > 0 else float("nan")})
    return pd.DataFrame(rows)
