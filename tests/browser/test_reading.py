"""Reading in Chromium (issue 12, points 1-3 and 11): Arabic pages keep a number and an
English title apart, Chinese pages, the 360 px phone layout with its filters at the top, and
the curator's review queue on a phone. Screenshots: tests/browser/conftest.py SCREENSHOTS."""

from __future__ import annotations

import pytest

from tests.browser.test_curator_flow import (  # noqa: F401 - curator_site is a fixture
    PASSWORD,
    assert_no_serious_violations,
    curator_site,
)

PHONE = {"width": 360, "height": 640}


def boxes_apart(page, selector: str) -> list[str]:
    """For each element of `selector` (holding a .num and a .ttl): why their boxes overlap,
    or nothing when the number's box lies wholly to one side of, or above, the title's."""
    return page.evaluate("""(selector) => {
        const bad = [];
        for (const el of document.querySelectorAll(selector)) {
            const n = el.querySelector('.num').getBoundingClientRect();
            const t = el.querySelector('.ttl').getBoundingClientRect();
            const apart = n.left >= t.right - 0.5 || n.right <= t.left + 0.5
                || n.bottom <= t.top + 0.5;
            if (!apart) bad.push(el.textContent.trim().slice(0, 60));
        }
        return bad;
    }""", selector)


@pytest.mark.parametrize("width", [1280, 360])
def test_arabic_pages_keep_number_and_english_title_apart(browser, live_server, screenshots,
                                                          width):
    viewport = PHONE if width == 360 else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=viewport, locale="ar")
    page = context.new_page()
    page.goto(live_server + "/ar/search?q=rural")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("ol.hits a.dt").count() >= 3
    assert boxes_apart(page, "ol.hits a.dt") == []
    # and the number is on the right, where an Arabic reader starts
    first = page.locator("ol.hits a.dt").first
    number = first.locator(".num").bounding_box()
    title = first.locator(".ttl").bounding_box()
    assert number["x"] >= title["x"]
    page.screenshot(path=str(screenshots / f"ar-results-{width}.png"), full_page=width > 360)
    page.goto(live_server + "/ar/documents/L.1700")
    assert boxes_apart(page, "h1 .dt") == []
    page.screenshot(path=str(screenshots / f"ar-document-{width}.png"))
    context.close()


def test_chinese_pages(browser, live_server, screenshots):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server + "/zh/search?q=rural")
    assert page.locator("html").get_attribute("lang") == "zh"
    assert page.locator("aside.facets h3", has_text="知识类别").is_visible()
    page.screenshot(path=str(screenshots / "zh-results.png"), full_page=True)
    page.goto(live_server + "/zh/documents/L.1700")
    page.screenshot(path=str(screenshots / "zh-document.png"), full_page=True)
    context.close()


def test_phone_filters_are_within_the_first_screen_without_javascript(browser, live_server,
                                                                       screenshots):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/search?q=rural&type=Supplement")
    control = page.locator("p.to-filters a")
    assert control.is_visible() and control.inner_text() == "Filters (1)"
    box = control.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(screenshots / "phone-results.png"))
    control.click()
    refine = page.locator("#h-refine").bounding_box()
    assert -2 <= refine["y"] < PHONE["height"]  # the Refine panel is on screen now
    page.screenshot(path=str(screenshots / "phone-filters.png"))
    page.locator("p.to-results a").click()
    assert page.evaluate("window.scrollY") < 200
    context.close()


def test_the_1280px_layout_is_unchanged(page, live_server):
    page.goto(live_server + "/search?q=rural")
    assert not page.locator("p.to-filters").is_visible()
    assert not page.locator("p.to-results").is_visible()
    results = page.locator("div.results > div.list").bounding_box()
    facets = page.locator("aside.facets").bounding_box()
    assert facets["x"] >= results["x"] + results["width"]  # Refine beside the results
    assert abs(facets["y"] - results["y"]) < 5


def test_review_queue_fits_a_phone(browser, curator_site, screenshots):  # noqa: F811
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{curator_site}/auth/sign-in")
    page.fill("#name", "amina")
    page.fill("#password", PASSWORD)
    page.click("form.cur-form button[type=submit]")
    page.wait_for_url(f"{curator_site}/curate/")
    for path in ("/curate/review", "/curate/", "/curate/documents/Y.4218", "/curate/audit",
                 "/curate/bulk?q=iot"):
        page.goto(curator_site + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.evaluate("window.innerWidth"), (path, width)
    page.goto(curator_site + "/curate/review")
    assert page.locator("form.cur-decide").count() >= 1
    assert_no_serious_violations(page)
    page.screenshot(path=str(screenshots / "phone-review-queue.png"), full_page=True)
    context.close()
