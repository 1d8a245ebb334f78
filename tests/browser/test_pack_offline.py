"""An offline pack opened from a file:// URL in Chromium: styled, links work with no server
(every request is refused but file://), sizes shown."""

from __future__ import annotations

import io
import zipfile

BRAND = "rgb(0, 70, 127)"  # site.css --brand: the bundled stylesheet applied


def test_pack_works_from_a_usb_stick(app, page, tmp_path, screenshots):
    data = app.test_client().get("/es/packs/download?region=africa").data
    usb = tmp_path / "usb"
    zipfile.ZipFile(io.BytesIO(data)).extractall(usb)
    refused: list[str] = []

    def only_files(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", only_files)
    page.goto((usb / "index.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.evaluate("getComputedStyle(document.querySelector('header.top'))"
                         ".backgroundColor") == BRAND
    first = page.locator("ol.hits a").first
    number = first.locator(".num").inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith((usb / "documents").as_uri())
    assert page.locator("h1 .num").inner_text() == number
    assert page.evaluate("getComputedStyle(document.querySelector('header.top'))"
                         ".backgroundColor") == BRAND
    sizes = page.locator("table.files td:nth-child(3)").all_inner_texts()
    assert sizes and all(s.strip() for s in sizes)
    page.screenshot(path=str(screenshots / "pack-document-es.png"), full_page=True)
    page.locator("a.brand").click()
    page.wait_for_load_state()
    assert page.url == (usb / "index.html").as_uri()
    assert page.locator("a[href='catalogue.csv']").count() == 1
    assert refused == []  # nothing but the pack's own files was needed


def _serious(page) -> list[tuple[str, str, int]]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [(v["id"], v["impact"], len(v["nodes"])) for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")]


def test_pack_pages_have_no_serious_accessibility_violations(app, page, live_server, tmp_path):
    for path in ("/packs?region=africa", "/ar/packs?topic=numbering-tariffs", "/collections"):
        page.goto(live_server + path)
        assert _serious(page) == [], path
    usb = tmp_path / "usb"
    zipfile.ZipFile(io.BytesIO(app.test_client().get(
        "/ar/packs/download?region=africa").data)).extractall(usb)
    page.goto((usb / "index.html").as_uri())
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert _serious(page) == []
