"""Comparing scenarios with the baseline: net effects paired by seed (common random numbers), 90 %
intervals flagged where they span zero, cost per net vacancy closed, regional spill-over, and the
files a region takes to its board."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from typer.testing import CliRunner

from experiments.cli import app
from experiments.compare import LABELS, effects, markdown
from experiments.effects import MEASURES
from experiments.outcomes import REGIONS

runner = CliRunner()
MONTHS = pd.date_range("2030-01-01", periods=12, freq="MS")


def synthetic(scenario: str, seed: int, vacancies: float, cost_per_month: float, target: str = "Noord",
              noord: float = 0.0) -> pd.DataFrame:
    """Twelve months of 2030 for one run: open vacancies ramp by month around ``vacancies`` (all of
    them in the plan's sectors, nationally), ``noord`` more people employed in Noord and nationally."""
    rows = []
    for month, date in enumerate(MONTHS):
        for m in MEASURES:
            value = {"vacancies": vacancies + month - 5.5, "cost": cost_per_month}.get(m.indicator, 10.0)
            rows.append((date, "NL", m.sector, m.indicator, value + (noord if m.key == "employed" else 0)))
        rows += [(date, l, "all", "employed", 5.0 + (noord if l == "Noord" else 0)) for l in ("Noord", "Oost")]
    frame = pd.DataFrame(rows, columns=["date", "landsdeel", "sector", "indicator", "value"])
    return frame.assign(scenario=scenario, seed=seed, target=target)


def mean_interval(values: list[float]) -> tuple[float, float, float]:
    values = np.asarray(values, dtype=float)
    half = stats.t.ppf(0.95, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
    return values.mean(), values.mean() - half, values.mean() + half


def test_effects_pair_replications_by_seed_and_price_net_vacancies_closed():
    closed = {"A": [100, 200, 300], "B": [-50, 50, 100], "C": [0, -10, 10]}
    frames = [synthetic("baseline", seed, 1000 + 7 * seed, 0.0) for seed in range(3)]
    for name, amounts in closed.items():
        frames += [synthetic(name, seed, 1000 + 7 * seed - amount, 1e6) for seed, amount in enumerate(amounts)]
    table = effects(pd.concat(frames), 2030).set_index(["scenario", "landsdeel", "measure"])
    a = table.loc[("A", "NL", "vacancies_all")]
    assert a.baseline == pytest.approx(1007) and a.effect == pytest.approx(-200) and not a.spans_zero
    assert (a.effect, a.low, a.high) == pytest.approx(mean_interval([-100, -200, -300]))
    net = table.loc[("A", "NL", "vacancies_closed_net")]
    assert net.effect == pytest.approx(200) and net.kind == "net"
    assert table.loc[("A", "NL", "cost"), "effect"] == pytest.approx(12e6)  # a flow: the year's total
    per_closed = table.loc[("A", "NL", "cost_per_net_vacancy_closed")]
    assert per_closed.effect == pytest.approx(12e6 / 200)  # ratio of the means
    assert (per_closed.low, per_closed.high) == pytest.approx((12e6 / net.high, 12e6 / net.low))
    b = table.loc[("B", "NL", "cost_per_net_vacancy_closed")]
    assert b.effect == pytest.approx(12e6 / (100 / 3)) and b.spans_zero and np.isnan(b.low)  # closed spans zero
    assert np.isnan(table.loc[("C", "NL", "cost_per_net_vacancy_closed"), "effect"])  # none closed on average
    assert list(pd.unique(table.reset_index().scenario)) == ["A", "B", "C"]
    assert (table.replications == 3).all()
    assert list(pd.unique(table.reset_index().landsdeel)) == ["NL", "Noord", "Oost", "target"]


def test_report_shows_the_spillover_of_a_scoped_scenario():
    frames = [synthetic("baseline", seed, 1000, 0.0, target="Noord+Oost") for seed in range(3)]
    frames += [synthetic("noord", seed, 1000, 1e6, noord=10 + seed) for seed in range(3)]
    table = effects(pd.concat(frames), 2030)
    text = markdown(table, "nl", "techniekpact compare", 3, 100)
    assert "## Regionale spill-over: noord" in text
    assert "| Noord * | 11 (" in text and "100 %" in text and "| Doelregio's samen |" in text
    assert "Werkzame personen, alle sectoren" in text and "Netto gesloten vacatures" in text


def test_compare_writes_tables_and_charts_per_landsdeel(tmp_path):
    out = tmp_path / "out"
    arguments = ["compare", "--scenarios", "hybrid-teachers,work-guarantee", "--replications", "2", "--years", "1",
                 "--scale", "5000", "--workers", "1", "--out", str(out)]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 0, result.output
    assert "Nederland" in result.output and "Baseline 2023" in result.output

    runs = pd.read_parquet(out / "experiments.parquet")
    assert runs.scenario.tolist() == ["baseline"] * 2 + ["hybrid-teachers"] * 2 + ["work-guarantee"] * 2
    assert runs.groupby("scenario").seed.apply(tuple).nunique() == 1  # common random numbers
    table = pd.read_csv(out / "effects.csv")
    assert set(table.landsdeel) == set(REGIONS) and set(table.scenario) == {"hybrid-teachers", "work-guarantee"}
    assert {m.key for m in MEASURES} | {"vacancies_closed_net", "displacement"} <= set(table.measure)
    assert set(table.measure) <= set(LABELS)
    hybrid = table[(table.scenario == "hybrid-teachers") & (table.landsdeel == "NL")].set_index("measure")
    assert hybrid.loc["cost", "effect"] > 0 and not hybrid.loc["cost", "spans_zero"]
    measured = hybrid.dropna(subset=["low"])
    assert ((measured.low <= measured.effect + 1e-9) & (measured.effect <= measured.high + 1e-9)).all()
    assert (measured.spans_zero == ((measured.low <= 0) & (measured.high >= 0))).all()
    report = (out / "effects.md").read_text()
    assert "## Nederland" in report and "## Zuidwest" in report and "Tekort technische docenten (fte)" in report
    assert "Netto gesloten vacatures, alle sectoren" in report and "(bruto)" in report
    for region in REGIONS:
        for chart in ("effects", "series"):
            assert (out / f"{chart}_{region}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    again = runner.invoke(app, [*arguments, "--resume", "--landsdeel", "Noord", "--language", "en"])
    assert again.exit_code == 0, again.output
    assert "Unfilled vacancies" in again.output
    assert json.loads((out / "sweep.json").read_text())["sessions"][-1]["to_run"] == 0  # analysed again, not re-run
    assert set(pd.read_csv(out / "effects.csv").landsdeel) == {"Noord"}
    assert "## Noord" in (out / "effects.md").read_text()


@pytest.mark.parametrize(("options", "message"), [
    (["--scenarios", "nope"], "error: scenario: unknown preset 'nope' (allowed: "),
    (["--scenarios", "baseline"], "error: --scenarios: name at least one scenario besides the baseline"),
    (["--scenarios", "refugees", "--years", "2", "--year", "2030"], "error: --year: must be 2023..2024 for a run of 2 "
                                                                     "years, got 2030"),
    (["--scenarios", "refugees", "--landsdeel", "Noordoost"], "error: --landsdeel: must be one of Noord, Noordwest,"),
    (["--scenarios", "refugees", "--language", "de"], "error: --language: must be nl or en, got 'de'"),
])
def test_bad_comparison_fails_in_one_line_before_any_run(tmp_path, options, message):
    result = runner.invoke(app, ["compare", *options, "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output.startswith(message) and result.output.count("\n") == 1, result.output
    assert not (tmp_path / "out").exists()
