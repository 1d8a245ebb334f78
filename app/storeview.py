"""Own the read-only store queries the site needs that `index.store.Store` lacks.

Candidates to move into Store (the module that owns the database); until then they run
on its engine, read-only, like index/search/sources.py does.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from index import schema
from index.store import Store


def related_to(store: Store, target: str) -> list[dict[str, Any]]:
    """The documents that link to a publication (its "related_to" relations)."""
    r = schema.relations.c
    with store.engine.connect() as conn:
        rows = conn.execute(select(r.document_id).where(r.kind == "related", r.target == target)
                            .order_by(r.document_id))
        return [{"document_id": target, "kind": "related_to", "target": row.document_id,
                 "label": row.document_id, "title": None, "status": None, "year": None,
                 "url": None} for row in rows]


def changed_since(store: Store, stamp: str, limit: int = 50) -> list[dict[str, Any]]:
    """Documents first seen or changed at or after `stamp`, newest change first."""
    d = schema.documents.c
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(d.id, d.title, d.type, d.status, d.first_seen, d.last_changed, d.gone_since)
            .where((d.last_changed >= stamp) | (d.gone_since >= stamp))
            .order_by(d.last_changed.desc(), d.id).limit(limit)
        ).mappings()
        return [dict(row) for row in rows]
