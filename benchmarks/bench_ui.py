"""The browser view's speed, measured in a real browser (Debian's chromium through Playwright),
all in one run, each line saying what it measured:

* first render: the first page after installing (an empty numba cache, so the model's kernels
  compile: ``--no-install`` leaves it out), the first page after a cold server start (measured
  from starting the server), and fresh pages once the server has done its work ahead (median of
  ``--pages``; each page in a new browser context, so nothing is cached);
* edit -> every chart and the map redrawn with the new scenario's first run, one session: a value
  typed into the hybrid-teachers box and Enter (a scenario never run before, so the whole
  2023-2035 horizon is simulated), ``--edits`` times; then the same through the slider's arrow key,
  which applies once the slider has rested (``viz.slider.REST_SECONDS``);
* the same edit in five sessions at once (each round edits all five, then times each);
* 20 pages opened together: from asking for all of them to each one's charts drawn;
* the model alone for the same scenarios, to show how much of an edit is the model run.

Targets (issue 14): edit <= 250 ms median and <= 500 ms p90 with one session, <= 1 s median with
five sessions, 20 pages each within 10 s, cold start <= 5 s.

    .venv/bin/python benchmarks/bench_ui.py [--no-install] [--edits 20]
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
browser_helpers = importlib.import_module("browser")  # tests/browser.py, shared with the browser tests
StudioPage = browser_helpers.StudioPage

COLD_TARGET = 5.0
EDIT_TARGET = (0.25, 0.5)
"""Median and p90, one session."""
FIVE_TARGET = 1.0
CROWD_TARGET = 10.0
DRAWN = """(plots) => { const status = document.querySelector('.tp-status');
    const wanted = status && status.dataset.wanted;
    return Boolean(wanted && status.dataset.shown === wanted && plots.every(name => {
        const plot = document.querySelector(`[data-chart="${name}"]`);
        return plot && (plot.dataset.key || "").includes(wanted); })); }"""


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[round(0.9 * (len(ordered) - 1))]


def summary(label: str, values: list[float], target: str = "", met: bool | None = None) -> str:
    ordered = sorted(values)
    text = (f"{label:<58} median {statistics.median(values):6.3f} s   min {ordered[0]:6.3f}   "
            f"p90 {p90(values):6.3f}   max {ordered[-1]:6.3f}   (n={len(values)})")
    if target:
        text += f"   target {target}: {'met' if met else 'NOT met'}"
    return text


def busy_fraction(seconds: float = 2.0) -> float:
    """How busy this machine's CPUs are over ``seconds`` (Linux ``/proc/stat``)."""
    def sample() -> tuple[int, int]:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]  # total, idle + iowait
    total, idle = sample()
    time.sleep(seconds)
    total_after, idle_after = sample()
    return 1 - (idle_after - idle) / max(1, total_after - total)


def wait_until_quiet(limit: float = 120, threshold: float = 0.2) -> float:
    """Wait until the server has finished its work ahead (the CPUs are mostly idle); returns the
    seconds waited."""
    began = time.perf_counter()
    while time.perf_counter() - began < limit and busy_fraction() > threshold:
        pass
    return time.perf_counter() - began


def drawn(page: StudioPage) -> bool:
    return page.page.evaluate(DRAWN, list(browser_helpers.PLOTS))


def timed_edit(pages: list[StudioPage], values: list[int]) -> list[float]:
    """Type a new hybrid-teacher count into every page, then wait for each page's charts and map
    to show its new run; the seconds from each page's Enter to its redraw."""
    began, previous = [], []
    for page, value in zip(pages, values, strict=True):
        previous.append(page.wanted())
        box = page.number_box("hybrid_teachers", "count")
        box.fill(str(value))
        began.append(time.perf_counter())
        box.press("Enter")
    seconds: list[float | None] = [None] * len(pages)
    while None in seconds:
        for index, page in enumerate(pages):
            if seconds[index] is None and page.wanted() != previous[index] and drawn(page):
                seconds[index] = time.perf_counter() - began[index]
        time.sleep(0.005)
    return seconds


def sessions(url: str, browser: Browser, count: int) -> list[StudioPage]:
    """``count`` pages with hybrid teachers switched on, each drawn."""
    pages = [StudioPage(browser, url) for _ in range(count)]
    for page in pages:
        page.open()
        previous = page.wanted()
        page.switch("hybrid_teachers")
        page.wait_shown(previous)
        page.settled()
    return pages


def slider_edits(page: StudioPage, moves: int) -> list[float]:
    seconds = []
    for _ in range(moves):
        previous = page.wanted()
        page.slider("hybrid_teachers", "count").focus()
        began = time.perf_counter()
        page.page.keyboard.press("ArrowRight")
        page.wait_shown(previous)
        page.wait_drawn()
        seconds.append(time.perf_counter() - began)
        page.page.wait_for_timeout(300)
    return seconds


