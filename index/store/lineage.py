"""Own the lineage aggregate: which text replaces which, with ITU's evidence (store.lineage).

Writes run inside `store.documents.save`'s transaction (one family, atomically): the
lineage links its fetch stated (`save_lineage`), kept per document whose fetch stated them
so that a re-fetch replaces exactly its own statements. Reads are keyed (one document), so
a page costs the same whatever the catalogue's size; `replacements` is the whole-catalogue
read the search index build makes anyway, and `document_links` what export and the index
add to each `Document`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from datetime import date
from typing import Any

from sqlalchemy import Connection, RowMapping, bindparam, delete, insert, select

from index import schema
from index.lineage_models import (
    EditionLineage,
    LineageLink,
    LineageView,
    LinkView,
    StoredLink,
    Successor,
)
from index.models import DocumentData
from index.store import prepared
from index.store.base import Repository

MAX_HOPS = 12  # longest chain of renumberings followed to the text in force
ReplacementEntry = dict[str, str]  # {"number", "rule", "evidence"}: search's Replacement shape


class LineageRepository(Repository):
    """Lineage links between documents and editions (store.lineage)."""

    def view(self, doc_id: str) -> LineageView:
        """What replaced this document, what it replaced, and the text in force at the end."""
        with self._read() as conn:
            rows = conn.execute(prepared.lineage_of(conn.dialect.name),
                                {"doc": doc_id}).mappings().all()
            others = {r["new_doc"] if r["old_doc"] == doc_id else r["old_doc"] for r in rows}
            states = _states(conn, others)
            labels = _labels(conn, {r["new_idrec"] for r in rows} | {r["old_idrec"] for r in rows})
            replaced_by = _views(rows, "old_doc", "new_doc", "new_idrec", doc_id, states, labels)
            replaces = _views(rows, "new_doc", "old_doc", "old_idrec", doc_id, states, labels)
            current = _chain_end(conn, replaced_by) if replaced_by else None
            editions = _edition_links(conn, doc_id)
        return LineageView(number=doc_id, replaced_by=replaced_by, replaces=replaces,
                           current=current, editions=editions)

    def replacements(self) -> dict[str, list[ReplacementEntry]]:
        """Every document's successors, in the search index's `replaced_by` shape."""
        t = schema.lineage.c
        out: dict[str, list[ReplacementEntry]] = {}
        with self._read() as conn:
            rows = conn.execute(select(t.old_doc, t.new_doc, t.source, t.evidence)
                                .where(t.level == "document").order_by(t.id))
            for r in rows:
                entries = out.setdefault(r.old_doc, [])
                if all(e["number"] != r.new_doc for e in entries):
                    entries.append({"number": r.new_doc, "rule": f"itu-{r.source.lower()}",
                                    "evidence": r.evidence})
        return out


# -- writing (inside documents.save's transaction) ---------------------------------------


# Built once: every saved family reads its own statements.
_STATED_BY = select(schema.lineage).where(schema.lineage.c.stated_by == bindparam("b_doc"))


def save_lineage(conn: Connection, doc: DocumentData, stamp: str) -> set[str]:
    """Replace the links this document's fetch stated; the documents on either end of a
    link that changed (empty: nothing changed)."""
    if doc.lineage is None:
        return set()
    t = schema.lineage
    old = conn.execute(_STATED_BY, {"b_doc": doc.id}).mappings().all()
    first_seen = {_row_key(r): r["first_seen"] for r in old}
    new = {_link_key(link): link for link in doc.lineage}
    if set(first_seen) == set(new) and all(
            r["evidence"] == new[_row_key(r)].evidence for r in old):
        return set()
    touched = {doc.id} | {r["old_doc"] for r in old} | {r["new_doc"] for r in old}
    touched |= {k.old_doc for k in new.values()} | {k.new_doc for k in new.values()}
    conn.execute(delete(t).where(t.c.stated_by == doc.id))
    if new:
        conn.execute(insert(t), [
            {"stated_by": doc.id, "old_doc": k.old_doc, "new_doc": k.new_doc,
             "old_idrec": k.old_idrec, "new_idrec": k.new_idrec, "level": k.level,
             "source": k.source, "evidence": k.evidence,
             "first_seen": first_seen.get(key, stamp)}
            for key, k in new.items()
        ])
    return {x for x in touched if x}


# -- what a Document carries ------------------------------------------------------------


def document_links(conn: Connection, doc_id: str | Collection[str] | None = None
                   ) -> dict[str, list[StoredLink]]:
    """Per document: its document-level links, both ways (of one document, some, or all).

    A link stated by both documents' fetches is given once.
    """
    t = schema.lineage.c
    wanted: set[str] | None = None
    if doc_id is None:
        rows = conn.execute(
            select(t.old_doc, t.new_doc, t.old_idrec, t.new_idrec, t.source, t.evidence)
            .where(t.level == "document").order_by(t.id)).all()
    else:  # a page's read: the statement is built once (index/store/prepared.py)
        wanted = {doc_id} if isinstance(doc_id, str) else set(doc_id)
        rows = conn.execute(prepared.document_links_of(conn.dialect.name),
                            {"ids": list(wanted)}).all()
    labels = _labels(conn, {r.old_idrec for r in rows} | {r.new_idrec for r in rows})
    out: dict[str, list[StoredLink]] = {}
    seen: set[tuple[str, str, str]] = set()
    for r in rows:
        key = (r.old_doc, r.new_doc, r.source)
        if key in seen:
            continue
        seen.add(key)
        link = StoredLink(r.old_doc, r.new_doc, r.old_idrec, r.new_idrec, r.source,
                          r.evidence, labels.get(r.old_idrec or -1),
                          labels.get(r.new_idrec or -1))
        for owner in (r.old_doc, r.new_doc):
            if wanted is None or owner in wanted:
                out.setdefault(owner, []).append(link)
    return out


# -- helpers -------------------------------------------------------------------------------


def _edition_links(conn: Connection, doc_id: str) -> tuple[EditionLineage, ...]:
    """Per edition of the document: other documents' editions it is replaced by / replaces."""
    rows = conn.execute(prepared.edition_links_of(conn.dialect.name), {"doc": doc_id}).all()
    labels = _labels(conn, {r.old_idrec for r in rows} | {r.new_idrec for r in rows})
    found: dict[int, tuple[list[str], list[str]]] = {}
    for r in rows:
        if r.old_doc == doc_id and r.old_idrec is not None:
            _append(found.setdefault(r.old_idrec, ([], []))[0],
                    labels.get(r.new_idrec) or r.new_doc)
        if r.new_doc == doc_id and r.new_idrec is not None:
            _append(found.setdefault(r.new_idrec, ([], []))[1],
                    labels.get(r.old_idrec) or r.old_doc)
    return tuple(EditionLineage(idrec, tuple(by), tuple(rep))
                 for idrec, (by, rep) in sorted(found.items()))


