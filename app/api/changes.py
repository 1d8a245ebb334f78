"""Own the delta API: `/api/v1/changes?since=…` for mirrors (blueprint "api_changes").

What was added, changed, got a new edition, became superseded (with its successors) or
withdrawn, or left ITU's catalogue since a time, oldest first, from the public journal
(index/store/journal.py). `since` is compared with each change's `at` (when the journal
recorded it); a mirror passes back the `latest` of its last answer and gets only what is
newer. Pages follow `next` (an opaque cursor); `include=record` adds each document's
public record, so a mirror needs no second request. Answers carry a strong ETag (a repeat
of the same request with If-None-Match costs a 304 and no query) and are gzipped (app/http.py).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from datetime import UTC
from typing import Any

from flask import Blueprint, Response, abort, current_app, request, url_for
from flask_babel import gettext

from app.params import bounded_int, iso_time
from app.reach.journal import ensure_synced
from app.templating import absolute, catalogue
from app.twins import ok
from index.journal.records import KINDS, JournalEntry, StoredRecord

bp = Blueprint("api_changes", __name__, url_prefix="/api/v1")
MAX_LIMIT = 1000


def parse_since(text: str) -> str | None:
    """`since` as the journal's clock text (microseconds, UTC); None when absent."""
    when = iso_time(text)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ") if when else None


def _cursor(text: str) -> tuple[str, int] | None:
    if not text:
        return None
    try:
        at, entry_id = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        if isinstance(at, str) and isinstance(entry_id, int):
            return at, entry_id
    except (binascii.Error, ValueError, TypeError):
        pass
    abort(400, gettext("The cursor is not valid; start again from since."))


def _encode(entry: JournalEntry) -> str:
    raw = json.dumps([entry.at, entry.id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _limit() -> int:
    default = int(current_app.config["ITUCAT_CONFIG"].reach.changes_page_size)
    return bounded_int(request.args, "limit", min(default, MAX_LIMIT), MAX_LIMIT)


def change_json(entry: JournalEntry, stored: StoredRecord | None, with_record: bool
                ) -> dict[str, Any]:
    """One change as the API gives it."""
    record = stored.record if stored else None
    out: dict[str, Any] = {
        "id": entry.id, "at": entry.at, "changed_at": entry.changed_at,
        "number": entry.document_id, "kind": entry.kind, "edition": entry.edition,
        "status": entry.status, "previous": entry.previous,
        "successors": record["successors"] if record else [],
        "title": record["title"] if record else None,
        "type": record["type"] if record else None,
        "gone": stored.gone if stored else False,
        "document": absolute(url_for("api.document", number=entry.document_id)),
        "page": absolute(url_for("documents.show", number=entry.document_id)),
    }
    if with_record:
        out["record"] = record
    return out


@bp.route("/changes")
def changes() -> Response:
    """Changes since a time, oldest first, paged (ETag, gzip)."""
    since = parse_since(request.args.get("since", ""))
    after = _cursor(request.args.get("cursor", ""))
    limit = _limit()
    kinds = [k for k in request.args.getlist("kind") if k]
    if any(k not in KINDS for k in kinds):
        abort(400, gettext("kind must be one of: %(kinds)s.", kinds=", ".join(KINDS)))
    with_record = request.args.get("include", "") == "record"
    ensure_synced()
    journal = catalogue().store.journal
    tag = hashlib.sha256(f"{journal.latest_id()}|{request.query_string!r}".encode()
                         ).hexdigest()[:32]
    if request.if_none_match.contains(tag) or request.if_none_match.contains(tag + "-gz"):
        response = Response(status=304)
        response.set_etag(tag)
        return response
    entries = journal.changes(since=since, after=after, kinds=kinds or None, limit=limit + 1)
    more = len(entries) > limit
    entries = entries[:limit]
    records = journal.records(e.document_id for e in entries)
    body = {
        "since": since, "count": len(entries),
        "latest": entries[-1].at if entries else since,
        "next": absolute(url_for("api_changes.changes", **{  # type: ignore[arg-type]
            **request.args.to_dict(flat=False), "cursor": _encode(entries[-1])}))
        if more else None,
        "changes": [change_json(e, records.get(e.document_id), with_record) for e in entries],
    }
    response = ok(**body)
    response.set_etag(tag)
    response.headers["Cache-Control"] = "public, no-cache"
    return response
