"""Fragments rendered once (result cards, relation lists) and never stale."""

from __future__ import annotations

import copy
from typing import Any

from flask import Flask, render_template_string

from app import fragments

CARD = '{% from "macros.html" import hit_item with context %}{{ hit_item(hit, "h3") }}'


def _hit(**changes: Any) -> dict[str, Any]:
    hit: dict[str, Any] = {
        "number": "Y.3172", "title": "Architectural framework for machine learning",
        "type": "Recommendation", "status": "In force", "approval_date": "2019-06-22",
        "topics": [{"id": "ai", "label": "Artificial intelligence", "source": "rule",
                    "evidence": []}],
        "regions": [], "kinds": [], "languages": ["English", "French"],
        "study_group": "SG13",
        "developing_countries": {"relevant": False, "signal": None, "source": None},
        "replaced_by": [], "url": None, "gone": False,
        "title_html": "Architectural framework for <mark>machine</mark> learning",
        "snippet": "… for <mark>machine</mark> learning …",
    }
    hit.update(changes)
    return hit


def _render(app: Flask, source: str, lang: str | None, **values: Any) -> str:
    # What LanguagePrefix makes of /fr/...: the prefix in SCRIPT_NAME, the language noted.
    prefixed = {"base_url": f"http://localhost/{lang}",
                "environ_overrides": {"itucat.lang": lang}} if lang else {}
    with app.test_request_context("/search", **prefixed):
        app.preprocess_request()
        return render_template_string(source, **values)


def _card(app: Flask, hit: dict[str, Any], lang: str | None = None) -> str:
    return _render(app, CARD, lang, hit=hit)


def test_a_card_is_made_once_and_only_its_query_parts_follow_the_query(app: Flask) -> None:
    fragments.forget_all()
    first = _card(app, _hit())
    assert fragments.count() == 2  # above and below the snippet
    again = _card(app, _hit(title_html="Architectural <mark>framework</mark> for machine "
                                       "learning", snippet="… <mark>framework</mark> …"))
    assert fragments.count() == 2  # the same document-only parts, remembered
    assert "<mark>framework</mark>" in again and "<mark>machine</mark>" not in again
    assert first.replace("machine</mark>", "") != again
    assert 'class="meta"' in again and "Study Group 13" in again


def test_a_changed_field_or_language_makes_a_new_card(app: Flask) -> None:
    fragments.forget_all()
    in_force = _card(app, _hit())
    superseded = _card(app, _hit(status="Superseded", replaced_by=[
        {"number": "Y.3172bis", "rule": "ITU", "evidence": ""}]))
    assert "s-in-force" in in_force and "s-superseded" in superseded
    assert 'href="/documents/Y.3172bis"' in superseded
    french = _card(app, _hit(status="Superseded", replaced_by=[
        {"number": "Y.3172bis", "rule": "ITU", "evidence": ""}]), "fr")
    assert 'href="/fr/documents/Y.3172bis"' in french  # the link keeps the page's language
    assert "Commission d&#39;études 13" in french and "Remplacé par" in french
    assert fragments.count() == 6
    assert _card(app, copy.deepcopy(_hit())) == in_force


LIST = '{{ remembered("_relation.html", "relation_items", items) }}'


def _supplement(number: str, status: str = "In force") -> dict[str, Any]:
    return {"kind": "supplements", "target": number, "label": number, "url": None,
            "title": f"Supplement {number}", "type": "Supplement", "status": status,
            "not_found_upstream": None, "scope": "series"}


def _list(app: Flask, items: list[dict[str, Any]], lang: str | None = None) -> str:
    return _render(app, LIST, lang, items=items)


def test_a_series_list_is_rendered_once_for_every_text_of_the_series(app: Flask) -> None:
    fragments.forget_all()
    series = [_supplement(f"L.Suppl.{n}") for n in range(1, 40)]
    html = _list(app, series)
    assert html.count("<li>") == 39 and 'href="/documents/L.Suppl.7"' in html
    assert _list(app, copy.deepcopy(series)) == html and fragments.count() == 1
    withdrawn = [*series[:-1], _supplement("L.Suppl.39", "Withdrawn")]
    assert "s-withdrawn" in _list(app, withdrawn) and fragments.count() == 2
    arabic = _list(app, series, "ar")
    assert 'href="/ar/documents/L.Suppl.7"' in arabic and fragments.count() == 3


