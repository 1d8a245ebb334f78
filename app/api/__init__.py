"""Own the JSON API under /api/v1/ (blueprint "api"): the machine twin of every page.

Answers are `{"ok": true, ...}`; errors have the app's one shape (app/errors.py). The OpenAPI 3.1 description is at /api/v1/openapi.json.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, jsonify, request, url_for
from flask_babel import gettext

from app.api.openapi import openapi_document
from app.params import SearchRequest
from app.site.browse import DIMENSIONS
from app.site.common import per_page, run_search
from app.site.documents import lookup
from app.site.status import status_data
from app.templating import absolute, catalogue
from index.search import answer_json

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
    body = {k: v for k, v in answer_json(answer).items() if k not in ("took_ms",)}
    body["results"] = [dict(hit, page=absolute(url_for("documents.show",
                                                         number=hit["number"])))
                       for hit in answer["results"]]
    return ok(**body)


@bp.route("/documents/<path:number>")
def document(number: str) -> Response:
    """One document: its record (editions, files, relations) and tags with provenance."""
    found = lookup(number)
    payload, record = found.payload, found.record
    return ok(document={
        **(record or {"number": payload["number"]}),
        "status": payload["status"], "languages": payload["languages"],
        "topics": payload["topics"], "regions": payload["regions"], "kinds": payload["kinds"],
        "developing_countries": payload["developing_countries"],
        "replaced_by": payload["replaced_by"],
        "page": absolute(url_for("documents.show", number=payload["number"])),
    })


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
              changed=data["changed"], failures=data["failures"])

