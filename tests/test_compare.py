"""Comparing scenarios with the baseline: effects paired by seed (common random numbers), intervals,
cost per vacancy closed, and the files a region takes to its board."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from experiments.cli import app
from experiments.compare import PER_CLOSED, effects
from experiments.outcomes import KEY_INDICATORS, REGIONS

runner = CliRunner()
MONTHS = pd.date_range("2030-01-01", periods=12, freq="MS")


def synthetic(scenario: str, seed: int, unfilled: float, cost_per_month: float) -> pd.DataFrame:
    """Twelve months of 2030 for one run: unfilled vacancies ramp by month around ``unfilled``."""
    rows = []
    for month, date in enumerate(MONTHS):
        for key in KEY_INDICATORS:
            value = {"hard_to_fill_vacancies": unfilled + month - 5.5, "cost": cost_per_month}.get(key.key, 10.0)
            rows.append((date, "NL", key.sector, key.indicator, value))
    frame = pd.DataFrame(rows, columns=["date", "landsdeel", "sector", "indicator", "value"])
    return frame.assign(scenario=scenario, seed=seed)


def test_effects_pair_replications_by_seed_and_price_closed_vacancies():
    closed = {"A": [100, 200, 300], "B": [-50, 50, 100], "C": [0, -10, 10]}
    frames = [synthetic("baseline", seed, 1000 + 7 * seed, 0.0) for seed in range(3)]
    for name, amounts in closed.items():
        frames += [synthetic(name, seed, 1000 + 7 * seed - amount, 1e6) for seed, amount in enumerate(amounts)]
    table = effects(pd.concat(frames), 2030).set_index(["scenario", "indicator"])
    a = table.loc[("A", "hard_to_fill_vacancies")]
    assert a.baseline == pytest.approx(1007) and a.effect_mean == pytest.approx(-200)
    assert (a.effect_p05, a.effect_p95) == pytest.approx(tuple(np.percentile([-100, -200, -300], [5, 95])))
    assert table.loc[("A", "cost"), "effect_mean"] == pytest.approx(12e6)  # a flow: the year's total
    per_closed = table.loc[("A", PER_CLOSED)]
    assert per_closed.effect_mean == pytest.approx(12e6 / 200)  # ratio of the means
    assert (per_closed.effect_p05, per_closed.effect_p95) == pytest.approx(
        tuple(np.percentile([12e6 / 100, 12e6 / 200, 12e6 / 300], [5, 95])))
    assert table.loc[("B", PER_CLOSED), "effect_mean"] == pytest.approx(12e6 / (100 / 3))
    assert np.isnan(table.loc[("B", PER_CLOSED), "effect_p05"])  # one replication closed none: no interval
    assert np.isnan(table.loc[("C", PER_CLOSED), "effect_mean"])  # none closed on average
    assert list(pd.unique(table.reset_index().scenario)) == ["A", "B", "C"]
    assert (table.replications == 3).all()


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
    assert set(table.indicator) == {*(k.key for k in KEY_INDICATORS), PER_CLOSED}
    hybrid = table[(table.scenario == "hybrid-teachers") & (table.landsdeel == "NL")].set_index("indicator")
    assert hybrid.loc["cost", "effect_mean"] > 0
    measured = hybrid.drop(PER_CLOSED)
    assert np.allclose(measured.effect_mean, measured.scenario_mean - measured.baseline)
    assert (measured.effect_p05 <= measured.effect_mean + 1e-9).all()
    assert (measured.effect_mean <= measured.effect_p95 + 1e-9).all()
    report = (out / "effects.md").read_text()
    assert "## Nederland" in report and "## Zuidwest" in report and "Tekort technische docenten (fte)" in report
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
