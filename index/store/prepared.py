"""Own the statements a document page reads with, built once per database dialect.

A document page (and its JSON twin) reads one document with its editions, relations, old
numbers and lineage: about ten small indexed queries. Building each SQLAlchemy statement
anew (columns, comparisons, IN lists) and computing its cache key cost several times what
SQLite takes to run it, so these are built once, with their values as bound parameters
(`ids` expands to the IN list), and reused by every thread: a statement is immutable once
built. The order clauses compare text byte by byte on every database (`binary`), so the
statements differ by dialect.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Select, bindparam, func, or_, select

from index import schema


def binary(dialect: str, column: ColumnElement[Any]) -> ColumnElement[Any]:
    """A text column ordered byte by byte (SQLite's default; "C" on PostgreSQL)."""
    return column.collate("C") if dialect == "postgresql" else column


def _ids() -> Any:
    return bindparam("ids", expanding=True)


@cache
def editions_of(dialect: str) -> Select[Any]:
    """The editions of documents `ids`, oldest first (undated first)."""
    e = schema.editions
    return (select(e).where(e.c.document_id.in_(_ids()))
            .order_by(e.c.approval_date.asc().nulls_first(), e.c.idrec))


@cache
def relations_of(dialect: str) -> Select[Any]:
    """The relations of documents `ids`, by kind, target and document, byte by byte."""
    r = schema.relations
    return (select(r).where(r.c.document_id.in_(_ids()))
            .order_by(r.c.kind, binary(dialect, r.c.target), binary(dialect, r.c.document_id)))


@cache
def documents_by_id(dialect: str) -> Select[Any]:
    """Documents `ids`, by number byte by byte."""
    d = schema.documents
    return select(d).where(d.c.id.in_(_ids())).order_by(binary(dialect, d.c.id))


@cache
def aliases_of(dialect: str) -> Select[Any]:
    """(alias, document) of documents `ids`, by alias."""
    a = schema.aliases.c
    return select(a.alias, a.document_id).where(a.document_id.in_(_ids())).order_by(a.alias)


@cache
def document_links_of(dialect: str) -> Select[Any]:
    """Document-level lineage links from or to documents `ids`, in the order stated."""
    t = schema.lineage.c
    return (select(t.old_doc, t.new_doc, t.old_idrec, t.new_idrec, t.source, t.evidence)
            .where(t.level == "document", or_(t.old_doc.in_(_ids()), t.new_doc.in_(_ids())))
            .order_by(t.id))


@cache
def edition_labels(dialect: str) -> Select[Any]:
    """(idrec, label) of editions `ids`."""
    e = schema.editions.c
    return select(e.idrec, e.label).where(e.idrec.in_(_ids()))


@cache
def document_states(dialect: str) -> Select[Any]:
    """(id, status, approval date) of documents `ids`."""
    d = schema.documents.c
    return select(d.id, d.status, d.approval_date).where(d.id.in_(_ids()))


@cache
def lineage_of(dialect: str) -> Select[Any]:
    """Every document-level lineage row from or to document `doc`, in the order stated."""
    t = schema.lineage.c
    doc: BindParameter[str] = bindparam("doc")
    return (select(schema.lineage).where(t.level == "document",
                                         or_(t.old_doc == doc, t.new_doc == doc))
            .order_by(t.id))


@cache
def edition_links_of(dialect: str) -> Select[Any]:
    """Distinct (old doc, new doc, old idrec, new idrec) rows from or to document `doc`."""
    t = schema.lineage.c
    doc: BindParameter[str] = bindparam("doc")
    return (select(t.old_doc, t.new_doc, t.old_idrec, t.new_idrec)
            .where(or_(t.old_doc == doc, t.new_doc == doc)).distinct())


@cache
def notes_of(dialect: str, curator: bool) -> Select[Any]:
    """The notes of document `doc` not deleted, oldest first: all of them for curators,
    the public ones for readers."""
    n = schema.notes.c
    query = select(schema.notes).where(n.document_id == bindparam("doc"), n.deleted_at.is_(None))
    if not curator:
        query = query.where(n.visibility == "public")
    return query.order_by(n.created_at, n.id)


@cache
def alias_target(dialect: str) -> Select[Any]:
    """The document the old number `number` (lower case) leads to, case aside."""
    a = schema.aliases.c
    return select(a.document_id).where(func.lower(a.alias) == bindparam("number"))
