"""Own the public pages of curated collections (blueprints "collections", "collections_api").

`/collections` lists them, `/collections/<id>` shows one reading list in order with each
item's Markdown note (sanitised), its Atom feed (`/collections/<id>.atom`: documents added
to the list and changes of its documents) and its offline pack (`/packs?collection=<id>`).
JSON twins: `?format=json` and `/api/v1/collections[/<id>]`.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, url_for
from flask_babel import gettext

from app.curate.markdown import render
from app.feeds.whatsnew import feed_entries, render_items
from app.reach.journal import ensure_synced
from app.templating import absolute, catalogue
from app.twins import ok, twin
from index.journal.records import FEED_KINDS
from index.store.collections import Collection
from index.store.journal import datestamp

bp = Blueprint("collections", __name__)
api = Blueprint("collections_api", __name__, url_prefix="/api/v1")


def _collection(collection_id: str) -> Collection:
    found = catalogue().store.collections.get(collection_id) if len(collection_id) <= 80 else None
    if found is None:
        abort(404)
    return found


def list_payload() -> dict[str, Any]:
    """Every collection with its size and addresses."""
    counts = catalogue().store.collections.counts()
    return {"collections": [
        {"id": c.id, "title": c.title, "items": counts.get(c.id, 0), "updated_at": c.updated_at,
         "page": absolute(url_for("collections.show", collection_id=c.id)),
         "feed": absolute(url_for("collections.feed", collection_id=c.id))}
        for c in catalogue().store.collections.all()]}


def items_of(found: Collection) -> list[dict[str, Any]]:
    """A collection's items with what the index says of each document."""
    service = catalogue().service
    out = []
    for item in found.items:
        payload = service.document(item.document_id)
        out.append({"number": item.document_id, "note": item.note, "position": item.position,
                    "doc": payload if payload and payload["number"] == item.document_id
                    else payload, "added_at": item.added_at})
    return out


def collection_payload(found: Collection) -> dict[str, Any]:
    """The JSON twin of a collection page."""
    return {"collection": {
        "id": found.id, "title": found.title, "intro": found.intro,
        "updated_at": found.updated_at,
        "page": absolute(url_for("collections.show", collection_id=found.id)),
        "feed": absolute(url_for("collections.feed", collection_id=found.id)),
        "pack": absolute(url_for("packs.show", collection=found.id)),
        "items": [{"number": i.document_id, "position": i.position, "note": i.note,
                   "page": absolute(url_for("documents.show", number=i.document_id))}
                  for i in found.items]}}


@bp.route("/collections")
def index() -> Response | str:
    """Every curated collection."""
    payload = list_payload()
    return twin("collections/index.html", lambda: payload, **payload,
                twin=url_for("collections_api.index"))


@bp.route("/collections/<collection_id>")
def show(collection_id: str) -> Response | str:
    """One curated reading list, in order, with each item's note."""
    found = _collection(collection_id)
    return twin("collections/show.html", lambda: collection_payload(found), collection=found,
                intro=render(found.intro) if found.intro else None,
                items=[dict(i, note_html=render(i["note"]) if i["note"] else None)
                       for i in items_of(found)],
                twin=url_for("collections_api.show", collection_id=found.id))


@bp.route("/collections/<collection_id>.atom")
def feed(collection_id: str) -> Response:
    """Documents added to a collection, and changes of its documents (Atom)."""
    found = _collection(collection_id)
    ensure_synced()
    ids = [i.document_id for i in found.items]
    entries = catalogue().store.journal.changes(documents=ids, kinds=FEED_KINDS,
                                                newest_first=True, limit=50) if ids else []
    items = feed_entries(entries)
    records = catalogue().store.journal.records(ids)
    for item in found.items:
        stored = records.get(item.document_id)
        items.append({
            "tag": f"collection/{found.id}/{item.document_id}",
            "updated": datestamp(item.added_at), "document_id": item.document_id,
            "kind": "collection", "kind_label": gettext("Added to the collection"),
            "edition": None, "status": None, "record": stored.record if stored else None,
            "successors": [], "note": render(item.note) if item.note else None})
    return render_items(items, found.title,
                            absolute(url_for("collections.feed", collection_id=found.id)),
                            absolute(url_for("collections.show", collection_id=found.id)))


def api_index() -> Response:
    """Every curated collection (JSON)."""
    return ok(**list_payload())


def api_show(collection_id: str) -> Response:
    """One curated collection with its items in order (JSON)."""
    return ok(**collection_payload(_collection(collection_id)))


api.add_url_rule("/collections", "index", api_index)
api.add_url_rule("/collections/<collection_id>", "show", api_show)
