"""Own curator tag decisions: validate, apply with an audit entry each, reflect in search.

The `tags` table holds the current decision per (document, facet, value): relevance to
developing countries (facet "developing_countries", action "set", value yes/no; one per
document), and regions and topics (action "add" or "remove" a taxonomy id). The search
index reads it (index/tags/provenance.py `load_decisions`), so a decision overrides the
rules on every re-index. History lives in the audit log: every change appends one entry
with the row before and after, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from index import audit, schema
from index.models import now
from index.search.sources import read_one
from index.store import Store
from index.tags.provenance import DerivedTags, apply_decisions, load_decisions
from index.tags.rules import DocText, derive_tags
from index.tags.taxonomy import Taxonomy, load_taxonomy

DC = "developing_countries"
FACETS = (DC, "region", "topic")
ACTIONS = ("set", "add", "remove", "clear")
RELEVANCE = ("yes", "no")
MAX_REASON = 2000
_ROW_KEYS = ("value", "action", "curator", "created_at", "reason", "batch_id")


class CurationError(ValueError):
    """A tag change names an unknown document, facet, tag or action, or lacks a reason."""


@dataclass(frozen=True)
class TagChange:
    """One decision to make: `clear` withdraws the curator decision (back to the rules).

    `curator`, `created_at` and `reason` are kept from a CSV being restored; else the
    acting user, the current time and the reason given for all changes are recorded.
    """

    document_id: str
    facet: str
    value: str
    action: str
    curator: str | None = None
    created_at: str | None = None
    reason: str | None = None


@dataclass
class ChangeReport:
    """What applying changes did: the audited changes and the documents to re-index."""

    changed: int = 0
    unchanged: int = 0
    documents: list[str] = field(default_factory=list)


def vocabulary(taxonomy: Taxonomy | None = None) -> dict[str, dict[str, str]]:
    """Allowed values per facet, with their labels."""
    taxonomy = taxonomy or load_taxonomy()
    return {DC: {"yes": "yes", "no": "no"}, "region": dict(taxonomy.labels["region"]),
            "topic": dict(taxonomy.labels["topic"])}


def check_reason(reason: str | None) -> str:
    """A short reason, trimmed; CurationError when missing."""
    text = " ".join((reason or "").split())
    if not text:
        raise CurationError("a reason is required")
    if len(text) > MAX_REASON:
        raise CurationError(f"a reason has at most {MAX_REASON} characters")
    return text


def change_problem(change: TagChange, vocab: dict[str, dict[str, str]]) -> str | None:
    """Why a change is not valid (facet, action and value), or None."""
    if change.facet not in FACETS:
        return f"unknown facet {change.facet!r} (one of {', '.join(FACETS)})"
    if change.action not in ACTIONS:
        return f"unknown action {change.action!r} (one of {', '.join(ACTIONS)})"
    if change.facet == DC:
        if change.action == "set" and change.value not in RELEVANCE:
            return f"relevance must be yes or no, not {change.value!r}"
        if change.action in ("add", "remove"):
            return "relevance takes the action set or clear"
        return None
    if change.action == "set":
        return f"{change.facet} takes the action add, remove or clear"
    if change.value not in vocab[change.facet]:
        return f"unknown {change.facet} {change.value!r}"
    return None


def existing_documents(conn: Connection, ids: Iterable[str]) -> set[str]:
    """Which of these ids are catalogue documents or publications."""
    wanted = list(dict.fromkeys(ids))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        for table in (schema.documents, schema.publications):
            found |= {r[0] for r in conn.execute(select(table.c.id).where(
                table.c.id.in_(chunk)))}
    return found


def key_of(document_id: str, facet: str, value: str) -> Any:
    """The where-clause of the decision a change replaces (relevance: one per document)."""
    t = schema.tags.c
    where = (t.document_id == document_id) & (t.facet == facet)
    return where if facet == DC else where & (t.value == value)


def _row(conn: Connection, where: Any) -> dict[str, Any] | None:
    row = conn.execute(select(schema.tags).where(where)).mappings().first()
    return {k: row[k] for k in ("id", *_ROW_KEYS)} if row else None


def _public(row: dict[str, Any] | None) -> dict[str, Any] | None:
    return {k: row[k] for k in _ROW_KEYS} if row else None


def write_row(conn: Connection, actor: str, document_id: str, facet: str, where: Any,
              after: dict[str, Any] | None, *, reason: str, batch_id: str | None,
              stamp: str) -> bool:
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
            raise CurationError(f"{change.document_id}: {problem}")
    missing = {c.document_id for c in changes} - existing_documents(
        conn, (c.document_id for c in changes))
    if missing:
        raise CurationError(f"unknown document {sorted(missing)[0]!r}")


def apply_changes(store: Store, changes: list[TagChange], *, actor: str,
                  reason: str | None, batch_id: str | None = None) -> ChangeReport:
    """Check every change, then apply them all in one transaction (or none)."""
    reason = check_reason(reason)
    with store.engine.begin() as conn:
        check_changes(conn, changes)
        return apply_in(conn, changes, actor=actor, reason=reason, batch_id=batch_id)


def decisions(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """The current curator decisions on one document."""
    t = schema.tags.c
    with store.engine.connect() as conn:
        rows = conn.execute(select(schema.tags).where(t.document_id == doc_id)
                            .order_by(t.facet, t.value)).mappings()
        return [dict(r) for r in rows]


def relevance_decided(store: Store, ids: Iterable[str]) -> set[str]:
    """Which of these documents carry a curator's relevance decision."""
    t = schema.tags.c
    wanted = list(ids)
    found: set[str] = set()
    with store.engine.connect() as conn:
        for start in range(0, len(wanted), 500):
            found |= {r[0] for r in conn.execute(select(t.document_id).where(
                t.facet == DC, t.document_id.in_(wanted[start:start + 500])))}
    return found


