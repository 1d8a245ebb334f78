"""The site on a real server: bytes on the wire with gzip, ETags and 304, headers."""

from __future__ import annotations

import re

import requests
from bs4 import BeautifulSoup

BUDGET = 25_000  # bytes on the wire for a search or document page, stylesheet included
PAGES = ["/search?q=e-waste", "/search?q=rural+developing+countries&dc=yes",
         "/documents/L.1700", "/ar/documents/L.1700", "/fr/search?q=tariff&all=1"]


def wire(url: str, session: requests.Session) -> tuple[int, requests.Response]:
    """Bytes received for a URL with gzip accepted (headers not counted)."""
    response = session.get(url, headers={"Accept-Encoding": "gzip"}, stream=True)
    body = response.raw.read(decode_content=False)
    return len(body), response


def test_pages_fit_the_budget_with_their_stylesheet(live_server):
    session = requests.Session()
    for path in PAGES:
        size, response = wire(live_server + path, session)
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == "gzip"
        html = BeautifulSoup(requests.get(live_server + path).text, "lxml")
        extra = 0
        for link in html.select("link[rel=stylesheet], script[src]"):
            url = link.get("href") or link.get("src")
            extra += wire(live_server + url, session)[0]
        assert size + extra <= BUDGET, (path, size, extra)


def test_etag_gives_304(live_server):
    url = live_server + "/documents/L.1700"
    first = requests.get(url)
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, no-cache"  # revalidated by ETag
    again = requests.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.content


def test_static_files_are_versioned_compressed_and_cached(live_server):
    page = BeautifulSoup(requests.get(live_server + "/").text, "lxml")
    css = page.select_one("link[rel=stylesheet]")["href"]
    assert re.search(r"\?v=[0-9a-f]{12}$", css)
    response = requests.get(live_server + css)
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "gzip"
    assert requests.get(live_server + css, headers={
        "If-None-Match": response.headers["ETag"]}).status_code == 304
    script = page.select_one("script[src]")["src"]
    assert len(requests.get(live_server + script).content) < 10_000
    assert requests.get(live_server + "/static/../app/__init__.py").status_code == 404


def test_security_headers_and_no_inline_code(live_server):
    for path in ("/", "/search?q=x", "/documents/L.1700", "/nope", "/api/v1/search?q=x"):
        response = requests.get(live_server + path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        if response.headers["Content-Type"].startswith("text/html"):
            html = BeautifulSoup(response.text, "lxml")
            assert all(s.get("src") for s in html.select("script"))
            assert not html.select("[style], style")
            assert not any(a.startswith("on") for tag in html.find_all(True) for a in tag.attrs)


def test_user_values_are_escaped(live_server):
    evil = "\"><script>alert(1)</script>"
    for path in ("/search", "/search.atom", "/regions/africa"):
        response = requests.get(live_server + path, params={"q": evil, "topic": evil})
        assert "<script>alert(1)" not in response.text, path
    response = requests.get(live_server + "/api/v1/search", params={"q": evil})
    assert response.headers["Content-Type"] == "application/json"  # data, never markup
