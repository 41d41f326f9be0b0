"""The browser view's speed, measured in a real browser (Debian's chromium through Playwright).

* time to first render: from opening the page to every chart and the map showing the runs, for
  the first page after the server started (cold: the worker processes are still starting) and
  for fresh pages (each in a new browser context, so nothing cached) once the server has run the
  baseline band and the presets ahead (median of 5);
* slider to redrawn chart: from an arrow key on the hybrid-teachers slider (a scenario never run
  before, so the whole 2023-2035 horizon is simulated) to the teacher-shortage chart redrawn with
  the new run, and to every chart and the map redrawn (median of 20); then the same scenarios run
  directly, to show how much of that is the model.

The page timings start once this machine is quiet again (the server's work ahead is done), so
that they measure the view, not the start-up.

Targets: first render <= 5 s, slider to chart <= 1 s. Then it writes the screenshots of the main
screen and of compare mode to docs/screenshots/ (skip with --no-screenshots).

    .venv/bin/python benchmarks/bench_ui.py
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from playwright.sync_api import Browser

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
browser_helpers = importlib.import_module("browser")  # tests/browser.py, shared with the browser tests
StudioPage = browser_helpers.StudioPage

FIRST_RENDER_TARGET = 5.0
REDRAW_TARGET = 1.0


def summary(label: str, values: list[float], target: float | None = None) -> str:
    ordered = sorted(values)
    text = (f"{label:<46} median {statistics.median(values):6.3f} s   min {ordered[0]:6.3f}   "
            f"p90 {ordered[int(0.9 * (len(ordered) - 1))]:6.3f}   max {ordered[-1]:6.3f}   (n={len(values)})")
    if target is not None:
        text += f"   target <= {target:g} s: {'met' if statistics.median(values) <= target else 'NOT met'}"
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


def first_renders(url: str, browser: Browser, pages: int) -> tuple[float, list[float]]:
    """The first page after the server started, then fresh pages (each its own browser context,
    so nothing is cached) once the server has run the baseline band and the presets ahead."""
    cold_page = StudioPage(browser, url)
    cold = cold_page.open(timeout=120)
    cold_page.wait_band(timeout=180)
    cold_page.close()
    wait_until_quiet()
    warm = []
    for _ in range(pages):
        page = StudioPage(browser, url)
        warm.append(page.open())
        page.close()
    return cold, warm


def redraws(url: str, browser: Browser, moves: int) -> tuple[list[float], list[float]]:
    studio = StudioPage(browser, url)
    try:
        studio.open()
        studio.wait_band()
        wait_until_quiet()
        previous = studio.wanted()
        studio.switch("hybrid_teachers")
        studio.wait_shown(previous, chart="teacher_shortage")
        chart, everything = [], []
        for _ in range(moves):
            previous = studio.wanted()
            studio.slider("hybrid_teachers", "count").focus()
            began = time.perf_counter()
            studio.page.keyboard.press("ArrowRight")
            studio.wait_shown(previous, chart="teacher_shortage")
            chart.append(time.perf_counter() - began)
            studio.wait_drawn()
            everything.append(time.perf_counter() - began)
            studio.page.wait_for_timeout(300)
        assert studio.errors == [], studio.errors
        return chart, everything
    finally:
        studio.close()


def model_runs(moves: int) -> list[float]:
    """The same scenarios as the slider moves (1,020 to 1,000 + 20 x moves hybrid teachers), run
    directly in this process: what the model alone takes of the redraw time."""
    from abm.scenario import BASELINE
    from viz.runs import DEFAULT_SCALE, DEFAULT_SEED, compute
    from viz.scenario_io import with_intervention, with_intervention_field

    scenario = with_intervention(BASELINE, "hybrid_teachers", True)
    compute(scenario, DEFAULT_SCALE, DEFAULT_SEED)  # load the compiled kernels
    seconds = []
    for move in range(1, moves + 1):
        began = time.perf_counter()
        moved = with_intervention_field(scenario, "hybrid_teachers", "count", 1000 + 20 * move)
        compute(moved, DEFAULT_SCALE, DEFAULT_SEED)
        seconds.append(time.perf_counter() - began)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--moves", type=int, default=20, help="slider moves to time (default 20)")
    parser.add_argument("--pages", type=int, default=5, help="fresh pages to time (default 5)")
    parser.add_argument("--no-screenshots", action="store_true", help="do not write docs/screenshots/")
    args = parser.parse_args()
    print(f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"{time.strftime('%Y-%m-%d %H:%M')}, chromium headless (--disable-gpu)")
    with browser_helpers.solara_server() as url, browser_helpers.chromium() as browser:
        cold, warm = first_renders(url, browser, args.pages)
        print(f"{'time to first render, first page (cold server)':<46} {cold:5.2f} s")
        print(summary("time to first render, fresh page", warm, FIRST_RENDER_TARGET))
        chart, everything = redraws(url, browser, args.moves)
        print(summary("slider -> teacher-shortage chart redrawn", chart, REDRAW_TARGET))
        print(summary("slider -> all charts and the map redrawn", everything))
        print(summary("  of which the model run (same scenarios)", model_runs(args.moves)))
        if not args.no_screenshots:
            for path in browser_helpers.screenshots(url, browser):
                print(f"screenshot: {path.relative_to(browser_helpers.REPO)}")


if __name__ == "__main__":
    main()
