"""Own curated collections: named, ordered reading lists with a Markdown note per item.

Curators assemble them ("Getting started with rural broadband"); each has a page, a feed
and an offline pack. Every change appends an audit entry in its own transaction
(action `collection.*`), like every other curator change. Document numbers are plain
strings, so an item whose document leaves ITU keeps its place and its note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, insert, select, update

from index import schema
from index.errors import CurationError
from index.models import now
from index.store.audit import record
from index.store.base import Repository
from index.store.documents import existing_documents

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
MAX_TITLE = 200
MAX_NOTE = 4000
MAX_ITEMS = 500


@dataclass(frozen=True)
class CollectionItem:
    """One document of a collection, in its place, with the curator's note (Markdown)."""

    document_id: str
    position: int
    note: str | None
    added_by: str
    added_at: str


@dataclass(frozen=True)
class Collection:
    """A curated reading list."""

    id: str
    title: str
    intro: str | None
    created_by: str
    created_at: str
    updated_by: str | None
    updated_at: str
    items: tuple[CollectionItem, ...] = ()


def slug_of(title: str) -> str:
    """An address for a title ("Numbering for regulators" -> "numbering-for-regulators")."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words)[:80].strip("-")


def _title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise CurationError("collection.title_required", "a collection needs a title")
    if len(title) > MAX_TITLE:
        raise CurationError("collection.title_long", "a title has at most {max} characters",
                            max=MAX_TITLE)
    return title


def _note(note: str | None) -> str | None:
    text = (note or "").strip()
    if len(text) > MAX_NOTE:
        raise CurationError("collection.note_long", "a note has at most {max} characters",
                            max=MAX_NOTE)
    return text or None


class CollectionRepository(Repository):
    """Curated collections and their items (store.collections)."""

    def all(self) -> list[Collection]:
        """Every collection (without items), most recently changed first."""
        c = schema.collections.c
        with self._read() as conn:
            rows = conn.execute(select(schema.collections)
                                .order_by(c.updated_at.desc(), c.id)).mappings()
            return [Collection(**row) for row in rows]

    def counts(self) -> dict[str, int]:
        """Items per collection."""
        i = schema.collection_items.c
        with self._read() as conn:
            rows = conn.execute(select(i.collection_id, func.count()).group_by(i.collection_id))
            return {r[0]: int(r[1]) for r in rows}

    def get(self, collection_id: str) -> Collection | None:
        """One collection with its items in order."""
        with self._read() as conn:
            return self._get(conn, collection_id)

    @staticmethod
    def _get(conn: Connection, collection_id: str) -> Collection | None:
        c, i = schema.collections, schema.collection_items
        row = conn.execute(select(c).where(c.c.id == collection_id)).mappings().first()
        if row is None:
            return None
        items = tuple(CollectionItem(r.document_id, r.position, r.note, r.added_by, r.added_at)
                      for r in conn.execute(
                          select(i.c.document_id, i.c.position, i.c.note, i.c.added_by,
                                 i.c.added_at)
                          .where(i.c.collection_id == collection_id)
                          .order_by(i.c.position, i.c.document_id)))
        return Collection(**row, items=items)

    def _require(self, conn: Connection, collection_id: str) -> Collection:
        found = self._get(conn, collection_id)
        if found is None:
            raise CurationError("collection.unknown", "there is no collection {id}",
                                id=collection_id, http_status=404)
        return found

    @staticmethod
    def _touch(conn: Connection, collection_id: str, actor: str) -> None:
        conn.execute(update(schema.collections).where(schema.collections.c.id == collection_id)
                     .values(updated_by=actor, updated_at=now()))

    # -- changes --------------------------------------------------------------------------

    def create(self, title: str, intro: str | None, *, actor: str, slug: str | None = None
               ) -> Collection:
        """A new, empty collection; its address comes from the title unless given."""
        title = _title(title)
        slug = slug or slug_of(title)
        if not SLUG.match(slug):
            raise CurationError("collection.bad_slug", "an address is 1 to 80 lower-case "
                                "letters, digits and hyphens")
        stamp = now()
        with self._write() as conn:
            if self._get(conn, slug) is not None:
                raise CurationError("collection.exists", "a collection {id} exists already",
                                    id=slug, http_status=409)
            conn.execute(insert(schema.collections).values(
                id=slug, title=title, intro=_note(intro), created_by=actor, created_at=stamp,
                updated_by=actor, updated_at=stamp))
            record(conn, actor, "collection.create", value=slug, after={"title": title})
            return self._require(conn, slug)

    def edit(self, collection_id: str, title: str, intro: str | None, *, actor: str) -> None:
        """Change a collection's title and introduction."""
        title = _title(title)
        with self._write() as conn:
            before = self._require(conn, collection_id)
            conn.execute(update(schema.collections)
                         .where(schema.collections.c.id == collection_id)
                         .values(title=title, intro=_note(intro)))
            self._touch(conn, collection_id, actor)
            record(conn, actor, "collection.edit", value=collection_id,
                   before={"title": before.title, "intro": before.intro},
                   after={"title": title, "intro": _note(intro)})

    def delete(self, collection_id: str, *, actor: str) -> None:
        """Remove a collection and its items (the audit log keeps what it was)."""
        with self._write() as conn:
            before = self._require(conn, collection_id)
            conn.execute(delete(schema.collection_items)
                         .where(schema.collection_items.c.collection_id == collection_id))
            conn.execute(delete(schema.collections)
                         .where(schema.collections.c.id == collection_id))
            record(conn, actor, "collection.delete", value=collection_id,
                   before={"title": before.title,
                           "items": [i.document_id for i in before.items]})

    def add(self, collection_id: str, document_id: str, note: str | None, *, actor: str
            ) -> None:
        """Append a document (with its note) at the end of a collection."""
        with self._write() as conn:
            found = self._require(conn, collection_id)
            if not existing_documents(conn, [document_id]):
                raise CurationError("curation.unknown_document", "unknown document {id}",
                                    id=document_id)
            if any(i.document_id == document_id for i in found.items):
                raise CurationError("collection.duplicate", "{id} is in the collection already",
                                    id=document_id, http_status=409)
            if len(found.items) >= MAX_ITEMS:
                raise CurationError("collection.full", "a collection holds at most {max} "
                                    "documents", max=MAX_ITEMS)
            position = max((i.position for i in found.items), default=0) + 1
            conn.execute(insert(schema.collection_items).values(
                collection_id=collection_id, document_id=document_id, position=position,
                note=_note(note), added_by=actor, added_at=now()))
            self._touch(conn, collection_id, actor)
            record(conn, actor, "collection.add", document_id=document_id,
                   value=collection_id, after={"note": _note(note)})

    def annotate(self, collection_id: str, document_id: str, note: str | None, *, actor: str
                 ) -> None:
        """Change the note of one item."""
        i = schema.collection_items.c
        with self._write() as conn:
            item = self._item(conn, collection_id, document_id)
            conn.execute(update(schema.collection_items)
                         .where(i.collection_id == collection_id, i.document_id == document_id)
                         .values(note=_note(note)))
            self._touch(conn, collection_id, actor)
            record(conn, actor, "collection.note", document_id=document_id,
                   value=collection_id, before={"note": item.note}, after={"note": _note(note)})

    def remove(self, collection_id: str, document_id: str, *, actor: str) -> None:
        """Take a document out of a collection."""
        i = schema.collection_items.c
        with self._write() as conn:
            item = self._item(conn, collection_id, document_id)
            conn.execute(delete(schema.collection_items)
                         .where(i.collection_id == collection_id, i.document_id == document_id))
            self._touch(conn, collection_id, actor)
            record(conn, actor, "collection.remove", document_id=document_id,
                   value=collection_id, before={"note": item.note})

    def move(self, collection_id: str, document_id: str, offset: int, *, actor: str) -> None:
        """Move an item up (offset -1) or down (+1) the reading order."""
        i = schema.collection_items.c
        with self._write() as conn:
            found = self._require(conn, collection_id)
            order = [item.document_id for item in found.items]
            if document_id not in order:
                raise CurationError("collection.not_item", "{id} is not in the collection",
                                    id=document_id, http_status=404)
            at = order.index(document_id)
            to = max(0, min(len(order) - 1, at + offset))
            order.insert(to, order.pop(at))
            for position, number in enumerate(order, 1):
                conn.execute(update(schema.collection_items)
                             .where(i.collection_id == collection_id, i.document_id == number)
                             .values(position=position))
            self._touch(conn, collection_id, actor)
            record(conn, actor, "collection.move", document_id=document_id,
                   value=collection_id, before={"position": at + 1}, after={"position": to + 1})

    def _item(self, conn: Connection, collection_id: str, document_id: str) -> CollectionItem:
        found = self._require(conn, collection_id)
        for item in found.items:
            if item.document_id == document_id:
                return item
        raise CurationError("collection.not_item", "{id} is not in the collection",
                            id=document_id, http_status=404)
