"""Own the JSON API under /api/v1/ (blueprint "api"): the machine twin of every page.

Answers are `{"ok": true, ...}`; errors `{"ok": false, "error": "..."}` with a 4xx status
(the app's single error handler). The OpenAPI 3.1 description is at /api/v1/openapi.json.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Blueprint, Response, abort, jsonify, request, url_for
from flask_babel import gettext

from app.api.openapi import openapi_document
from app.params import SearchRequest
from app.site.browse import DIMENSIONS
from app.site.common import per_page, run_search
from app.site.documents import lineage_of, lookup
from app.site.status import status_data
from app.templating import absolute, catalogue
from index.lineage_models import LineageView

bp = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_PER_PAGE = 100


def ok(**body: Any) -> Response:
    """A successful answer."""
    return jsonify({"ok": True, **body})


@bp.route("/openapi.json")
def openapi() -> Response:
    """The OpenAPI description of this API."""
    server = absolute(url_for("api.openapi")).removesuffix("/openapi.json")
    return jsonify(openapi_document(server))


@bp.route("/search")
def search() -> Response:
    """Search with facets: the twin of /search."""
    req = SearchRequest.from_args(request.args)
    size = request.args.get("per_page", str(per_page())).strip()
    if not size.isdigit() or not 1 <= int(size) <= MAX_PER_PAGE:
        abort(400, gettext("per_page must be a number from 1 to %(max)s.", max=MAX_PER_PAGE))
    answer = run_search(req, size=int(size))
    body = {k: v for k, v in answer.items() if k not in ("took_ms",)}
    body["results"] = [dict(hit, page=absolute(url_for("documents.show",
                                                         number=hit["number"])))
                       for hit in answer["results"]]
    return ok(**body)


@bp.route("/documents/<path:number>")
def document(number: str) -> Response:
    """One document: its record (editions, files, relations), lineage and tags with provenance.

    An old number of a document answers with the document and `redirect` naming its number.
    """
    lineage = lineage_of(number)
    found = lookup(lineage.redirect or number)
    payload, record = found["payload"], found["record"]
    extra = {"redirect": {"from": number, "to": lineage.redirect}} if lineage.redirect else {}
    return ok(**extra, document={
        **(record or {"number": payload["number"]}),
        "status": payload["status"], "languages": payload["languages"],
        "topics": payload["topics"], "regions": payload["regions"], "kinds": payload["kinds"],
        "developing_countries": payload["developing_countries"],
        "replaced_by": payload["replaced_by"],
        "lineage": lineage_json(lineage),
        "page": absolute(url_for("documents.show", number=payload["number"])),
    })


def lineage_json(view: LineageView) -> dict[str, Any]:
    """The lineage of a document as the API gives it (see the Lineage schema)."""
    def links(items: Any) -> list[dict[str, Any]]:
        return [{**asdict(v), "page": absolute(url_for("documents.show", number=v.number))}
                for v in items]
    current = None
    if view.current is not None:
        current = {**asdict(view.current),
                   "page": absolute(url_for("documents.show", number=view.current.number))}
    return {"replaced_by": links(view.replaced_by), "replaces": links(view.replaces),
            "current": current}


@bp.route("/<any(topics, regions, 'study-groups', types):dimension>")
def facet_values(dimension: str) -> Response:
    """Every topic, region, study group or type with its number of current documents."""
    facet, _param = DIMENSIONS[dimension]
    values = [{"id": v["value"], "label": v["label"], "count": v["count"],
               "page": absolute(url_for("browse.value", dimension=dimension, value=v["value"]))}
              for v in catalogue().facet(facet)]
    return ok(**{dimension.replace("-", "_"): values})


@bp.route("/status")
def status() -> Response:
    """The latest crawl runs, what the last one changed and what failed."""
    data = status_data()
    return ok(index=data["index"], counts=data["counts"], runs=data["runs"],
              changed=data["changed"], failures=data["failures"],
              backfill={"remaining": data["backfill_remaining"],
                        "per_run": data["backfill_per_run"]})

