"""Own the store's change log: which documents changed, why and in what order.

Every repository write that changes what a document's index entry or public record is
made from calls `log_changes` inside its own transaction (a family saved with changes, an
edition's files, a document gone, a curator's tag decision, lineage, a publication, a
backfilled summary), so the log and the data can never disagree after a crash. Readers
page through it by `seq` (a cursor that only grows): `index update` reads the documents
changed after the seq its last generation recorded, and a delta API (`/api/v1/changes`)
can hand the same pages to harvesters: `store.changes.since(cursor, limit)`.

On PostgreSQL two transactions can commit their sequence numbers out of order, so there a
reader re-reads a short overlap (`OVERLAP` entries before its cursor); SQLite serialises
writers, so it needs none. Every reader here compares what it reads with what it has, so
reading an entry twice is harmless.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, func, insert, select

from index import schema
from index.models import ChangePage, LoggedChange, now
from index.store.base import Repository

OVERLAP = 200  # entries re-read before a cursor where commits can land out of order
_INSERT = insert(schema.changes)  # built once: every saved family logs through it
REASONS = frozenset({"crawl", "files", "gone", "curation", "lineage", "publication",
                     "summary", "alias"})


def log_changes(conn: Connection, document_ids: Iterable[str], reason: str,
                stamp: str | None = None) -> None:
    """Append one entry per distinct document (inside the caller's transaction)."""
    if reason not in REASONS:
        raise ValueError(f"unknown change reason {reason!r}")
    ids = [i for i in dict.fromkeys(document_ids) if i]
    if not ids:
        return
    at = stamp or now()
    conn.execute(_INSERT, [{"document_id": i, "reason": reason, "at": at} for i in ids])


class ChangeRepository(Repository):
    """The change log (store.changes), read by cursor."""

    @property
    def overlap(self) -> int:
        """How many entries before a cursor a reader re-reads (0 where writes serialise)."""
        return 0 if self._engine.dialect.name == "sqlite" else OVERLAP

    def latest(self) -> int:
        """The newest seq (0 for an empty log): where a reader that has everything stands."""
        with self._read() as conn:
            return int(conn.execute(select(func.max(schema.changes.c.seq))).scalar() or 0)

    def since(self, after: int, limit: int = 1000, overlap: int = 0) -> ChangePage:
        """Entries with seq > after - overlap, oldest first, at most `limit` of them."""
        c = schema.changes.c
        limit = max(1, limit)
        with self._read() as conn:
            rows = conn.execute(select(c.seq, c.document_id, c.reason, c.at)
                                .where(c.seq > after - max(0, overlap))
                                .order_by(c.seq).limit(limit + 1)).all()
        entries = tuple(LoggedChange(int(r.seq), r.document_id, r.reason, r.at)
                        for r in rows[:limit])
        cursor = entries[-1].seq if entries else after
        return ChangePage(entries, max(cursor, after), len(rows) > limit)

    def documents_since(self, after: int, page: int = 5000) -> tuple[list[str], int]:
        """Every distinct document changed after `after` (with this store's overlap), and
        the newest seq read."""
        found: dict[str, None] = {}
        cursor = after
        start = after
        while True:
            chunk = self.since(start, page, self.overlap if start == after else 0)
            found.update(dict.fromkeys(chunk.documents))
            cursor = max(cursor, chunk.cursor)
            if not chunk.more:
                return list(found), cursor
            start = chunk.cursor
