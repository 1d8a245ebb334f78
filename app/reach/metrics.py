"""Own recording readers' demand: one small hook per search, document view and download.

Each hook builds an event of aggregate facts (index/metrics/records.py) and queues it
(index/metrics/recorder.py): no address, no user agent, no cookie or session id. Whether a
view came from a search is read from the request's Referer when it is one of our own
search pages (the words are normalised again, nothing else of it is kept). Downloads go
through `/go/<number>?language=…&format=…`, which counts the click and forwards to ITU's
file (only files the catalogue lists: it is no open redirect).
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

from flask import Blueprint, Flask, abort, current_app, redirect, request
from werkzeug.wrappers import Response

from app.i18n import LANGUAGES, current_language
from app.params import SearchRequest
from index.metrics.recorder import Recorder
from index.metrics.records import DownloadEvent, Event, PackEvent, SearchEvent, ViewEvent
from index.metrics.wording import normalise
from index.search import SearchAnswer

bp = Blueprint("reach", __name__)
EXTENSION = "itucat_metrics"
PRUNE_EVERY = 3600.0  # seconds between two prunes of raw rows, per process
BROWSE = ("topics", "regions", "study-groups", "types")


def recorder() -> Recorder | None:
    """The app's recorder (None when metrics are off)."""
    return current_app.extensions.get(EXTENSION)


def _record(event: Event) -> None:
    found = recorder()
    if found is not None:
        found.record(event)


def record_search(req: SearchRequest, answer: SearchAnswer, via: str) -> None:
    """Record a search (page 1 of its results, HTML) after its answer was computed."""
    if req.page != 1 or recorder() is None:
        return
    _record(SearchEvent(via, normalise(req.q), current_language(),
                        {k: list(v) for k, v in req.filters.items()}, answer["total"]))


def _origin() -> tuple[str, str | None]:
    """Where a page was opened from (search, browse, collection, other) and the words."""
    referer = request.headers.get("Referer", "")
    if not referer:
        return "other", None
    parts = urlsplit(referer)
    if parts.netloc and parts.netloc != request.host:
        return "other", None
    segments = [s for s in parts.path.split("/") if s]
    if segments and segments[0] in LANGUAGES:
        segments = segments[1:]
    first = segments[0] if segments else ""
    if first == "search":
        words = parse_qs(parts.query).get("q", [""])[0]
        return "search", normalise(words)
    if first in BROWSE:
        return "browse", None
    if first == "collections":
        return "collection", None
    return "other", None


def record_view(number: str) -> None:
    """Record a document page seen (and the search it was opened from)."""
    if recorder() is None:
        return
    via, words = _origin()
    _record(ViewEvent(number, current_language(), via, words))


def record_pack(kind: str) -> None:
    """Record an offline pack downloaded from the site."""
    _record(PackEvent(kind, current_language()))


def _file(files: list[dict[str, Any]], record: dict[str, Any] | None, language: str,
          fmt: str) -> dict[str, Any] | None:
    """The listed file of a language and format: of the page's edition, else the newest."""
    editions = [ed.get("files") or [] for ed in reversed((record or {}).get("editions") or [])]
    for group in (files, *editions):
        for f in group:
            if f.get("language") == language and f.get("format") == fmt and f.get("url"):
                return f
    return None


@bp.route("/go/<path:number>")
def download(number: str) -> Response:
    """Count a download click, then forward to ITU's file (302)."""
    from app.site.documents import current_files, lookup

    language = request.args.get("language", "")[:40]
    fmt = request.args.get("format", "")[:40]
    found = lookup(number)
    target = _file(current_files(found.record, found.payload), found.record, language, fmt)
    if target is None:
        abort(404)
    _record(DownloadEvent(found.payload["number"], language, fmt, current_language()))
    response = redirect(str(target["url"]), 302)
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Start recording (unless `metrics.enabled` is off) and register `/go/`."""
    app.register_blueprint(bp)
    config = app.config["ITUCAT_CONFIG"]
    if not config.metrics.enabled:
        return
    catalogue = app.extensions["itucat_catalogue"]
    low, keep = config.metrics.low_results, config.metrics.retention_days
    last_prune = [0.0]

    def sink(events: list[Event]) -> None:
        store = catalogue.store
        store.metrics.record(events, low)
        if time.monotonic() - last_prune[0] > PRUNE_EVERY:
            last_prune[0] = time.monotonic()
            store.metrics.prune(keep)

    app.extensions[EXTENSION] = recorder = Recorder(sink)
    # Events still queued are written before the store closes; none is written after.
    catalogue.before_close(recorder.close)
