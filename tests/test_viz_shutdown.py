"""Stopping the studio's server (issue 14, defect 13): Ctrl-C (SIGINT to the terminal's whole
process group) and SIGTERM (to the server alone) end the server and every model worker, leave
no process behind and print no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from browser import REPO, StudioPage, chromium, free_port


def group_processes(group: int) -> list[str]:
    """The processes of a process group still alive (zombies are gone already)."""
    listing = subprocess.run(["ps", "-eo", "pgid=,stat=,args="], capture_output=True, text=True, check=True).stdout
    return [line for line in listing.splitlines()
            if line.split()[0] == str(group) and not line.split()[1].startswith("Z")]


@pytest.mark.parametrize(("sent", "to_group", "code"), [(signal.SIGINT, True, 130), (signal.SIGTERM, False, 143)])
def test_13_ctrl_c_and_sigterm_stop_everything_without_a_traceback(sent: signal.Signals, to_group: bool,
                                                                   code: int) -> None:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "viz.serve", "--port", str(port)], cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2).close()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.2)
        with chromium() as browser:
            page = StudioPage(browser, f"http://127.0.0.1:{port}")
            page.open(timeout=90)
            workers = [line for line in group_processes(server.pid) if "multiprocessing" in line]
            assert len(workers) >= 2, group_processes(server.pid)  # the model's workers (and resource tracker)
            if to_group:
                os.killpg(server.pid, sent)
            else:
                os.kill(server.pid, sent)
            output, _ = server.communicate(timeout=30)
            page.close()
        text = output.decode("utf-8", "replace")
        assert server.returncode == code, text
        assert "Traceback" not in text and "leaked semaphore" not in text, text
        deadline = time.monotonic() + 5
        while group_processes(server.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert group_processes(server.pid) == []
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
