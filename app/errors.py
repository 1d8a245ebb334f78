"""Own error answers: one place that maps every error to a friendly page or one JSON shape.

API paths (and clients that prefer JSON) get `{"ok": false, "error": "<message in the
reader's language>", "status": <HTTP status>, "code": "<stable code>"}`; readers get a
page in their language with a way on. Coded errors of the layers below (`CatalogueError`:
store, search, tagging) are said through app/messages.py with their own HTTP status; an
unexpected exception is logged and answered 500 the same way, never with a traceback.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from app.messages import say
from itucat.errors import CatalogueError

log = logging.getLogger("itucat.app")


def wants_json() -> bool:
    """Whether this request is answered in JSON (API paths, .json exports, Accept, ?format)."""
    path = request.path
    if path.startswith("/api/") or path.endswith(".json") or request.args.get("format") == "json":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > \
        request.accept_mimetypes["text/html"]


def error_json(status: int, message: str, code: str) -> Response:
    """The one JSON error shape."""
    response = jsonify({"ok": False, "error": message, "status": status, "code": code})
    response.status_code = status
    return response


def _titles() -> dict[int, str]:
    return {
        400: gettext("This request cannot be answered"),
        404: gettext("Page not found"),
        405: gettext("Method not allowed"),
        408: gettext("The request took too long"),
        413: gettext("This request is too large"),
        414: gettext("This address is too long"),
        429: gettext("Too many requests"),
        503: gettext("The catalogue is not available yet"),
    }


def error_response(status: int, message: str, code: str | None = None) -> Response:
    """The error answer for this request (JSON or an HTML page)."""
    if wants_json():
        response = error_json(status, message, code or f"http.{status}")
    else:
        title = _titles().get(status, gettext("Something went wrong"))
        from app.params import SearchRequest

        response = Response(render_template("error.html", status=status, title=title,
                                            message=message, req_empty=SearchRequest()),
                            mimetype="text/html")
        response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def _message(exc: HTTPException) -> str:
    if exc.code == 404:
        return gettext("There is no page at this address.")
    if exc.code == 405:
        return gettext("This address does not accept that method.")
    return exc.description or exc.name


def init_app(app: Flask) -> None:
    """Register the error handlers (HTTP errors, coded errors, anything else)."""

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        response = error_response(exc.code or 500, _message(exc))
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(CatalogueError)
    def _coded(exc: CatalogueError) -> Response:
        log.warning("%s on %s: %s", exc.code, request.path, exc)
        response = error_response(exc.http_status, say(exc), exc.code)
        if exc.http_status == 503:
            response.headers["Retry-After"] = "300"
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.path)
        return error_response(500, gettext("The server could not answer. Please try again later."))
