"""Morris screening of the behavioural parameters on hard-to-fill vacancies."""

from __future__ import annotations

import pandas as pd
import pytest
from typer.testing import CliRunner

from abm.parameters import Parameters, bounds
from abm.scenario import BASELINE
from experiments import sensitivity
from experiments.cli import app

runner = CliRunner()


def test_ranges_are_a_band_around_the_default_within_bounds():
    problem = sensitivity.problem(0.5)
    fields = Parameters.model_fields
    assert problem["names"] == [name for name, info in fields.items() if info.default != 0]
    for name, (low, high) in zip(problem["names"], problem["bounds"], strict=True):
        default, (ge, le) = fields[name].default, bounds(fields[name])
        assert low < default < high or (low <= default <= high and (low == ge or high == le))
        assert low >= (ge if ge is not None else -float("inf")) and high <= (le if le is not None else float("inf"))
        assert low == pytest.approx(max(0.5 * default, ge)) and high == pytest.approx(
            min(1.5 * default, le if le is not None else float("inf")))


def test_sensitivity_ranks_parameters_and_writes_table_and_chart(tmp_path):
    result = runner.invoke(app, ["sensitivity", "--trajectories", "2", "--years", "1", "--scale", "20000",
                                 "--workers", "2", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    ranking = pd.read_csv(tmp_path / "morris.csv")
    assert sorted(ranking.parameter) == sorted(sensitivity.problem(0.5)["names"])
    assert ranking.mu_star.is_monotonic_decreasing and (ranking.mu_star >= 0).all()
    assert ranking[["mu_star", "mu_star_conf", "sigma"]].notna().all().all()
    assert (ranking.low <= ranking.default).all() and (ranking.default <= ranking.high).all()
    table = pd.read_parquet(tmp_path / "experiments.parquet")
    assert len(table) == 2 * (len(ranking) + 1) and set(table.status) == {"ok"}
    assert "hard-to-fill vacancies" in (tmp_path / "morris.md").read_text() and ranking.parameter[0] in result.output
    assert (tmp_path / "morris.png").read_bytes()[:4] == b"\x89PNG"


def test_analysis_names_missing_runs():
    problem = sensitivity.problem(0.5)
    plan = sensitivity.design(BASELINE, problem, trajectories=2, levels=4, replications=1, years=1, scale=20000,
                              seed=1)
    frames = pd.DataFrame({"run_id": [run.run_id for run in plan.runs[1:]], "value": 1.0,
                           "date": pd.Timestamp("2023-01-01")})
    with pytest.raises(ValueError, match=r"Morris needs every run; 1 failed or missing \(run ids 0\)"):
        sensitivity.analyse(problem, plan, frames, levels=4, seed=1)


def test_bad_band_fails_in_one_line(tmp_path):
    result = runner.invoke(app, ["sensitivity", "--band", "1.5", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output == "error: --band: must be between 0 and 1 (a share of each default), got 1.5\n"
    assert not (tmp_path / "out").exists()
