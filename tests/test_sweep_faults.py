"""Sweeps that never lose, mix or hide results (issue 15): each numbered defect reproduced, a
kill-and-resume test at random moments, and a fuzz test of bad input. Tests assert sweep
behaviour (identity, counts, exit codes, messages), never model numbers."""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest
from distributed import Client, LocalCluster
from test_sweep import SPEC, fragile, results, write
from typer.testing import CliRunner

from experiments import dask_runner, workflows
from experiments.cli import app
from experiments.dask_runner import Cluster, connect
from experiments.spec import load
from experiments.sweep import RUNS, TABLE, run_design, run_path

runner = CliRunner()
SCRIPT = str(Path(sys.executable).parent / "techniekpact")


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> tuple[Path, Path]:
    """The spec of test_sweep (12 runs) and its uninterrupted sweep on one in-process worker."""
    folder = tmp_path_factory.mktemp("faults")
    spec = write(folder, SPEC)
    _, _, design = load(spec)
    assert run_design(design, folder / "out", workers=1, processes=False).ok == 12
    return spec, folder / "out"


def same(got: Path, expected: Path) -> None:
    for a, b in zip(results(got), results(expected), strict=True):
        pd.testing.assert_frame_equal(a, b)


def leftovers(folder: Path) -> list[str]:
    """Temporary files, attempt markers and locks: none may survive a finished sweep."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".*") if p.is_file())


def one_line_error(output: str, *fields: str) -> None:
    assert output.startswith("error: ") and output.count("\n") == 1, output
    assert "Traceback" not in output
    for field in fields:
        assert field in output, output


# 1. Two sweeps of one spec on one scheduler, into different folders, at the same time (one
# reaching it by address, one by scheduler file).
def test_two_sweeps_on_one_scheduler_each_get_their_own_runs(reference, tmp_path):
    spec, expected = reference
    _, _, design = load(spec)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.write_scheduler_file(str(tmp_path / "scheduler.json"))
        reach = {"a": Cluster(scheduler=cluster.scheduler_address),
                 "b": Cluster(scheduler_file=tmp_path / "scheduler.json")}
        outcomes = {}

        def sweep(name: str) -> None:
            outcomes[name] = run_design(design, tmp_path / name, cluster=reach[name])

        threads = [threading.Thread(target=sweep, args=(name,)) for name in ("a", "b")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    for name in ("a", "b"):
        assert outcomes[name].ok == 12 and len(list((tmp_path / name / RUNS).glob("run-*.parquet"))) == 12
        same(tmp_path / name, expected)


# 2. A stale folder is not adopted; run files that are truncated, empty or of another sweep do not count.
def test_a_folder_with_runs_but_no_sweep_json_is_refused(reference, tmp_path):
    spec, expected = reference
    stale = tmp_path / "stale"
    shutil.copytree(expected / RUNS, stale / RUNS)
    shutil.copy(expected / TABLE, stale / TABLE)
    before = sorted(p.name for p in stale.rglob("*"))
    for extra in ([], ["--resume"]):
        result = runner.invoke(app, ["sweep", str(spec), "--out", str(stale), *extra])
        assert result.exit_code == 2
        one_line_error(result.output, str(stale), "no sweep.json")
    assert sorted(p.name for p in stale.rglob("*")) == before


def test_truncated_empty_and_foreign_run_files_are_run_again(reference, tmp_path):
    spec, expected = reference
    copy = shutil.copytree(expected, tmp_path / "out")
    whole = run_path(copy / RUNS, 2).read_bytes()
    run_path(copy / RUNS, 2).write_bytes(whole[: len(whole) // 2])  # truncated
    run_path(copy / RUNS, 5).write_bytes(b"")  # zero bytes
    other = tmp_path / "other"
    _, _, design = load(spec)
    _, _, foreign = load(write(tmp_path, SPEC.replace("seed = 11", "seed = 12"), "other.toml"))
    run_design(foreign, other, workers=1, processes=False)
    shutil.copy(run_path(other / RUNS, 7), run_path(copy / RUNS, 7))  # same id, another sweep
    summary = run_design(design, copy, workers=1, processes=False, resume=True, verify=True)
    assert (summary.removed, summary.skipped, summary.ok) == (3, 9, 12)
    same(copy, expected)
    assert leftovers(copy) == []


# 3. Failed runs make the exit status non-zero; impossible scales are refused before any run.
def test_failed_runs_give_exit_status_one(reference, tmp_path, monkeypatch):
    spec, _ = reference
    real = workflows.run_design
    monkeypatch.setattr(workflows, "run_design", lambda design, out, **kw: real(
        design, out, **{**kw, "cluster": Cluster(workers=1, processes=False)}, model=fragile))
    result = runner.invoke(app, ["sweep", str(spec), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert "6 runs failed" in result.output and "--retry-failed" in result.output
    assert json.loads((tmp_path / "out" / "sweep.json").read_text())["status"] == "failed"


@pytest.mark.parametrize("scale", ["inf", "1e308", "1e9", "nan", "0.5"])
def test_impossible_scales_are_refused(tmp_path, scale):
    spec = write(tmp_path, f'name = "s"\nyears = 1\nscale = {scale}\n')
    result = runner.invoke(app, ["sweep", str(spec), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    one_line_error(result.output, "spec.toml: scale")
    assert not (tmp_path / "out").exists()


# 4. SIGTERM, SIGUSR1 and an inherited ignored SIGINT stop the sweep gracefully.
def start(spec: Path, out: Path, *extra: str, ignore_sigint: bool = True) -> subprocess.Popen:
    """The sweep as a SLURM job or a ``&``/``nohup`` shell starts it: SIGINT inherited ignored,
    output to files (not a terminal), progress lines every half second."""
    def child() -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN if ignore_sigint else signal.SIG_DFL)

    log = open(out.parent / f"{out.name}.log", "a")  # noqa: SIM115 - the child keeps it open
    return subprocess.Popen([SCRIPT, "sweep", str(spec), "--out", str(out), "--workers", "1", *extra],
                            stdout=log, stderr=subprocess.STDOUT, text=True, preexec_fn=child,
                            start_new_session=True, env={**os.environ, "TECHNIEKPACT_PROGRESS_SECONDS": "0.5"})


def wait_for_runs(out: Path, count: int, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while len(list((out / RUNS).glob("run-*.parquet"))) < count and process.poll() is None:
        assert time.monotonic() < deadline, "the sweep did not start"
        time.sleep(0.02)


def test_sigterm_records_the_session_and_tidies_up(tmp_path):
    """What SLURM sends at the time limit (SIGUSR1 and an ignored SIGINT: the kill-and-resume test).
    Also defect 10: without a terminal the log gets plain progress lines from the start."""
    signum = signal.SIGTERM
    spec = write(tmp_path, SPEC.replace("replications = 3", "replications = 15"))
    out = tmp_path / "out"
    process = start(spec, out)
    wait_for_runs(out, 2, process)
    process.send_signal(signum)
    assert process.wait(timeout=60) == 128 + signum
    log = (tmp_path / "out.log").read_text()
    assert f"interrupted by {signal.Signals(signum).name}" in log and "Traceback" not in log
    assert "starting LocalCluster(1 workers)" in log and "local cluster of 1 workers started; dashboard" in log
    progress = [line for line in log.splitlines() if "/60 runs done, 0 failed, " in line]
    assert progress[0].endswith("0/60 runs done, 0 failed, 0.0 runs/min, ETA ?")
    assert any(line.endswith(", 1 workers") and "runs/min, ETA" in line for line in progress)
    provenance = json.loads((out / "sweep.json").read_text())
    assert provenance["status"] == "interrupted"
    assert provenance["sessions"][-1]["stopped_by"] == signal.Signals(signum).name
    table = pd.read_parquet(out / TABLE)
    assert (table.status == "ok").sum() == len(list((out / RUNS).glob("run-*.parquet")))
    assert not [p for p in leftovers(out) if not p.startswith("runs/.run-")]  # attempts of runs in flight only


# 5. A worker killed while the local cluster starts does not abort the sweep.
def test_local_cluster_start_is_tried_again(monkeypatch):
    real, calls, events = dask_runner.LocalCluster, [], []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise RuntimeError("Worker process died during start-up")
        return real(**kwargs)

    monkeypatch.setattr(dask_runner, "LocalCluster", flaky)
    with connect(Cluster(workers=1, processes=False), events.append) as client:
        assert len(client.nthreads()) == 1
    assert len(calls) == 2 and any("trying again" in event for event in events)


def test_a_cluster_that_never_starts_is_one_line(reference, tmp_path, monkeypatch):
    spec, _ = reference

    def broken(**kwargs):
        raise RuntimeError("Worker process died during start-up")

    monkeypatch.setattr(dask_runner, "LocalCluster", broken)
    result = runner.invoke(app, ["sweep", str(spec), "--out", str(tmp_path / "out"), "--workers", "1"])
    assert result.exit_code == 2
    one_line_error(result.output[result.output.index("error: "):], "--workers 1", "did not start")
    assert not (tmp_path / "out").exists()


# 6. No temporary files survive: killed writers, an interrupted table write, a full disk.
def test_temp_files_of_killed_writers_are_removed(reference, tmp_path):
    spec, expected = reference
    copy = shutil.copytree(expected, tmp_path / "out")
    (copy / RUNS / ".run-000003.parquet.4242.1.tmp").write_bytes(b"half")
    (copy / ".experiments.parquet.4242.1.tmp").write_bytes(b"half")
    _, _, design = load(spec)

    def killed_writer(scenario, years, scale, seed):  # a worker that dies mid-write leaves this behind
        (copy / RUNS / f".run-{seed % 1000:06d}.parquet.999.1.tmp").write_bytes(b"half")
        return fragile(scenario, years, scale, seed)

    run_path(copy / RUNS, 0).unlink()
    summary = run_design(design, copy, workers=1, processes=False, resume=True, model=killed_writer)
    assert summary.status == "complete"
    assert leftovers(copy) == []


def test_a_full_disk_leaves_no_temp_files_and_one_line(reference, tmp_path):
    spec, _ = reference
    out = tmp_path / "out"

    def small_disk() -> None:  # files may not grow past 6 kB: run files and the table cannot be written
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (6000, 6000))

    done = subprocess.run([SCRIPT, "sweep", str(spec), "--out", str(out), "--workers", "1"], capture_output=True,
                          text=True, timeout=120, preexec_fn=small_disk)
    assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("error: ")
    assert "File too large" in done.stderr
    assert not [p for p in leftovers(out) if not p.startswith("runs/.run-")]  # attempts of runs in flight only
    assert json.loads((out / "sweep.json").read_text())["status"] == "interrupted"


# 7. Unusable --out, --scheduler, sweep.json: one line, quickly, nothing left behind.
def test_run_checks_out_before_simulating(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    began = time.monotonic()
    for out in (blocker, blocker / "below", Path("/proc/techniekpact")):
        result = runner.invoke(app, ["run", "--years", "8", "--scale", "100", "--out", str(out)])
        assert result.exit_code == 2
        one_line_error(result.output, f"--out {out}")
    assert time.monotonic() - began < 10


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:1", "foo::bar", "tcp://no-such-host.invalid:8786"])
def test_unreachable_scheduler_is_one_line_and_leaves_nothing(reference, tmp_path, monkeypatch, address):
    spec, _ = reference
    monkeypatch.setattr(dask_runner, "CONNECT_SECONDS", 1.0)
    for _ in range(2):  # the same command again gets the same answer, not "already holds a sweep"
        result = runner.invoke(app, ["sweep", str(spec), "--out", str(tmp_path / "out"), "--scheduler", address])
        assert result.exit_code == 2
        one_line_error(result.output[result.output.index("error: "):], f"--scheduler {address}")
        assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("content", ["[1, 2]", "not json", "\xff\xfe"])
def test_a_broken_sweep_json_is_one_line(reference, tmp_path, content):
    spec, _ = reference
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sweep.json").write_bytes(content.encode("latin-1"))
    result = runner.invoke(app, ["sweep", str(spec), "--out", str(tmp_path / "out"), "--resume"])
    assert result.exit_code == 2
    one_line_error(result.output, "sweep.json")


def test_a_second_writer_is_refused_naming_the_holder(reference, tmp_path):
    spec, _ = reference
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (out / ".lock").write_text(json.dumps({"host": os.uname().nodename, "pid": holder.pid}))
        result = runner.invoke(app, ["sweep", str(spec), "--out", str(out), "--resume"])
        assert result.exit_code == 2
        one_line_error(result.output, f"pid {holder.pid}", "in use")
    finally:
        holder.kill()
        holder.wait()


# 8. The spec's name cannot walk out of out/sweeps.
@pytest.mark.parametrize("name", ["../../escaped", "/tmp/absolute", "a/b", "..", ".hidden"])
def test_spec_name_is_a_plain_name(tmp_path, name):
    spec = write(tmp_path, f'name = "{name}"\nyears = 1\n')
    result = runner.invoke(app, ["sweep", str(spec)])
    assert result.exit_code == 2
    one_line_error(result.output, "spec.toml: name: must be a plain name")


# 9. The embedded cluster's dashboard listens on 127.0.0.1 only, and its address is told.
def test_dashboard_is_local_and_its_address_is_told():
    events: list[str] = []
    with connect(Cluster(workers=1, processes=False), events.append):
        told = next(event for event in events if "dashboard" in event)
        port = int(told.split("http://127.0.0.1:")[1].split("/")[0])
        listening = {c.laddr.ip for c in psutil.net_connections("tcp") if c.laddr.port == port and c.status == "LISTEN"}
    assert listening == {"127.0.0.1"}


# Shards and collect: a job array without a scheduler gives the same results.
def test_shards_collected_equal_one_sweep(reference, tmp_path):
    spec, expected = reference
    _, _, design = load(spec)
    for index in range(3):
        run_design(design, tmp_path / f"shard-{index:03d}-of-003", workers=1, processes=False, shard=(index, 3))
    result = runner.invoke(app, ["collect", str(tmp_path)])
    assert result.exit_code == 0, result.output
    table = pd.read_parquet(tmp_path / TABLE)
    assert table.run_id.tolist() == list(range(12)) and set(table.shard) == {"0/3", "1/3", "2/3"}
    dataset = pd.read_parquet(tmp_path / "dataset")
    _, frames = results(expected)
    columns = [c for c in frames.columns if c != "point"]
    got = dataset[columns].sort_values(["run_id", "date", "landsdeel", "sector", "indicator"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, frames[columns])
    assert sorted(dataset.point.astype(int).unique()) == list(range(4))
    pruned = runner.invoke(app, ["collect", str(tmp_path), "--prune"])
    assert pruned.exit_code == 0 and not list(tmp_path.glob("shard-*/runs/run-*.parquet"))
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "dataset"), dataset)
    refused = runner.invoke(app, ["sweep", str(spec), "--out", str(tmp_path), "--shard", "0/3", "--resume"])
    assert refused.exit_code == 2 and "removed by collect --prune" in refused.output
    shutil.rmtree(tmp_path / "shard-001-of-003")
    incomplete = runner.invoke(app, ["collect", str(tmp_path)])
    assert incomplete.exit_code == 2 and "every shard i/N once" in incomplete.output


KILL_SESSIONS = [
    [("worker", "start"), ("worker", "mid"), (signal.SIGTERM, "mid")],
    [(signal.SIGKILL, "start")],
    [("worker", "mid"), (signal.SIGUSR1, "mid")],
    [("worker", "mid"), (signal.SIGINT, "mid")],
    [("worker", "mid"), (signal.SIGKILL, "mid")],
]
"""Sessions of one sweep, each resumed by the next, and what kills what in each: a Dask worker
process (while the cluster starts, or mid-run: Dask runs its task again elsewhere) or the sweep
itself (SIGKILL at a random moment from its start, in the imports or while the cluster starts;
SIGKILL, SIGTERM, SIGINT inherited ignored as under ``nohup``, or SIGUSR1 at a random moment
after a run has finished). Ten kill moments in all."""


def test_kill_and_resume_at_random_moments_gives_the_uninterrupted_results(tmp_path):
    assert sum(len(session) for session in KILL_SESSIONS) >= 10
    spec = write(tmp_path, SPEC.replace("replications = 3", "replications = 8").replace("scale = 5000",
                                                                                      "scale = 20000"))  # 32 runs
    _, _, design = load(spec)
    expected = tmp_path / "uninterrupted"
    run_design(design, expected, workers=1, processes=False)
    out = tmp_path / "out"
    rng = random.Random(15)
    for session in KILL_SESSIONS:
        process = start(spec, out, "--resume", "--accept-code-change")  # others may commit meanwhile
        for target, when in session:
            if when == "mid":
                wait_for_runs(out, len(list((out / RUNS).glob("run-*.parquet"))) + 1, process)
            time.sleep(rng.uniform(0.0, 4.0) if when == "start" and target != "worker" else rng.uniform(0.0, 0.5))
            if target == "worker":
                assert kill_first_worker(process) or process.poll() is not None
            else:
                process.send_signal(target)
        stop = session[-1][0]
        code = process.wait(timeout=90)
        if stop == signal.SIGKILL:  # the sweep's own worker processes, orphaned
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        handled = session[-1][1] == "mid" and stop != signal.SIGKILL
        assert code in ((0, 128 + stop) if handled else (0, -stop, 128 + stop)), (session, code)
        if code == 128 + stop:  # the session is on record
            provenance = json.loads((out / "sweep.json").read_text())
            assert provenance["status"] == "interrupted" and provenance["sessions"][-1]["stopped_by"] == stop.name
    log = (tmp_path / "out.log").read_text()
    assert "Traceback" not in log and "worker lost" in log
    summary = run_design(design, out, workers=1, processes=False, resume=True, accept_code_change=True)
    assert summary.ok == 32 and 0 < summary.skipped < 32
    same(out, expected)
    assert leftovers(out) == [] and pd.read_parquet(out / TABLE).run_id.is_unique
    assert pd.read_parquet(out / TABLE).attempts.max() >= 2  # a run whose worker was killed ran again


def kill_first_worker(process: subprocess.Popen, seconds: float = 60) -> bool:
    """SIGKILL a Dask worker process of the sweep, as soon as one exists."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            children = psutil.Process(process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return False
        for child in children:
            try:
                if "spawn_main" in " ".join(child.cmdline()):
                    child.kill()
                    return True
            except psutil.Error:
                continue
        time.sleep(0.01)
    return False


