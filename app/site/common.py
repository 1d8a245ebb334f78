"""Own what the HTML pages, the API and the feeds share: running a search from a request."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_babel import get_locale

from app.i18n import current_language
from app.labels import facet_label, labeller, value_label
from app.params import FILTERS, PARAM_OF, SearchRequest
from app.signals import search_answered
from app.templating import catalogue
from index.search import SearchAnswer

# Facets shown on the results page, in this order.
SHOWN_FACETS = ("type", "kind", "topic", "region", "study_group", "status", "year",
                "language", "developing_countries")
VISIBLE_VALUES = 8


def per_page() -> int:
    """Results per page (the [app] setting)."""
    return max(1, min(100, current_app.config["ITUCAT_APP"].per_page))


def run_search(req: SearchRequest, *, size: int | None = None, page: int | None = None,
               sort: str | None = None, facet_limit: int | None = 30) -> SearchAnswer:
    """Answer a search request; the request's filters become the values the engine used."""
    answer = catalogue().search(req.q, req.engine_filters(), sort=sort or req.sort,
                                page=page or req.page, per_page=size or per_page(),
                                facet_limit=facet_limit, lang=current_language(),
                                verbatim=req.verbatim, ignore=req.ignore)
    resolved = answer["filters"]
    for public in list(req.filters):
        values = resolved.get(FILTERS[public])
        if values and not (public == "status" and req.include_superseded
                           and "status" not in req.filters):
            req.filters[public] = list(values)
    return answer


def facet_view(req: SearchRequest, answer: SearchAnswer, endpoint_args: Any
               ) -> list[dict[str, Any]]:
    """Facets for the results page: translated labels, counts and toggle links."""
    out = []
    label = labeller(str(get_locale() or "en"))  # translations looked up once per value
    english = current_language() == "en"
    for name in SHOWN_FACETS:
        values = answer["facets"].get(name) or []
        chosen = set(req.filters.get(PARAM_OF[name], []))
        items = []
        for v in values:
            text = label(name, v["value"], v["label"])
            items.append({
                "value": v["value"], "label": text, "count": v["count"],
                "selected": v["value"] in chosen,
                "url": endpoint_args(req.toggle(name, v["value"])),
                # ITU's own English words (a sub-series title): left-to-right, lang="en"
                "ltr": not english and text == v["label"] and not text.isdigit(),
            })
        if items:
            out.append({"name": name, "label": facet_label(name),
                        "shown": items[:VISIBLE_VALUES], "more": items[VISIBLE_VALUES:]})
    return out


def has_facets(answer: SearchAnswer) -> bool:
    """Whether the results page has a facet panel (what `facet_view` would show)."""
    return any(answer["facets"].get(name) for name in SHOWN_FACETS)


def active_filters(req: SearchRequest, endpoint_args: Any,
                   fixed: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The active filters, each with the link that removes it (fixed ones stay)."""
    out = []
    for public, value in req.active:
        if fixed and fixed.get(public) == value:
            continue
        name = FILTERS[public]
        out.append({"facet": facet_label(name), "label": value_label(name, value),
                    "url": endpoint_args(req.without(public, value))})
    return out


def answered(req: SearchRequest, answer: SearchAnswer) -> None:
    """Tell whoever listens (app/signals.py) that a reader's search was answered."""
    search_answered.send(current_app._get_current_object(),  # type: ignore[attr-defined]
                         request=req, answer=answer, language=current_language())