def effective_tags(store: Store, doc_id: str,
                   taxonomy: Taxonomy | None = None) -> DerivedTags | None:
    """A document's tags as search shows them: the rules, overridden by curators."""
    taxonomy = taxonomy or load_taxonomy()
    doc = read_one(store, doc_id)
    if doc is None:
        return None
    text = DocText(doc["id"], doc.get("type") or "", doc.get("title") or "",
                   doc.get("summary") or "")
    with store.engine.connect() as conn:
        found = load_decisions(conn, [doc_id]).get(doc_id, [])
    return apply_decisions(derive_tags(taxonomy, text), found, taxonomy.labels)


def form_changes(store: Store, doc_id: str, relevance: str, regions: Iterable[str],
                 topics: Iterable[str], taxonomy: Taxonomy | None = None) -> list[TagChange]:
    """The changes that make a document's tags what the curator's form says.

    Only what differs from what search shows now is recorded, so a rule tag the curator
    left as it was stays a rule tag; "unreviewed" withdraws a relevance decision.
    """
    taxonomy = taxonomy or load_taxonomy()
    tags = effective_tags(store, doc_id, taxonomy)
    if tags is None:
        raise CurationError(f"unknown document {doc_id!r}")
    changes: list[TagChange] = []
    current = {t["facet"]: t for t in decisions(store, doc_id) if t["facet"] == DC}
    if relevance in RELEVANCE:
        changes.append(TagChange(doc_id, DC, relevance, "set"))
    elif relevance == "unreviewed" and DC in current:
        changes.append(TagChange(doc_id, DC, current[DC]["value"], "clear"))
    for facet, chosen, shown in (("region", set(regions), tags.regions),
                                 ("topic", set(topics), tags.topics)):
        now_on = {t.value for t in shown}
        changes += [TagChange(doc_id, facet, v, "add") for v in sorted(chosen - now_on)]
        changes += [TagChange(doc_id, facet, v, "remove") for v in sorted(now_on - chosen)]
    if any(c.facet == "region" for c in changes):
        # Adding a region drops the rules' "global"; keep what the form shows.
        trial = apply_decisions(tags, [_as_decision(c) for c in changes], taxonomy.labels)
        result = {t.value for t in trial.regions}
        chosen = set(regions)
        changes += [TagChange(doc_id, "region", v, "add") for v in sorted(chosen - result)]
    return changes


def _as_decision(change: TagChange) -> Any:
    from index.tags.provenance import CuratorDecision

    return CuratorDecision(change.document_id, change.facet, change.value, change.action,
                           "trial", "9999", None)


def reflect_in_search(store: Store, data_dir: Path, doc_ids: Iterable[str]) -> bool:
    """Re-index these documents now (False: queued for the index writer running now)."""
    from index.search.build import reindex_one
    from index.search.layout import add_pending, paths_for

    ids = list(dict.fromkeys(doc_ids))
    if not ids:
        return True
    paths = paths_for(data_dir)
    for doc_id in ids[:-1]:
        add_pending(paths, doc_id)
    done = reindex_one(store, paths, ids[-1])
    for _ in range(3):
        # Documents queued by other curators while this writer ran (the writer drains the
        # queue once, when it starts): drain them too rather than leave them waiting.
        if not done or not _queued(paths.pending_file):
            break
        done = reindex_one(store, paths, _queued(paths.pending_file)[-1])
    return done


def _queued(pending: Path) -> list[str]:
    try:
        return [line.strip() for line in pending.read_text(encoding="utf-8").splitlines()
                if line.strip()]
    except FileNotFoundError:
        return []
