"""Calibration: the committed defaults are the calibration's output, it reads only calibration rows,
and it is deterministic under its settings."""

from __future__ import annotations

import json

import pytest

import regions
from abm.parameters import CALIBRATED_JSON, Parameters
from experiments.calibrate import FITTED, MOMENTS, PINS, Settings, calibrate, fingerprint, targets, write


@pytest.fixture(scope="module")
def committed() -> dict:
    return json.loads(CALIBRATED_JSON.read_text(encoding="utf-8"))


def test_committed_defaults_were_written_by_the_calibration_not_by_hand(committed):
    assert set(committed["parameters"]) == set(FITTED)
    assert committed["fingerprint"] == fingerprint(committed["parameters"], committed["settings"])


def test_the_models_defaults_are_the_calibrated_values(committed):
    defaults = Parameters()
    for name, value in committed["parameters"].items():
        assert getattr(defaults, name) == value


def test_calibration_reads_only_calibration_rows_and_pins_each_parameter():
    table = regions.load().targets
    goal = targets()
    for moment, (sector, period) in MOMENTS.items():
        row = table[(table.indicator == moment) & (table.sector == sector) & (table.period == period)
                    & (table.landsdeel == "NL")]
        assert row.role.tolist() == ["calibrate"] and goal[moment] == row.value.iloc[0]
    assert set(PINS) == set(FITTED) and set(PINS.values()) == set(MOMENTS)


def test_a_tiny_calibration_is_deterministic_and_writes_its_report(tmp_path):
    settings = Settings(scale=20000, seeds=(1, 2), budget=3)
    first, second = calibrate(settings), calibrate(settings)
    assert first.values == second.values
    assert first.fit.equals(second.fit)
    path, report = write(first, tmp_path / "calibrated.json", tmp_path)
    written = json.loads(path.read_text())
    assert written["fingerprint"] == fingerprint(written["parameters"], written["settings"])
    text = report.read_text()
    assert "| job_finding_rate |" in text and "least squares" in text and "role = validate" in text


def test_the_command_writes_elsewhere_when_asked_and_refuses_bad_seeds(tmp_path):
    from typer.testing import CliRunner

    from experiments.cli import app

    before = CALIBRATED_JSON.read_bytes()
    result = CliRunner().invoke(app, ["calibrate", "--scale", "20000", "--seeds", "1", "--budget", "2",
                                      "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "calibrated.json").exists() and (tmp_path / "calibration.md").exists()
    assert CALIBRATED_JSON.read_bytes() == before
    bad = CliRunner().invoke(app, ["calibrate", "--seeds", "one"])
    assert bad.exit_code == 2 and "--seeds: expected comma-separated whole numbers" in bad.output
