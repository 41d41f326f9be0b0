"""Parameter sweeps: specs checked before any run, deterministic designs, identical results on 1
or 2 worker processes, failing runs recorded, and resumption after an interruption giving exactly
the results of an uninterrupted sweep."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from experiments.cli import app
from experiments.run import simulate
from experiments.spec import SpecError, load
from experiments.sweep import RUN_PROVENANCE, RUNS, TABLE, load_results, run_design, run_path

runner = CliRunner()

SPEC = """
name = "tiny"
scenario = "hybrid-teachers"
years = 1
scale = 5000
replications = 3
seed = 11

[grid]
"interventions.hybrid_teachers.count" = [0, 4000]
parameters.match_efficiency = [0.25, 0.35]

[keep]
indicators = ["hard_to_fill_vacancies", "employed", "cost"]
landsdelen = ["Noord", "NL"]
"""
FAILING_EFFICIENCY = 0.35


def fragile(scenario, years, scale, seed):
    """The model, except that it raises at one grid value (a test hook for a failing run)."""
    if scenario.parameters.match_efficiency == FAILING_EFFICIENCY:
        raise FloatingPointError("matching diverged\nsecond line of the message")
    return simulate(scenario, years, scale, seed)


def write(folder: Path, text: str, name: str = "spec.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def results(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run table without how each run was carried out (times, host, worker, ...) and all run rows,
    in run order: what must be identical."""
    table, frames = load_results(out)
    return (table.drop(columns=list(RUN_PROVENANCE)).sort_values("run_id").reset_index(drop=True),
            frames.sort_values(["run_id", "date", "landsdeel", "sector", "indicator"]).reset_index(drop=True))


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Path, Path]:
    """The spec and its uninterrupted sweep (one in-process worker)."""
    folder = tmp_path_factory.mktemp("reference")
    spec = write(folder, SPEC)
    _, _, design = load(spec)
    summary = run_design(design, folder / "out", workers=1, processes=False)
    assert (summary.total, summary.ok, summary.failed) == (12, 12, 0)
    return spec, folder / "out"