def test_the_memory_is_bounded_by_the_size_of_the_html(app: Flask, monkeypatch) -> None:
    fragments.forget_all()
    monkeypatch.setattr(fragments, "MAX_CHARACTERS", 20_000)
    for n in range(30):  # each list is a few thousand characters
        _list(app, [_supplement(f"L.Suppl.{n}.{i}") for i in range(20)])
        assert 0 < fragments.size() <= 20_000
    assert 1 <= fragments.count() < 10


PARTS = ('{{ for_answer(answer, "_results.html", "hits", "", answer.results) }}'
         '{{ for_answer(answer, "_results.html", "facet_panel", key, facets) }}')


def _facets(calls: list[int]) -> Any:
    def made() -> list[dict[str, Any]]:
        calls.append(1)
        return [{"name": "type", "label": "Type", "more": [], "shown": [
            {"value": "Recommendation", "label": "Recommendation", "count": 1200,
             "selected": False, "url": "/search?q=ml&type=Recommendation", "ltr": False}]}]
    return made


def _parts(app: Flask, answer: dict[str, Any], calls: list[int], key: str = "/search?q=ml",
           lang: str | None = None) -> str:
    return _render(app, PARTS, lang, answer=answer, key=key, facets=_facets(calls))


def test_a_search_answer_s_cards_and_panel_are_made_once_per_answer(app: Flask) -> None:
    fragments.forget_all()
    calls: list[int] = []
    answer = {"results": [_hit()]}
    first = _parts(app, answer, calls)
    assert "Architectural framework" in first and "1,200" in first and len(calls) == 1
    assert _parts(app, answer, calls) == first and len(calls) == 1  # remembered
    # Another request with the same words has other links: a new panel, the same cards.
    other = _parts(app, answer, calls, key="/search?q=ml&sort=newest")
    assert len(calls) == 2 and other == first
    french = _parts(app, answer, calls, lang="fr")
    assert len(calls) == 3 and "1\u202f200" in french and 'href="/fr/documents/Y.3172"' in french
    # An equal but new answer (an index update makes new ones) is rendered anew: the
    # answer object is the key, never its id alone.
    renewed = {"results": [_hit(status="Superseded")]}
    assert "s-superseded" in _parts(app, renewed, calls) and len(calls) == 4
    assert fragments.answers_held() == 2


def test_the_answers_held_are_bounded(app: Flask, monkeypatch) -> None:
    fragments.forget_all()
    monkeypatch.setattr(fragments, "MAX_ANSWERS", 5)
    calls: list[int] = []
    answers = [{"results": [_hit(number=f"Y.{n}")]} for n in range(12)]
    for answer in answers:
        assert f"Y.{answers.index(answer)}" in _parts(app, answer, calls)
    assert fragments.answers_held() == 5
    _parts(app, answers[0], calls)  # long forgotten: made again
    assert len(calls) == 13
    # One answer under ever new addresses (each a new facet panel) stays bounded too.
    monkeypatch.setattr(fragments, "MAX_PARTS_PER_ANSWER", 4)
    fragments.forget_all()
    for n in range(10):
        _parts(app, answers[1], calls, key=f"/search?q=ml&n={n}")
        assert fragments.parts_held() <= 4


def test_a_repeated_search_page_is_the_same_page_without_making_its_panel_again(
        client, monkeypatch) -> None:
    from app.site import common

    fragments.forget_all()
    made: list[int] = []
    real = common.facet_view

    def counted(*args: Any) -> Any:
        made.append(1)
        return real(*args)

    monkeypatch.setattr(common, "facet_view", counted)
    monkeypatch.setattr("app.site.search.facet_view", counted)
    first = client.get("/search?q=access+network&type=Recommendation").get_data(as_text=True)
    assert len(made) == 1 and 'class="facets"' in first and 'class="hits"' in first
    again = client.get("/search?q=access+network&type=Recommendation").get_data(as_text=True)
    assert again == first and len(made) == 1
    # The same answer under another address: a browse page's links are its own.
    client.get("/search?q=access+network&type=Recommendation&sort=relevance")
    assert len(made) == 2
    french = client.get("/fr/search?q=access+network&type=Recommendation")
    assert len(made) == 3 and "Affiner" in french.get_data(as_text=True)
