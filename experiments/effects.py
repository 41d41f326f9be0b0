"""Net effects of scenarios against their baseline, paired by seed (common random numbers).

One function, :func:`net_effects`, turns runs into effects; ``techniekpact compare``,
``docs/aanvalsplan.md`` (``experiments.aanvalsplan``) and the studio all read its table.

Input (``runs``): the long indicator table of several runs, ``date, landsdeel, sector, indicator,
value`` plus ``scenario`` (the baseline's rows say ``baseline``), ``seed`` and optionally ``target``
(the scenario's landsdelen joined with ``+``; see :func:`target`). Every scenario must have run with
the seeds of the baseline: an effect is scenario minus baseline for the same seed, so the persons'
random draws are the same in both and the difference is the measure's effect, not noise.
:func:`paired_runs` makes such a table from scenarios. Rows may be monthly (as ``simulate`` gives
them) or yearly (one row per year and series, as a sweep with ``frequency = "yearly"`` keeps them).

Example (what the studio's key-figure table needs)::

    runs = paired_runs({"my scenario": scenario}, seeds=[1, 2, 3, 4, 5], years=8, scale=500)
    table = net_effects(runs, year=2030)
    key = table[(table.landsdeel == "NL") & table.measure.isin(["vacancies_closed_net", "employed",
                                                                  "unemployed", "cost_per_net_vacancy_closed"])]
    key[["measure", "effect", "low", "high", "spans_zero"]]   # spans_zero: not distinguishable from noise
    spillover(table)                                           # per landsdeel, with the share in the target

Output: one row per ``scenario, landsdeel, measure`` with the columns

- ``year``: the calendar year measured (stocks are that year's mean, flows and cost its total);
- ``kind``: ``net`` (national: all sectors or a whole sector group), ``regional`` (a landsdeel or
  the target), ``gross`` (the target only: the plan's sectors in the target landsdelen; show it
  only beside a net figure), ``displacement`` or ``cost``;
- ``baseline``: the baseline's mean level (NaN for derived measures);
- ``effect``: mean over seeds of scenario minus baseline (negative vacancies = vacancies closed;
  the ``*_closed`` measures are signed so that positive = closed);
- ``low``, ``high``: the 90 % confidence interval of that mean (Student t over the paired
  differences; NaN with fewer than two seeds);
- ``spans_zero``: the interval contains zero (or cannot be formed): the effect is not
  distinguishable from noise at this number of seeds;
- ``share``: for a landsdeel's row, its share of the national effect (ratio of the means), the
  regional spill-over (:func:`spillover`); NaN for ``NL`` and where the national effect is not
  distinguishable from zero;
- ``in_target``: the landsdeel is in the scenario's target;
- ``replications``: the number of paired seeds.

``landsdeel`` is a landsdeel, ``NL``, or for a scenario scoped to some landsdelen ``target``: their
sum (so ``share`` there is the share of the national effect that lands in the target). Measures
per landsdeel and ``NL``: open and hard-to-fill vacancies in the plan's sectors
(``plan_2022``), the technical sectors and all sectors; ``employed``, ``employed_technical``,
``unemployed``, ``outflow`` (technical to non-technical work), ``teacher_shortage`` and ``cost``
(euros, from the interventions' cost accounting). Nationally besides: ``vacancies_closed_net``
(all sectors), ``vacancies_closed_gross`` (the target), ``displacement`` (their difference: open
vacancies that rose, or fell less, outside the target; ``displacement_sectors`` in the other
sectors of the target landsdelen, ``displacement_landsdelen`` in every sector elsewhere) and
``cost_per_net_vacancy_closed`` (cost over net open vacancies closed, ratio of the means; the
interval from the interval of the vacancies closed, NaN unless the vacancies closed are
distinguishably positive).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from abm.interventions.base import ALL_LANDSDELEN
from abm.scenario import BASELINE, Scenario
from experiments.outcomes import FLOWS
from experiments.run import simulate

BASELINE_NAME = "baseline"
LEVEL = 0.90


@dataclass(frozen=True)
class Measure:
    """A quantity measured in every landsdeel and nationally: which indicator, which sectors."""

    key: str
    indicator: str
    sector: str


MEASURES = (
    *(Measure(f"vacancies_{group}", "vacancies", group) for group in ("plan_2022", "technical", "all")),
    *(Measure(f"hard_to_fill_{group}", "hard_to_fill_vacancies", group) for group in ("plan_2022", "technical", "all")),
    Measure("employed", "employed", "all"),
    Measure("employed_technical", "employed", "technical"),
    Measure("unemployed", "unemployed", "all"),
    Measure("outflow", "outflow_to_non_technical", "technical"),
    Measure("teacher_shortage", "teacher_shortage_fte", "all"),
    Measure("cost", "cost", "all"),
)
INDICATORS = tuple(sorted({m.indicator for m in MEASURES}))
"""What a run must keep for :func:`net_effects` (all landsdelen, the sector groups and ``all``)."""
SECTORS = tuple(sorted({m.sector for m in MEASURES}))
COLUMNS = ["scenario", "landsdeel", "measure", "kind", "year", "baseline", "effect", "low", "high", "spans_zero",
           "share", "in_target", "replications"]


def target(scenario: Scenario) -> str:
    """The landsdelen a scenario's interventions act in, joined with ``+`` (all for the baseline)."""
    scoped = {name for intervention in scenario.interventions for name in intervention.landsdelen}
    return "+".join(name for name in ALL_LANDSDELEN if name in scoped or not scenario.interventions)