def test_run_files_and_table_hold_ids_values_and_seeds(reference):
    spec, out = reference
    table, frames = results(out)
    assert list(table.columns) == ["run_id", "point", "replication", "interventions.hybrid_teachers.count",
                                   "parameters.match_efficiency", "seed", "status", "error"]
    assert table.point.tolist() == [i // 3 for i in range(12)]
    provenance = load_results(out)[0]
    assert (provenance.attempts == 1).all() and provenance.host.notna().all() and provenance.git_commit.notna().all()
    assert (provenance.peak_rss_mb > 0).all() and (provenance.started <= provenance.ended).all()
    assert table.run_id.tolist() == list(range(12)) and set(table.status) == {"ok"}
    seeds = [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(11).spawn(3)]
    assert table.seed.tolist() == seeds * 4  # replication r has the same seed at every point
    assert list(frames.columns[:5]) == ["date", "landsdeel", "sector", "indicator", "value"]
    assert set(frames.landsdeel) == {"Noord", "NL"}
    assert set(frames.indicator) == {"hard_to_fill_vacancies", "employed", "cost"}
    one = pd.read_parquet(run_path(out / RUNS, 5))
    assert (one.run_id == 5).all() and (one.seed == table.seed[5]).all()
    assert (one["interventions.hybrid_teachers.count"] == 0).all()
    assert (one["parameters.match_efficiency"] == 0.35).all()
    provenance = (out / "sweep.json").read_text()
    assert '"status": "complete"' in provenance and '"fingerprint"' in provenance and '"git_commit"' in provenance


def test_same_spec_gives_same_design(reference):
    spec, _ = reference
    (_, _, first), (_, _, second) = load(spec), load(spec)
    assert first.fingerprint() == second.fingerprint()
    assert [(r.run_id, r.seed, dict(r.labels)) for r in first.runs] == [(r.run_id, r.seed, dict(r.labels))
                                                                        for r in second.runs]


def test_one_worker_and_two_worker_processes_give_identical_results(reference, tmp_path):
    spec, out = reference  # the reference ran on one worker
    _, _, design = load(spec)
    summary = run_design(design, tmp_path, workers=2)  # two real worker processes
    assert summary.ok == 12
    for got, expected in zip(results(tmp_path), results(out), strict=True):
        pd.testing.assert_frame_equal(got, expected)


def test_resume_after_lost_runs_gives_the_uninterrupted_results(reference, tmp_path):
    """A killed machine: some run files never got written, the table lags; a temp file is left."""
    spec, out = reference
    copy = shutil.copytree(out, tmp_path / "out")
    lost = [1, 6, 7]
    for run_id in lost:
        run_path(copy / RUNS, run_id).unlink()
    table = pd.read_parquet(copy / TABLE)
    table[~table.run_id.isin([*lost, 4])].to_parquet(copy / TABLE)  # run 4 finished after the table was written
    (copy / RUNS / ".run-000006.parquet.999.tmp").write_bytes(b"half a file")
    kept = {p.name: p.stat().st_mtime_ns for p in (copy / RUNS).glob("run-*.parquet")}
    _, _, design = load(spec)
    summary = run_design(design, copy, workers=1, processes=False, resume=True)
    assert (summary.skipped, summary.ok) == (9, 12)
    assert {p.name: p.stat().st_mtime_ns for p in (copy / RUNS).glob("run-*.parquet") if p.name in kept} == kept
    assert not list((copy / RUNS).glob(".*.tmp")) and pd.read_parquet(copy / TABLE).run_id.is_unique
    for got, expected in zip(results(copy), results(out), strict=True):
        pd.testing.assert_frame_equal(got, expected)


def test_ctrl_c_then_resume_gives_the_uninterrupted_results(tmp_path):
    # Long enough (60 runs) that the interrupt lands mid-sweep even on a fast machine.
    spec = write(tmp_path, SPEC.replace("replications = 3", "replications = 15"))
    _, _, design = load(spec)
    out = tmp_path / "uninterrupted"
    run_design(design, out, workers=1, processes=False)
    target = tmp_path / "out"
    command = [str(Path(sys.executable).parent / "techniekpact"), "sweep", str(spec), "--out", str(target),
               "--workers", "1"]
    # A harness that starts pytest in the background leaves SIGINT ignored, and children inherit
    # that; restore the default so the sweep sees Ctrl-C as a person at a terminal would send it.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while len(list((target / RUNS).glob("run-*.parquet"))) < 2 and process.poll() is None:
        assert time.monotonic() < deadline, "the sweep did not start"
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "--resume" in stderr
    table = pd.read_parquet(target / TABLE)
    assert "pending" in set(table.status) and table.run_id.is_unique
    done_before = len(list((target / RUNS).glob("run-*.parquet")))
    assert 2 <= done_before < 60

    refused = runner.invoke(app, ["sweep", str(spec), "--out", str(target)])
    assert refused.exit_code == 2 and "add --resume" in refused.output
    # (others committing to this checkout meanwhile must not make the resume refuse the folder)
    summary = run_design(design, target, workers=1, processes=False, resume=True, accept_code_change=True)
    assert summary.skipped == done_before and summary.ok == 60
    for got, expected in zip(results(target), results(out), strict=True):
        pd.testing.assert_frame_equal(got, expected)


def test_a_failing_run_is_recorded_and_the_rest_finish(reference, tmp_path):
    spec, _ = reference
    _, _, design = load(spec)
    summary = run_design(design, tmp_path, workers=1, processes=False, model=fragile)
    assert (summary.ok, summary.failed) == (6, 6)
    table = pd.read_parquet(tmp_path / TABLE)
    failed = table[table.status == "failed"]
    assert (failed["parameters.match_efficiency"] == FAILING_EFFICIENCY).all()
    assert (failed.error == "FloatingPointError: matching diverged").all()
    assert sorted(int(p.stem[4:]) for p in (tmp_path / RUNS).glob("run-*.parquet")) == table.run_id[
        table.status == "ok"].tolist()
    assert '"failed": 6' in (tmp_path / "sweep.json").read_text()
    kept = run_design(design, tmp_path, workers=1, processes=False, resume=True)  # a deterministic failure stays
    assert (kept.skipped, kept.ok, kept.failed, kept.status) == (12, 6, 0, "failed")
    again = run_design(design, tmp_path, workers=1, processes=False, resume=True, retry_failed=True)
    assert (again.skipped, again.ok, again.failed) == (6, 12, 0)


@pytest.mark.parametrize(("body", "message"), [
    ('[grid]\n"parameters.nope" = [1]', "spec.toml: grid.parameters.nope: unknown path (allowed: parameters.<"),
    ('[grid]\n"interventions.work_guarantee.coverage" = [1]',
     "spec.toml: grid.interventions.work_guarantee.coverage: unknown path (allowed: parameters.<"),
    ('scenario = "hybrid-teachers"\n[grid]\n"interventions.hybrid_teachers.count" = [10, -5]',
     "spec.toml: grid.interventions.hybrid_teachers.count[1]: must be ≥ 0, got -5"),
    ("years = 0", "spec.toml: years: must be ≥ 1, got 0"),
    ("colour = 'red'", "spec.toml: colour: unknown key"),
    ('scenario = "nope"', "spec.toml: scenario: unknown preset 'nope' (allowed: aanvalsplan-2022"),
    ("samples = 4", "spec.toml: samples: give it with [ranges]"),
    ('samples = 4\n[ranges]\n"parameters.match_efficiency" = [0.5, 0.2]',
     "spec.toml: ranges.parameters.match_efficiency: must be [low, high] with low <= high, got [0.5, 0.2]"),
    ('samples = 4\n[ranges]\n"parameters.match_efficiency" = [0.1, 9]',
     "spec.toml: ranges.parameters.match_efficiency: must be ≤ 5, got 9"),
    ('[keep]\nindicators = ["employd"]', "spec.toml: keep.indicators: unknown indicator 'employd' (allowed: employed,"),
    ('[keep]\nfrequency = "weekly"', "spec.toml: keep.frequency: must be one of 'monthly' or 'yearly', got 'weekly'"),
    ("[grid\n", "spec.toml: not valid TOML"),
])
def test_bad_spec_fails_in_one_line_before_any_run(tmp_path, body, message):
    spec = write(tmp_path, f'name = "bad"\n{body}\n')
    result = runner.invoke(app, ["sweep", str(spec), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {message}") and result.output.count("\n") == 1, result.output
    assert not (tmp_path / "out").exists()


def test_latin_hypercube_over_listed_inline_scenarios(tmp_path):
    design_part = """
name = "lhs"
samples = 5
replications = 2
common_random_numbers = false
[ranges]
parameters.match_efficiency = [0.2, 0.4]
parameters.bbl_share = [0.1, 0.3]
"""
    with pytest.raises(SpecError, match="spec.toml: scenario: unknown preset 'inline'"):
        load(write(tmp_path, 'scenario = ["baseline", "inline"]\n' + design_part))
    _, bases, design = load(write(tmp_path, design_part + """
[[scenario]]
name = "base"
[[scenario]]
name = "slower-matching"
[scenario.parameters]
match_elasticity = 0.4
"""))
    assert list(bases) == ["base", "slower-matching"] and len(design.runs) == 2 * 5 * 2
    efficiency = [run.labels["parameters.match_efficiency"] for run in design.runs[::2]]
    assert sorted(int((value - 0.2) / 0.04) for value in efficiency[:5]) == [0, 1, 2, 3, 4]  # one per stratum
    assert efficiency[:5] == efficiency[5:]  # the same points on every base scenario
    assert len({run.seed for run in design.runs}) == 20  # independent seeds when asked
    assert [run.labels["scenario"] for run in design.runs[::10]] == ["base", "slower-matching"]
    assert design.runs[-1].scenario.parameters.match_elasticity == 0.4


def test_every_shipped_spec_is_valid():
    folder = Path(__file__).parent.parent / "experiments" / "specs"
    specs = sorted(folder.glob("*.toml"))
    assert len(specs) >= 5
    for path in specs:
        _, _, design = load(path)
        assert design.runs and len({run.run_id for run in design.runs}) == len(design.runs)


def test_yearly_keeps_complete_years_summing_flows_and_averaging_stocks():
    from abm.scenario import BASELINE
    from experiments.outcomes import Keep, reduce

    monthly = simulate(BASELINE, 1, 5000, 3)
    yearly = reduce(monthly, Keep(indicators=("hires", "employed"), landsdelen=("NL",), sectors=("all",),
                                  frequency="yearly"))
    in_2023 = monthly[(monthly.date.dt.year == 2023) & (monthly.landsdeel == "NL") & (monthly.sector == "all")]
    assert yearly.date.dt.year.tolist() == [2023, 2023]
    value = yearly.set_index("indicator").value
    assert value["hires"] == pytest.approx(in_2023[in_2023.indicator == "hires"].value.sum())
    assert value["employed"] == pytest.approx(in_2023[in_2023.indicator == "employed"].value.mean())


def test_workers_and_scheduler_are_exclusive(reference):
    spec, _ = reference
    result = runner.invoke(app, ["sweep", str(spec), "--workers", "2", "--scheduler", "tcp://localhost:8786"])
    assert result.exit_code == 2 and result.output.startswith("error: --workers and --scheduler")
