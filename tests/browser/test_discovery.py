"""Queries typed into the real page in Arabic and Chinese (issue 8), and the filter chip
and the correction a reader clicks, in Debian's Chromium."""

from __future__ import annotations

import re

import pytest


def numbers(page) -> list[str]:
    return page.locator("ol.hits .num").all_inner_texts()


@pytest.mark.parametrize(("lang", "query"), [("ar", "النطاق العريض الريفي"), ("zh", "农村宽带")])
def test_a_query_typed_in_arabic_or_chinese_finds_the_english_texts(
        page, live_server, screenshots, lang, query):
    page.goto(f"{live_server}/search?q=rural+broadband")
    english = numbers(page)
    assert english
    page.goto(f"{live_server}/{lang}/")
    box = page.locator("form[role=search] input[name=q]").first
    box.click()
    box.type(query)  # typed key by key, as a reader's keyboard does
    box.press("Enter")
    page.wait_for_url(re.compile(rf"/{lang}/search\?q="))
    said = page.locator("p.understood")
    assert said.count() == 1
    assert sorted(said.locator("strong").inner_text().split()) == ["broadband", "rural"]
    assert query in said.locator("bdi").inner_text()
    assert numbers(page) == english
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    page.screenshot(path=str(screenshots / f"search-{lang}.png"), full_page=True)
    # The words as typed: one click, no translation.
    said.get_by_role("link").click()
    page.wait_for_url(re.compile(r"verbatim=1"))
    assert page.locator("p.understood").count() == 0


def test_a_filter_chip_and_a_correction_in_the_browser(page, live_server):
    page.goto(f"{live_server}/search?q=e-waste+in+Kenya")
    chip = page.locator(".intents a")
    assert "Africa" in chip.inner_text()
    chip.click()
    page.wait_for_url(re.compile(r"ignore=region"))
    assert page.locator(".intents").count() == 0
    page.goto(f"{live_server}/search?q=telecomunication")
    shown = page.locator("p.corrected, p.dym").first
    assert "telecommunication" in shown.inner_text()
