"""Own error answers: one handler that picks a friendly HTML page or `{"ok": false}` JSON.

API paths (and clients that prefer JSON) get `{"ok": false, "error": "..."}` with the
status; readers get a page in their language with a way on. An unexpected exception is
logged and answered 500 the same way, never with a traceback.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from app.catalogue import CatalogueUnavailable

log = logging.getLogger("itucat.app")


def wants_json() -> bool:
    """Whether this request is answered in JSON (API paths, .json exports, Accept)."""
    path = request.path
    if path.startswith("/api/") or path.endswith(".json"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > \
        request.accept_mimetypes["text/html"]


def _titles() -> dict[int, str]:
    return {
        400: gettext("This request cannot be answered"),
        404: gettext("Page not found"),
        405: gettext("Method not allowed"),
        503: gettext("The catalogue is not available yet"),
    }


def error_response(status: int, message: str) -> Response:
    """The error answer for this request."""
    if wants_json():
        response = jsonify({"ok": False, "error": message, "status": status})
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
    """Register the single error handler."""

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> Response:
        response = error_response(exc.code or 500, _message(exc))
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(CatalogueUnavailable)
    def _unavailable(exc: CatalogueUnavailable) -> Response:
        log.warning("catalogue unavailable: %s", exc)
        response = error_response(503, gettext(
            "The search index has not been built yet. Please try again later."))
        response.headers["Retry-After"] = "300"
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.path)
        return error_response(500, gettext("The server could not answer. Please try again later."))
