"""Reading the catalogue (issue 12, points 1-9): right-to-left pages isolate ITU's English,
the kind of knowledge is a facet, ids are unique, lists are ordered and explained in
sentences, every region has a page, /status says what it leaves out, exports say their cap."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

import pytest
from flask import Flask

from app import create_app
from app.i18n import LANGUAGES
from index.supplements import natural_key
from index.tags.taxonomy import load_taxonomy
from itucat.config import with_overrides
from tests.app.catalogue import site_config
from tests.app.helpers import soup

# One page of every kind the public site has (the curator's pages: tests/curate).
PAGE_KINDS = ["/", "/search?q=rural", "/search?q=zzzqqq", "/search?dc=yes", "/documents/L.1700",
              "/documents/L.43", "/documents/L.1021", "/topics", "/regions", "/study-groups",
              "/types", "/topics/e-waste", "/regions/cis", "/status", "/status/changes",
              "/documents/Q.9999"]


def duplicate_ids(page) -> list[str]:
    counts = Counter(tag["id"] for tag in page.find_all(id=True))
    return [name for name, n in counts.items() if n > 1]


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_no_page_has_a_duplicate_id(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    from bs4 import BeautifulSoup

    assert duplicate_ids(BeautifulSoup(response.get_data(as_text=True), "lxml")) == []


def test_rtl_pages_isolate_numbers_and_english_titles(client):
    results = soup(client.get("/ar/search?q=rural"))
    hits = results.select("ol.hits li.hit")
    assert hits
    for hit in hits:
        heading = hit.select_one("a.dt")
        number, title = heading.select_one("bdi.num"), heading.select_one("bdi.ttl")
        assert number["dir"] == "ltr" and (title["dir"], title["lang"]) == ("ltr", "en")
    # a facet value in ITU's English words (no label in the reader's language) is marked so
    latin = [a.bdi for a in results.select("aside.facets li a")
             if re.search(r"[A-Za-z]{3}", a.bdi.get_text())]
    assert all(b.get("lang") == "en" and b.get("dir") == "ltr" for b in latin), latin
    doc = soup(client.get("/ar/documents/L.1700"))
    assert doc.select_one("h1 .dt bdi.num[dir=ltr]").get_text() == "L.1700"
    assert doc.title.get_text().startswith("\u2066L.1700\u2069 \u2068Requirements")
    relations = doc.select("ul.rel li")
    assert relations and all(li.select_one("a bdi[dir=ltr]") for li in relations)
    assert all(b["lang"] == "en" for li in relations for b in li.select("bdi[lang]"))
    status = soup(client.get("/ar/status"))
    assert status.select("#h-changed ~ ul.rel li a bdi[dir=ltr]")
    feed = client.get("/ar/search.atom?q=rural").get_data(as_text=True)
    assert '<title xml:lang="en">' in feed and '<feed xmlns="http://www.w3.org/2005/Atom" ' \
        'xml:lang="ar">' in feed


def test_english_pages_keep_their_markup_plain(client):
    page = soup(client.get("/en/documents/L.1700"))
    assert not page.select("main [lang=en]")  # English pages need no language marks


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_kind_of_knowledge_is_offered_and_shown_in_every_language(client, code):
    from flask_babel import force_locale

    from app.labels import facet_label, value_label

    page = soup(client.get(f"/{code}/search?q=e-waste"))
    with client.application.test_request_context(), force_locale(code):
        heading = facet_label("kind")
        best = value_label("kind", "best-practice")
    if code != "en":
        assert heading != "Kind of knowledge" and best != "Best practice"
    sections = {s.h3.get_text(strip=True): s for s in page.select("aside.facets section")}
    assert heading in sections
    links = sections[heading].select("a")
    assert any(a.get_text(" ", strip=True).startswith(best) for a in links)
    assert all("kind=" in a["href"] for a in links)
    cards = [p.get_text(" ", strip=True) for p in page.select("li.hit p.kinds")]
    assert any(best in text for text in cards)


def test_relation_lists_are_in_natural_order_with_a_status_element(client):
    page = soup(client.get("/documents/L.1700"))
    lists = page.select("ul.rel")
    assert lists
    for ul in lists:
        labels = [li.a.get_text(strip=True) for li in ul.find_all("li", recursive=False)]
        assert labels == sorted(labels, key=natural_key), labels
    statuses = page.select("ul.rel li .badge")
    assert statuses and all(b.get_text(strip=True) in ("In force", "Superseded", "Withdrawn",
                                                        "Published", "Unknown")
                            for b in statuses)
    assert all(not li.get_text().rstrip().endswith(" In force")
               or li.select_one(".badge") for li in page.select("ul.rel li"))


EVIDENCE = [
    {"rule": "names-developing-countries", "label": "Names developing countries",
     "field": "title", "match": "developing countries", "context": "…in developing countries"},
    {"rule": "global", "label": "Global", "field": "none", "match": "",
     "context": "no evidence for a particular region"},
    {"rule": "subseries", "label": "ITU-T sub-series", "field": "number", "match": "L.1700",
     "context": "L.1700-L.1799"},
    {"rule": "economic-tariff", "label": "Economic", "field": "number", "match": "D.50",
     "context": None},
    {"rule": "tutorial", "label": "Tutorial", "field": "type", "match": "Technical Paper",
     "context": None},
]


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_every_kind_of_evidence_reads_as_a_sentence(app: Flask, code):
    from bs4 import BeautifulSoup
    from flask import render_template_string
    from flask_babel import force_locale

    template = ('{% from "_explain.html" import evidence_line with context %}'
                '{% for e in evidence %}<li>{{ evidence_line(e) }}</li>{% endfor %}')
    with app.test_request_context(f"/{code}/"), force_locale(code):
        html = render_template_string(template, evidence=EVIDENCE,
                                      en=' lang="en" dir="ltr"' if code != "en" else "")
    with app.test_request_context("/"), force_locale("en"):
        english = render_template_string(template, evidence=EVIDENCE, en="")
    lines = [li.get_text("", strip=True) for li in BeautifulSoup(html, "lxml").select("li")]
    frames = [li.get_text("", strip=True) for li in BeautifulSoup(english, "lxml").select("li")]
    assert len(lines) == len(EVIDENCE)
    for line, frame in zip(lines, frames, strict=True):
        assert '“”' not in line and '""' not in line and "none" not in line, line
        assert line.rstrip().endswith((".", "。", "»", "”", "”", ")")) or "—" in line, line
        if code != "en":
            assert line != frame, (code, line)  # said in the reader's language
    assert "neither the title nor the summary" in frames[1]


def test_document_pages_explain_tags_in_sentences(client):
    for code in LANGUAGES:
        text = soup(client.get(f"/{code}/documents/L.1700")).select_one("#h-tags").parent
        words = text.get_text(" ", strip=True)
        assert "“”" not in words and "in the none" not in words and " none " not in words


def test_every_region_a_curator_can_choose_has_a_public_page(client):
    for rule in load_taxonomy().regions:
        response = client.get(f"/regions/{rule.id}")
        assert response.status_code == 200, rule.id
    listed = soup(client.get("/regions")).select("ul.links a")
    assert "/regions/cis" in {a["href"] for a in listed}
    assert client.get("/regions/atlantis").status_code == 404


def test_status_says_how_many_more_changed_and_links_the_full_list(client):
    page = soup(client.get("/status"))
    shown = page.select("#h-changed ~ ul.rel li")
    data = client.get("/api/v1/status").get_json()
    total = data["changed_total"]
    assert len(shown) == 50 < total
    more = page.select_one("#h-changed ~ p.more")
    assert f"and {total - 50:,} more" in more.get_text()
    assert more.a["href"] == "/status/changes"
    seen: list[str] = []
    number = 1
    while True:
        listing = client.get(f"/status/changes?page={number}&format=json").get_json()
        seen += [d["id"] for d in listing["changed"]]
        if number >= listing["pages"]:
            break
        number += 1
    assert len(seen) == len(set(seen)) == total
    assert client.get(f"/status/changes?page={number + 1}").status_code == 404
    for bad in ("x", "0", "²", "1001"):
        assert client.get(f"/status/changes?page={bad}").status_code == 400, bad
    html = soup(client.get("/status/changes?page=2"))
    assert html.select_one("ol.rel")["start"] == "101"


@pytest.fixture(scope="module")
def capped(site_catalogue) -> Flask:
    """The site with exports capped at 100 documents."""
    config = with_overrides(site_config(site_catalogue), app={"export_limit": 100})
    return create_app(config, SECRET_KEY="test-secret", TESTING=True)


def test_filters_are_named_in_the_title(client):
    page = soup(client.get("/search?dc=yes"))
    assert "Search · Developing countries: " in page.title.get_text()
    assert "Developing countries: " in " ".join(page.h1.get_text().split())
    plain = soup(client.get("/search?q=rural"))
    assert plain.title.get_text().startswith("Search: rural ·")


def test_export_cap_is_said_and_the_full_export_comes_in_parts(capped):
    client = capped.test_client()
    page = soup(client.get("/search?type=Recommendation"))
    total = client.get("/api/v1/search?type=Recommendation").get_json()["total"]
    assert total > 100
    cap = page.select_one("p.exports.cap")
    assert "at most 100 documents" in cap.get_text() and f"{total}" in cap.get_text()
    parts = [a["href"] for a in cap.select("a") if a.get_text().startswith("CSV")]
    assert len(parts) == (total + 99) // 100
    rows = []
    for href in parts:
        body = client.get(href).get_data(as_text=True)
        rows += [r["number"] for r in csv.DictReader(io.StringIO(body))]
    assert len(rows) == len(set(rows)) == total
    part2 = client.get(parts[1].replace("search.csv", "search.json")).get_json()
    assert part2["part"] == 2 and part2["count"] == min(100, total - 100)
    for bad in ("0", "x", "501", "-1", "²"):
        assert client.get(f"/search.csv?type=Recommendation&part={bad}").status_code == 400


def test_favicon_is_served_small_and_cached(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype.startswith("image/")
    assert len(icon.data) < 5000 and icon.data[:4] == b"\x00\x00\x01\x00"
    assert "max-age=604800" in icon.headers["Cache-Control"]
