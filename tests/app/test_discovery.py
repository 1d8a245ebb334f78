"""Discovery on the site (issue 8): a query in the reader's language and what was searched,
corrections, filter words as removable chips, the empty page, two relevance badges, the
knowledge kinds on the Refine panel and on result cards, feeds and exports."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from flask import Flask

from app.signals import search_answered
from tests.app.catalogue import CURATED
from tests.app.helpers import result_numbers, soup


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


@pytest.mark.parametrize(("prefix", "query", "searched_for"), [
    ("fr", "haut débit rural", "Recherche effectuée"),
    ("es", "banda ancha rural", "Se buscó"),
    ("ar", "النطاق العريض الريفي", "تم البحث عن"),
    ("ru", "сельский широкополосный доступ", "Искали"),
    ("zh", "农村宽带", "已搜索"),
])
def test_a_query_in_the_readers_language_says_what_was_searched(client, prefix, query,
                                                                 searched_for):
    page = soup(client.get(f"/{prefix}/search?q={quote(query)}"))
    said = page.select_one("p.understood")
    assert said is not None and searched_for in text(said)
    assert sorted(said.strong.get_text().split()) == ["broadband", "rural"]
    assert said.strong["lang"] == "en" and query in said.bdi.get_text()
    english = result_numbers(soup(client.get("/search?q=rural+broadband")))
    assert result_numbers(page) == english and english
    as_typed = said.find("a")
    assert parse_qs(urlsplit(as_typed["href"]).query)["verbatim"] == ["1"]
    verbatim = soup(client.get(as_typed["href"]))
    assert verbatim.select_one("p.understood") is None


def test_nothing_found_is_said_in_the_readers_language_with_ways_on(client):
    # GPON: the site catalogue (series A, D, L) has no G-series text.
    page = soup(client.get("/fr/search?q=" + quote("réseau optique passif gigabit")))
    assert not page.select("ol.hits li")
    none = page.select_one("div.none")
    assert none is not None and "Aucun texte ne correspond" in text(none)
    english = none.find("a", attrs={"lang": "en"})
    assert english is not None and english.get_text() == "GPON"
    assert parse_qs(urlsplit(english["href"]).query)["q"] == ["GPON"]
    assert none.select("ul.links a[href^='/fr/topics/']")  # the topic pages


def test_a_misspelt_word_is_corrected_at_once_with_a_way_back(client):
    page = soup(client.get("/search?q=telecomunication"))
    banner = page.select_one("p.corrected")
    if banner is None:  # a small catalogue may not find enough: then it is offered
        assert "Did you mean" in text(page.select_one("p.dym"))
        return
    assert "Showing results for telecommunication" in text(banner)
    back = banner.find("a")
    assert back.get_text() == "telecomunication"
    assert parse_qs(urlsplit(back["href"]).query)["verbatim"] == ["1"]


def test_filter_words_are_removable_chips(client):
    page = soup(client.get("/search?q=" + quote("e-waste in Kenya")))
    chip = page.select_one(".intents a")
    assert "Region: Africa" in text(chip) and "in Kenya" in text(chip)
    assert parse_qs(urlsplit(chip["href"]).query)["ignore"] == ["region"]
    removed = soup(client.get(chip["href"]))
    assert removed.select_one(".intents") is None
    french = soup(client.get("/fr/search?q=" + quote("e-waste in Kenya")))
    assert "Région: Afrique (et textes de portée mondiale)" in text(
        french.select_one(".intents a"))


def test_two_relevance_badges_that_never_look_alike(client):
    page = soup(client.get("/search?dc=yes&sort=newest&all=1"))
    confirmed = page.select(".badge.dc-yes")
    suggested = page.select(".badge.dc-maybe")
    assert confirmed and suggested
    assert all("confirmed by curators" in text(b) for b in confirmed)
    assert all("suggested by a rule" in text(b) for b in suggested)
    facet = [text(a) for s in page.select("aside.facets section")
             if s.h3.get_text() == "Developing countries" for a in s.select("a")]
    assert any("Confirmed by curators" in f for f in facet)
    assert any("Suggested" in f for f in facet)
    only = soup(client.get("/search?dc=confirmed"))
    assert result_numbers(only) == [CURATED]


def test_api_and_exports_say_confirmed_or_suggested(client):
    body = client.get("/api/v1/search?dc=yes&per_page=100").get_json()
    signals = {h["number"]: h["developing_countries"]["signal"] for h in body["results"]}
    assert signals[CURATED] == "confirmed" and "suggested" in signals.values()
    values = {v["value"] for v in body["facets"]["developing_countries"]}
    assert {"confirmed", "suggested"} <= values
    rows = list(csv.DictReader(io.StringIO(client.get("/search.csv?dc=yes").get_data(
        as_text=True))))
    assert {r["developing_countries"] for r in rows} == {"confirmed", "suggested"}
    atom = client.get("/search.atom?dc=yes").get_data(as_text=True)
    assert 'term="developing-countries:confirmed"' in atom
    assert 'term="developing-countries:suggested"' in atom


def test_knowledge_kinds_on_the_refine_panel_and_on_cards(client):
    page = soup(client.get("/search?q=e-waste"))
    headings = [h.get_text() for h in page.select("aside.facets h3")]
    assert "Kind of knowledge" in headings
    card = next(p for p in page.select("ol.hits p.kinds"))
    assert "why:" in text(card)  # the evidence: which words, where
    home = soup(client.get("/"))
    learn = home.select_one("section.learn")
    kinds = {parse_qs(urlsplit(a["href"]).query)["kind"][0] for a in learn.select("a")}
    assert {"best-practice", "use-case"} <= kinds


def test_topic_and_region_labels_come_from_the_glossary(client):
    page = soup(client.get("/ar/search?q=e-waste"))
    facets = text(page.select_one("aside.facets"))
    assert "عالمي" in facets  # the "Global" region in Arabic
    zh = soup(client.get("/zh/"))
    assert "非洲" in text(zh)  # Africa, on the home page's regions


def test_the_search_answered_signal_carries_the_request_and_answer(app: Flask, client):
    seen = []

    def receive(sender, request, answer, language):
        seen.append((request.q, answer["total"], language))

    search_answered.connect(receive, app)
    try:
        client.get("/fr/search?q=e-waste")
        client.get("/api/v1/search?q=e-waste")
        client.get("/search.csv?q=e-waste")  # exports page through a search: not counted
    finally:
        search_answered.disconnect(receive, app)
    assert [(q, lang) for q, _, lang in seen] == [("e-waste", "fr"), ("e-waste", "en")]
    assert all(total > 0 for _, total, _ in seen)
