"""Own what the workspace's views share: the store, answers in HTML or JSON, re-indexing."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from typing import Any

from flask import (
    current_app,
    flash,
    jsonify,
    redirect,
    request,
    url_for,
)
from werkzeug.wrappers import Response

from app.curate.i18n import _c
from app.errors import error_json, wants_json
from app.messages import say
from app.params import local_path, number_arg
from app.twins import twin
from index.search import reflect_in_search
from index.store import Store
from itucat.errors import CatalogueError

log = logging.getLogger("itucat.curate")
SYNC_REINDEX = 300  # more documents than this are re-indexed in a background thread
MAX_TEXT = 200


def catalogue() -> Any:
    """The app's catalogue (store and search service)."""
    return current_app.extensions["itucat_catalogue"]


def store() -> Store:
    """The catalogue store."""
    return catalogue().store


def page(template: str, payload: dict[str, Any], **context: Any) -> Response | str:
    """A workspace page, or its JSON twin: `payload` is both the page's data and the JSON."""
    return twin(template, lambda: payload, **payload, **context)


def done(message: str, target: str, status: int = 200, **payload: Any) -> Response:
    """The answer to a successful POST: JSON, or a message and a redirect (POST-redirect-GET)."""
    if wants_json():
        response = jsonify({"ok": True, "message": message, **payload})
        response.status_code = status
        return response
    flash(message, "info")
    return redirect(target)


def failed(message: str, target: str, status: int = 400, code: str | None = None) -> Response:
    """The answer to a refused POST: JSON error, or the message on the page it came from."""
    if wants_json():
        return error_json(status, message, code or f"http.{status}")
    flash(message, "error")
    return redirect(target)


def refused(exc: CatalogueError, target: str) -> Response:
    """The answer to a POST the store refused: its coded error, said in the curator's words."""
    return failed(say(exc), target, exc.http_status, exc.code)


def text_arg(name: str, source: Any = None, limit: int = MAX_TEXT) -> str:
    """A short text argument, trimmed, control characters dropped."""
    value = (source if source is not None else request.values).get(name, "") or ""
    return "".join(ch for ch in str(value) if ch >= " " or ch == "\n").strip()[:limit]


def page_number(limit: int = 10_000) -> int:
    """The ?page= argument (1 when absent); 400 when it is not a sensible number."""
    return number_arg(request.args, "page", 1, 1, limit, _c("The page number is not valid."))


def back(default: str) -> str:
    """Where to go after a POST: the form's `next` when it is a local path."""
    return local_path(request.form.get("next"), default)


def reflect(doc_ids: Iterable[str]) -> bool:
    """Re-index changed documents so search shows the change now; False when deferred."""
    ids = list(dict.fromkeys(doc_ids))
    if not ids:
        return True
    cat = catalogue()
    if len(ids) > SYNC_REINDEX:
        app = current_app._get_current_object()  # type: ignore[attr-defined]

        def work() -> None:
            with app.app_context():
                _reindex(cat, ids)

        threading.Thread(target=work, name="curate-reindex", daemon=True).start()
        return False
    return _reindex(cat, ids)


def _reindex(cat: Any, ids: list[str]) -> bool:
    try:
        ok = reflect_in_search(cat.store, cat.data_dir, ids)
    except Exception:  # noqa: BLE001 - the decision is stored; `index update` catches up
        log.exception("re-indexing %d documents failed; `itucat index update` will do it",
                      len(ids))
        return False
    cat.service.pool.refresh()
    return ok


def home_url() -> str:
    """The workspace's start page."""
    return url_for("curate.home")
