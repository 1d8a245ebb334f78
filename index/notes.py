"""Own curator notes on documents: Markdown text, public or curator-only, never erased.

The store keeps the Markdown as written; the app renders and sanitises it on display.
Editing keeps the author and records who edited; deleting only hides the note. Every
change appends an audit entry with the note before and after.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update

from index import audit, schema
from index.curation import CurationError, existing_documents
from index.models import now
from index.store import Store

VISIBILITIES = ("public", "curators")
MAX_NOTE = 20_000


def _check(body: str, visibility: str) -> str:
    text = (body or "").replace("\r\n", "\n").strip()
    if not text:
        raise CurationError("a note needs some text")
    if len(text) > MAX_NOTE:
        raise CurationError(f"a note has at most {MAX_NOTE} characters")
    if visibility not in VISIBILITIES:
        raise CurationError(f"visibility must be one of {', '.join(VISIBILITIES)}")
    return text


def _snapshot(row: Any) -> dict[str, Any]:
    return {"body": row["body"], "visibility": row["visibility"],
            "deleted": bool(row["deleted_at"])}


def add_note(store: Store, doc_id: str, body: str, visibility: str, *, actor: str) -> int:
    """Add a note to a document; return its id."""
    text = _check(body, visibility)
    with store.engine.begin() as conn:
        if not existing_documents(conn, [doc_id]):
            raise CurationError(f"unknown document {doc_id!r}")
        stamp = now()
        key = conn.execute(insert(schema.notes).values(
            document_id=doc_id, body=text, visibility=visibility, author=actor,
            created_at=stamp)).inserted_primary_key
        assert key is not None
        note_id = key[0]
        audit.record(conn, actor, "note.add", document_id=doc_id, value=str(note_id),
                     after={"body": text, "visibility": visibility, "deleted": False},
                     at=stamp)
    return int(note_id)


def get_note(store: Store, note_id: int) -> dict[str, Any] | None:
    """One note (deleted ones too), or None."""
    with store.engine.connect() as conn:
        row = conn.execute(select(schema.notes).where(schema.notes.c.id == note_id)
                           ).mappings().first()
    return dict(row) if row else None


def document_notes(store: Store, doc_id: str, *, curator: bool) -> list[dict[str, Any]]:
    """A document's notes, oldest first: public ones for readers, all for curators."""
    n = schema.notes.c
    query = select(schema.notes).where(n.document_id == doc_id, n.deleted_at.is_(None))
    if not curator:
        query = query.where(n.visibility == "public")
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(query.order_by(n.created_at, n.id)).mappings()]


def edit_note(store: Store, note_id: int, body: str, visibility: str, *, actor: str) -> bool:
    """Change a note's text or visibility; False when nothing changed."""
    text = _check(body, visibility)
    n = schema.notes
    with store.engine.begin() as conn:
        row = conn.execute(select(n).where(n.c.id == note_id)).mappings().first()
        if row is None or row["deleted_at"]:
            raise CurationError(f"no note {note_id}")
        if (row["body"], row["visibility"]) == (text, visibility):
            return False
        stamp = now()
        conn.execute(update(n).where(n.c.id == note_id).values(
            body=text, visibility=visibility, updated_by=actor, updated_at=stamp))
        audit.record(conn, actor, "note.edit", document_id=row["document_id"],
                     value=str(note_id), before=_snapshot(row),
                     after={"body": text, "visibility": visibility, "deleted": False}, at=stamp)
    return True


def delete_note(store: Store, note_id: int, *, actor: str) -> str:
    """Hide a note (kept in the store and the audit log); return its document id."""
    n = schema.notes
    with store.engine.begin() as conn:
        row = conn.execute(select(n).where(n.c.id == note_id)).mappings().first()
        if row is None or row["deleted_at"]:
            raise CurationError(f"no note {note_id}")
        stamp = now()
        conn.execute(update(n).where(n.c.id == note_id).values(
            deleted_at=stamp, updated_by=actor, updated_at=stamp))
        audit.record(conn, actor, "note.delete", document_id=row["document_id"],
                     value=str(note_id), before=_snapshot(row),
                     after={**_snapshot(row), "deleted": True}, at=stamp)
    return str(row["document_id"])
