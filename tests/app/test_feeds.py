"""Atom feeds of searches, CSV and JSON exports, OpenSearch, sitemap and robots.txt."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from tests.app.helpers import soup

ATOM = "{http://www.w3.org/2005/Atom}"


def test_every_search_page_links_its_feed_and_the_feed_parses(client):
    page = soup(client.get("/search?q=e-waste&dc=yes"))
    link = page.select_one("link[rel=alternate][type='application/atom+xml']")["href"]
    response = client.get(link)
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    entries = feed.findall(f"{ATOM}entry")
    assert entries and feed.find(f"{ATOM}title").text.startswith("ITU-T Catalogue: “e-waste”")
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    first = entries[0].find(f"{ATOM}link").get("href")
    assert client.get(first.replace("http://localhost", "")).status_code == 200


def test_feed_in_french_has_french_labels(client):
    feed = ET.fromstring(client.get("/fr/search.atom?type=Supplement").data)
    assert feed.find(f"{ATOM}title").text.startswith("Catalogue de l'UIT-T")
    labels = [c.get("label") for c in feed.iter(f"{ATOM}category")]
    assert "Supplément" in labels


def test_csv_export_is_bounded(app, client):
    response = client.get("/search.csv?all=1")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    limit = app.config["ITUCAT_APP"].export_limit
    assert 0 < len(rows) <= limit and rows[0]["number"] and rows[0]["page"]


def test_json_export(client):
    body = client.get("/search.json?q=e-waste").get_json()
    assert body["ok"] and body["count"] == len(body["results"]) <= body["limit"]
    assert body["truncated"] is (body["total"] > body["count"])


def test_opensearch_is_linked_from_every_page_and_valid(client):
    for path in ("/", "/search?q=x", "/documents/L.1700", "/topics", "/status"):
        page = soup(client.get(path))
        assert page.select_one("link[rel=search]")["href"] == "/opensearch.xml", path
    doc = ET.fromstring(client.get("/opensearch.xml").data)
    templates = [u.get("template") for u in doc.iter("{http://a9.com/-/spec/opensearch/1.1/}Url")]
    assert any(t.endswith("/search?q={searchTerms}") for t in templates)


def test_sitemap_and_robots(client):
    root = ET.fromstring(client.get("/sitemap.xml").data)
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "http://localhost/documents/L.1700" in locs and len(locs) > 500
    assert "Sitemap: http://localhost/sitemap.xml" in client.get("/robots.txt").get_data(
        as_text=True)
