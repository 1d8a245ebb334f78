"""Own the store's lineage, old numbers and edition summaries (a mixin of `index.store.Store`).

Writes run inside `Store.save_document`'s transaction (one family, atomically): the lineage
links its fetch stated, its other numbers (aliases; an old document under such a number is
marked merged, never erased). Reads are keyed (one document, one number), so a page costs
the same whatever the catalogue's size; `lineage_replacements` is the whole-catalogue read
the search index build makes anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, or_, select, update

from index import schema
from index.lineage_models import (
    EditionLineage,
    LineageLink,
    LineageView,
    LinkView,
    Successor,
)
from index.models import DocumentData, now

MAX_HOPS = 12  # longest chain of renumberings followed to the text in force


@dataclass(frozen=True)
class SummaryGap:
    """An edition whose own summary the backfill should ask ITU for."""

    idrec: int
    document_id: str
    label: str
    summary_url: str | None  # SUM-HTM fragment when ITU's editions list names one


class LineageStore:
    """Lineage, aliases and the summary backfill queue; needs `self.engine`."""

    engine: Engine

    # -- writing (inside save_document's transaction) ------------------------------------

    def _save_identity(self, conn: Connection, doc: DocumentData, stamp: str) -> bool:
        """Record the document's other numbers; merge old documents filed under them."""
        a, d = schema.aliases, schema.documents
        changed = False
        for alias in doc.aliases:
            if alias == doc.id:
                continue
            row = conn.execute(select(a.c.document_id).where(a.c.alias == alias)).first()
            if row is None:
                source = "part" if " " in alias and "Suppl" not in alias else "variant"
                conn.execute(insert(a).values(alias=alias, document_id=doc.id, source=source,
                                              since=stamp))
                changed = True
            elif row.document_id != doc.id:
                conn.execute(update(a).where(a.c.alias == alias).values(document_id=doc.id))
                changed = True
            # A document filed under this number by an older program (or before ITU renamed
            # the text) becomes an alias: kept, hidden, and never marked gone.
            conn.execute(update(d).where(d.c.id == alias, d.c.merged_into.is_(None))
                         .values(merged_into=doc.id))
        # This id is a document again (not an alias of another), e.g. after a renaming back.
        conn.execute(delete(a).where(a.c.alias == doc.id))
        conn.execute(update(d).where(d.c.id == doc.id).values(merged_into=None))
        return changed

    def _save_lineage(self, conn: Connection, doc: DocumentData, stamp: str) -> bool:
        """Replace the links this document's fetch stated; True when they changed."""
        if doc.lineage is None:
            return False
        t = schema.lineage
        old = conn.execute(select(t).where(t.c.stated_by == doc.id)).mappings().all()
        first_seen = {_link_key(r): r["first_seen"] for r in old}
        new = {_key(link): link for link in doc.lineage}
        if set(first_seen) == set(new) and all(
                r["evidence"] == new[_link_key(r)].evidence for r in old):
            return False
        conn.execute(delete(t).where(t.c.stated_by == doc.id))
        if new:
            conn.execute(insert(t), [
                {"stated_by": doc.id, "old_doc": k.old_doc, "new_doc": k.new_doc,
                 "old_idrec": k.old_idrec, "new_idrec": k.new_idrec, "level": k.level,
                 "source": k.source, "evidence": k.evidence,
                 "first_seen": first_seen.get(key, stamp)}
                for key, k in new.items()
            ])
        return True

    # -- reading ---------------------------------------------------------------------------

    def document_extras(self, conn: Connection, doc_id: str | None = None
                        ) -> dict[str, dict[str, list[Any]]]:
        """Per document: its aliases and its document-level lineage rows (one, or all).

        What export and the search index add to a store document: `aliases` (old numbers),
        `lineage` ({old_doc, new_doc, old_idrec, new_idrec, source, evidence}, both ways).
        """
        a, t = schema.aliases.c, schema.lineage.c
        out: dict[str, dict[str, list[Any]]] = {}

        def slot(key: str) -> dict[str, list[Any]]:
            return out.setdefault(key, {"aliases": [], "lineage": []})

        aliases = select(a.alias, a.document_id).order_by(a.alias)
        links = (select(t.old_doc, t.new_doc, t.old_idrec, t.new_idrec, t.source, t.evidence)
                 .where(t.level == "document").order_by(t.id))
        if doc_id is not None:
            aliases = aliases.where(a.document_id == doc_id)
            links = links.where(or_(t.old_doc == doc_id, t.new_doc == doc_id))
        for alias in conn.execute(aliases):
            slot(alias.document_id)["aliases"].append(alias.alias)
        rows: list[dict[str, Any]] = [dict(r) for r in conn.execute(links).mappings()]
        labels = _labels(conn, {r["old_idrec"] for r in rows} | {r["new_idrec"] for r in rows})
        seen: set[tuple[str, str, str]] = set()
        for row in rows:
            key = (row["old_doc"], row["new_doc"], row["source"])
            if key in seen:
                continue  # stated by both documents' fetches
            seen.add(key)
            row["old_label"] = labels.get(row["old_idrec"] or -1)
            row["new_label"] = labels.get(row["new_idrec"] or -1)
            for owner in (row["old_doc"], row["new_doc"]):
                if doc_id is None or owner == doc_id:
                    slot(owner)["lineage"].append(row)
        return out

    def resolve_alias(self, number: str) -> str | None:
        """The document an old number now leads to (None when it is no alias)."""
        a = schema.aliases.c
        with self.engine.connect() as conn:
            row = conn.execute(select(a.document_id).where(
                func.lower(a.alias) == number.lower())).first()
        return row.document_id if row else None

    def lineage_view(self, doc_id: str) -> LineageView:
        """What replaced this document, what it replaced, and the text in force at the end."""
        t = schema.lineage.c
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.lineage).where(
                t.level == "document", or_(t.old_doc == doc_id, t.new_doc == doc_id))
                .order_by(t.id)).mappings().all()
            others = {r["new_doc"] if r["old_doc"] == doc_id else r["old_doc"] for r in rows}
            states = _states(conn, others)
            labels = _labels(conn, {r["new_idrec"] for r in rows} | {r["old_idrec"] for r in rows})
            replaced_by = _views(rows, "old_doc", "new_doc", "new_idrec", doc_id, states, labels)
            replaces = _views(rows, "new_doc", "old_doc", "old_idrec", doc_id, states, labels)
            current = _chain_end(conn, replaced_by, states) if replaced_by else None
            editions = _edition_links(conn, doc_id)
        return LineageView(number=doc_id, replaced_by=replaced_by, replaces=replaces,
                           current=current, editions=editions)

    def lineage_replacements(self) -> dict[str, list[dict[str, str]]]:
        """Every document's successors, in the search index's `replaced_by` shape."""
        t = schema.lineage.c
        out: dict[str, list[dict[str, str]]] = {}
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.old_doc, t.new_doc, t.source, t.evidence)
                                .where(t.level == "document").order_by(t.id))
            for r in rows:
                entries = out.setdefault(r.old_doc, [])
                if all(e["number"] != r.new_doc for e in entries):
                    entries.append({"number": r.new_doc, "rule": f"itu-{r.source.lower()}",
                                    "evidence": r.evidence})
        return out

    # -- the summary backfill ----------------------------------------------------------------

    def summary_gaps(self, limit: int) -> list[SummaryGap]:
        """Editions without their own summary not asked yet, newest first (oldest gaps last)."""
        if limit <= 0:
            return []
        e, d = schema.editions.c, schema.documents.c
        query = (select(e.idrec, e.document_id, e.label, e.summary_url)
                 .join(schema.documents, d.id == e.document_id)
                 .where(*_gap_filter(e, d))
                 .order_by(e.approval_date.desc(), e.idrec.desc()).limit(limit))
        with self.engine.connect() as conn:
            return [SummaryGap(r.idrec, r.document_id, r.label, r.summary_url)
                    for r in conn.execute(query)]

    def summary_gap_count(self) -> int:
        """How many editions still lack their own summary (what the backfill has left)."""
        e, d = schema.editions.c, schema.documents.c
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(schema.editions)
                                    .join(schema.documents, d.id == e.document_id)
                                    .where(*_gap_filter(e, d))).scalar_one())

    def save_edition_summary(self, idrec: int, summary: str | None, source: str,
                             title: str | None = None) -> None:
        """Record what the backfill found (summary None: ITU has none; asked, not again)."""
        e = schema.editions
        values: dict[str, Any] = {"summary_checked_at": now(), "summary_source": source,
                                  "summary": summary}
        with self.engine.begin() as conn:
            conn.execute(update(e).where(e.c.idrec == idrec).values(**values))
            if title:
                conn.execute(update(e).where(e.c.idrec == idrec, e.c.title.is_(None))
                             .values(title=title))


