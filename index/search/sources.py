"""Own reading the store for the index (read-only, SQLAlchemy Core and Store readers).

Everything an index entry is derived from: documents with editions and relations,
publications, curator decisions, cross-document replacement links, and the digest of the
rules and schema every entry also depends on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from index import schema as store_schema
from index.search import fields as index_fields
from index.search.documents import publication_as_document, replacements, source_hash
from index.search.provenance import CuratorDecision, load_decisions
from index.search.synonyms import load_synonyms
from index.search.taxonomy import Taxonomy
from index.store import Store


@dataclass
class Sources:
    """Everything the index is derived from, read from the store in one pass."""

    docs: list[dict[str, Any]]
    decisions: dict[str, list[CuratorDecision]]
    replaced: dict[str, list[dict[str, str]]]
    stamp: str  # newest documents.last_changed seen

    def hashes(self, digest: str) -> dict[str, str]:
        """Every document's source hash."""
        return {
            d["id"]: source_hash(d, self.replaced.get(d["id"], []),
                                 self.decisions.get(d["id"], []), digest)
            for d in self.docs
        }


def read_sources(store: Store) -> Sources:
    """Read every document and publication, curator decisions and replacement links."""
    docs = list(store.iter_documents())
    known = {d["id"] for d in docs}
    docs += [publication_as_document(p) for p in store.publications().values()
             if p["id"] not in known and p.get("title")]
    with store.engine.connect() as conn:
        decisions = load_decisions(conn)
    stamp = max((str(d.get("last_changed") or "") for d in docs), default="")
    return Sources(docs, decisions, merge_replacements(store.lineage_replacements(),
                                                       replacements(docs)), stamp)


def merge_replacements(*found: dict[str, list[dict[str, str]]]
                       ) -> dict[str, list[dict[str, str]]]:
    """Successors by document, ITU's editions data first, then the summary/number rules."""
    out: dict[str, list[dict[str, str]]] = {}
    for links in found:
        for old, entries in links.items():
            merged = out.setdefault(old, [])
            for entry in entries:
                if all(e["number"] != entry["number"] for e in merged):
                    merged.append(entry)
    return out


def rules_digest(taxonomy: Taxonomy) -> str:
    """What every document's fields depend on besides its own data."""
    return (f"{taxonomy.digest[:16]}-{load_synonyms().digest[:16]}"
            f"-s{index_fields.SCHEMA_VERSION}")


def read_one(store: Store, doc_id: str) -> dict[str, Any] | None:
    """One document with its editions and relations (or a publication), read-only."""
    d, e, r = store_schema.documents, store_schema.editions, store_schema.relations
    with store.engine.connect() as conn:
        row = conn.execute(select(d).where(d.c.id == doc_id)).mappings().first()
        if row is None:
            pub = conn.execute(select(store_schema.publications).where(
                store_schema.publications.c.id == doc_id)).mappings().first()
            if pub is None:
                return None
            # The store shapes publications itself (files, the Recommendations linking to
            # them); take its version so the hash matches the nightly update's.
            shaped = next((x for x in store.iter_documents() if x["id"] == doc_id), None)
            return shaped or publication_as_document(dict(pub))
        doc = dict(row)
        doc["editions"] = [dict(x) for x in conn.execute(
            select(e).where(e.c.document_id == doc_id).order_by(e.c.approval_date, e.c.idrec)
        ).mappings()]
        doc["relations"] = [dict(x) for x in conn.execute(
            select(r).where(r.c.document_id == doc_id).order_by(r.c.kind, r.c.target)
        ).mappings()]
        # The same shape as Store.iter_documents, so both give one source hash.
        doc.update(store.document_extras(conn, doc_id).get(
            doc_id, {"aliases": [], "lineage": []}))
        return doc