def _link_key(link: LineageLink) -> tuple[Any, ...]:
    return (link.old_doc, link.new_doc, link.old_idrec, link.new_idrec, link.level, link.source)


def _row_key(row: RowMapping) -> tuple[Any, ...]:
    return (row["old_doc"], row["new_doc"], row["old_idrec"], row["new_idrec"], row["level"],
            row["source"])


def _append(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)


State = tuple[str | None, date | None]  # (status, approval date) of a document


def _states(conn: Connection, ids: Iterable[str]) -> dict[str, State]:
    """(status, approval date) of documents by id (publications are never in lineage)."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = conn.execute(prepared.document_states(conn.dialect.name), {"ids": wanted})
    return {r.id: (r.status, r.approval_date) for r in rows}


def _labels(conn: Connection, idrecs: Iterable[int | None]) -> dict[int, str]:
    wanted = [i for i in idrecs if i is not None]
    if not wanted:
        return {}
    return {r.idrec: r.label for r in conn.execute(prepared.edition_labels(conn.dialect.name),
                                                    {"ids": wanted})}


def _views(rows: Iterable[RowMapping], own: str, other: str, idrec: str, doc_id: str,
           states: dict[str, State], labels: dict[int, str]) -> tuple[LinkView, ...]:
    out: dict[str, LinkView] = {}
    for r in rows:
        if r[own] != doc_id or r[other] in out:
            continue
        status, when = states.get(r[other], (None, None))
        label = labels.get(r[idrec]) if r[idrec] is not None else None
        out[r[other]] = LinkView(number=r[other], label=label,
                                 year=_year(label) or (when.year if when else None),
                                 status=status, source=r["source"], evidence=r["evidence"])
    return tuple(out.values())


def _year(label: str | None) -> int | None:
    m = re.search(r"\((?:\d{1,2}/)?(\d{4})\)\s*$", label or "")
    return int(m.group(1)) if m else None


def _chain_end(conn: Connection, first: tuple[LinkView, ...]) -> Successor:
    """Follow "replaced by" from the direct successors to a text in force (bounded)."""
    t = schema.lineage.c
    step = sorted(first, key=lambda v: v.status != "In force")[0]
    seen = {step.number}
    for hops in range(1, MAX_HOPS + 1):
        if step.status == "In force":
            return Successor(step.number, step.label, step.year, step.status, hops)
        rows = conn.execute(select(t.new_doc, t.new_idrec).where(
            t.level == "document", t.old_doc == step.number).order_by(t.id)).all()
        nexts = [r for r in rows if r.new_doc not in seen]
        if not nexts:
            break
        found = _states(conn, {r.new_doc for r in nexts})
        labels = _labels(conn, {r.new_idrec for r in nexts})
        nexts.sort(key=lambda r: found.get(r.new_doc, (None, None))[0] != "In force")
        r = nexts[0]
        status, when = found.get(r.new_doc, (None, None))
        label = labels.get(r.new_idrec) if r.new_idrec is not None else None
        step = LinkView(r.new_doc, label, _year(label) or (when.year if when else None),
                        status, "", "")
        seen.add(step.number)
    return Successor(step.number, step.label, step.year, step.status, len(seen))
