"""Own batches: many tag changes made at once (bulk tagging, a CSV import), and reverting one.

A batch is one row in `batches` plus its audit entries (same batch id). Reverting puts
back, for each document tag the batch changed, the decision that was there before, as a
new batch of kind "revert". A tag changed again after the batch is left alone and
reported as a conflict: a revert never overwrites later work.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from index import schema
from index.errors import BatchError
from index.models import now
from index.store import audit
from index.store.base import Repository
from index.store.notes import add_note_in
from index.store.tags import ChangeReport, apply_in, check_changes, key_of, write_row
from index.tags.changes import TagChange, check_reason


@dataclass(frozen=True)
class Batch:
    """One batch: bulk tagging, a CSV import or a revert, and who reverted it (if anyone)."""

    id: str
    kind: str  # bulk | import | revert
    actor: str
    created_at: str
    reason: str
    description: str | None
    changes: int
    reverts: str | None  # the batch a revert undid
    reverted_by: str | None = None
    documents: int | None = None  # documents it touched (one batch read alone)


@dataclass
class RevertReport:
    """What a revert did."""

    batch_id: str
    reverted: int = 0
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


def new_batch(conn: Connection, kind: str, actor: str, reason: str,
              description: str | None = None, reverts: str | None = None) -> str:
    """Open a batch inside a transaction; return its id."""
    batch_id = uuid.uuid4().hex[:16]
    conn.execute(insert(schema.batches).values(
        id=batch_id, kind=kind, actor=actor, created_at=now(), reason=reason,
        description=description, changes=0, reverts=reverts))
    return batch_id


def _close(conn: Connection, batch_id: str, changes: int) -> None:
    conn.execute(update(schema.batches).where(schema.batches.c.id == batch_id)
                 .values(changes=changes))


def _same(row: dict[str, Any] | None, state: dict[str, Any] | None) -> bool:
    if row is None or state is None:
        return row is None and state is None
    keys = ("value", "action", "batch_id")
    return all(row.get(k) == state.get(k) for k in keys)


class BatchRepository(Repository):
    """Batches of tag changes, and reverting one (store.batches)."""

    def apply(self, changes: list[TagChange], *, kind: str, actor: str,
              reason: str | None, description: str | None = None,
              notes: Mapping[str, str] | None = None) -> tuple[str | None, ChangeReport]:
        """Check, then apply changes as one batch in one transaction; no batch when none changed.

        `notes` (document -> Markdown) are added, curators only, to the documents the batch
        changed, in the same transaction.
        """
        reason = check_reason(reason)
        with self._write() as conn:
            check_changes(conn, changes)
            batch_id = new_batch(conn, kind, actor, reason, description)
            report = apply_in(conn, changes, actor=actor, reason=reason, batch_id=batch_id)
            if report.changed == 0:
                conn.execute(schema.batches.delete().where(schema.batches.c.id == batch_id))
                return None, report
            for doc_id in report.documents:
                if notes and doc_id in notes:
                    add_note_in(conn, doc_id, notes[doc_id], "curators", actor=actor)
            _close(conn, batch_id, report.changed)
        return batch_id, report

    def get(self, batch_id: str) -> Batch | None:
        """One batch with who reverted it (if anyone)."""
        b = schema.batches
        with self._read() as conn:
            row = conn.execute(select(b).where(b.c.id == batch_id)).mappings().first()
            if row is None:
                return None
            reverted_by = conn.execute(select(b.c.id).where(b.c.reverts == batch_id)
                                       .order_by(b.c.created_at)).scalar()
            documents = conn.execute(
                select(func.count(func.distinct(schema.audit_log.c.document_id)))
                .where(schema.audit_log.c.batch_id == batch_id)).scalar_one()
        return Batch(**row, reverted_by=reverted_by, documents=documents)

    def recent(self, limit: int = 50, offset: int = 0) -> list[Batch]:
        """Batches, newest first, each with the id of the batch that reverted it (if any)."""
        b = schema.batches
        reverted = {}
        with self._read() as conn:
            rows = [dict(r) for r in conn.execute(
                select(b).order_by(b.c.created_at.desc(), b.c.id).limit(limit).offset(offset)
            ).mappings()]
            ids = [r["id"] for r in rows]
            if ids:
                reverted = {r.reverts: r.id for r in conn.execute(
                    select(b.c.id, b.c.reverts).where(b.c.reverts.in_(ids)))}
        return [Batch(**row, reverted_by=reverted.get(row["id"])) for row in rows]

    def count(self) -> int:
        """How many batches there are."""
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(schema.batches))
                       .scalar_one())

    def revert(self, batch_id: str, *, actor: str, reason: str | None) -> RevertReport:
        """Undo a batch's tag changes as a new batch (conflicting later changes are kept)."""
        reason = check_reason(reason)
        a = schema.audit_log.c
        with self._write() as conn:
            batch = conn.execute(select(schema.batches).where(
                schema.batches.c.id == batch_id)).mappings().first()
            if batch is None:
                raise BatchError("batch.unknown", "no batch {batch!r}", http_status=404,
                                 batch=batch_id)
            if conn.execute(select(schema.batches.c.id).where(
                    schema.batches.c.reverts == batch_id)).first():
                raise BatchError("batch.reverted", "batch {batch} has been reverted already",
                                 batch=batch_id)
            entries = conn.execute(select(schema.audit_log).where(
                a.batch_id == batch_id, a.action == "tag").order_by(a.id.desc())).mappings().all()
            revert_id = new_batch(conn, "revert", actor, reason,
                                  f"revert of {batch['kind']} batch {batch_id}", reverts=batch_id)
            report = RevertReport(revert_id)
            docs: dict[str, None] = {}
            stamp = now()
            for entry in entries:
                where = key_of(entry["document_id"], entry["facet"], entry["value"] or "")
                row = conn.execute(select(schema.tags).where(where)).mappings().first()
                if not _same(dict(row) if row else None, entry["after"]):
                    report.conflicts.append({"document_id": entry["document_id"],
                                             "facet": entry["facet"], "value": entry["value"]})
                    continue
                if write_row(conn, actor, entry["document_id"], entry["facet"], where,
                             entry["before"], reason=reason, batch_id=revert_id, stamp=stamp):
                    report.reverted += 1
                    docs[entry["document_id"]] = None
            _close(conn, revert_id, report.reverted)
            audit.record(conn, actor, "batch.revert", value=batch_id, reason=reason,
                         batch_id=revert_id, after={"reverted": report.reverted,
                                                    "conflicts": len(report.conflicts)})
        report.documents = list(docs)
        return report
