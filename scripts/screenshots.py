"""Regenerate the studio's screenshots in ``docs/screenshots/``, in Dutch and English:

    .venv/bin/python scripts/screenshots.py

* ``studio-main-{nl,en}.png``: the Aanvalsplan 2022 against the baseline, with the bands and the
  key figures' intervals complete;
* ``studio-compare-{nl,en}.png``: Techniekpact 2013 pinned against Aanvalsplan 2022;
* ``studio-presenter-{nl,en}.png``: the presentation layout at 1280x720.

It serves the studio and drives Debian's chromium with the browser tests' helpers
(``tests/browser.py``), so the pictures are of the page as the tests see it.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
browser_helpers = importlib.import_module("browser")
FOLDER = REPO / "docs" / "screenshots"


def shoot(url: str, browser: object, lang: str) -> list[Path]:
    """The three screenshots in ``lang``."""
    query = "" if lang == "nl" else "lang=en"
    studio = browser_helpers.StudioPage(browser, url, width=1600, height=1200)
    written = []
    try:
        studio.open(query)
        studio.apply_preset("aanvalsplan-2022")
        studio.settled()
        written.append(FOLDER / f"studio-main-{lang}.png")
        studio.page.screenshot(path=str(written[-1]), full_page=True)
        studio.apply_preset("techniekpact-2013")
        studio.page.click(".tp-pin")
        studio.apply_preset("aanvalsplan-2022")
        studio.settled()
        written.append(FOLDER / f"studio-compare-{lang}.png")
        studio.page.screenshot(path=str(written[-1]), full_page=True)
    finally:
        studio.close()
    presenter = browser_helpers.StudioPage(browser, url, width=1280, height=720)
    try:
        presenter.open(query)
        presenter.apply_preset("aanvalsplan-2022")
        presenter.page.click(".tp-presenter-switch input")
        presenter.page.locator(".tp-root.tp-presenter").wait_for()
        presenter.settled()
        written.append(FOLDER / f"studio-presenter-{lang}.png")
        presenter.page.screenshot(path=str(written[-1]))
    finally:
        presenter.close()
    return written


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    with browser_helpers.solara_server() as url, browser_helpers.chromium() as browser:
        for lang in ("nl", "en"):
            for path in shoot(url, browser, lang):
                print(path.relative_to(REPO))


if __name__ == "__main__":
    main()