# Fuzz: generated bad specs, scenario files and command-line arguments.
VALID_SPEC = {"name": '"fz"', "scenario": '"hybrid-teachers"', "years": "1", "scale": "5000", "replications": "1",
              "seed": "1"}
GRID = '[grid]\n"interventions.hybrid_teachers.count" = [0, 100]\n'
BAD_VALUES = ["true", "false", '"8"', '""', "[1]", "{ a = 1 }", "inf", "nan", "-inf", "1e999", "2023-01-01"]
BAD_NUMBERS = {"years": ["0", "31", "-1", "8.5"], "scale": ["0", "0.5", "1e9", "1e308", "-5", "50001"],
               "replications": ["0", "2.5", "100001"], "seed": ["-1", "1.5"], "samples": ["-1", "1.5"]}


def spec_text(changes: dict[str, str | None], tail: str = GRID) -> str:
    fields = {**VALID_SPEC, **changes}
    return "".join(f"{key} = {value}\n" for key, value in fields.items() if value is not None) + tail


def fuzz_cases() -> list[tuple[str, str, str]]:
    """(kind, input, the field the error must name): ``spec`` is a spec file's text, ``scenario``
    a scenario file's text (used by ``run --scenario`` and as a spec's base), ``args`` a command line."""
    cases = [("spec", spec_text({field: value}), f"spec.toml: {field}") for field in BAD_NUMBERS
             for value in BAD_VALUES if not (field == "samples" and value == "false")]
    cases += [("spec", spec_text({field: value}), f"spec.toml: {field}") for field, values in BAD_NUMBERS.items()
              for value in values]
    cases += [("spec", spec_text({"name": value}), "spec.toml: name") for value in
              ['"../../escaped"', '"/abs"', '"a/b"', '".."', '"a b"', '""', "5", "true", '"' + "x" * 81 + '"']]
    cases += [("spec", spec_text({"common_random_numbers": value}), "spec.toml: common_random_numbers")
              for value in ["1", '"yes"', "0"]]
    cases += [("spec", spec_text({"description": value}), "spec.toml: description") for value in ["5", "true", "[1]"]]
    cases += [("spec", spec_text({"scenario": value}), "scenario") for value in
              ["5", "true", "[]", "[5]", '""', '"nope"', '"missing.toml"', "{ name = 5 }", "{ bogus = 1 }",
               "{ parameters = { match_efficiency = true } }", '{ parameters = { match_efficiency = "0.3" } }',
               "{ parameters = { match_efficiency = -1 } }", '["baseline", "baseline"]']]
    count = '[grid]\n"interventions.hybrid_teachers.count" = '
    cases += [("spec", spec_text({}, count + value + "\n"), "grid.interventions.hybrid_teachers.count")
              for value in ["[true]", '["100"]', "[-5]", "[inf]", "[]", '"many"', "[nan]", "[[1]]"]]
    efficiency = '[grid]\n"parameters.match_efficiency" = '
    cases += [("spec", spec_text({}, efficiency + value + "\n"), "grid.parameters.match_efficiency")
              for value in ["[true]", '["0.3"]', "[-1]", "[9]", "[-inf]"]]
    cases += [("spec", spec_text({}, f'[grid]\n"{path}" = [1]\n'), f"grid.{path}")
              for path in ["parameters.nope", "interventions.work_guarantee.coverage", "nope", "interventions.x"]]
    cases.append(("spec", spec_text({}, '[grid]\n"parameters.match_efficiency" = [0.3]\n[grid.parameters]\n'
                                        'match_efficiency = [0.2]\n'), "grid"))
    ranges = '[ranges]\n"parameters.match_efficiency" = '
    cases += [("spec", spec_text({"samples": "3"}, ranges + value + "\n"), "ranges.parameters.match_efficiency")
              for value in ["[0.5, 0.2]", "[1]", '["a", "b"]', "[true, false]", "[0, inf]", "[0.1, 9]", "[1, 2, 3]"]]
    cases.append(("spec", spec_text({}, ranges + "[0.1, 0.2]\n"), "samples"))
    cases += [("spec", spec_text({}, "[keep]\n" + line + "\n"), f"keep.{line.split()[0]}") for line in
              ['indicators = ["nope"]', 'indicators = "employed"', 'frequency = "weekly"', "frequency = 1",
               'landsdelen = ["Atlantis"]', 'sectors = ["x"]', "colour = 1", "indicators = []"]]
    cases += [("spec", spec_text({"colour": '"red"'}), "spec.toml: colour")]
    cases += [("spec", text, "spec.toml: not valid TOML") for text in
              ["[grid\n", "name = \n", 'name = "a"\nname = "b"\n', "years = 1 2\n", "= 3\n", "[[grid]]\n[grid]\n"]]
    cases += [("spec-bytes", data, "spec.toml: not UTF-8") for data in
              ["name = \"caf\xe9\"\n", "\xff\xfe", "description = \"\xe9\"\nyears = 1\n", "# \x80\n"]]
    cases.append(("spec", "# " + "x" * 70_000 + "\n", "spec.toml: file too large"))
    scenario_lines = [("[parameters]\nmatch_efficiency = " + value, "parameters.match_efficiency") for value in
                      ["true", '"0.3"', "-1", "inf", "nan", "[0.3]", "9"]]
    count = '[[interventions]]\nkind = "hybrid_teachers"\ncount = '
    scenario_lines += [("[parameters]\nnope = 1", "parameters.nope"), ("colour = 1", "colour"), ("name = 5", "name"),
                       ("name = true", "name"), ('[[interventions]]\nkind = "nope"', "interventions[0].kind"),
                       (count + "true", "hybrid_teachers.count"), (count + '"100"', "hybrid_teachers.count"),
                       (count + "-1", "hybrid_teachers.count"),
                       ("[parameters\n", "not valid TOML")]
    for line, field in scenario_lines:
        text = f"{line}\n" if line.startswith("name") else f'name = "bad"\n{line}\n'
        cases += [("scenario-run", text, f"bad.toml: {field}"),
                  ("scenario-spec", text, f"spec.toml: scenario: bad.toml: {field}")]
    cases.append(("scenario-run-bytes", 'name = "caf\xe9"\n', "bad.toml: not UTF-8"))
    cases.append(("scenario-spec-bytes", 'name = "caf\xe9"\n', "spec.toml: scenario: bad.toml: not UTF-8"))
    args = [(["run", "--years", value], "--years") for value in ["0", "true", "31", "x", "1.5"]]
    args += [(["run", "--scale", value], "--scale") for value in ["0", "inf", "nan", "1e9", "-1", "abc"]]
    args += [(["run", "--seed", value], "--seed") for value in ["-1", "x"]]
    args += [(["run", "--scenario", "nope"], "scenario"), (["run", "--bogus"], "--bogus")]
    args += [(["sweep", "{spec}", "--workers", value], "--workers") for value in ["0", "x", "-2"]]
    args += [(["sweep", "{spec}", "--shard", value], "--shard") for value in ["3/2", "x", "-1/2", "1/0", "1", "2/2"]]
    args += [(["sweep", "{spec}", "--slurm", option, value], option) for option, value in
             [("--slurm-memory", "lots"), ("--slurm-walltime", "8h"), ("--slurm-cores", "0"), ("--slurm-jobs", "0"),
              ("--slurm-directive", "qos")]]
    args += [(["sweep", "{spec}", "--workers", "2", "--scheduler", "tcp://x:1"], "--workers and --scheduler"),
             (["sweep", "{spec}", "--scheduler-file", "{tmp}/none.json"], "--scheduler-file"),
             (["sweep", "{spec}", "--slurm", "--workers", "2"], "--workers and --slurm"),
             (["sweep", "{tmp}/none.toml"], "none.toml"), (["sweep"], "SPEC"), (["sweep", "{spec}", "--out", "{file}"],
                                                                                 "--out")]
    args += [(["compare", "--scenarios", "refugees", option, value], option) for option, value in
             [("--replications", "0"), ("--scale", "inf"), ("--language", "de"), ("--landsdeel", "X"),
              ("--year", "1999"), ("--years", "0")]]
    args += [(["compare", "--scenarios", "{tmp}/bad.toml"], "bad.toml"), (["compare"], "--scenarios")]
    args += [(["sensitivity", option, value], option) for option, value in
             [("--band", "1.5"), ("--band", "0"), ("--band", "-0.1"), ("--trajectories", "1"), ("--levels", "1"),
              ("--scale", "inf"), ("--replications", "0")]]
    args += [(["collect", "{tmp}/none"], "collect"), (["collect", "{tmp}"], "collect")]
    cases += [("args", "\x00".join(line), field) for line, field in args]
    return cases


