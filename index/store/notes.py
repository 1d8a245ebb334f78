"""Own curator notes on documents: Markdown text, public or curator-only, never erased.

The store keeps the Markdown as written; the app renders and sanitises it on display.
Editing keeps the author and records who edited; deleting only hides the note. Every
change appends an audit entry with the note before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from index import schema
from index.errors import CurationError
from index.models import now
from index.store import audit, prepared
from index.store.base import Repository
from index.store.documents import existing_documents
from index.tags.changes import unknown_document

VISIBILITIES = ("public", "curators")
MAX_NOTE = 20_000


def _check(body: str, visibility: str) -> str:
    text = (body or "").replace("\r\n", "\n").strip()
    if not text:
        raise CurationError("note.empty", "a note needs some text")
    if "\x00" in text:
        raise CurationError("note.bad_character", "a note cannot hold a NUL character")
    if len(text) > MAX_NOTE:
        raise CurationError("note.too_long", "a note has at most {max} characters",
                            max=MAX_NOTE)
    if visibility not in VISIBILITIES:
        raise CurationError("note.bad_visibility", "visibility must be one of {allowed}",
                            allowed=", ".join(VISIBILITIES))
    return text


@dataclass(frozen=True)
class Note:
    """One curator note (Markdown as written; the site renders and sanitises it)."""

    id: int
    document_id: str
    body: str
    visibility: str  # "public" | "curators"
    author: str
    created_at: str
    updated_by: str | None = None
    updated_at: str | None = None
    deleted_at: str | None = None


def _snapshot(row: Any) -> dict[str, Any]:
    return {"body": row["body"], "visibility": row["visibility"],
            "deleted": bool(row["deleted_at"])}


def add_note_in(conn: Connection, doc_id: str, body: str, visibility: str, *,
                actor: str) -> int:
    """Add a note inside an open transaction (audited); return its id."""
    text = _check(body, visibility)
    if not existing_documents(conn, [doc_id]):
        raise unknown_document(doc_id)
    stamp = now()
    key = conn.execute(insert(schema.notes).values(
        document_id=doc_id, body=text, visibility=visibility, author=actor,
        created_at=stamp)).inserted_primary_key
    assert key is not None
    note_id = int(key[0])
    audit.record(conn, actor, "note.add", document_id=doc_id, value=str(note_id),
                 after={"body": text, "visibility": visibility, "deleted": False}, at=stamp)
    return note_id


class NoteRepository(Repository):
    """Curator notes on documents (store.notes)."""

    def add(self, doc_id: str, body: str, visibility: str, *, actor: str) -> int:
        """Add a note to a document; return its id."""
        with self._write() as conn:
            return add_note_in(conn, doc_id, body, visibility, actor=actor)

    def get(self, note_id: int) -> Note | None:
        """One note (deleted ones too), or None."""
        with self._read() as conn:
            row = conn.execute(select(schema.notes).where(schema.notes.c.id == note_id)
                               ).mappings().first()
        return Note(**row) if row else None

    def of_document(self, doc_id: str, *, curator: bool) -> list[Note]:
        """A document's notes, oldest first: public ones for readers, all for curators."""
        with self._read() as conn:
            query = prepared.notes_of(conn.dialect.name, curator)
            return [Note(**r) for r in conn.execute(query, {"doc": doc_id}).mappings()]

    def edit(self, note_id: int, body: str, visibility: str, *, actor: str) -> bool:
        """Change a note's text or visibility; False when nothing changed."""
        text = _check(body, visibility)
        n = schema.notes
        with self._write() as conn:
            row = conn.execute(select(n).where(n.c.id == note_id)).mappings().first()
            if row is None or row["deleted_at"]:
                raise CurationError("note.unknown", "no note {note}", note=note_id)
            if (row["body"], row["visibility"]) == (text, visibility):
                return False
            stamp = now()
            conn.execute(update(n).where(n.c.id == note_id).values(
                body=text, visibility=visibility, updated_by=actor, updated_at=stamp))
            audit.record(conn, actor, "note.edit", document_id=row["document_id"],
                         value=str(note_id), before=_snapshot(row),
                         after={"body": text, "visibility": visibility, "deleted": False}, at=stamp)
        return True

    def delete(self, note_id: int, *, actor: str) -> str:
        """Hide a note (kept in the store and the audit log); return its document id."""
        n = schema.notes
        with self._write() as conn:
            row = conn.execute(select(n).where(n.c.id == note_id)).mappings().first()
            if row is None or row["deleted_at"]:
                raise CurationError("note.unknown", "no note {note}", note=note_id)
            stamp = now()
            conn.execute(update(n).where(n.c.id == note_id).values(
                deleted_at=stamp, updated_by=actor, updated_at=stamp))
            audit.record(conn, actor, "note.delete", document_id=row["document_id"],
                         value=str(note_id), before=_snapshot(row),
                         after={**_snapshot(row), "deleted": True}, at=stamp)
        return str(row["document_id"])
