"""The Aanvalsplan report script runs end to end and sets the model's net effect beside the plan's claims."""

from __future__ import annotations

from experiments.aanvalsplan import CLAIMS, main


def test_report_lists_every_pillar_net_beside_claim_with_interval_and_reasons(tmp_path):
    out = main(["--replications", "2", "--scale", "5000", "--out", str(tmp_path / "aanvalsplan.md")])
    text = out.read_text()
    header = next(line for line in text.splitlines() if line.startswith("| pillar |"))
    assert header.index("net vacancies closed") < header.index("gross") < header.index("cost per net vacancy")
    for label, claim in CLAIMS.values():
        row = next(line for line in text.splitlines() if line.startswith(f"| {label} |"))
        assert f"| {claim:,} |" in row and row.count(" to ") >= 5
        assert f"**{label}** (claim {claim:,})." in text  # one paragraph per pillar on the difference
    assert "python -m experiments.aanvalsplan --replications 2 --scale 5000" in text
    assert "scale 5000 persons per agent, 2 replications with the seeds" in text and "commit " in text