FUZZ = fuzz_cases()


def test_the_fuzz_covers_at_least_200_inputs():
    assert len(FUZZ) >= 200


@pytest.mark.parametrize(("kind", "given", "field"), FUZZ, ids=[f"{i}-{c[0]}" for i, c in enumerate(FUZZ)])
def test_bad_input_is_one_line_naming_the_field_exit_2_nothing_written(tmp_path, kind, given, field):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    spec = write(inputs, spec_text({}))
    (inputs / "file").write_text("not a folder")
    data = given.encode("latin-1") if kind.endswith("bytes") else given.encode("utf-8")
    if kind.startswith("spec"):
        spec.write_bytes(data)
        arguments = ["sweep", str(spec)]
    elif kind.startswith("scenario"):
        (inputs / "bad.toml").write_bytes(data)
        if kind.startswith("scenario-run"):
            arguments = ["run", "--scenario", str(inputs / "bad.toml")]
        else:
            spec.write_text(spec_text({"scenario": '"bad.toml"'}, ""))
            arguments = ["sweep", str(spec)]
    else:
        arguments = [part.format(spec=spec, tmp=inputs, file=inputs / "file") for part in given.split("\x00")]
    if "--out" not in arguments and arguments[0] != "collect":
        arguments += ["--out", str(tmp_path / "out")]
    before = sorted(p.name for p in inputs.iterdir())
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2, (arguments, result.output)
    one_line_error(result.output, field)
    assert "pydantic" not in result.output and "constrained-" not in result.output
    assert not (tmp_path / "out").exists() and sorted(p.name for p in inputs.iterdir()) == before


