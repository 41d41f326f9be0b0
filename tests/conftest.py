"""Shared test settings. Under CI (``CI`` set) a skipped test fails the run: every test must run there."""

from __future__ import annotations

import os

import pytest


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("CI") and skipped and exitstatus == 0:
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped; every test must run in CI", red=True)
        session.exitstatus = 1


@pytest.fixture(scope="module")
def server():
    """One studio server per browser-test module (``tests/browser.py``)."""
    from browser import solara_server
    with solara_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """One Debian chromium per browser-test module (``tests/browser.py``)."""
    from browser import chromium
    with chromium() as launched:
        yield launched
