"""Own assembling curated collections in the workspace (routes on the `curate` blueprint).

`/curate/collections` lists them and makes a new one; `/curate/collections/<id>` edits
its title and Markdown introduction, adds documents with a short Markdown note each,
edits notes, moves items up and down, removes them, or deletes the collection. Every
change is one POST with a CSRF token, audited by the store (`collection.*`).
"""

from __future__ import annotations

from flask import url_for
from werkzeug.wrappers import Response

from app.auth.users import actor, curator_required
from app.curate.common import done, failed, page, refused, store, text_arg
from app.curate.i18n import _c
from app.curate.markdown import render
from app.curate.views import bp
from index.errors import CurationError
from index.store.collections import MAX_NOTE

ACTIONS = ("edit", "add", "note", "remove", "up", "down", "delete")


@bp.route("/collections", methods=["GET"])
@curator_required
def collections() -> Response | str:
    """Every collection, and the form that makes a new one (JSON twin)."""
    counts = store().collections.counts()
    items = [{"id": c.id, "title": c.title, "items": counts.get(c.id, 0),
              "updated_at": c.updated_at, "updated_by": c.updated_by}
             for c in store().collections.all()]
    return page("curate/collections.html", {"collections": items})


@bp.route("/collections", methods=["POST"])
@curator_required
def create_collection() -> Response:
    """Make a new, empty collection from a title (and an optional introduction)."""
    here = url_for("curate.collections")
    try:
        made = store().collections.create(text_arg("title"), text_arg("intro", limit=MAX_NOTE),
                                          actor=actor(), slug=text_arg("slug") or None)
    except CurationError as exc:
        return refused(exc, here)
    return done(_c("Collection “%(title)s” made.", title=made.title),
                url_for("curate.collection", collection_id=made.id), status=201, id=made.id)


@bp.route("/collections/<collection_id>", methods=["GET"])
@curator_required
def collection(collection_id: str) -> Response | str:
    """Edit one collection (JSON twin)."""
    found = store().collections.get(collection_id)
    if found is None:
        return failed(_c("There is no such collection."), url_for("curate.collections"), 404,
                      "collection.unknown")
    payload = {"collection": {
        "id": found.id, "title": found.title, "intro": found.intro,
        "items": [{"number": i.document_id, "position": i.position, "note": i.note,
                   "added_by": i.added_by, "added_at": i.added_at} for i in found.items]}}
    return page("curate/collection.html", payload, found=found,
                notes={i.document_id: render(i.note) for i in found.items if i.note})


@bp.route("/collections/<collection_id>", methods=["POST"])
@curator_required
def change_collection(collection_id: str) -> Response:
    """One change to a collection: edit, add, note, remove, up, down or delete."""
    here = url_for("curate.collection", collection_id=collection_id)
    action = text_arg("action")
    if action not in ACTIONS:
        return failed(_c("Unknown action."), here)
    repo, who = store().collections, actor()
    number = text_arg("number", limit=120)
    note = text_arg("note", limit=MAX_NOTE)
    try:
        if action == "edit":
            repo.edit(collection_id, text_arg("title"), text_arg("intro", limit=MAX_NOTE),
                      actor=who)
            message = _c("Collection saved.")
        elif action == "add":
            repo.add(collection_id, number, note, actor=who)
            message = _c("%(number)s added.", number=number)
        elif action == "note":
            repo.annotate(collection_id, number, note, actor=who)
            message = _c("Note saved.")
        elif action == "remove":
            repo.remove(collection_id, number, actor=who)
            message = _c("%(number)s removed.", number=number)
        elif action in ("up", "down"):
            repo.move(collection_id, number, -1 if action == "up" else 1, actor=who)
            message = _c("Order saved.")
        else:
            repo.delete(collection_id, actor=who)
            return done(_c("Collection deleted."), url_for("curate.collections"))
    except CurationError as exc:
        return refused(exc, here)
    return done(message, here)
