"""The Aanvalsplan report script runs end to end and states the plan's claims beside the model's."""

from __future__ import annotations

from experiments.aanvalsplan import CLAIMS, main


def test_report_lists_every_pillar_with_claim_and_interval(tmp_path):
    out = main(["--replications", "2", "--scale", "5000", "--out", str(tmp_path / "aanvalsplan.md")])
    text = out.read_text()
    for label, claim in CLAIMS.values():
        row = next(line for line in text.splitlines() if line.startswith(f"| {label} |"))
        assert f"| {claim:,} |" in row and " to " in row
    assert "python -m experiments.aanvalsplan --replications 2 --scale 5000" in text
