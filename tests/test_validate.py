"""The validation report script runs end to end at a small scale and writes its figures."""

from __future__ import annotations

from experiments.validate import main


def test_validation_report_at_small_scale(tmp_path):
    report = main(["--scale", "5000", "--seeds", "3", "--scales", "4000,8000", "--out", str(tmp_path)])
    text = report.read_text()
    for heading in ("## 1. Calibration fit", "### Per landsdeel", "## 2. Stylised facts", "### Beveridge curve", "## 3. Robustness",
                    "### Sensitivity (Morris screening)", "## 4. Plausibility under shocks"):
        assert heading in text
    assert text.count("Result: **") == 4
    for figure in ("beveridge.png", "job_to_job.png", "layoffs.png", "duration.png",
                   "shock_unemployment_rate_technical.png", "calibration_fit.csv", "regional_fit.csv", "morris/morris.png"):
        assert (tmp_path / "validation" / figure).stat().st_size > 0


def test_regional_fit_holds_at_the_start():
    from experiments.validate import calm_run, regional_fit

    fit = regional_fit(*calm_run(500, seed=1))
    assert set(fit.landsdeel) == {"Noord", "Noordwest", "Oost", "Zuidoost", "Zuidwest"}
    share = fit[fit.indicator.str.startswith("technical share")]
    assert (share.model_start - share.target).abs().max() < 1.0
    rate = fit[fit.indicator.str.startswith("unemployment rate")]
    assert (rate.model_start - rate.target).abs().max() < 0.3
