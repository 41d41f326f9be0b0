"""The validation report script runs end to end at a small scale and writes its figures."""

from __future__ import annotations

from experiments.validate import main


def test_validation_report_at_small_scale(tmp_path):
    report = main(["--scale", "5000", "--seeds", "3", "--scales", "4000,8000", "--out", str(tmp_path)])
    text = report.read_text()
    for heading in ("## 1. Calibration fit", "## 2. Stylised facts", "### Beveridge curve", "## 3. Robustness",
                    "### Sensitivity (Morris screening)", "## 4. Plausibility under shocks"):
        assert heading in text
    assert text.count("Result: **") == 4
    for figure in ("beveridge.png", "job_to_job.png", "layoffs.png", "duration.png",
                   "shock_unemployment_rate_technical.png", "calibration_fit.csv", "morris/morris.png"):
        assert (tmp_path / "validation" / figure).stat().st_size > 0
