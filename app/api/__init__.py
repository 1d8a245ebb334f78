"""Own the JSON API under /api/v1/ (blueprint "api"): the stable addresses of the site's twins.

Each route answers `{"ok": true, ...}` with the payload its page builds (app/twins.py); the
page itself gives the same JSON with `?format=json`. Errors have the app's one shape
(app/errors.py). The OpenAPI 3.1 description is at /api/v1/openapi.json.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request, url_for
from flask_babel import gettext

from app.api.openapi import openapi_document
from app.params import SearchRequest, number_arg
from app.site.browse import facet_payload
from app.site.common import answered, per_page, run_search
from app.site.documents import document_payload, lookup, redirect_of
from app.site.search import search_payload
from app.site.status import status_data, status_payload
from app.templating import absolute
from app.twins import ok

bp = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_PER_PAGE = 100


@bp.route("/openapi.json")
def openapi() -> Response:
    """The OpenAPI description of this API."""
    server = absolute(url_for("api.openapi")).removesuffix("/openapi.json")
    return jsonify(openapi_document(server))


@bp.route("/search")
def search() -> Response:
    """Search with facets: the twin of /search (with a page size of the client's choice)."""
    req = SearchRequest.from_args(request.args)
    size = number_arg(request.args, "per_page", per_page(), 1, MAX_PER_PAGE, gettext(
        "per_page must be a number from 1 to %(max)s.", max=MAX_PER_PAGE))
    answer = run_search(req, size=size)
    answered(req, answer)
    return ok(**search_payload(answer))


@bp.route("/documents/<path:number>")
def document(number: str) -> Response:
    """One document: its record (editions, files, relations), lineage and tags with provenance.

    An old number of a document answers with the document and `redirect` naming its number.
    """
    target = redirect_of(number)
    body = document_payload(lookup(target or number))
    if target:
        return ok(redirect={"from": number, "to": target}, **body)
    return ok(**body)


@bp.route("/<any(topics, regions, 'study-groups', types):dimension>")
def facet_values(dimension: str) -> Response:
    """Every topic, region, study group or type with its number of current documents."""
    return ok(**facet_payload(dimension))


@bp.route("/status")
def status() -> Response:
    """The latest crawl runs, what the last one changed and what failed."""
    return ok(**status_payload(status_data()))
