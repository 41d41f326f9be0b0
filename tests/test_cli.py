"""The ``techniekpact`` command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from experiments.cli import app

runner = CliRunner()


def test_console_script_help_runs():
    script = Path(sys.executable).parent / "techniekpact"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "run" in result.stdout and "scenarios" in result.stdout


def test_run_writes_indicators_and_provenance(tmp_path):
    result = runner.invoke(app, ["run", "--years", "1", "--scale", "3000", "--seed", "9", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(tmp_path / "indicators.parquet")
    assert list(frame.columns) == ["date", "landsdeel", "sector", "indicator", "value"]
    assert frame.date.nunique() == 13
    provenance = json.loads((tmp_path / "run.json").read_text())
    assert provenance["seed"] == 9 and provenance["scale"] == 3000 and provenance["years"] == 1
    assert provenance["scenario"]["name"] == "baseline" and provenance["wall_seconds"] > 0
    assert "Employed, techniek/bouw/energie" in result.output


def test_same_seed_gives_identical_parquet(tmp_path):
    for name in ("a", "b"):
        runner.invoke(app, ["run", "--years", "1", "--scale", "5000", "--seed", "3", "--out", str(tmp_path / name)])
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "a" / "indicators.parquet"),
                                  pd.read_parquet(tmp_path / "b" / "indicators.parquet"))


def test_unknown_scenario_is_one_clear_line(tmp_path):
    result = runner.invoke(app, ["run", "--scenario", "nope", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "error: scenario: unknown preset 'nope' (allowed: aanvalsplan-2022, " in result.output
    assert result.output.count("\n") == 1
    assert not (tmp_path / "indicators.parquet").exists()


def test_bad_scenario_file_names_the_field(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("name = 'x'\n[parameters]\nmatch_efficiency = -1\n")
    result = runner.invoke(app, ["run", "--scenario", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "error: bad.toml: parameters.match_efficiency: must be ≥ 0, got -1\n" in result.output


def test_bad_years_is_rejected():
    result = runner.invoke(app, ["run", "--years", "0"])
    assert result.exit_code == 2 and "--years" in result.output


def test_scenarios_lists_presets():
    result = runner.invoke(app, ["scenarios"])
    assert result.exit_code == 0 and "baseline" in result.output