def crowd(url: str, browser: Browser, count: int) -> list[float]:
    """``count`` pages asked for at once; the seconds until each one's charts are drawn."""
    pages = [StudioPage(browser, url) for _ in range(count)]
    try:
        began = time.perf_counter()
        for page in pages:
            page.page.goto(url + "/", wait_until="commit")
        seconds: list[float | None] = [None] * count
        while None in seconds and time.perf_counter() - began < 300:
            for index, page in enumerate(pages):
                if seconds[index] is None and drawn(page):
                    seconds[index] = time.perf_counter() - began
            time.sleep(0.02)
        return [s if s is not None else float("inf") for s in seconds]
    finally:
        for page in pages:
            page.close()


def first_page(browser: Browser, environment: dict[str, str] | None = None) -> tuple[float, float]:
    """Start a server and open one page: seconds from starting the server to charts, and from
    opening the page to charts."""
    began = time.perf_counter()
    with browser_helpers.solara_server(environment=environment) as url:
        page = StudioPage(browser, url)
        opened = page.open(timeout=300)
        page.close()
    return time.perf_counter() - began, opened


def model_runs(values: list[int]) -> list[float]:
    """The same scenarios run directly in this process: what the model alone takes of an edit."""
    from abm.scenario import BASELINE
    from viz.runs import DEFAULT_SCALE, DEFAULT_SEED, compute
    from viz.scenario_io import with_intervention, with_intervention_field

    scenario = with_intervention(BASELINE, "hybrid_teachers", True)
    compute(scenario, DEFAULT_SCALE, DEFAULT_SEED)  # load the compiled kernels
    seconds = []
    for value in values:
        began = time.perf_counter()
        compute(with_intervention_field(scenario, "hybrid_teachers", "count", value), DEFAULT_SCALE, DEFAULT_SEED)
        seconds.append(time.perf_counter() - began)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=20, help="edits to time in one session (default 20)")
    parser.add_argument("--pages", type=int, default=5, help="fresh pages to time (default 5)")
    parser.add_argument("--crowd", type=int, default=20, help="pages opened together (default 20)")
    parser.add_argument("--no-install", action="store_true", help="leave out the first start after installing")
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"{time.strftime('%Y-%m-%d %H:%M')}, chromium headless (--disable-gpu)")
    with browser_helpers.chromium() as browser:
        if not args.no_install:
            with tempfile.TemporaryDirectory(prefix="numba-cold-") as cache:
                server, page = first_page(browser, {"NUMBA_CACHE_DIR": cache})
            print(f"{'first start after install (empty numba cache): server start -> charts':<58} {server:6.2f} s "
                  f"(page open -> charts {page:.2f} s)")
        began = time.perf_counter()
        with browser_helpers.solara_server() as url:
            cold_page = StudioPage(browser, url)
            opened = cold_page.open(timeout=120)
            cold = time.perf_counter() - began
            cold_page.close()
            print(f"{'cold server start -> charts (numba cache warm)':<58} {cold:6.2f} s (page open -> charts "
                  f"{opened:.2f} s)   target <= {COLD_TARGET:g} s: {'met' if cold <= COLD_TARGET else 'NOT met'}")
            waited = wait_until_quiet(limit=240)
            print(f"(the server's work ahead: {waited:.0f} s until the CPUs were quiet)")
            warm = []
            for _ in range(args.pages):
                page = StudioPage(browser, url)
                warm.append(page.open())
                page.close()
            print(summary("warm: fresh page -> charts", warm, f"<= {COLD_TARGET:g} s",
                          statistics.median(warm) <= COLD_TARGET))
            values = [1000 + 37 * (i + 1) for i in range(args.edits)]
            [one] = sessions(url, browser, 1)
            edits = [timed_edit([one], [value])[0] for value in values]
            print(summary("edit -> all charts and map redrawn, ONE session", edits,
                          f"<= {EDIT_TARGET[0]:g} s median, <= {EDIT_TARGET[1]:g} s p90",
                          statistics.median(edits) <= EDIT_TARGET[0] and p90(edits) <= EDIT_TARGET[1]))
            slider = slider_edits(one, max(5, args.edits // 2))
            print(summary("slider key -> all redrawn, one session (incl. 0.25 s rest)", slider))
            one.close()
            print(summary("  of which the model run alone (same scenarios)", model_runs(values)))
            five = sessions(url, browser, 5)
            together = []
            for round_ in range(4):
                together += timed_edit(five, [3000 + 50 * round_ + i for i in range(5)])
            print(summary("edit -> all redrawn, FIVE sessions changing at once", together,
                          f"<= {FIVE_TARGET:g} s median", statistics.median(together) <= FIVE_TARGET))
            for page in five:
                page.close()
            opened_together = crowd(url, browser, args.crowd)
            print(summary(f"{args.crowd} pages opened together -> each one's charts", opened_together,
                          f"each <= {CROWD_TARGET:g} s", max(opened_together) <= CROWD_TARGET))


if __name__ == "__main__":
    main()
