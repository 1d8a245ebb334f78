"""A result card's document-only parts are rendered once and never go stale."""

from __future__ import annotations

import copy
from typing import Any

from flask import Flask, render_template_string

from app import hit_parts

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


def _card(app: Flask, hit: dict[str, Any], lang: str | None = None) -> str:
    # What LanguagePrefix makes of /fr/search: the prefix in SCRIPT_NAME, the language noted.
    prefixed = {"base_url": f"http://localhost/{lang}",
                "environ_overrides": {"itucat.lang": lang}} if lang else {}
    with app.test_request_context("/search", **prefixed):
        app.preprocess_request()
        return render_template_string(CARD, hit=hit)


def test_a_card_is_made_once_and_only_its_query_parts_follow_the_query(app: Flask) -> None:
    hit_parts._CARDS.clear()
    first = _card(app, _hit())
    assert len(hit_parts._CARDS) == 1
    again = _card(app, _hit(title_html="Architectural <mark>framework</mark> for machine "
                                       "learning", snippet="… <mark>framework</mark> …"))
    assert len(hit_parts._CARDS) == 1  # the same document-only parts, remembered
    assert "<mark>framework</mark>" in again and "<mark>machine</mark>" not in again
    assert first.replace("machine</mark>", "") != again
    assert 'class="meta"' in again and "Study Group 13" in again


def test_a_changed_field_or_language_makes_a_new_card(app: Flask) -> None:
    hit_parts._CARDS.clear()
    in_force = _card(app, _hit())
    superseded = _card(app, _hit(status="Superseded", replaced_by=[
        {"number": "Y.3172bis", "rule": "ITU", "evidence": ""}]))
    assert "s-in-force" in in_force and "s-superseded" in superseded
    assert 'href="/documents/Y.3172bis"' in superseded
    french = _card(app, _hit(status="Superseded", replaced_by=[
        {"number": "Y.3172bis", "rule": "ITU", "evidence": ""}]), "fr")
    assert 'href="/fr/documents/Y.3172bis"' in french  # the link keeps the page's language
    assert "Commission d&#39;études 13" in french and "Remplacé par" in french
    assert len(hit_parts._CARDS) == 3
    assert _card(app, copy.deepcopy(_hit())) == in_force
