"""What this model finds for the three pillars of the 2022 Aanvalsplan, beside what the plan claims.

``python -m experiments.aanvalsplan`` runs the baseline, each pillar and the whole plan over
replications with common random numbers and writes ``docs/aanvalsplan.md`` from the net-effects
table (``experiments.effects``): per pillar the net vacancies closed by 2030 in all sectors with
their 90 % interval beside the plan's claim, the gross figure (the plan's sectors only) beside it,
displacement, employment and unemployment, cost and cost per net vacancy closed, and a paragraph
per pillar on why the model's number differs from the claim. It reports what the model gives;
nothing is tuned to agree.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from experiments.design import replication_seeds
from experiments.effects import net_effects, paired_runs
from experiments.run import git_commit, package_version
from experiments.scenarios import load_scenario

CLAIMS = {
    "aanvalsplan-2022-pillar-1": ("I: inflow and retention", 25_000),
    "aanvalsplan-2022-pillar-2": ("II: productivity", 25_000),
    "aanvalsplan-2022-pillar-3": ("III: talent from outside", 10_000),
    "aanvalsplan-2022": ("whole plan", 60_000),
}
"""Vacancies each pillar 'solves' by 2030 according to the Aanvalsplan Arbeidsmarktkrapte
Techniek, Bouw en Energie (2022, figures from SEO)."""
YEAR = 2030
COLUMNS = ("vacancies_closed_net", "vacancies_closed_gross", "displacement", "employed", "unemployed")
WHY = {
    "aanvalsplan-2022-pillar-1":
        "Pillar I works in the model through people already in the labour market: technical firms keep more of "
        "their staff (modern employership, 10 % fewer separations, an assumption the plan does not quantify), hire "
        "side-entrants more often, retrain job seekers, and the work guarantee's placement service re-places "
        "unemployed technicians faster into related technical work. Those who stay or are re-placed fill posts "
        "that would otherwise stay open: employment {employed}, unemployment {unemployed}. Study choice (hybrid "
        "teachers, the guarantee's certainty, women's choice) reaches the labour market only as the first "
        "cohorts graduate, from about 2027 for mbo. The plan's 25,000 counts intended inflow; the model counts "
        "the vacancies that stay closed once every other cell has responded: {net} net, of which {gross} in "
        "the plan's sectors (displacement {displacement}; negative means vacancies elsewhere fell too).",
    "aanvalsplan-2022-pillar-2":
        "Pillar II lowers the labour the plan's sectors need. The plan counts the productivity gain as vacancies "
        "solved; in the model a gain of 1 %-point a year saves only 0.6 % of labour (output grows as labour gets "
        "cheaper, with the model's labour demand elasticity), and firms realise it only through posts they leave "
        "unfilled and leavers they do not replace, never by dismissals. The posts not filled are hires not made: "
        "job seekers find work more slowly, so employment falls ({employed}) and unemployment rises "
        "({unemployed}), the model having no output response beyond that scale effect; the plan assumes the "
        "people freed find other work at once. The firms' capital for the labour saved (EUR 100,000 per job, "
        "an assumption) is most of its cost of EUR {cost} million in 2030.",
    "aanvalsplan-2022-pillar-3":
        "Pillar III adds people: 1,000 statushouders and 2,000 skilled workers from outside the EU a year and "
        "about 400 more international graduates who stay. Non-EU workers are hired straight into vacancies local "
        "job seekers would have filled in time, temporary workers leave again after three years, and the "
        "others join the job seekers and search like everyone else, so much of the inflow adds to the labour "
        "force rather than closing posts: employment {employed}, unemployment {unemployed}. The plan's 10,000 "
        "is about the number of people brought in; the net effect on vacancies is {net}.",
    "aanvalsplan-2022":
        "The whole plan is run as one scenario, not summed: pillar I and III bring people in while pillar II "
        "lowers the demand for them. The three pillars' net effects add up to {pillars}, against {net} for the "
        "plan as one scenario; the gap to the claimed 60,000 comes from each pillar's reasons above. "
        "Displacement is {displacement}, employment {employed}, unemployment {unemployed}.",
}
"""Why the model's number differs from the claim, per pillar; the figures are filled in from the run."""


def evaluate(replications: int, scale: float, master_seed: int = 2022) -> tuple[pd.DataFrame, list[int]]:
    """The net-effects table of every pillar and the whole plan in 2030, and the seeds used."""
    seeds = replication_seeds(master_seed, replications)
    runs = paired_runs({name: load_scenario(name) for name in CLAIMS}, seeds, YEAR - 2023 + 1, scale)
    return net_effects(runs, YEAR), seeds


def interval(row: pd.Series, scale: float = 1.0) -> str:
    """``mean (low to high)``, with ``~`` where the interval spans zero."""
    if not np.isfinite(row.effect):
        return ""
    text = f"{row.effect / scale:,.0f}"
    if np.isfinite(row.low):
        text += f" ({row.low / scale:,.0f} to {row.high / scale:,.0f})"
    return ("~" if row.spans_zero else "") + text


