"""Driving the browser view in a real browser, for the browser tests (``tests/test_viz_browser.py``)
and the UI benchmark (``benchmarks/bench_ui.py``).

``solara_server`` starts ``python -m viz.serve`` (Solara's server, as ``techniekpact ui`` does) on a free port and stops it (and the
worker it starts) afterwards; ``chromium`` launches Debian's ``/usr/bin/chromium`` through
Playwright (never a downloaded browser) and raises if it is missing, so tests fail rather than
skip; :class:`StudioPage` wraps a page with the studio's selectors and records console errors
and every request the page makes.
The screenshots in ``docs/screenshots/`` are written by ``scripts/screenshots.py`` with these helpers.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Browser, Locator, Page, sync_playwright

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
CHARTS = ("vacancies", "hard_to_fill_vacancies", "employed", "intake", "outflow", "teacher_shortage", "training_places", "cost")
PLOTS = (*CHARTS, "map")


def foreign(urls: Iterable[str]) -> list[str]:
    """The URLs that go to anything but this machine (data: and blob: URLs stay in the browser)."""
    return [url for url in urls
            if urlparse(url).scheme not in ("data", "blob") and urlparse(url).hostname not in LOCAL_HOSTS]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def solara_server(startup_seconds: float = 90, environment: dict[str, str] | None = None) -> Iterator[str]:
    """Serve the studio like ``techniekpact ui`` does (with ``environment`` added); yields its base URL."""
    port = free_port()
    log = tempfile.NamedTemporaryFile("w+", prefix="solara-", suffix=".log", delete=False)  # noqa: SIM115
    environment = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", "SOLARA_THEME_SHOW_BANNER": "False",
                   **(environment or {})}
    command = [sys.executable, "-m", "viz.serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, cwd=REPO, env=environment, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_seconds
        while True:
            if process.poll() is not None:
                output = Path(log.name).read_text()[-3000:]
                raise RuntimeError(f"solara server exited with {process.returncode}:\n{output}")
            try:
                with urllib.request.urlopen(f"{url}/readyz", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"solara server did not answer within {startup_seconds} s") from None
                time.sleep(0.2)
        yield url
    finally:
        _stop(process)
        log.close()
        os.unlink(log.name)


def _stop(process: subprocess.Popen) -> None:
    """Stop the server and its worker process (its own process group, started above)."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's chromium through Playwright; a missing browser is an error, not a reason to skip."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} not found: install it with `apt-get install -y chromium` "
                           "(the browser tests never download a browser)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class StudioPage:
    """One browser tab on the studio, with its console errors and requests recorded."""

    def __init__(self, browser: Browser, url: str, width: int = 1600, height: int = 1000) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        self.page: Page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.url = url

    def open(self, query: str = "", timeout: float = 60) -> float:
        """Load the page and wait until every chart and the map show the scenario's run; returns
        the seconds taken."""
        began = time.perf_counter()
        self.page.goto(self.url + ("/?" + query if query else "/"))
        self.wait_drawn(timeout)
        return time.perf_counter() - began

    def wait_drawn(self, timeout: float = 60) -> None:
        """Wait until every chart and the map show the run of the session's current scenario."""
        self.page.wait_for_function("""(plots) => {
            const status = document.querySelector('.tp-status');
            const wanted = status && status.dataset.wanted;
            return wanted && status.dataset.shown === wanted && plots.every(name => {
                const plot = document.querySelector(`[data-chart="${name}"]`);
                return plot && (plot.dataset.key || "").includes(wanted); }); }""",
                                    arg=list(PLOTS), timeout=timeout * 1000, polling=5)

    def close(self) -> None:
        self.context.close()

    def foreign_requests(self) -> list[str]:
        return foreign(self.requests)

    # Reading what is drawn ---------------------------------------------------------------------

    def key(self, chart: str) -> str:
        return self.page.get_attribute(f'[data-chart="{chart}"]', "data-key") or ""

    def figure(self, chart: str) -> dict:
        """The data and layout plotly drew for a chart (x, y, name and meta of each trace)."""
        return self.page.evaluate("""(chart) => {
            const plot = document.querySelector(`[data-chart="${chart}"] .js-plotly-plot`);
            return {layout: {title: plot.layout.title && plot.layout.title.text,
                             axes: Object.keys(plot.layout).filter(k => k.startsWith("xaxis"))},
                    data: plot.data.map(t => ({x: Array.from(t.x || []), y: Array.from(t.y || []),
                                               name: t.name, meta: t.meta}))};
        }""", chart)

    def line(self, chart: str, role: str = "scenario") -> list[float]:
        """The y values of the first line of ``role`` (scenario, baseline, pinned, band_low or
        band_high) in a chart."""
        return next(trace["y"] for trace in self.figure(chart)["data"] if trace["meta"] == role)

    def shown_hash(self) -> str:
        """A hash of everything shown: every trace of every chart and the map (names, x and y),
        the chart and map titles and the key-figures table."""
        return self.page.evaluate("""async (plots) => {
            const parts = plots.map(name => {
                const plot = document.querySelector(`[data-chart="${name}"] .js-plotly-plot`);
                return JSON.stringify([name, plot.layout.title && plot.layout.title.text,
                    plot.data.map(t => [t.name, t.meta, Array.from(t.x || []), Array.from(t.y || []), t.fillcolor])]);
            });
            const table = document.querySelector('.tp-difference-table');
            parts.push(table ? table.innerText : "");
            const bytes = new TextEncoder().encode(parts.join("\\n"));
            const digest = await crypto.subtle.digest("SHA-256", bytes);
            return Array.from(new Uint8Array(digest)).map(b => b.toString(16).padStart(2, "0")).join("");
        }""", list(PLOTS))

    def settled(self, timeout: float = 90) -> None:
        """Wait until the page shows the state of its address, the scenario's replications are in
        and every chart and the map have drawn exactly that."""
        self.page.wait_for_function("""(plots) => {
            const status = document.querySelector('.tp-status[data-complete="yes"][data-band="yes"]');
            return status && status.dataset.shown === status.dataset.wanted
                && status.dataset.link === location.search.replace(/^[?]/, "")
                && (document.querySelector('.tp-difference-table') || {dataset: {}}).dataset.key === status.dataset.key
                && plots.every(name => {
                const el = document.querySelector(`[data-chart="${name}"]`);
                return el && (el.dataset.key || "").startsWith(status.dataset.key + "|"); }); }""",
                                    arg=list(PLOTS), timeout=timeout * 1000, polling=20)

    def wanted(self) -> str:
        """The digest of the session's current scenario (scale and seed included)."""
        return self.page.get_attribute(".tp-status", "data-wanted") or ""

    def wait_shown(self, previous: str, chart: str = "hard_to_fill_vacancies", timeout: float = 60) -> float:
        """Wait until the scenario is no longer ``previous`` (a ``wanted()`` digest) and the run of
        the new one is drawn in ``chart``; returns the seconds waited."""
        began = time.perf_counter()
        self.page.wait_for_function("""([previous, chart]) => {
            const status = document.querySelector('.tp-status');
            const plot = document.querySelector(`[data-chart="${chart}"]`);
            const wanted = status && status.dataset.wanted;
            return wanted && wanted !== previous && status.dataset.shown === wanted
                && plot && (plot.dataset.key || "").includes(wanted); }""",
                                    arg=[previous, chart], timeout=timeout * 1000, polling=5)
        return time.perf_counter() - began

    def wait_key_change(self, chart: str, old: str, timeout: float = 30) -> float:
        """Wait until the chart shows something else than ``old``; returns the seconds waited."""
        began = time.perf_counter()
        self.page.wait_for_function("([chart, old]) => {"
                                    " const el = document.querySelector(`[data-chart=\"${chart}\"]`);"
                                    " return el && el.dataset.key && el.dataset.key !== old; }",
                                    arg=[chart, old], timeout=timeout * 1000, polling=10)
        return time.perf_counter() - began

    def wait_band(self, timeout: float = 90) -> None:
        """Wait until the baseline's band (computed ahead by the server's workers) is drawn."""
        self.page.wait_for_selector('.tp-status[data-band="yes"]', state="attached", timeout=timeout * 1000)

    def wait_idle(self, timeout: float = 60) -> None:
        """Wait until no run is in progress (the progress bar is gone)."""
        self.page.wait_for_function("() => !document.querySelector('.tp-busy .v-progress-linear')",
                                    timeout=timeout * 1000)

    def message(self) -> str:
        return self.page.inner_text(".tp-message-text", timeout=20_000)

    # Acting ------------------------------------------------------------------------------------

    def switch(self, kind: str) -> None:
        """Switch an intervention on or off."""
        self.page.click(f".tp-switch-{kind} input")

    def slider(self, owner: str, field: str) -> Locator:
        return self.page.locator(f".tp-number-{owner}-{field} .v-slider-thumb").first

    def number_box(self, owner: str, field: str) -> Locator:
        return self.page.locator(f".tp-number-{owner}-{field} .tp-number-input input")

    def choose_preset(self, name: str) -> None:
        """Pick a preset from the list (which draws only the items in view: scroll to find it)."""
        self.page.click(".tp-preset")
        menu = self.page.locator(".v-overlay-container .v-list").first
        menu.wait_for()
        item = self.page.locator(".v-overlay-container .v-list-item-title").get_by_text(name, exact=True)
        for _ in range(30):
            if item.count():
                item.first.dispatch_event("click")  # not a mouse click: the list may still be scrolling
                return
            menu.evaluate("list => list.scrollBy(0, 150)")
            self.page.wait_for_timeout(50)
        raise AssertionError(f"preset {name!r} not in the list")

    def apply_preset(self, name: str, timeout: float = 60) -> None:
        """Choose a preset and wait until its run is drawn."""
        previous = self.wanted()
        self.choose_preset(name)
        self.wait_shown(previous, timeout=timeout)

    def map_point(self, landsdeel: str) -> tuple[float, float]:
        """Page coordinates of a landsdeel's label on the map."""
        return tuple(self.page.evaluate("""(name) => {
            const plot = document.querySelector('[data-chart="map"] .js-plotly-plot');
            const trace = plot.data.find(t => t.name === "landsdelen");
            const i = trace.customdata.indexOf(name);
            const xa = plot._fullLayout.xaxis, ya = plot._fullLayout.yaxis;
            const box = plot.getBoundingClientRect();
            return [box.left + xa._offset + xa.l2p(trace.x[i]), box.top + ya._offset + ya.l2p(trace.y[i])];
        }""", landsdeel))

    def click_landsdeel(self, landsdeel: str) -> None:
        x, y = self.map_point(landsdeel)
        self.page.mouse.move(x, y)
        self.page.mouse.click(x, y)

    def upload(self, name: str, content: bytes) -> None:
        self.page.set_input_files(".tp-upload-toml input.tp-upload-input",
                                  files=[{"name": name, "mimeType": "text/plain", "buffer": content}])

    def download(self, selector: str) -> tuple[str, bytes]:
        """Click a download button; returns the file's suggested name and content."""
        with self.page.expect_download(timeout=30_000) as info:
            self.page.click(f"{selector} button")
        download = info.value
        return download.suggested_filename, Path(download.path()).read_bytes()


MONTHS_PLAYED = ("(() => { const label = document.querySelector('.tp-play-date'); if (!label) return -1;"
                 " const [month, year] = label.innerText.match(/(\\d\\d)-(\\d{4})/).slice(1).map(Number);"
                 " return (year - 2023) * 12 + month - 1; })()")
"""JavaScript: how many months play mode has stepped (-1 outside play mode)."""

