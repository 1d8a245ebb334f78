"""Lineage on the site and in the API: the successor banner, old numbers as redirects,
each edition's own title and summary, supplements split, not-found publications, dates.

On the shared A, D, L catalogue: L.43 became L.101 (via the joint L.101/L.43), A.15 became
A.3 (itself withdrawn), D.103/E.231 is an old spelling of D.103, D.170 has supplements of
its own.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from tests.app.test_api import conforms, spec  # noqa: F401 - the shared OpenAPI fixture


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.data, "lxml")


def test_a_superseded_text_opens_with_its_successor(client):
    page = soup(client.get("/documents/L.43"))
    banner = page.select_one("article header .banner[role=note]")
    assert banner is not None
    text = " ".join(banner.get_text(" ").split())
    assert text.startswith("Superseded by L.101 (2015) — In force")
    assert banner.select_one("a")["href"] == "/documents/L.101"
    assert "Source: ITU's list of editions of the text (L.101/L.43 (08/2015))" in text
    # ... and the new text says what it replaced.
    new = soup(client.get("/documents/L.101"))
    assert "Replaces L.43 (2002)" in " ".join(new.select_one("article header").get_text(
        " ").split())
    assert new.select_one("article header .banner") is None


def test_a_chain_that_ends_withdrawn_says_so(client):
    page = soup(client.get("/documents/A.15"))
    text = " ".join(page.select_one(".banner").get_text(" ").split())
    assert text.startswith("Superseded by A.3 (1996) — Withdrawn")


def test_the_banner_is_translated(client):
    page = soup(client.get("/fr/documents/L.43"))
    text = " ".join(page.select_one(".banner").get_text(" ").split())
    assert text.startswith("Remplacé par L.101 (2015) — En vigueur")
    assert "Source :" in text


def test_an_old_number_redirects_for_good_and_the_api_says_where(client, spec):  # noqa: F811
    response = client.get("/documents/D.103/E.231")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/documents/D.103")
    assert client.get("/fr/documents/d.103/e.231").status_code == 301
    body = client.get("/api/v1/documents/D.103/E.231").get_json()
    conforms(spec, "DocumentAnswer", body)
    assert body["redirect"] == {"from": "D.103/E.231", "to": "D.103"}
    assert body["document"]["number"] == "D.103"
    assert "D.103/E.231" in body["document"]["aliases"]
    editions = [e["number"] for e in body["document"]["editions"]]
    assert "D.103/E.231 (11/1980)" in editions and "D.103 (06/1992)" in editions
    assert client.get("/documents/D.999/E.999").status_code == 404


def test_the_api_carries_lineage_with_its_source(client, spec):  # noqa: F811
    body = client.get("/api/v1/documents/L.43").get_json()
    conforms(spec, "DocumentAnswer", body)
    lineage = body["document"]["lineage"]
    assert [(r["number"], r["status"], r["year"]) for r in lineage["replaced_by"]] == [
        ("L.101", "In force", 2015)]
    assert lineage["replaced_by"][0]["source"] in ("rec.aspx", "getRecEditions")
    assert lineage["current"]["number"] == "L.101"
    assert lineage["current"]["page"].endswith("/documents/L.101")
    assert body["document"]["replaced_by"][0]["number"] == "L.101"  # the export's field
    assert "redirect" not in body
    # Search can follow it: the index payload names the successor.
    hits = client.get("/api/v1/search?q=L.43&all=1").get_json()["results"]
    old = next(h for h in hits if h["number"] == "L.43")
    assert old["replaced_by"][0]["number"] == "L.101"


def test_each_edition_shows_its_own_title_and_summary_where_they_differ(client):
    body = client.get("/api/v1/documents/D.170").get_json()["document"]
    older = [e for e in body["editions"] if e["title"] != body["title"] or (
        e["summary"] and e["summary"] != body["summary"])]
    assert older, "D.170's older editions have titles and summaries of their own"
    page = soup(client.get("/documents/D.170"))
    table = page.select_one("section[aria-labelledby=h-ed] table")
    own = [s.get_text() for s in table.select("span.own")]
    assert set(own) == {e["title"] for e in older if e["title"] and e["title"] != body["title"]}
    assert all(ed["edition"] for ed in body["editions"] if ed["kind"] == "edition")
    assert re.search(r"Edition \d", table.get_text(" "))
    details = table.select("details")
    assert details and details[0].summary.get_text() == "Summary of this edition"


def test_supplements_to_this_recommendation_apart_from_the_series(client):
    body = client.get("/api/v1/documents/D.170").get_json()["document"]
    own = [s["target"] for s in body["supplements"] if s["scope"] == "this"]
    assert own == ["D.170 Suppl.1", "D.170 Suppl.2", "D.170 Suppl.3", "D.170 Suppl.4",
                   "D.170 Suppl.5"]
    page = soup(client.get("/documents/D.170"))
    headings = [h.get_text() for h in page.find_all("h2")]
    assert "Supplements to this Recommendation" in headings
    # ITU's whole series list, sorted as a person sorts: Suppl. 4 before Suppl. 33.
    series = client.get("/api/v1/documents/L.1700").get_json()["document"]["supplements"]
    numbers = [int(s["target"].rsplit(".", 1)[1]) for s in series if s["scope"] == "series"
               and s["target"].startswith("L.Suppl.")]
    assert len(numbers) > 10 and numbers == sorted(numbers)


def test_word_non_breaking_hyphens_stay_hyphens(client):
    page = soup(client.get("/documents/L.Suppl.6"))
    summary = page.select_one("section[aria-labelledby=h-sum]").get_text(" ")
    assert "ITU-T L.1300" in summary and "ITU T" not in summary


def test_a_linked_publication_itu_cannot_find_is_shown_as_such(client):
    body = client.get("/api/v1/documents/L.22").get_json()["document"]
    missing = [r for r in body["related"] if r["not_found_upstream"]]
    assert missing, "L.22 links T-TUT-L-2015-GUIDE, which the mirror answers 404 for"
    page = soup(client.get("/documents/L.22"))
    assert "not found at ITU since" in page.get_text(" ")


def test_publication_dates_keep_their_precision(client):
    body = client.get("/api/v1/search?type=Technical+Paper&per_page=50").get_json()
    dated = [h for h in body["results"] if h["approval_date"]]
    assert dated and all(re.fullmatch(r"\d{4}", h["approval_date"]) for h in dated)
    number = dated[0]["number"]
    doc = client.get(f"/api/v1/documents/{number}").get_json()["document"]
    assert doc["approval_date_precision"] == "year"
    assert doc["approval_date"] == dated[0]["approval_date"]


def test_status_shows_what_the_backfill_has_left(client):
    page = soup(client.get("/status"))
    text = " ".join(page.get_text(" ").split())
    assert re.search(r"Older editions still waiting for their own summary: \d", text)
    assert "Summaries fetched" in [th.get_text() for th in page.select("thead th")]
    body = client.get("/api/v1/status").get_json()
    assert body["backfill"]["per_run"] == 300 and body["backfill"]["remaining"] == 0


def test_dates_are_shown_with_the_precision_they_have(app):
    from app.i18n import fmt_date

    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        assert fmt_date("2016-04") == "avril 2016"
        assert fmt_date("2020") == "2020"
        assert fmt_date("2016-04-13", "long") == "13 avril 2016"