def test_resume_refuses_other_code_unless_told(reference, tmp_path):
    spec, expected = reference
    copy = shutil.copytree(expected, tmp_path / "out")
    provenance = json.loads((copy / "sweep.json").read_text())
    (copy / "sweep.json").write_text(json.dumps({**provenance, "git_commit": "0" * 40}))
    _, _, design = load(spec)
    refused = runner.invoke(app, ["sweep", str(spec), "--out", str(copy), "--resume"])
    assert refused.exit_code == 2
    one_line_error(refused.output, "commit 0000000000", "--accept-code-change")
    summary = run_design(design, copy, workers=1, processes=False, resume=True, accept_code_change=True)
    assert (summary.skipped, summary.ok) == (12, 12)


# docs/experiments.md: every snippet runs (sizes made small; no SLURM here: see the docs).
DOCS = Path(__file__).parent.parent / "docs" / "experiments.md"
DOC_SPEC = """name = "doc"
scenario = "hybrid-teachers"
years = 1
scale = 20000
replications = 2
seed = 3
[grid]
"interventions.hybrid_teachers.count" = [0, 4000]
"""
SMALLER = [
    (re.compile(r"experiments/specs/[\w-]+\.toml"), "{spec}"), ("/scratch/$USER", "{tmp}/scratch"),
    ('cd "$HOME/techniekpact-abm"', 'cd "{tmp}"'), ("--replications 20 --year 2030", "--replications 1 --years 1 "
                                                   "--scale 20000 --workers 1"),
    ("--trajectories 10 --scale 1000", "--trajectories 2 --years 1 --scale 20000 --workers 1"),
    ("--repeat 5", "--repeat 1 --runs 2 --scale 20000"), ("model(years=8, scale=1000)", "model(years=1, scale=20000)"),
    ("scenarios=500, policies=8", "scenarios=4, policies=1"), ("--slurm-partition normal", "--slurm-partition normal "
                                                                                         "--dry-run"),
]
PROGRESS_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (.+: \d+/\d+ runs done, \d+ failed, [\d.]+ runs/min, ETA "
                           r"\S+, \d+ workers|starting LocalCluster\(\d+ workers\) for \d+ runs|local cluster of \d+ "
                           r"workers started; dashboard http://127\.0\.0\.1:\d+/status)")


