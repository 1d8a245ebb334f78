"""Fixtures of the browser tests: Debian's Chromium driven by Playwright, on the live site.

Chromium comes from the system (`apt-get install chromium`, done by .ci/run): Playwright
never downloads a browser here. Without either, the tests skip and say why.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.conftest import app, live_server  # noqa: F401 - shared fixtures

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
# Screenshots the browser tests take (Arabic, Chinese, phone, curator pages): CI keeps this
# folder as an artefact (.ci/run names it); var/ is ignored by git.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """A headless Chromium (skips when Playwright or /usr/bin/chromium is missing)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh page with JavaScript on, 1280 px wide."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where screenshots go (SCREENSHOTS, ignored by git, kept by CI)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
