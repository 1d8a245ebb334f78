"""Own curating one document: its tag form, notes, history (routes of blueprint `curate`)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import abort, request, url_for
from werkzeug.wrappers import Response

from app.auth.users import actor, curator_required
from app.curate.common import (
    back,
    catalogue,
    done,
    failed,
    page,
    reflect,
    refused,
    store,
    text_arg,
)
from app.curate.display import vocabulary
from app.curate.i18n import _c
from app.curate.markdown import render
from app.curate.views import bp
from app.params import path_value
from index.errors import CurationError
from index.models import Document
from index.store.audit import AuditQuery
from index.store.notes import Note
from index.tags.changes import DC
from index.tags.taxonomy import load_taxonomy

MAX_NUMBER = 200


def _number_ok(number: str) -> str:
    return path_value(number, MAX_NUMBER)


def _document(number: str) -> Document:
    """The stored document (404 when the store lacks it)."""
    doc = store().documents.get(_number_ok(number))
    if doc is None:
        abort(404)
    return doc


def editor_state(number: str) -> dict[str, Any]:
    """Everything the tag form shows for a document (404 when the store lacks it)."""
    taxonomy = load_taxonomy()
    tags = store().tags.effective(_document(number), taxonomy)
    rows = store().tags.of_document(number)
    relevance = next((r.value for r in rows if r.facet == DC), "unreviewed")
    return {
        "number": number,
        "relevance": relevance,
        # What the rules alone say (a curator's decision changes `relevant`, not the score).
        "suggested": {"relevant": tags.developing.score >= taxonomy.threshold,
                      "score": tags.developing.score,
                      "evidence": [e.to_json() for e in tags.developing.evidence]},
        "regions": [t.to_json(with_evidence=False) for t in tags.regions],
        "topics": [t.to_json(with_evidence=False) for t in tags.topics],
        "decisions": [{k: v for k, v in asdict(r).items() if k != "document_id"} for r in rows],
        "vocabulary": vocabulary(),
    }


@bp.route("/documents/<path:number>")
@curator_required
def document(number: str) -> Response | str:
    """The curator's view of a document: tag form, notes, history (JSON twin)."""
    state = editor_state(number)
    found = catalogue().document(number)
    state["title"] = found.payload["title"] if found else None
    state["notes"] = [dict(asdict(n), html=str(render(n.body)))
                      for n in store().notes.of_document(number, curator=True)]
    state["history"] = store().audit.entries(AuditQuery(document=number), limit=50)
    return page("curate/document.html", state)


@bp.route("/documents/<path:number>/tags", methods=["POST"])
@curator_required
def set_tags(number: str) -> Response:
    """Apply the tag form: relevance, regions, topics, with a required reason."""
    here = back(url_for("curate.document", number=number))
    state = editor_state(number)
    relevance = text_arg("relevance") or state["relevance"]
    if relevance not in ("yes", "no", "unreviewed"):
        return failed(_c("Choose yes, no or not reviewed."), here)
    form = request.form
    regions = form.getlist("region") if "regions_shown" in form else [
        t["id"] for t in state["regions"]]
    topics = form.getlist("topic") if "topics_shown" in form else [
        t["id"] for t in state["topics"]]
    extra = text_arg("add_topic")
    if extra:
        topics.append(extra)
    try:
        changes = store().tags.form_changes(_document(number), relevance, regions, topics)
        if not changes:
            return done(_c("Nothing changed."), here, changed=0)
        report = store().tags.apply(changes, actor=actor(), reason=form.get("reason"))
    except CurationError as exc:
        return refused(exc, here)
    indexed = reflect(report.documents)
    message = _c("Saved %(num)s change(s); search shows them now.", num=report.changed)
    if not indexed:
        message = _c("Saved %(num)s change(s); search will show them in a moment.",
                     num=report.changed)
    return done(message, here, changed=report.changed)


@bp.route("/documents/<path:number>/notes", methods=["POST"])
@curator_required
def add_note(number: str) -> Response:
    """Add a Markdown note, public or for curators only."""
    here = back(url_for("curate.document", number=number))
    try:
        note_id = store().notes.add(_number_ok(number), request.form.get("body", ""),
                                    request.form.get("visibility", "curators"), actor=actor())
    except CurationError as exc:
        return refused(exc, here)
    return done(_c("Note added."), here, status=201, id=note_id)


def _own_note(note_id: int) -> Note:
    """A note the signed-in user may change: their own, or any for an admin (else 403)."""
    from flask_login import current_user

    note = store().notes.get(note_id)
    if note is None or note.deleted_at:
        abort(404)
    if note.author != current_user.name and not current_user.is_admin:
        abort(403, description=_c("Only the author of a note or an admin may change it."))
    return note


@bp.route("/notes/<int:note_id>", methods=["POST"])
@curator_required
def edit_note(note_id: int) -> Response:
    """Change a note's text or visibility."""
    note = _own_note(note_id)
    here = back(url_for("curate.document", number=note.document_id))
    try:
        changed = store().notes.edit(note_id, request.form.get("body", ""),
                                     request.form.get("visibility", note.visibility),
                                     actor=actor())
    except CurationError as exc:
        return refused(exc, here)
    return done(_c("Note saved.") if changed else _c("Nothing changed."), here)


@bp.route("/notes/<int:note_id>/delete", methods=["POST"])
@curator_required
def delete_note(note_id: int) -> Response:
    """Hide a note (it stays in the audit log)."""
    note = _own_note(note_id)
    store().notes.delete(note_id, actor=actor())
    return done(_c("Note deleted."), back(url_for("curate.document",
                                                  number=note.document_id)))
