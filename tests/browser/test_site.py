"""The site in a real browser: a reader's path, JavaScript off, Arabic, and axe-core."""

from __future__ import annotations

import re

import pytest


def count(page) -> int:
    return int(re.sub(r"\D", "", page.locator("p.count").inner_text().split()[0]))


def test_reader_path(page, live_server, screenshots):
    page.goto(live_server + "/")
    page.screenshot(path=str(screenshots / "home.png"), full_page=True)
    page.get_by_label("Search ITU-T texts").fill("e-waste")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/search\?q=e-waste"))
    total = count(page)
    page.locator("aside.facets section", has_text="Type").get_by_role(
        "link", name=re.compile("^Supplement")).click()
    page.locator("aside.facets section", has_text="Year").locator("a").first.click()
    assert page.locator(".active a").count() == 2
    assert 0 < count(page) < total
    page.screenshot(path=str(screenshots / "results.png"), full_page=True)
    feed = page.locator("link[rel=alternate][type='application/atom+xml']").get_attribute("href")
    page.locator("ol.hits h3 a").first.click()
    page.wait_for_url(re.compile(r"/documents/"))
    assert page.locator("h2", has_text="Download from ITU").count() == 1
    page.screenshot(path=str(screenshots / "document.png"), full_page=True)
    page.locator("nav.langs a[lang=ar]").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    page.screenshot(path=str(screenshots / "document-ar.png"), full_page=True)
    response = page.request.get(live_server + feed)
    assert response.ok and "<feed" in response.text()


def test_works_with_javascript_off(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/search?q=tariff")
    page.select_option("select#sort", "newest")
    page.get_by_role("button", name="Apply").click()
    assert "sort=newest" in page.url and count(page) > 0
    page.locator("nav.pages a[rel=next]").click()
    assert "page=2" in page.url
    page.locator("details summary").first.click()  # "More" facet values open without script
    context.close()


def test_a_superseded_text_names_its_successor_and_an_old_number_lands_on_its_text(
        page, live_server, screenshots):
    page.goto(live_server + "/documents/L.43")
    banner = page.locator("article header .banner")
    assert banner.is_visible() and "Superseded by" in banner.inner_text()
    page.screenshot(path=str(screenshots / "document-superseded.png"), full_page=True)
    banner.get_by_role("link", name="L.101").click()
    page.wait_for_url(re.compile(r"/documents/L\.101$"))
    page.locator("details", has_text="Summary of this edition").first.locator(
        "summary").click()  # an older edition's own summary opens in place
    page.goto(live_server + "/documents/D.103/E.231")  # ITU's old spelling of D.103
    assert page.url.endswith("/documents/D.103")
    page.goto(live_server + "/ar/documents/L.43")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.screenshot(path=str(screenshots / "document-superseded-ar.png"), full_page=True)


@pytest.mark.parametrize("path", ["/", "/search?q=e-waste&dc=yes", "/documents/L.1700",
                                  "/ar/documents/L.1021", "/topics", "/status",
                                  "/search?q=zzzqqq", "/documents/L.43", "/documents/D.170",
                                  "/ar/search?q=rural", "/zh/search?q=rural", "/status/changes",
                                  "/regions/cis",
                                  "/fr/search?q=haut+d%C3%A9bit+rural",
                                  "/search?q=e-waste+in+Kenya"])
def test_no_serious_accessibility_violations(page, live_server, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(live_server + path)
    results = Axe().run(page)
    serious = [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert not serious, serious