def paired_runs(scenarios: Mapping[str, Scenario], seeds: Sequence[int], years: int, scale: float,
                baseline: Scenario = BASELINE) -> pd.DataFrame:
    """Run the baseline and every scenario with each seed; the ``runs`` table :func:`net_effects` reads."""
    frames = []
    for name, scenario in {BASELINE_NAME: baseline, **scenarios}.items():
        for seed in seeds:
            frame = simulate(scenario, years, scale, seed)
            kept = frame[frame.indicator.isin(INDICATORS) & frame.sector.isin(SECTORS)]
            frames.append(kept.assign(scenario=name, seed=seed, target=target(scenario)))
    return pd.concat(frames, ignore_index=True)


def interval(differences: Iterable[float]) -> tuple[float, float, float]:
    """Mean of paired differences and its 90 % Student-t confidence interval (NaN below two)."""
    values = np.asarray(list(differences), dtype=float)
    mean = float(values.mean())
    if len(values) < 2:
        return mean, np.nan, np.nan
    half = stats.t.ppf(0.5 + LEVEL / 2, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
    return mean, mean - half, mean + half


def spans_zero(low: float, high: float) -> bool:
    """Whether an interval contains zero (or is missing)."""
    return not (np.isfinite(low) and np.isfinite(high)) or low <= 0 <= high


def yearly_values(runs: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per scenario, seed and landsdeel: each measure in ``year`` (columns = measure keys)."""
    rows = runs[runs.date.dt.year == year]
    parts = []
    for m in MEASURES:
        here = rows[(rows.indicator == m.indicator) & (rows.sector == m.sector)]
        grouped = here.groupby(["scenario", "seed", "landsdeel"]).value
        parts.append((grouped.sum() if m.indicator in FLOWS else grouped.mean()).rename(m.key))
    return pd.concat(parts, axis=1)


def net_effects(runs: pd.DataFrame, year: int, targets: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The effects table described in the module docstring, for every scenario in ``runs``.

    ``targets`` maps a scenario to its target landsdelen (``+``-joined); otherwise the ``target``
    column of ``runs`` is read, and without either the target is the whole country."""
    values = yearly_values(runs, year)
    base = values.xs(BASELINE_NAME, level="scenario")
    targets = {**_targets(runs), **(targets or {})}
    tables = []
    for scenario in (name for name in pd.unique(runs.scenario) if name != BASELINE_NAME):
        diff = (values.xs(scenario, level="scenario") - base).dropna(how="all")
        scope = targets.get(scenario, "+".join(ALL_LANDSDELEN)).split("+")
        tables.append(_regional(diff, base, scope).assign(scenario=scenario))
        tables.append(_national(diff, scope).assign(scenario=scenario))
    table = pd.concat(tables, ignore_index=True).assign(year=year)
    return table[COLUMNS]


def spillover(table: pd.DataFrame, measures: Sequence[str] = ("employed", "employed_technical", "vacancies_all"),
              ) -> pd.DataFrame:
    """The regional spill-over of each scenario: per measure the effect in each landsdeel and in the
    target landsdelen together (``landsdeel = target``, present for a scoped scenario) with its
    interval and its share of the national effect (NaN where that is not distinguishable from zero)."""
    rows = table[table.measure.isin(measures) & (table.landsdeel != "NL")]
    columns = ["scenario", "measure", "landsdeel", "effect", "low", "high", "spans_zero", "share", "in_target",
               "replications"]
    return rows[columns].reset_index(drop=True)


def _targets(runs: pd.DataFrame) -> dict[str, str]:
    if "target" not in runs:
        return {}
    return runs.groupby("scenario").target.first().to_dict()


def _row(landsdeel: str, measure: str, kind: str, differences: pd.Series, baseline: float = np.nan) -> dict:
    mean, low, high = interval(differences)
    return {"landsdeel": landsdeel, "measure": measure, "kind": kind, "baseline": baseline, "effect": mean,
            "low": low, "high": high, "spans_zero": spans_zero(low, high), "replications": len(differences)}


def _regional(diff: pd.DataFrame, base: pd.DataFrame, scope: list[str]) -> pd.DataFrame:
    """Every measure in every landsdeel, nationally and (for a scoped scenario) summed over the
    target landsdelen, with each landsdeel's share of a national effect distinguishable from zero."""
    per_seed = dict(tuple(diff.groupby(level="landsdeel", sort=False)))
    if set(scope) != set(ALL_LANDSDELEN):
        per_seed["target"] = diff[diff.index.get_level_values("landsdeel").isin(scope)].groupby(level="seed").sum()
    rows = []
    for landsdeel, group in per_seed.items():
        level = base[base.index.get_level_values("landsdeel").isin(scope if landsdeel == "target" else [landsdeel])]
        for m in MEASURES:
            kind = "cost" if m.key == "cost" else "net" if landsdeel == "NL" else "regional"
            baseline = float(level[m.key].groupby(level="seed").sum().mean())
            rows.append({**_row(landsdeel, m.key, kind, group[m.key], baseline),
                         "in_target": landsdeel in scope or landsdeel == "target"})
    frame = pd.DataFrame(rows)
    national = frame[frame.landsdeel == "NL"].set_index("measure")
    distinct = national.effect.where(~national.spans_zero & (national.effect != 0))
    share = frame.effect / frame.measure.map(distinct)
    return frame.assign(share=share.where(frame.landsdeel != "NL"))


def _national(diff: pd.DataFrame, scope: list[str]) -> pd.DataFrame:
    """Net and gross vacancies closed, displacement and cost per net vacancy closed."""
    per_seed = diff.reset_index()
    seeds = per_seed.seed.unique()
    def total(column: str, where: pd.Series) -> pd.Series:
        return per_seed[where].groupby("seed")[column].sum().reindex(seeds, fill_value=0.0)
    regional = per_seed.landsdeel.isin(ALL_LANDSDELEN)
    inside = regional & per_seed.landsdeel.isin(scope)
    net = -total("vacancies_all", per_seed.landsdeel == "NL")
    gross = -total("vacancies_plan_2022", inside)
    sectors = total("vacancies_all", inside) - total("vacancies_plan_2022", inside)
    landsdelen = total("vacancies_all", regional & ~inside)
    cost = total("cost", per_seed.landsdeel == "NL")
    rows = [_row("NL", "vacancies_closed_net", "net", net), _row("NL", "vacancies_closed_gross", "gross", gross),
            _row("NL", "displacement", "displacement", gross - net),
            _row("NL", "displacement_sectors", "displacement", sectors),
            _row("NL", "displacement_landsdelen", "displacement", landsdelen)]
    closed = rows[0]
    per_closed = cost.mean() / closed["effect"] if closed["effect"] > 0 else np.nan
    distinct = not closed["spans_zero"] and closed["low"] > 0
    rows.append({**closed, "measure": "cost_per_net_vacancy_closed", "kind": "cost", "effect": per_closed,
                 "low": cost.mean() / closed["high"] if distinct else np.nan,
                 "high": cost.mean() / closed["low"] if distinct else np.nan, "spans_zero": not distinct})
    return pd.DataFrame(rows).assign(share=np.nan, in_target=True)
