"""Own writing one harvested family: its header, editions and relations (inside `save`).

`store.documents.save` runs these inside its one transaction. A first harvest writes ~6,000
families with ~16,000 editions, so the statements are built once, at import, with bound
parameters: SQLAlchemy then finds each compiled statement by its memoised cache key instead
of building, hashing and compiling a new statement per row, and the editions new to the
store go in one executemany. The rules themselves (what partial data may not erase, an
idrec moving between documents, `gone_since`) are the store's; only the statement count
changed.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from sqlalchemy import Connection, RowMapping, bindparam, delete, insert, select, update

from index import schema
from index.models import DocumentData, EditionData

d, e, r = schema.documents, schema.editions, schema.relations

HEADER_FIELDS = [
    f.name for f in fields(DocumentData)
    if f.name not in {"id", "editions", "relations", "aliases", "lineage"}
]
# Edition fields that only a fetch which read them may write (None never erases them).
EDITION_EXTRAS = frozenset({"edition_number", "part_of", "summary", "summary_source",
                            "summary_url"})
_EDITION_DATA = tuple(f.name for f in fields(EditionData) if f.name != "idrec")
_RELATION_COLUMNS = tuple(c.name for c in r.c)

# "b_" names: a bound parameter may not share a column's name in an UPDATE's SET list.
SELECT_DOCUMENT = select(d).where(d.c.id == bindparam("b_id"))
INSERT_DOCUMENT = insert(d)
UPDATE_DOCUMENT = update(d).where(d.c.id == bindparam("b_id"))
_SELECT_EDITIONS = select(e).where(e.c.document_id == bindparam("b_doc"))
_EXISTING_EDITIONS = select(e.c.idrec).where(e.c.idrec.in_(bindparam("b_ids", expanding=True)))
_INSERT_EDITION = insert(e)
_UPDATE_EDITION = update(e).where(e.c.idrec == bindparam("b_idrec"))
_EDITIONS_GONE = update(e).where(e.c.idrec.in_(bindparam("b_ids", expanding=True)))
_SELECT_RELATIONS = select(r).where(r.c.document_id == bindparam("b_doc"))
_DELETE_RELATIONS = delete(r).where(r.c.document_id == bindparam("b_doc"))
_INSERT_RELATION = insert(r)


def save_editions(conn: Connection, doc_id: str, eds: tuple[EditionData, ...],
                  stamp: str) -> bool:
    """Write a family's editions; True when one was added, changed, moved or left."""
    stored: dict[int, RowMapping] = {
        row["idrec"]: row for row in conn.execute(_SELECT_EDITIONS, {"b_doc": doc_id}).mappings()
    }
    changed = False
    seen = set()
    new: list[tuple[int, dict[str, Any]]] = []
    for ed in eds:
        seen.add(ed.idrec)
        values = {name: getattr(ed, name) for name in _EDITION_DATA}
        for name in EDITION_EXTRAS:
            if values[name] is None:
                del values[name]  # not read by this fetch: keep what the store has
        old = stored.get(ed.idrec)
        differs = old is None or old["gone_since"] is not None or any(
            old[k] != v for k, v in values.items())
        if not differs:
            continue
        changed = True
        if values.get("summary") is not None:
            values["summary_checked_at"] = stamp
        if old is None:
            new.append((ed.idrec, values))
        else:
            conn.execute(_UPDATE_EDITION, {"b_idrec": ed.idrec, "gone_since": None, **values})
    if new:
        _add_editions(conn, doc_id, new)
    missing = [i for i, row in stored.items() if i not in seen and row["gone_since"] is None]
    if missing and eds:
        conn.execute(_EDITIONS_GONE, {"b_ids": missing, "gone_since": stamp})
        changed = True
    return changed


def _add_editions(conn: Connection, doc_id: str, new: list[tuple[int, dict[str, Any]]]) -> None:
    """Insert editions new to this document, or move them here from another one."""
    # An idrec moves between documents when ITU renumbers or two spellings of a number
    # become one document: follow it, keeping its files and summary.
    merged: dict[int, dict[str, Any]] = {}
    for idrec, values in new:  # an idrec listed twice: the later row's values win
        merged.setdefault(idrec, {}).update(values)
    elsewhere = {row.idrec for row in conn.execute(_EXISTING_EDITIONS, {"b_ids": list(merged)})}
    rows: list[dict[str, Any]] = []
    for idrec, values in merged.items():
        if idrec in elsewhere:
            conn.execute(_UPDATE_EDITION, {"b_idrec": idrec, "document_id": doc_id,
                                           "gone_since": None, **values})
        else:
            rows.append({"idrec": idrec, "document_id": doc_id, **values})
    if rows:
        # One executemany needs one set of keys: a column a row leaves out is NULL in a new
        # row anyway (these columns have no defaults).
        keys = {k for row in rows for k in row}
        conn.execute(_INSERT_EDITION, [{k: row.get(k) for k in keys} for row in rows])


def save_relations(conn: Connection, doc: DocumentData) -> set[str]:
    """Replace the relations; the documents related before or after if they changed
    (a publication lists the documents relating to it)."""
    old = {
        (row["kind"], row["target"]): dict(row)
        for row in conn.execute(_SELECT_RELATIONS, {"b_doc": doc.id}).mappings()
    }
    new: dict[tuple[str, str], dict[str, Any]] = {}
    for rel in doc.relations or ():
        row = {"document_id": doc.id, **{k: getattr(rel, k) for k in _RELATION_COLUMNS
                                         if k != "document_id"}}
        new[(rel.kind, rel.target)] = row
    if old == new:
        return set()
    conn.execute(_DELETE_RELATIONS, {"b_doc": doc.id})
    if new:
        conn.execute(_INSERT_RELATION, list(new.values()))
    return {doc.id} | {target for kind, target in (old.keys() | new.keys())
                       if kind == "related"}