def report(table: pd.DataFrame, replications: int, scale: float, seeds: list[int]) -> str:
    """The Markdown report."""
    national = table[table.landsdeel == "NL"].set_index(["scenario", "measure"])
    lines = [
        "# The Aanvalsplan 2022 pillars in the model",
        "",
        f"Generated by `python -m experiments.aanvalsplan --replications {replications} --scale {scale:g}` "
        f"on {dt.date.today().isoformat()} (techniekpact-abm {package_version()}, commit {git_commit() or 'n/a'}): "
        f"scale {scale:g} persons per agent, {replications} replications with the seeds "
        f"{', '.join(str(s) for s in seeds)} (`SeedSequence(2022).spawn`), the same in every scenario.",
        "",
        "Each pillar is the preset of that name (`techniekpact scenarios`), run from January 2023 to "
        f"December {YEAR} next to the baseline with the same seeds (common random numbers), so that a pillar's "
        "effect in one replication is pillar minus baseline for that seed. Effects are yearly means in "
        f"{YEAR}, nationally: the mean over the replications and, in brackets, its 90 % confidence interval "
        "(Student t over the paired differences); ~ marks an interval that contains zero (not distinguishable "
        "from noise at this number of replications). **Net** vacancies closed are the fall of open vacancies in "
        "all sectors of the whole country, the figure to set beside the claim. **Gross** is the fall in the "
        "plan's six sectors (techniek, bouw en energie) alone, shown only beside the net figure; displacement is "
        "the difference (vacancies that stay open or open up in other sectors; negative where they fell there "
        "too). Cost is what the interventions "
        f"book in {YEAR} (their budgets, and for pillar II the firms' capital for the labour saved); cost per "
        "net vacancy closed is that cost over the mean net vacancies closed (its interval from theirs, blank "
        "where they are not distinguishable from zero).",
        "",
        _baseline_line(table),
        "",
        "| pillar | plan claims (vacancies solved) | model: net vacancies closed, all sectors | gross: closed in "
        "the plan's sectors | displacement | employed | unemployed | cost in 2030 (EUR million) | cost per net "
        "vacancy closed (EUR) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, (label, claim) in CLAIMS.items():
        cells = [interval(national.loc[(name, key)]) for key in COLUMNS]
        cost = interval(national.loc[(name, "cost")], 1e6)
        per_closed = interval(national.loc[(name, "cost_per_net_vacancy_closed")])
        lines.append(f"| {label} | {claim:,} | " + " | ".join([*cells, cost, per_closed]) + " |")
    lines += ["", "## Why the model's numbers differ from the claims", ""]
    for name, (label, claim) in CLAIMS.items():
        figures = {key: interval(national.loc[(name, measure)]) for key, measure in (
            ("net", "vacancies_closed_net"), ("gross", "vacancies_closed_gross"), ("displacement", "displacement"),
            ("employed", "employed"), ("unemployed", "unemployed"))}
        pillars = sum(national.loc[(pillar, "vacancies_closed_net"), "effect"] for pillar in list(CLAIMS)[:3])
        text = WHY[name].format(cost=interval(national.loc[(name, "cost")], 1e6), pillars=f"{pillars:,.0f}",
                                **figures)
        lines += [f"**{label}** (claim {claim:,}). {text}", ""]
    lines += [
        "## Limits",
        "",
        "Vacancies here are the model's open vacancies, started at the plan's 60,000 in its six sector groups; "
        "the start is not yet stationary in the technical sectors (README, Limitations), so levels are "
        "indicative and effects are the better-founded part. A person hired in another landsdeel moves there "
        "(residence and workplace are not yet separate). The skill-relatedness network is a UK proxy; costs are "
        "the yearly costs stated in the interventions, not a full social cost-benefit analysis.",
    ]
    return "\n".join(lines) + "\n"


def _baseline_line(table: pd.DataFrame) -> str:
    rows = table[(table.landsdeel == "NL") & (table.scenario == next(iter(CLAIMS)))].set_index("measure").baseline
    return (f"Without new policy (baseline) the country has {rows['vacancies_all']:,.0f} open vacancies in {YEAR} "
            f"(yearly mean over the replications), {rows['vacancies_plan_2022']:,.0f} of them in the plan's sectors, "
            f"and {rows['unemployed']:,.0f} unemployed.")


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replications", type=int, default=10)
    parser.add_argument("--scale", type=float, default=200)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent.parent / "docs" / "aanvalsplan.md")
    args = parser.parse_args(argv)
    if args.replications < 2:
        parser.error("--replications: must be >= 2 for an interval")
    table, seeds = evaluate(args.replications, args.scale)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report(table, args.replications, args.scale, seeds), encoding="utf-8")
    return args.out


if __name__ == "__main__":
    print(f"Wrote {main()}")