def smaller(text: str, tmp: Path, spec: Path) -> str:
    for pattern, replacement in SMALLER:
        replacement = replacement.format(tmp=tmp, spec=spec)
        text = pattern.sub(replacement, text) if isinstance(pattern, re.Pattern) else text.replace(pattern, replacement)
    return text


def test_every_snippet_in_the_experiments_docs_runs(tmp_path, monkeypatch):
    import typer.main
    import yaml

    root = Path(__file__).parent.parent
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parent.parent)
    for name in ("benchmarks", "experiments"):
        (tmp_path / name).symlink_to(root / name)
    spec = write(tmp_path, DOC_SPEC, "doc-spec.toml")
    environment = {**os.environ, "PYTHONPATH": str(root), "MPLBACKEND": "Agg", "TECHNIEKPACT_PROGRESS_SECONDS": "5"}
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    commands = typer.main.get_command(app).commands
    blocks = re.findall(r"```(\w+)\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 12
    for kind, text in blocks:
        code = smaller(text, tmp_path, spec)
        if kind == "bash" and "[--" in code:  # a synopsis: every option it names exists
            command = commands[code.split()[1]]
            known = {opt for param in command.params for opt in param.opts}
            assert set(re.findall(r"--[a-z-]+", code)) <= known, code
        elif kind == "bash" and "#SBATCH" in code:  # a job array: each task, then collect compares
            (tmp_path / "shards.sh").write_text(code)
            for task in range(2):
                done = subprocess.run(["bash", "shards.sh"], env={**environment, "SLURM_ARRAY_TASK_ID": str(task),
                                      "SLURM_ARRAY_TASK_COUNT": "2"}, capture_output=True, text=True, timeout=180)
                assert done.returncode == 0, done.stdout + done.stderr
        elif kind == "bash":
            done = subprocess.run(["bash", "-euo", "pipefail", "-c", code], env=environment, capture_output=True,
                                  text=True, timeout=300)
            assert done.returncode == 0, code + done.stdout + done.stderr
            if "--slurm " in code:
                script = done.stdout
                for line in ("#SBATCH -p normal", "#SBATCH --cpus-per-task=32", "#SBATCH -t 08:00:00", "--nthreads 1",
                             "--nworkers 32", "NUMBA_CACHE_DIR"):
                    assert line in script, script
            if "collect" in code:
                collected = pd.read_parquet(tmp_path / "scratch" / "hybrid-x-guarantee" / "dataset")
                _, _, design = load(spec)
                whole = run_design(design, tmp_path / "whole", workers=1, processes=False)
                assert whole.ok == len(design.runs) == collected.run_id.nunique()
                _, frames = results(tmp_path / "whole")
                columns = list(frames.columns.drop("point"))
                order = ["run_id", "date", "landsdeel", "sector", "indicator"]
                pd.testing.assert_frame_equal(collected[columns].sort_values(order).reset_index(drop=True),
                                              frames[columns])
        elif kind == "python":
            exec(compile(code, str(DOCS), "exec"), {})  # noqa: S102 - the documentation's own code
        elif kind == "toml":
            (tmp_path / "snippet.toml").write_text(code)
            assert load(tmp_path / "snippet.toml")[2].runs
        elif kind == "yaml":
            assert "distributed" in yaml.safe_load(code)
        else:
            assert kind == "text" and all(PROGRESS_LINE.fullmatch(line) for line in code.splitlines()), code
