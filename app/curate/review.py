"""Own the review queue: rule-suggested relevance no curator has decided on, newest first.

The queue is a search (developing_countries=yes, every status, newest first) keeping the
documents whose relevance still comes from the rules, minus those the store says a
curator decided (the index may lag a moment behind the store). Accepting or rejecting a
suggestion is one POST: relevance yes or no with the reason given.
"""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from werkzeug.wrappers import Response

from app.auth.users import actor, curator_required
from app.curate.common import (
    back,
    catalogue,
    done,
    failed,
    page,
    page_number,
    reflect,
    refused,
    store,
    text_arg,
)
from app.curate.i18n import _c
from app.curate.views import bp
from index.errors import CurationError
from index.tags.changes import DC, TagChange

PER_PAGE = 20
FILTERS = {"topic": "topic", "region": "region", "sg": "study_group"}
MAX_SCAN = 200  # search pages of 100 read at most (20,000 documents)


def queue(filters: dict[str, str], page: int, per_page: int = PER_PAGE
          ) -> tuple[list[dict[str, Any]], int, dict[str, Any]]:
    """One page of the queue, its total and the facets of the suggested documents."""
    engine = {"developing_countries": ["yes"], "status": ["all"]}
    engine.update({FILTERS[k]: [v] for k, v in filters.items() if v})
    wanted = slice((page - 1) * per_page, page * per_page)
    pending: list[dict[str, Any]] = []
    facets: dict[str, Any] = {}
    for number in range(1, MAX_SCAN + 1):
        answer = catalogue().search("", engine, sort="newest", page=number, per_page=100,
                                    facet_limit=None)
        if number == 1:
            facets = answer["facets"]
        rows = [r for r in answer["results"] if r["developing_countries"]["source"] == "rule"]
        decided = store().tags.relevance_decided([r["number"] for r in rows])
        pending += [r for r in rows if r["number"] not in decided]
        if number >= answer["pages"]:
            break
    return pending[wanted], len(pending), facets


@bp.route("/review")
@curator_required
def review() -> Response | str:
    """The review queue, filterable by topic, region and study group (JSON twin)."""
    chosen = {k: text_arg(k, request.args, 100) for k in FILTERS}
    number = page_number()
    items, total, facets = queue(chosen, number)
    options = {k: facets.get(engine, []) for k, engine in FILTERS.items()}
    return page("curate/review.html", {
        "items": items, "total": total, "page": number,
        "pages": max(1, (total + PER_PAGE - 1) // PER_PAGE), "filters": chosen,
    }, options=options, here=(request.script_root + request.full_path).rstrip("?"),
        filter_args={k: v for k, v in chosen.items() if v})


@bp.route("/review/<path:number>", methods=["POST"])
@curator_required
def decide(number: str) -> Response:
    """Accept (relevant) or reject (not relevant) a rule's suggestion, with a reason."""
    here = back(url_for("curate.review"))
    choice = text_arg("decision")
    if choice not in ("accept", "reject"):
        return failed(_c("Choose accept or reject."), here)
    value = "yes" if choice == "accept" else "no"
    try:
        report = store().tags.apply([TagChange(number, DC, value, "set")], actor=actor(),
                                    reason=request.form.get("reason"))
    except CurationError as exc:
        return refused(exc, here)
    reflect(report.documents)
    message = (_c("%(number)s marked relevant to developing countries.", number=number)
               if value == "yes" else
               _c("%(number)s marked not relevant to developing countries.", number=number))
    return done(message, here, changed=report.changed)
