"""Own the document page (blueprint "documents"): everything known of one ITU-T text.

Its lineage too: a superseded or withdrawn text opens with a banner naming its successor,
and an old number of a text (a spelling ITU used, an annex once filed on its own) answers
with a permanent redirect to it, so that no link ever breaks.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from flask import Blueprint, abort, redirect, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from app.catalogue import DocumentPage
from app.errors import wants_json
from app.i18n import current_language, itu_language
from app.labels import value_label
from app.params import path_value
from app.reach.metrics import record_view
from app.templating import absolute, catalogue
from app.twins import twin
from index.lineage_models import LineageView
from index.search import IndexedDocument

bp = Blueprint("documents", __name__)
MAX_NUMBER = 200


def redirect_of(number: str) -> str | None:
    """The document an old number leads to, or None (a 404 for impossible numbers)."""
    return catalogue().redirect(path_value(number, MAX_NUMBER))


def lookup(number: str) -> DocumentPage:
    """The document or a 404 (also for numbers no document could have)."""
    found = catalogue().document(path_value(number, MAX_NUMBER))
    if found is None:
        abort(404)
    return found


def current_files(record: dict[str, Any] | None, payload: IndexedDocument) -> list[dict]:
    """Files of the edition a reader wants: the newest main edition that lists files."""
    if not record:
        return []
    eds = record["editions"]
    for ed in reversed(eds):
        if ed["files"] and ed["kind"] == "edition" and ed["status"] in (
                payload["status"], "In force", None):
            return ed["files"]
    return next((ed["files"] for ed in reversed(eds) if ed["files"]), [])


def _sorted_files(files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    mine = itu_language()
    return sorted(files, key=lambda f: (f.get("language") != mine, f.get("language") or "",
                                        f.get("format") or ""))


def citation(payload: IndexedDocument) -> str:
    """A citation of the document in the reader's language."""
    date = payload.get("approval_date") or ""
    when = f" ({date[5:7]}/{date[:4]})" if re.match(r"\d{4}-\d{2}", date) else ""
    kind = value_label("type", payload.get("type") or "")
    lead = gettext("ITU-T %(type)s %(number)s", type=kind, number=payload["number"])
    if (payload.get("type") or "") in ("Technical Paper", "Technical Report", "Handbook"):
        lead = f"{kind} {payload['number']}"
    title = payload.get("title") or ""
    url = payload.get("url") or ""
    return f"{lead}{when}, {title}. " + gettext(
        "International Telecommunication Union, Geneva.") + (f" {url}" if url else "")


def document_payload(found: DocumentPage) -> dict[str, Any]:
    """The JSON twin of a document page: the store's record with the tags, provenance and
    lineage."""
    payload, record = found.payload, found.record
    return {"document": {
        **(record or {"number": payload["number"]}),
        "status": payload["status"], "languages": payload["languages"],
        "topics": payload["topics"], "regions": payload["regions"], "kinds": payload["kinds"],
        "developing_countries": payload["developing_countries"],
        "replaced_by": payload["replaced_by"],
        "lineage": lineage_json(found.lineage or LineageView(payload["number"])),
        "notes": public_notes_json(payload["number"]),
        "page": absolute(url_for("documents.show", number=payload["number"])),
    }}


def public_notes_json(number: str) -> list[dict[str, Any]]:
    """The public curator notes the page shows: Markdown as written and sanitised HTML."""
    from app.curate import public_notes

    return [{"created_at": n["created_at"], "updated_at": n["updated_at"], "body": n["body"],
             "html": str(n["html"])} for n in public_notes(number)]


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


@bp.route("/documents/<path:number>")
def show(number: str) -> str | Response:
    """The document page (an old or non-canonical number redirects to the canonical one)."""
    target = redirect_of(number)
    if target:  # an old number of this text: no link to it ever breaks
        return redirect(url_for("documents.show", number=target), 301)
    found = lookup(number)
    payload, record = found.payload, found.record
    if payload["number"] != number:
        return redirect(url_for("documents.show", number=payload["number"]), 301)
    if not wants_json():
        record_view(payload["number"])
    files = _sorted_files(current_files(record, payload))
    mine = itu_language()
    return twin(
        "document.html", lambda: document_payload(found), doc=payload, record=record,
        files=files,
        in_my_language=current_language() != "en" and mine in payload.get("languages", []),
        citation=citation(payload),
        twin=url_for("api.document", number=payload["number"]),
        themes=[t for t in payload["topics"] if "." not in t["id"]],
        subseries=[t for t in payload["topics"] if "." in t["id"]],
        lineage=found.lineage,
    )
