"""A curator's day in Chromium: sign in, tag, see public search change, bulk-tag, revert, sign out.

The site runs on a real WSGI server over a catalogue of its own (the search tests' real
ITU titles, built in a second), so the shared read-only catalogue stays untouched.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from index.search import paths_for, rebuild
from itucat.config import load_config, with_overrides
from tests.live_server import serving
from tests.search.catalogue import build_store

PASSWORD = "amina-curator-password"


@pytest.fixture
def curator_site(tmp_path: Path) -> Iterator[str]:
    """The site with the workspace on 127.0.0.1:<free port>, one curator account."""
    from app import create_app

    store = build_store(tmp_path)
    rebuild(store, paths_for(tmp_path))
    store.accounts.add("amina", "curator", PASSWORD, actor="test")
    store.close()
    config = with_overrides(load_config(env={}), store={"data_dir": str(tmp_path)})
    app = create_app(config, SECRET_KEY="browser-test", TESTING=True)
    with serving(app) as url:
        yield url
    app.extensions["itucat_catalogue"].close()


def public_numbers(browser, base: str, query: str) -> list[str]:
    """The document numbers a new reader (not signed in, nothing cached) finds for a search.

    A new browser context each time: the site lets browsers keep public pages for a few
    minutes (app.cache_seconds), so a reader who looked before may see the page cached.
    """
    context = browser.new_context()
    try:
        reader = context.new_page()
        reader.goto(f"{base}/search?{query}")
        assert "/curate" not in reader.content()
        return [n.strip() for n in reader.locator(".hit .num").all_inner_texts()]
    finally:
        context.close()


def assert_no_serious_violations(page) -> None:
    """axe-core finds nothing serious or critical on the page as it is."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    serious = [(v["id"], len(v["nodes"])) for v in found if v["impact"] in ("serious", "critical")]
    assert not serious, serious


def test_curator_flow(browser, page, curator_site, screenshots):
    base = curator_site
    assert "L.Suppl.27" not in public_numbers(browser, base, "q=e-waste&dc=yes")

    # sign in
    page.goto(f"{base}/curate/")
    assert "/auth/sign-in" in page.url
    page.fill("#name", "amina")
    page.fill("#password", PASSWORD)
    page.click("form.cur-form button[type=submit]")
    page.wait_for_url(f"{base}/curate/")
    assert page.locator("h1").inner_text() == "Curator workspace"

    # tag one document from its public page; a reader's search shows it at once
    page.goto(f"{base}/documents/L.Suppl.27")
    panel = page.locator("section.cur-panel")
    panel.locator("input[name=relevance][value=yes]").check()
    panel.locator("#panel-reason").fill("Success stories from developing economies")
    panel.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "search shows them now" in panel.inner_text()
    assert "Success stories from developing economies" in page.content()
    page.screenshot(path=str(screenshots / "curator-tagged.png"), full_page=True)
    assert "L.Suppl.27" in public_numbers(browser, base, "q=e-waste&dc=yes")

    # bulk-tag every result of a search
    page.goto(f"{base}/search?q=imt-2020")
    page.click("text=Bulk-tag these results")
    page.wait_for_url("**/curate/bulk?q=imt-2020")
    targets = [n.strip() for n in page.locator("table.cur-pick .num").all_inner_texts()]
    assert len(targets) >= 3
    page.check("input[name=scope][value=all]")
    page.select_option("#op", "add")
    page.select_option("#tag", "region:africa")
    page.fill("#reason", "IMT-2020 roll-out in Africa")
    page.screenshot(path=str(screenshots / "curator-bulk.png"), full_page=True)
    page.click("text=Apply as one batch")
    # "all N documents": a confirmation says N and the change before anything is applied
    change = page.locator(".cur-change").inner_text()
    assert change == f"Add “Africa” to {len(targets)} documents"
    assert not set(targets) & set(public_numbers(browser, base, "region=africa"))
    page.screenshot(path=str(screenshots / "curator-bulk-confirm.png"), full_page=True)
    assert_no_serious_violations(page)
    page.click(f"text=Apply to all {len(targets)} documents")
    page.wait_for_url("**/curate/batches/*")
    assert "Region: added: Africa" in page.locator("dl.facts").inner_text()
    assert "region:africa" not in page.locator("dl.facts").inner_text()
    assert f"Batch of {len(targets)} change(s) saved." in page.content()
    assert set(targets) <= set(public_numbers(browser, base, "region=africa"))

    # revert the whole batch
    page.fill("#reason", "Wrong region")
    page.click("text=Revert the whole batch")
    page.wait_for_load_state()
    assert f"Batch reverted: {len(targets)} change(s) undone." in page.content()
    page.screenshot(path=str(screenshots / "curator-reverted.png"), full_page=True)
    assert not set(targets) & set(public_numbers(browser, base, "region=africa"))

    # sign out: the workspace is closed again
    page.click("form.cur-out button")
    page.wait_for_url("**/auth/sign-in")
    assert "You are signed out." in page.content()
    page.goto(f"{base}/curate/")
    assert "/auth/sign-in" in page.url
