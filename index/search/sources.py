"""Own reading the store for the index: every document, one document, and what they depend on.

Everything an index entry is derived from comes through the store's repositories:
documents with editions and relations (publications shaped as documents), curator
decisions, cross-document replacement links (ITU's own lineage data first, then the
rules of replacements.py), and the digest of the rules and schema
every entry also depends on.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.models import Document
from index.search import fields as index_fields
from index.search.documents import publication_as_document, source_hash
from index.search.replacements import Replacement, replacements
from index.search.synonyms import load_synonyms
from index.store import Store
from index.tags.provenance import CuratorDecision
from index.tags.taxonomy import Taxonomy
from index.vocabulary.variants import load_variants


@dataclass
class Sources:
    """Everything the index is derived from, read from the store in one pass."""

    docs: list[Document]
    decisions: dict[str, list[CuratorDecision]]
    replaced: dict[str, list[Replacement]]
    stamp: str  # newest documents.last_changed seen

    def hashes(self, digest: str) -> dict[str, str]:
        """Every document's source hash."""
        return {
            d.id: source_hash(d, self.replaced.get(d.id, []), self.decisions.get(d.id, []),
                              digest)
            for d in self.docs
        }


def read_sources(store: Store) -> Sources:
    """Read every document and publication, curator decisions and replacement links."""
    docs = list(store.documents.iter_all())
    known = {d.id for d in docs}
    docs += [publication_as_document(p) for p in store.publications.all().values()
             if p.id not in known and p.title]
    decisions = store.tags.curator_decisions()
    stamp = max((d.last_changed or "" for d in docs), default="")
    return Sources(docs, decisions, merge_replacements(_itu_lineage(store), replacements(docs)),
                   stamp)


def _itu_lineage(store: Store) -> dict[str, list[Replacement]]:
    """The successors ITU's editions data and notes state (store.lineage), as Replacements."""
    return {old: [Replacement(number=e["number"], rule=e["rule"], evidence=e["evidence"])
                  for e in entries]
            for old, entries in store.lineage.replacements().items()}


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
    from index.vocabulary.glossary import load_glossary

    return (f"{taxonomy.digest[:16]}-{load_synonyms().digest[:16]}"
            f"-{load_variants().digest[:12]}-{load_glossary().digest[:12]}"
            f"-s{index_fields.SCHEMA_VERSION}")


def read_one(store: Store, doc_id: str) -> Document | None:
    """One document as `read_sources` reads it (so its hash matches the nightly update's)."""
    doc = store.documents.get(doc_id)
    if doc is None or doc.source != "pub" or store.documents.publication_is_document(doc_id):
        return doc
    pub = store.publications.get(doc_id)  # a family page: indexed as read_sources does
    return publication_as_document(pub) if pub and pub.title else None
