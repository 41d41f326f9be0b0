"""The validation report: calibration fit, stylised facts, robustness, shocks.

``python -m experiments.validate`` writes ``docs/validation.md`` and its figures in
``docs/validation/``. CI runs it at a small scale (``--scale 5000 --seeds 3 --scales 2000,5000``);
the committed report was made at a larger scale by hand (the command is in the report).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from abm.model import TechLabourModel  # noqa: E402
from abm.parameters import Parameters  # noqa: E402
from abm.scenario import Scenario  # noqa: E402
from abm.shocks import DemandShock  # noqa: E402
from experiments.run import git_commit, package_version, simulate  # noqa: E402
from experiments.flows import simulate_with_flows  # noqa: E402
from experiments.referee import flows_by_year, national, paired_scales, unmeasured, validation_table  # noqa: E402
from experiments.stylised_facts import FACTS, unemployment_duration_hazard  # noqa: E402
from experiments.workflows import sensitivity  # noqa: E402

DOCS = Path(__file__).parent.parent / "docs"
KEY_2030 = (("hard_to_fill_vacancies", "plan_2022"), ("vacancies", "plan_2022"), ("employed", "technical"),
            ("unemployment_rate_technical", "all"), ("teacher_shortage_fte", "all"),
            ("outflow_to_non_technical", "technical"))


CALM_YEARS = 5
CALM_SEEDS = (1, 2, 3)


NO_TREND = {"plan_sector_demand_growth": 0.0, "ict_demand_growth": 0.0, "other_demand_growth": 0.0,
            "demand_growth_after_2030": 0.0}
"""Labour demand held at its 2023 level: what is left of a change after five years is drift."""


def calm_run(scale: float, seed: int, trends: bool = True) -> tuple[TechLabourModel, pd.DataFrame]:
    """The baseline with the business cycle switched off (and, with ``trends=False``, labour
    demand held at its 2023 level), five years: the error after one and after five years is
    drift, plus the demand trends the sources give where they are on."""
    calm = Parameters(cycle_volatility=0.0, public_demand_volatility=0.0, **({} if trends else NO_TREND))
    model = TechLabourModel(Scenario(name="baseline without business cycle", parameters=calm), scale=scale, seed=seed)
    for _ in range(12 * CALM_YEARS):
        model.step()
    return model, model.indicators()


def _fit_row(target: float, series: pd.Series, **keys: str) -> dict[str, object]:
    start, year, later = series.iloc[0], series.loc[pd.Timestamp(2024, 1, 1)], series.loc[pd.Timestamp(2028, 1, 1)]
    return {**keys, "target": target, "model_start": start, "model_after_1_year": year, "model_after_5_years": later,
            "error_start_%": 100 * (start - target) / target, "error_1_year_%": 100 * (year - target) / target,
            "error_5_years_%": 100 * (later - target) / target}


def mean_fit(fits: list[pd.DataFrame]) -> pd.DataFrame:
    """The mean of calibration-fit tables over seeds (errors are linear in the model's value)."""
    keys = ["indicator", "sector", "landsdeel"]
    return pd.concat(fits).groupby(keys, sort=False).mean(numeric_only=True).reset_index()


def calibration_fit(model: TechLabourModel, frame: pd.DataFrame) -> pd.DataFrame:
    """Each calibration target, the model at the start and after a year, and the relative error.
    Employment and unemployment targets are the CBS counts times the start state's employment
    factor (``abm.start_state.MAX_EMPLOYMENT_RATE``): the persons the model represents."""
    cal, factor = model.calibration, model.employment_factor
    technical = model.sector_technical.astype(bool)
    plan = np.array([s.plan_2022 for s in model.data.sectors])
    targets = {
        ("employed", "technical"): cal.by_cell("employed")[:, technical].sum(axis=1) * factor,
        ("employed", "plan_2022"): cal.by_cell("employed")[:, plan].sum(axis=1) * factor,
        ("vacancies", "plan_2022"): cal.by_cell("vacancies")[:, plan].sum(axis=1),
        ("vacancies", "all"): cal.by_cell("vacancies").sum(axis=1),
        ("unemployed", "all"): cal.by_landsdeel("unemployed") * factor,
        ("unemployed_technical", "all"): cal.by_landsdeel("unemployed_technical") * factor,
        ("training_places", "plan_2022"): cal.by_landsdeel("training_places"),
        ("teacher_shortage_fte", "all"): cal.by_landsdeel("teacher_shortage_fte_vo")
        + cal.by_landsdeel("teacher_shortage_fte_mbo"),
    }
    return pd.DataFrame([_fit_row(target, national(frame, indicator, sector, landsdeel), indicator=indicator,
                                  sector=sector, landsdeel=landsdeel)
                         for (indicator, sector), values in targets.items()
                         for landsdeel, target in zip((*model.landsdelen, "NL"), (*values, values.sum()), strict=True)])


def regional_fit(model: TechLabourModel, frame: pd.DataFrame) -> pd.DataFrame:
    """Per landsdeel, the regional targets of ``regions/data/targets.csv`` (CBS technical share of
    employment, CBS 85268NED unemployment rate) against the model at the start and after a year."""
    targets = model.data.targets.set_index(["indicator", "landsdeel", "period"]).value
    rows = []
    for landsdeel in model.landsdelen:
        employed = national(frame, "employed", "all", landsdeel)
        share = 100 * national(frame, "employed", "technical", landsdeel) / employed
        unemployed = national(frame, "unemployed", "all", landsdeel)
        rate = 100 * unemployed / (unemployed + employed)
        rows.append(_fit_row(targets["technical_employment_share", landsdeel, "2023"], share, landsdeel=landsdeel,
                             indicator="technical share of employment (%)"))
        rows.append(_fit_row(targets["unemployment_rate", landsdeel, "2023Q2"], rate, landsdeel=landsdeel,
                             indicator="unemployment rate (%)"))
    return pd.DataFrame(rows)


def seed_spread(scale: float, seeds: int, years: int = 8) -> pd.DataFrame:
    """Key indicators in the last year over many seeds (baseline)."""
    rows = []
    for seed in range(seeds):
        frame = simulate(Scenario(), years, scale, seed)
        last = frame.date.dt.year == frame.date.dt.year.max()
        rows.append({f"{i} ({s})": national(frame[last], i, s).mean() for i, s in KEY_2030})
    return pd.DataFrame(rows)


def shocks(scale: float, seeds: int) -> dict[str, pd.DataFrame]:
    """Technicians' unemployment, vacancies and outflow in a recession, a boom and neither."""
    cases = {"baseline": (), "recession": (DemandShock(start=dt.date(2025, 1, 1), months=24, size=-0.06),),
             "boom": (DemandShock(start=dt.date(2025, 1, 1), months=24, size=0.06),)}
    out = {}
    for name, shock in cases.items():
        frames = [simulate(Scenario(name=name, shocks=shock), 5, scale, seed) for seed in range(seeds)]
        out[name] = pd.concat({seed: pd.DataFrame({
            "unemployment_rate_technical": national(f, "unemployment_rate_technical"),
            "vacancies_plan_2022": national(f, "vacancies", "plan_2022"),
            "outflow_to_non_technical": national(f, "outflow_to_non_technical", "technical"),
            "layoffs_technical": national(f, "layoffs", "technical")}) for seed, f in enumerate(frames)})
    return out


def plot_lines(series: dict[str, pd.Series], title: str, path: Path, ylabel: str = "") -> None:
    fig, ax = plt.subplots(figsize=(7, 3.5))
    for label, values in series.items():
        ax.plot(values.index, values.values, label=label)
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.legend(frameon=False)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def table(frame: pd.DataFrame, floats: str = "{:,.1f}") -> str:
    """A DataFrame as a Markdown table."""
    header = "| " + " | ".join(map(str, frame.columns)) + " |"
    lines = [header, "|" + "---|" * len(frame.columns)]
    for _, row in frame.iterrows():
        lines.append("| " + " | ".join(floats.format(v) if isinstance(v, float) else str(v) for v in row) + " |")
    return "\n".join(lines)


def build(scale: float, seeds: int, scales: list[float], out: Path, command: str, fit_scale: float = 100) -> Path:
    """Run everything and write the report and figures; the calibration fit at ``fit_scale``
    (finer, so that the start's rounding of small stocks such as the teacher shortage is small)."""
    figures = out / "validation"
    figures.mkdir(parents=True, exist_ok=True)
    model, frame = calm_run(fit_scale, seed=CALM_SEEDS[0])
    regional = regional_fit(model, frame)
    fit = mean_fit([calibration_fit(model, frame), *(calibration_fit(*calm_run(fit_scale, seed)) for seed in CALM_SEEDS[1:])])
    steady = mean_fit([calibration_fit(*calm_run(fit_scale, seed, trends=False)) for seed in CALM_SEEDS])
    fit["error_5_years_no_trend_%"] = steady["error_5_years_%"].values
    fit.to_csv(figures / "calibration_fit.csv", index=False)
    regional.to_csv(figures / "regional_fit.csv", index=False)
    long_runs = [simulate_with_flows(Scenario(), 12, scale, seed) for seed in range(max(2, min(seeds, 10)))]
    facts = [fact([frame for frame, _ in long_runs], figures) for fact in FACTS]
    hazard = unemployment_duration_hazard(scale, seed=1, figures=figures)
    spread = seed_spread(scale, seeds)
    referee = {"validation": validation_table(long_runs), "flows": flows_by_year(long_runs),
               "scales": paired_scales(scales, max(3, min(seeds, 10)), 5, KEY_2030)}
    referee["validation"].to_csv(figures / "validation_rows.csv", index=False)
    shocked = shocks(scale, max(2, min(seeds, 5)))
    for column, ylabel in (("unemployment_rate_technical", "%"), ("vacancies_plan_2022", "vacancies"),
                           ("outflow_to_non_technical", "persons per month")):
        plot_lines({name: frame[column].groupby(level=1).mean() for name, frame in shocked.items()},
                   f"{column.replace('_', ' ')}: recession and boom 2025-2026", figures / f"shock_{column}.png", ylabel)
    with tempfile.TemporaryDirectory() as runs:
        ranking, written = sensitivity("baseline", trajectories=4 if scale >= 2000 else 10, levels=4, band=0.5,
                                       replications=1, years=4, scale=max(scale, 2000), seed=1, out=Path(runs),
                                       workers=1, scheduler=None, resume=False)
        (figures / "morris").mkdir(exist_ok=True)
        for path in written:
            shutil.copy(path, figures / "morris" / path.name)
    text = report(fit, regional, model.employment_factor, facts, hazard, spread, referee, shocked, ranking, scale,
                  seeds, command, fit_scale)
    path = out / "validation.md"
    path.write_text(text, encoding="utf-8")
    return path


def summary_lines(fit_nl: pd.DataFrame, facts: list[dict], referee: dict[str, pd.DataFrame]) -> list[str]:
    """What holds and where the model falls short, read off the results below."""
    lines = [f"- Stylised facts reproduced: {sum(f['reproduced'] for f in facts)} of {len(facts)}"
             + "".join(f"; **not reproduced: {f['title']}**" for f in facts if not f["reproduced"]) + "."]
    for column, when in (("error_start_%", "at the start"), ("error_1_year_%", "after a year"),
                         ("error_5_years_%", "after five years"),
                         ("error_5_years_no_trend_%", "after five years with demand held at 2023")):
        limit = 5 if column == "error_start_%" else 10
        drift = fit_nl[fit_nl[column].abs() > limit]
        lines.append(f"- Calibration targets within {limit} % {when} (business cycle off)" if not len(drift) else
                     f"- **More than {limit} % off {when}** (business cycle off): " + ", ".join(
                         f"{r['indicator']} ({r['sector']}) {r[column]:+.1f} %" for _, r in drift.iterrows()) + ".")
    flows = referee["flows"].set_index("year")
    goal, years = flows.loc["target"], flows.drop(index="target")
    off = [f"{key} in {year}" for key in goal.index for year, value in years[key].items()
           if abs(value - goal[key]) > 0.2 * goal[key]]
    lines.append("- Flows within 20 % of their targets in every simulated year" if not off else
                 "- **Flows more than 20 % off their target**: " + ", ".join(off[:8]) + ("..." if len(off) > 8 else ""))
    biased = referee["scales"][referee["scales"].t.abs() >= 2]
    for _, row in biased.iterrows():
        lines.append(f"- **Scale changes the answer** for {row.indicator}: scale {row.scale:g} differs from scale "
                     f"{row['against scale']:g} by {row['paired difference']:,.4g} ({100 * row['paired difference'] / row.level:+.1f} %, "
                     f"t = {row.t:.1f}, paired by seed).")
    return lines


def report(fit, regional, factor, facts, hazard, spread, referee, shocked, ranking, scale, seeds, command,
           fit_scale) -> str:
    summary = pd.DataFrame({"indicator": spread.columns, "mean": spread.mean().values, "sd": spread.std(ddof=1).values,
                            "p5": spread.quantile(0.05).values, "p95": spread.quantile(0.95).values})
    shock_rows = []
    for name, frame in shocked.items():
        during = frame[frame.index.get_level_values(1).year.isin([2025, 2026])]
        shock_rows.append({"case": name, **{c: float(during[c].mean()) for c in frame.columns}})
    fit_nl = fit[fit.landsdeel == "NL"].drop(columns="landsdeel")
    lines = [
        "# Validation report", "",
        f"Generated by `{command}` on {dt.date.today().isoformat()} (techniekpact-abm {package_version()}, "
        f"commit {git_commit() or 'n/a'}); scale {scale:g} persons per agent, {seeds} seeds.", "",
        "## Summary", "", *summary_lines(fit_nl, facts + [hazard], referee), "",
        "## 1. Calibration fit", "",
        "Every start-state target of `regions/data/targets.csv` that the model has an indicator for, nationally "
        "(per landsdeel in `validation/calibration_fit.csv`), at scale " + f"{fit_scale:g}" + f" (mean of {len(CALM_SEEDS)} seeds): the target, the model at "
        "the start (January 2023), after a year (January 2024) and after five (January 2028), and the relative "
        "errors. The start is built from the targets, so start errors are rounding; the errors after one and five "
        "years are the model's drift (business cycle switched off for this table), after five years with the demand "
        "trends of the sources (the plan's +150,000 jobs to 2030, CPB's employment growth); the last column "
        "is the error after five years of a run with labour demand held at its 2023 level, which separates "
        "drift from the demand trends (labour supply still grows: graduates outnumber retirements, as in CPB's "
        "projection, and the young enter with more technical qualifications than the start state's workers hold: "
        "20-23 % of the labour force under 25 after two years against 17 % at every age at the start). "
        "Employment and unemployment targets are CBS's counts times the start state's employment factor per "
        "landsdeel (" + ", ".join(f"{f:.3f}" for f in factor) + "): CBS counts working students and workers aged "
        "67-74 as employed, the model does not represent them (`abm/start_state.py`).", "",
        table(fit_nl), "",
        "### Per landsdeel", "",
        "Where the landsdelen differ in the data, the model must differ the same way: the technical share of "
        "employment (CBS 83582NED jobs by COROP region, 2023) and the unemployment rate (CBS 85268NED 2023Q2; "
        "Noord-Brabant split between Zuidwest and Zuidoost by its COROP regions' jobs), at the start and after a "
        "year (business cycle off). Targets and sources: `regions/data/targets.csv`.", "",
        table(regional, floats="{:,.2f}"), "",
        "### Flows in every simulated year", "",
        "The calibrated flows (`docs/calibration.md`) measured as their sources measure them, per simulated year "
        "of the baseline with the business cycle on (mean over the long runs), against their targets (last row).",
        "", table(referee["flows"], floats="{:,.4g}"), "",
        "### Validation targets (never fitted)", "",
        "Every `role = validate` row of `regions/data/targets.csv` the model has a counterpart for, beside the "
        "model's value (mean and spread over the long runs) and how it is formed; fit or not, nothing here was "
        "used to set a parameter. Not measured in the model: " + (", ".join(unmeasured(referee["validation"])) or "none")
        + " (province rows where a province is not a landsdeel; the employee-jobs series before the start year).",
        "", table(referee["validation"], floats="{:,.4g}"), "",
        "## 2. Stylised facts the model was not calibrated to", "",
    ]
    for fact in facts + [hazard]:
        lines += [f"### {fact['title']}", "", fact["claim"], "", f"Test: {fact['test']}", "",
                  f"Result: **{'reproduced' if fact['reproduced'] else 'not reproduced'}** - {fact['result']}", "",
                  f"![{fact['title']}](validation/{fact['figure']})", ""]
    lines += [
        "## 3. Robustness", "",
        f"### Spread over {seeds} seeds (baseline, last simulated year)", "", table(summary), "",
        "### Scale, paired by seed", "",
        "Each coarser scale against the finest with the same seeds, so both runs share the business cycle: the "
        "mean paired difference of the indicator (averaged over simulated years 2 to 5), its standard error over "
        "the seeds, and t = difference / standard error. |t| >= 2 means the scale changes the answer.", "",
        table(referee["scales"], floats="{:,.4g}"), "",
        "### Sensitivity (Morris screening)", "",
        "Which behavioural parameters drive hard-to-fill vacancies in the plan's sectors most (mu* = mean absolute "
        "elementary effect, in vacancies per Morris step; see `techniekpact sensitivity` for a full run; the ranking "
        "chart is `validation/morris/morris.png`).", "",
        table(ranking[["parameter", "low", "default", "high", "mu_star", "mu_star_conf", "sigma"]].head(10),
              floats="{:,.4g}"), "",
        "## 4. Plausibility under shocks", "",
        "A recession (labour demand -6 % in all sectors through 2025-2026, ramping in and out over six months) and a "
        "boom (+6 %), against the baseline; means over 2025-2026 and seeds.", "", table(pd.DataFrame(shock_rows)), "",
        "![unemployment](validation/shock_unemployment_rate_technical.png)", "",
        "![vacancies](validation/shock_vacancies_plan_2022.png)", "",
        "![outflow](validation/shock_outflow_to_non_technical.png)", "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=500)
    parser.add_argument("--seeds", type=int, default=30)
    parser.add_argument("--scales", default="100,1000,10000")
    parser.add_argument("--fit-scale", type=float, default=100, help="scale of the calibration-fit runs")
    parser.add_argument("--out", type=Path, default=DOCS)
    args = parser.parse_args(argv)
    scales = [float(s) for s in args.scales.split(",")]
    command = " ".join(["python -m experiments.validate", *(sys.argv[1:] if argv is None else argv)])
    return build(args.scale, args.seeds, scales, args.out, command, args.fit_scale)


if __name__ == "__main__":
    print(f"Wrote {main()}")
