"""Own reading the store for the index: every document in batches, some by number, and
what they depend on.

Everything an index entry is derived from comes through the store's repositories:
documents with editions and relations (publications shaped as documents, family pages of
publications as `publication_as_document`), curator decisions, cross-document replacement
links (ITU's own lineage data first, then the rules of replacements.py), and the digest
of the rules and schema every entry also depends on. Nothing here holds the catalogue in
memory: documents come in bounded batches, and the replacement rules keep only numbers,
statuses and what the few summaries that state a replacement claim.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from index.models import Document
from index.search import fields as index_fields
from index.search.documents import publication_as_document
from index.search.replacements import (
    REPLACEMENT_VERBS,
    Claim,
    Replacement,
    replacements_from_claims,
    rule_input,
    summary_claims,
)
from index.search.synonyms import load_synonyms
from index.store import Store
from index.tags.taxonomy import Taxonomy
from index.vocabulary.variants import load_variants

BATCH = 500  # documents indexed per batch (the store reads each batch in a few queries)


def stream_documents(store: Store, size: int | None = None) -> Iterator[list[Document]]:
    """Every document the index holds, in batches (of BATCH): the store's documents and
    publications, then the family pages of publications that have a title."""
    size = size or BATCH
    known: set[str] = set()
    for batch in store.documents.iter_batches(size=size):
        known.update(d.id for d in batch)
        yield batch
    pages = [publication_as_document(p) for p in store.publications.family_pages()
             if p.id not in known]
    for start in range(0, len(pages), size):
        yield pages[start:start + size]


def read_many(store: Store, ids: Iterable[str]) -> dict[str, Document]:
    """These documents as `stream_documents` yields them (ids it would not yield are left
    out: gone from the store, old numbers merged into another, unread publications)."""
    found = store.documents.get_many(ids)
    out: dict[str, Document] = {}
    pubs: list[str] = []
    for doc_id, doc in found.items():
        if doc.source == "pub" and not store.documents.publication_is_document(doc_id):
            pubs.append(doc_id)  # a family page, or a listing not read yet
        else:
            out[doc_id] = doc
    for pub in store.publications.family_pages(pubs) if pubs else ():
        out[pub.id] = publication_as_document(pub)
    return out


def read_one(store: Store, doc_id: str) -> Document | None:
    """One document as `stream_documents` yields it (so its hash matches the update's)."""
    return read_many(store, [doc_id]).get(doc_id)


@dataclass
class DerivedLinks:
    """The replacement links of the whole catalogue and what they were derived from, kept
    in the build's state so that an update can tell when they cannot have moved."""

    links: dict[str, list[Replacement]]
    inputs: dict[str, str]  # rule_input of each document that has one (most have none)
    lineage: str  # digest of ITU's own lineage data


def derive_links(store: Store) -> DerivedLinks:
    """What replaced each document, over the whole catalogue, from light reads: ITU's
    lineage data, then the summary and shared-number rules."""
    status: dict[str, str | None] = {}
    said: list[tuple[str, list[Claim]]] = []
    for doc_id, doc_status, summary in store.documents.headlines(REPLACEMENT_VERBS):
        status[doc_id] = doc_status
        claims = summary_claims(summary)
        if claims:
            said.append((doc_id, claims))
    for pub in store.publications.family_pages():
        status.setdefault(pub.id, "Published")  # publication_as_document's status
    claims_of = dict(said)
    inputs = {doc_id: found for doc_id, st in status.items()
              if (found := rule_input(st, claims_of.get(doc_id, []))) is not None}
    lineage, lineage_digest = itu_lineage(store)
    return DerivedLinks(merge_replacements(lineage, replacements_from_claims(status, said)),
                        inputs, lineage_digest)


def itu_lineage(store: Store) -> tuple[dict[str, list[Replacement]], str]:
    """The successors ITU's editions data and notes state (store.lineage), as Replacements,
    with a digest of them."""
    found = {old: [Replacement(number=e["number"], rule=e["rule"], evidence=e["evidence"])
                   for e in entries]
             for old, entries in store.lineage.replacements().items()}
    blob = json.dumps(found, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return found, hashlib.blake2b(blob.encode(), digest_size=12).hexdigest()


def merge_replacements(*found: dict[str, list[Replacement]]) -> dict[str, list[Replacement]]:
    """Successors by document, ITU's editions data first, then the summary/number rules."""
    out: dict[str, list[Replacement]] = {}
    for links in found:
        for old, entries in links.items():
            merged = out.setdefault(old, [])
            for entry in entries:
                if all(e["number"] != entry["number"] for e in merged):
                    merged.append(entry)
    return out


def rules_digest(taxonomy: Taxonomy) -> str:
    """What every document's fields depend on besides its own data: the taxonomy (with the
    countries table), the synonyms, the spelling variants the analyzer applies, the
    glossary (the vocabulary of translated queries and labels) and the schema."""
    # Here, not at the top: the glossary's analysis imports this package (a cycle).
    from index.vocabulary.glossary import glossary_file_digest

    return (f"{taxonomy.digest[:16]}-{load_synonyms().digest[:16]}"
            f"-{load_variants().digest[:12]}-{glossary_file_digest()[:12]}"
            f"-s{index_fields.SCHEMA_VERSION}")
