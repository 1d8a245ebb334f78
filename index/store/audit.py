"""Own the append-only audit log: write one entry per change, read it back, verify it.

Every change of curator data (tags, notes, users, batches) appends one row inside the
transaction that makes the change, so the log and the data can never disagree. Nothing
updates, deletes or replaces audit rows: the store's triggers refuse it (index/schema.py,
_v3 and _v4). Each entry carries a hash chained to the entry before it (index/chain.py):
`verify` recomputes the chain, so a rewrite made around the triggers (by someone who
owns the database file or the tables) is found. Appends are serialised (the write lock
on SQLite, an advisory lock on PostgreSQL), so the chain never forks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Select, func, insert, select, text

from index import schema
from index.chain import GENESIS, entry_hash
from index.models import now
from index.store.base import Repository

AUDIT_COLUMNS = ("id", "at", "actor", "action", "document_id", "facet", "value", "before",
                 "after", "reason", "batch_id")
_APPEND_LOCK = 74_010  # PostgreSQL advisory lock key: one audit append at a time
FILTERS = ("actor", "action", "document", "batch", "since", "until")


def record(conn: Connection, actor: str, action: str, *, document_id: str | None = None,
           facet: str | None = None, value: str | None = None, before: Any = None,
           after: Any = None, reason: str | None = None, batch_id: str | None = None,
           at: str | None = None) -> None:
    """Append one audit entry (call inside the transaction that makes the change)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _APPEND_LOCK})
    c = schema.audit_log.c
    last = conn.execute(select(c.id, c.hash).order_by(c.id.desc()).limit(1)).first()
    entry = {"id": (last.id + 1) if last else 1, "at": at or now(), "actor": actor,
             "action": action, "document_id": document_id, "facet": facet, "value": value,
             "before": before, "after": after, "reason": reason, "batch_id": batch_id}
    # The hash covers the values as they come back from the database (JSON round trip).
    stored = {**entry, "before": _json_value(before), "after": _json_value(after)}
    previous = (last.hash or GENESIS) if last else GENESIS
    conn.execute(insert(schema.audit_log).values(**entry, hash=entry_hash(previous, stored)))


def _json_value(value: Any) -> Any:
    """A value as a JSON column gives it back (tuples become lists, keys strings)."""
    return None if value is None else json.loads(json.dumps(value, default=str))


@dataclass(frozen=True)
class AuditEntry:
    """One entry of the log: who did what to which document or account, before and after."""

    id: int
    at: str
    actor: str
    action: str  # tag | note.add | note.edit | note.delete | user.add | ... | batch.revert
    document_id: str | None
    facet: str | None
    value: str | None
    before: Any  # the JSON state before (None: nothing)
    after: Any
    reason: str | None
    batch_id: str | None
    hash: str | None = None  # its link in the chain (index/chain.py)

    def cells(self) -> list[Any]:
        """The entry in AUDIT_COLUMNS order."""
        return [getattr(self, c) for c in AUDIT_COLUMNS]


@dataclass(frozen=True)
class AuditQuery:
    """Filters for browsing the log (every one optional; dates are ISO prefixes)."""

    actor: str = ""
    action: str = ""
    document: str = ""
    batch: str = ""
    since: str = ""
    until: str = ""

    @classmethod
    def from_args(cls, args: Any) -> AuditQuery:
        """Read the filters from request arguments (unknown keys ignored, values trimmed)."""
        return cls(**{k: str(args.get(k, "") or "").strip()[:200] for k in FILTERS})

    def as_args(self) -> dict[str, str]:
        """The non-empty filters, for links to other pages and the CSV export."""
        return {k: getattr(self, k) for k in FILTERS if getattr(self, k)}

    def apply(self, query: Select[Any]) -> Select[Any]:
        """Narrow a select on audit_log by these filters."""
        c = schema.audit_log.c
        if self.actor:
            query = query.where(c.actor == self.actor)
        if self.action:
            # "tag" matches tag; "note" matches note.add, note.edit, note.delete.
            query = query.where((c.action == self.action) | c.action.like(
                self.action.replace("%", "").replace("_", "") + ".%"))
        if self.document:
            query = query.where(c.document_id == self.document)
        if self.batch:
            query = query.where(c.batch_id == self.batch)
        if self.since:
            query = query.where(c.at >= self.since)
        if self.until:
            # An ISO date "2026-05-01" includes the whole day.
            query = query.where(c.at <= self.until + ("T99" if len(self.until) == 10 else ""))
        return query


@dataclass
class ChainReport:
    """What `verify` found: how many entries, the head of the chain, and any breaks."""

    entries: int = 0
    head_id: int | None = None
    head_hash: str | None = None
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class AuditRepository(Repository):
    """The append-only audit log, read back filtered and verified (store.audit)."""

    def verify(self, anchor: tuple[int, str] | None = None) -> ChainReport:
        """Recompute the hash chain (and check an anchor noted earlier, if given)."""
        report = ChainReport()
        c = schema.audit_log.c
        previous = GENESIS
        seen_anchor = anchor is None
        last = 0
        while True:  # pages by id, so a long log never holds the database
            with self._read() as conn:
                rows = conn.execute(select(schema.audit_log).where(c.id > last)
                                    .order_by(c.id).limit(2000)).mappings().all()
            if not rows:
                break
            for row in rows:
                report.entries += 1
                expected = entry_hash(previous, dict(row))
                if row["hash"] != expected:
                    report.problems.append((row["id"], "hash does not match the entry and "
                                            "the one before it (changed, removed or "
                                            "inserted)"))
                if anchor is not None and row["id"] == anchor[0]:
                    seen_anchor = True
                    if row["hash"] != anchor[1]:
                        report.problems.append((row["id"], "differs from the anchor"))
                previous = row["hash"] or expected
                report.head_id, report.head_hash = row["id"], row["hash"]
            last = rows[-1]["id"]
        if not seen_anchor and anchor is not None:
            report.problems.append((anchor[0], "the anchored entry is missing (the log was "
                                    "cut back)"))
        return report

    def count(self, query: AuditQuery) -> int:
        """How many entries match."""
        with self._read() as conn:
            return int(conn.execute(query.apply(
                select(func.count()).select_from(schema.audit_log))).scalar_one())

    def entries(self, query: AuditQuery, *, limit: int = 100,
                offset: int = 0) -> list[AuditEntry]:
        """Matching entries, newest first."""
        c = schema.audit_log.c
        stmt = query.apply(select(schema.audit_log)).order_by(c.id.desc())
        with self._read() as conn:
            rows = conn.execute(stmt.limit(limit).offset(offset)).mappings()
            return [AuditEntry(**r) for r in rows]

    def iter_entries(self, query: AuditQuery) -> Iterator[AuditEntry]:
        """Every matching entry, oldest first (for the CSV export)."""
        c = schema.audit_log.c
        last = 0
        while True:  # pages by id, so a long export never holds the database
            stmt = query.apply(select(schema.audit_log)).where(c.id > last).order_by(c.id)
            with self._read() as conn:
                rows = [AuditEntry(**r) for r in conn.execute(stmt.limit(1000)).mappings()]
            if not rows:
                return
            yield from rows
            last = rows[-1].id

    def actors_and_actions(self) -> tuple[list[str], list[str]]:
        """Distinct actors and actions, for the filter form."""
        c = schema.audit_log.c
        with self._read() as conn:
            actors = [r[0] for r in conn.execute(select(c.actor).distinct().order_by(c.actor))]
            actions = [r[0] for r in conn.execute(select(c.action).distinct().order_by(c.action))]
        return actors, actions
