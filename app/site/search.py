"""Own the home page and the search results page (blueprint "search")."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, render_template, request, url_for

from app.errors import wants_json
from app.params import SearchRequest
from app.reach.metrics import record_search
from app.site.common import (
    active_filters,
    answered,
    facet_view,
    has_facets,
    per_page,
    run_search,
)
from app.site.query_links import query_string
from app.templating import absolute, catalogue
from app.twins import twin
from index.search import SearchAnswer, answer_json

bp = Blueprint("search", __name__)
HOME_FACETS = ("topic", "region", "study_group", "type", "kind")
# Knowledge kinds Resolution 74 names, reached from the home page.
LEARN = ("best-practice", "use-case", "success-story", "guideline")


@bp.route("/")
def home() -> str:
    """Search box, browse by topic, region, study group and type, newest, curated."""
    cat = catalogue()
    newest = cat.search("", sort="newest", per_page=8, facet_limit=None)
    browse = {name: newest["facets"].get(name, []) for name in HOME_FACETS}
    browse["topic"] = [v for v in browse["topic"] if "." not in v["value"]]  # themes only
    kinds = {v["value"]: v for v in browse.pop("kind")}
    learn = [kinds[k] for k in LEARN if k in kinds]
    return render_template("home.html", req=SearchRequest(), newest=newest["results"],
                           browse=browse, total=newest["total"], learn=learn,
                           curated=cat.curated_relevant(8))


def results_page(req: SearchRequest, endpoint: str, *, heading: str | None = None,
                 fixed: dict[str, str] | None = None, view_args: dict[str, Any] | None = None
                 ) -> Response | str:
    """Render a results page (the search page, or a browse page with a fixed filter)."""
    view_args = view_args or {}
    # The page's address is built once; each facet value's link only adds its query (what
    # url_for would append, without a routing build per value: a page has hundreds).
    base = url_for(endpoint, **view_args)

    def link(args: dict[str, Any]) -> str:
        if fixed:
            args = {k: ([x for x in v if x != fixed.get(k)] if isinstance(v, list) else v)
                    for k, v in args.items()}
        query = query_string(args)
        return f"{base}?{query}" if query else base

    answer = run_search(req)
    if not wants_json():
        record_search(req, answer, "search" if endpoint == "search.results" else "browse")
    answered(req, answer)
    if wants_json():  # the twin needs none of the page's links and labels
        return twin("search.html", lambda: search_payload(answer))
    return twin(
        "search.html", lambda: search_payload(answer), req=req, answer=answer, link=link,
        heading=heading, has_facets=has_facets(answer),
        # Made only when the panel is not remembered for this answer (app/fragments.py);
        # its links follow the page's address and request, so they are the panel's key.
        facets=lambda: facet_view(req, answer, link),
        facet_links=f"{link(req.args(page=None))}|{sorted((fixed or {}).items())}",
        active=active_filters(req, link, fixed),
        per_page=per_page(), twin=url_for("api.search", **req.args()), fixed=fixed or {},
        export_args=req.args(page=None),
        export_limit=current_app.config["ITUCAT_APP"].export_limit,
        suggestions=_suggestions(req, answer) if answer["total"] == 0 else None,
    )


def search_payload(answer: SearchAnswer) -> dict[str, Any]:
    """The JSON twin of a search: the answer, each hit with the address of its page."""
    body = {k: v for k, v in answer_json(answer).items() if k != "took_ms"}
    body["results"] = [dict(hit, page=absolute(url_for("documents.show", number=hit["number"])))
                       for hit in answer["results"]]
    return body


def _suggestions(req: SearchRequest, answer: SearchAnswer) -> dict[str, Any]:
    """Ways on from an empty result: spelling, fewer filters, superseded, topics."""
    topics = [v for v in catalogue().facet("topic") if "." not in v["value"]][:8]
    return {
        "spelling": answer.get("suggestion"),
        "drop_filters": url_for("search.results", q=req.q) if req.filters else None,
        "superseded": (url_for("search.results", **req.args(all="1", page=None))
                       if not req.include_superseded and "status" not in req.filters
                       else None),
        "topics": topics,
    }


@bp.route("/search")
def results() -> Response | str:
    """Search results with facets, sort, pagination and suggestions."""
    req = SearchRequest.from_args(request.args)
    return results_page(req, "search.results")