def _edition_links(conn: Connection, doc_id: str) -> tuple[EditionLineage, ...]:
    """Per edition of the document: other documents' editions it is replaced by / replaces."""
    t = schema.lineage.c
    rows = conn.execute(select(t.old_doc, t.new_doc, t.old_idrec, t.new_idrec).where(
        or_(t.old_doc == doc_id, t.new_doc == doc_id)).distinct()).all()
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


def _gap_filter(e: Any, d: Any) -> list[Any]:
    return [e.summary.is_(None), e.summary_checked_at.is_(None), e.gone_since.is_(None),
            d.merged_into.is_(None)]


def _key(link: LineageLink) -> tuple[Any, ...]:
    return (link.old_doc, link.new_doc, link.old_idrec, link.new_idrec, link.level, link.source)


def _link_key(row: Any) -> tuple[Any, ...]:
    return (row["old_doc"], row["new_doc"], row["old_idrec"], row["new_idrec"], row["level"],
            row["source"])


def _append(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)


def _states(conn: Connection, ids: Iterable[str]) -> dict[str, tuple[str | None, date | None]]:
    """(status, approval date) of documents by id (publications are never in lineage)."""
    d = schema.documents.c
    wanted = list(ids)
    if not wanted:
        return {}
    rows = conn.execute(select(d.id, d.status, d.approval_date).where(d.id.in_(wanted)))
    return {r.id: (r.status, r.approval_date) for r in rows}


def _labels(conn: Connection, idrecs: Iterable[int | None]) -> dict[int, str]:
    e = schema.editions.c
    wanted = [i for i in idrecs if i is not None]
    if not wanted:
        return {}
    return {r.idrec: r.label for r in conn.execute(select(e.idrec, e.label)
                                                    .where(e.idrec.in_(wanted)))}


def _views(rows: Any, own: str, other: str, idrec: str, doc_id: str,
           states: dict[str, tuple[str | None, date | None]],
           labels: dict[int, str]) -> tuple[LinkView, ...]:
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


def _chain_end(conn: Connection, first: tuple[LinkView, ...],
               states: dict[str, tuple[str | None, date | None]]) -> Successor | None:
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
