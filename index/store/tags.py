"""Own curator tag decisions in the store: apply them with an audit entry each, read them back.

The `tags` table holds the current decision per (document, facet, value): relevance to
developing countries (facet "developing_countries", action "set", value yes/no; one per
document), and regions and topics (action "add" or "remove" a taxonomy id). The search
index reads them (`curator_decisions`), so a decision overrides the rules on every
re-index. History lives in the audit log: every change appends one entry with the row
before and after, in the same transaction. What a valid change is: index/tags/changes.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Connection, delete, insert, select

from index import schema
from index.errors import CurationError
from index.models import Document, now
from index.store import audit
from index.store.base import Repository
from index.store.changes import log_changes
from index.store.documents import existing_documents
from index.tags.changes import (
    DC,
    TagChange,
    change_problem,
    check_reason,
    form_changes,
    unknown_document,
    vocabulary,
)
from index.tags.provenance import CuratorDecision, DerivedTags, apply_decisions
from index.tags.rules import derive_for
from index.tags.taxonomy import Taxonomy, load_taxonomy

_ROW_KEYS = ("value", "action", "curator", "created_at", "reason", "batch_id")
TAG_COLUMNS = ("document_id", "facet", "value", "action", "reason", "curator", "created_at",
               "batch_id")


@dataclass(frozen=True)
class TagDecision:
    """One stored curator decision (a row of `tags`)."""

    document_id: str
    facet: str
    value: str
    action: str
    curator: str
    created_at: str
    reason: str
    batch_id: str | None


@dataclass
class ChangeReport:
    """What applying changes did: the audited changes and the documents to re-index."""

    changed: int = 0
    unchanged: int = 0
    documents: list[str] = field(default_factory=list)


def key_of(document_id: str, facet: str, value: str) -> ColumnElement[bool]:
    """The where-clause of the decision a change replaces (relevance: one per document)."""
    t = schema.tags.c
    where = (t.document_id == document_id) & (t.facet == facet)
    return where if facet == DC else where & (t.value == value)


def _row(conn: Connection, where: ColumnElement[bool]) -> dict[str, Any] | None:
    row = conn.execute(select(schema.tags).where(where)).mappings().first()
    return {k: row[k] for k in ("id", *_ROW_KEYS)} if row else None


def _public(row: dict[str, Any] | None) -> dict[str, Any] | None:
    return {k: row[k] for k in _ROW_KEYS} if row else None


def write_row(conn: Connection, actor: str, document_id: str, facet: str,
              where: ColumnElement[bool], after: dict[str, Any] | None, *, reason: str,
              batch_id: str | None, stamp: str) -> bool:
    """Replace the decision matched by `where` with `after` (None: none), audited."""
    before = _row(conn, where)
    if before is None and after is None:
        return False
    if before and after and (before["value"], before["action"]) == (after["value"],
                                                                    after["action"]):
        return False
    if before is not None:
        conn.execute(delete(schema.tags).where(schema.tags.c.id == before["id"]))
    if after is not None:
        conn.execute(insert(schema.tags).values(document_id=document_id, facet=facet, **after))
    value = (after or before or {}).get("value")
    log_changes(conn, [document_id], "curation", stamp)
    audit.record(conn, actor, "tag", document_id=document_id, facet=facet, value=value,
                 before=_public(before), after=after, reason=reason, batch_id=batch_id,
                 at=stamp)
    return True


def apply_in(conn: Connection, changes: Iterable[TagChange], *, actor: str, reason: str,
             batch_id: str | None = None) -> ChangeReport:
    """Apply checked changes inside an open transaction (one audit entry per change)."""
    report = ChangeReport()
    stamp = now()
    docs: dict[str, None] = {}
    for change in changes:
        after = None
        why = change.reason or reason
        if change.action != "clear":
            after = {"value": change.value, "action": change.action,
                     "curator": change.curator or actor, "created_at": change.created_at or stamp,
                     "reason": why, "batch_id": batch_id}
        where = key_of(change.document_id, change.facet, change.value)
        if write_row(conn, actor, change.document_id, change.facet, where, after,
                     reason=why, batch_id=batch_id, stamp=stamp):
            report.changed += 1
            docs[change.document_id] = None
        else:
            report.unchanged += 1
    report.documents = list(docs)
    return report


def check_changes(conn: Connection, changes: list[TagChange]) -> None:
    """Raise CurationError for the first change that is not valid (tag or document)."""
    vocab = vocabulary()
    for change in changes:
        problem = change_problem(change, vocab)
        if problem:
            raise CurationError(problem.code, "{document}: " + problem.template,
                                document=change.document_id, **problem.params)
    missing = {c.document_id for c in changes} - existing_documents(
        conn, (c.document_id for c in changes))
    if missing:
        raise unknown_document(sorted(missing)[0])


class TagRepository(Repository):
    """Curator tag decisions (store.tags)."""

    def apply(self, changes: list[TagChange], *, actor: str, reason: str | None,
              batch_id: str | None = None) -> ChangeReport:
        """Check every change, then apply them all in one transaction (or none)."""
        reason = check_reason(reason)
        with self._write() as conn:
            check_changes(conn, changes)
            return apply_in(conn, changes, actor=actor, reason=reason, batch_id=batch_id)

    def of_document(self, doc_id: str) -> list[TagDecision]:
        """The current curator decisions on one document."""
        t = schema.tags.c
        with self._read() as conn:
            rows = conn.execute(select(*(t[c] for c in TagDecision.__dataclass_fields__))
                                .where(t.document_id == doc_id)
                                .order_by(t.facet, t.value)).mappings()
            return [TagDecision(**r) for r in rows]

    def all(self) -> list[TagDecision]:
        """Every current decision, by document, facet and value (the CSV export)."""
        t = schema.tags.c
        with self._read() as conn:
            rows = conn.execute(select(*(t[c] for c in TagDecision.__dataclass_fields__))
                                .order_by(t.document_id, t.facet, t.value)).mappings()
            return [TagDecision(**r) for r in rows]

    def relevance_decided(self, ids: Iterable[str]) -> set[str]:
        """Which of these documents carry a curator's relevance decision."""
        t = schema.tags.c
        wanted = list(ids)
        found: set[str] = set()
        with self._read() as conn:
            for start in range(0, len(wanted), 500):
                found |= {r[0] for r in conn.execute(select(t.document_id).where(
                    t.facet == DC, t.document_id.in_(wanted[start:start + 500])))}
        return found

    def curator_decisions(self, doc_ids: Iterable[str] | None = None
                          ) -> dict[str, list[CuratorDecision]]:
        """Curator decisions by document, as the tagging domain applies them."""
        t = schema.tags.c
        query = select(t.document_id, t.facet, t.value, t.action, t.curator, t.created_at,
                       t.reason)
        if doc_ids is not None:
            query = query.where(t.document_id.in_(list(doc_ids)))
        out: dict[str, list[CuratorDecision]] = {}
        with self._read() as conn:
            for row in conn.execute(query):
                decision = CuratorDecision(row[0], row[1], row[2], row[3], row[4], str(row[5]),
                                           row[6])
                out.setdefault(decision.document_id, []).append(decision)
        return out

    def effective(self, doc: Document, taxonomy: Taxonomy | None = None) -> DerivedTags:
        """A document's tags as search shows them: the rules, overridden by curators."""
        taxonomy = taxonomy or load_taxonomy()
        found = self.curator_decisions([doc.id]).get(doc.id, [])
        return apply_decisions(derive_for(taxonomy, doc), found, taxonomy.labels)

    def form_changes(self, doc: Document, relevance: str, regions: Iterable[str],
                     topics: Iterable[str], taxonomy: Taxonomy | None = None
                     ) -> list[TagChange]:
        """The changes that make a document's tags what the curator's form says."""
        taxonomy = taxonomy or load_taxonomy()
        decided = next((d.value for d in self.of_document(doc.id) if d.facet == DC), None)
        return form_changes(doc.id, self.effective(doc, taxonomy), decided, relevance,
                            regions, topics, taxonomy)
