"""Own the old numbers of documents: aliases that redirect, and merging (store.aliases).

ITU writes one text's number in several ways over the years, and an older program (or ITU,
before a renaming) filed some texts under another number. The crawler names a document's
other numbers (`DocumentData.aliases`); `save_identity` records them inside
`store.documents.save`'s transaction and marks an old document filed under such a number
merged (kept, hidden, never marked gone), so that no link to an old number ever breaks.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from index import schema
from index.models import DocumentData
from index.store import prepared
from index.store.base import Repository


class AliasRepository(Repository):
    """Old numbers and the documents they lead to (store.aliases)."""

    def resolve(self, number: str) -> str | None:
        """The document an old number now leads to (None when it is no alias)."""
        with self._read() as conn:
            row = conn.execute(prepared.alias_target(conn.dialect.name),
                               {"number": number.lower()}).first()
        return str(row.document_id) if row else None


_ALIAS_OWNER = select(schema.aliases.c.document_id).where(
    schema.aliases.c.alias == bindparam("b_alias"))
_INSERT_ALIAS = insert(schema.aliases)
_MOVE_ALIAS = update(schema.aliases).where(schema.aliases.c.alias == bindparam("b_alias"))
_MERGE = update(schema.documents).where(schema.documents.c.id == bindparam("b_id"),
                                         schema.documents.c.merged_into.is_(None))
_DROP_ALIAS = delete(schema.aliases).where(schema.aliases.c.alias == bindparam("b_alias"))
_UNMERGE = update(schema.documents).where(schema.documents.c.id == bindparam("b_id"))


def save_identity(conn: Connection, doc: DocumentData, stamp: str) -> bool:
    """Record the document's other numbers; merge old documents filed under them."""
    # The statements are built once, at import: every saved family runs at least two.
    changed = False
    for alias in doc.aliases:
        if alias == doc.id:
            continue
        row = conn.execute(_ALIAS_OWNER, {"b_alias": alias}).first()
        if row is None:
            source = "part" if " " in alias and "Suppl" not in alias else "variant"
            conn.execute(_INSERT_ALIAS, {"alias": alias, "document_id": doc.id,
                                         "source": source, "since": stamp})
            changed = True
        elif row.document_id != doc.id:
            conn.execute(_MOVE_ALIAS, {"b_alias": alias, "document_id": doc.id})
            changed = True
        # A document filed under this number by an older program (or before ITU renamed
        # the text) becomes an alias: kept, hidden, and never marked gone.
        conn.execute(_MERGE, {"b_id": alias, "merged_into": doc.id})
    # This id is a document again (not an alias of another), e.g. after a renaming back.
    conn.execute(_DROP_ALIAS, {"b_alias": doc.id})
    conn.execute(_UNMERGE, {"b_id": doc.id, "merged_into": None})
    return changed


def aliases_by_document(conn: Connection, doc_id: str | Collection[str] | None = None
                        ) -> dict[str, list[str]]:
    """Per document: the old numbers that lead to it (of one document, some, or all)."""
    a = schema.aliases.c
    if doc_id is None:
        rows = conn.execute(select(a.alias, a.document_id).order_by(a.alias))
    else:  # a page's read: the statement is built once (index/store/prepared.py)
        ids = [doc_id] if isinstance(doc_id, str) else list(doc_id)
        rows = conn.execute(prepared.aliases_of(conn.dialect.name), {"ids": ids})
    out: dict[str, list[str]] = {}
    for row in rows:
        out.setdefault(row.document_id, []).append(row.alias)
    return out
