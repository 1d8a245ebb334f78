"""Own the mapping from stored documents to index entries (fields, display payload, hash).

Input is a `Document` (index/models.py) as the store yields it (Recommendations and
Supplements, and Technical Papers, Reports and Handbooks shaped as documents; family
pages of publications come through `publication_as_document`); output is the field dict
Whoosh indexes, built one field group at a time (numbers, words, concepts, facets, sort
keys, payload), and the per-document source hash `itucat index update` compares.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from index import numbers
from index.models import Document, Publication, partial_iso
from index.search.fields import text_analyzer, title_key
from index.search.replacements import Replacement
from index.search.synonyms import Synonyms
from index.search.vocabulary import SPELL_TEXT, spell_text
from index.tags.provenance import CuratorDecision, DerivedTags, apply_decisions
from index.tags.rules import derive_for, series_label
from index.tags.taxonomy import Taxonomy

# Fields that change on every crawl without changing what a reader sees.
_VOLATILE = {"last_fetched", "family_hash", "first_seen", "last_changed"}
IndexFields = dict[str, Any]  # field name -> value, as fields.build_schema() declares them


class ConceptFinder:
    """Find the synonym groups (concepts) a text mentions.

    Words are compared lower-cased with plurals folded, not stemmed: the stemmer makes
    "accessibility" and "access" one word, which would tag every access network with
    the accessibility concept.
    """

    def __init__(self, synonyms: Synonyms) -> None:
        self.synonyms = synonyms
        self.first = synonyms.analysed(self.tokens)

    @staticmethod
    def tokens(text: str) -> list[str]:
        return [_fold(w) for w in _CONCEPT_WORD.findall(text.lower())]

    def __call__(self, text: str) -> list[str]:
        return self.synonyms.concepts(self.tokens(text), self.first) if text else []


_CONCEPT_WORD = re.compile(r"\w+(?:[.\-]\w+)*")


def _fold(word: str) -> str:
    """Fold a plural: "networks" -> "network", "services" -> "service" ("access" stays)."""
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def publication_as_document(pub: Publication) -> Document:
    """A publication the store does not yield as a document (a family page) for the index."""
    year = re.search(r"\d{4}", pub.year or "")
    return Document(id=pub.id, type=pub.type, title=pub.title, status="Published",
                    approval_date=date(int(year.group(0)), 1, 1) if year else None,
                    url=pub.url, source="pub", date_precision="year" if year else None)


def languages(doc: Document) -> list[str]:
    """Languages the current edition exists in (else any edition whose files are known)."""
    current = [e for e in doc.editions if e.idrec == doc.current_idrec and e.files]
    chosen = current or [e for e in doc.editions if e.files and e.status == "In force"]
    found = {f.get("language") for e in chosen for f in e.files or () if f.get("language")}
    return sorted(str(x) for x in found - {"Unknown"})


def _plain(record: Any) -> Any:
    """`dataclasses.asdict` without its deep copies (a tenth of a rebuild's time): the same
    JSON, so the same hashes."""
    if hasattr(record, "__dataclass_fields__"):
        return {k: _plain(v) for k, v in vars(record).items()}
    if isinstance(record, list | tuple):
        return [_plain(v) for v in record]
    return record


def source_hash(doc: Document, replaced_by: list[Replacement],
                decisions: list[CuratorDecision], rules_digest: str) -> str:
    """A fingerprint of everything a document's index entry is made from."""
    payload = {
        "doc": {k: v for k, v in _plain(doc).items() if k not in _VOLATILE},
        "replaced_by": replaced_by,
        "decisions": [vars(d) for d in decisions],
        "rules": rules_digest,
    }
    text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _is_range(topic: str) -> bool:
    """Sub-series topics are ranges ("Y.3000-Y.3499"); themes are slugs ("iot")."""
    return topic[:1].isupper() and "." in topic


def _kw(values: Iterable[str]) -> str:
    """Facet values joined for a comma-separated KEYWORD field (values never hold commas)."""
    return ",".join(v.replace(",", " ") for v in values if v)


@dataclass(frozen=True)
class _Entry:
    """What every field group of one entry is computed from."""

    doc: Document
    tags: DerivedTags
    taxonomy: Taxonomy
    status: str
    languages: list[str]
    series_titles: list[str]  # official series title first, then sub-series titles
    tag_words: list[str]  # labels of the tags, searchable as words

    @property
    def year(self) -> int | None:
        return self.doc.approval_date.year if self.doc.approval_date else None


def _entry(doc: Document, taxonomy: Taxonomy, decisions: list[CuratorDecision]) -> _Entry:
    tags = apply_decisions(derive_for(taxonomy, doc), decisions, taxonomy.labels)
    publication = doc.is_publication
    series_titles = [t for t in (doc.series_titles or []) if t]
    official = series_label(taxonomy, doc.id) if not publication else None
    if official and not series_titles:
        series_titles = [official]
    # Sub-series titles are specific ("Future networks"); a series title is too broad to
    # say what a document is about ("... Internet of Things and smart cities" for all of Y).
    subseries = series_titles[1:] + [t.label for t in tags.topics if _is_range(t.value)]
    tag_words = [t.label for t in tags.topics if not _is_range(t.value)]
    tag_words += [t.label for t in tags.regions if t.value != "global"]
    tag_words += [t.label for t in tags.kinds]
    if tags.developing.relevant:
        tag_words.append(taxonomy.developing_label)
    status = doc.status or ("Published" if publication else "Unknown")
    return _Entry(doc, tags, taxonomy, status, languages(doc), series_titles[:1] + subseries,
                  tag_words)


def _number_fields(e: _Entry) -> IndexFields:
    doc = e.doc
    alt = [numbers.canonical(doc.provisional_name)] if doc.provisional_name else []
    alt += numbers.iso_keys(doc.iso_number or "")
    return {
        "id": doc.id,
        "number": " ".join(numbers.keys(doc.id)) if not doc.is_publication else doc.id.lower(),
        "altnum": " ".join(alt),
    }


_TITLE_TERMS = text_analyzer()


def _text_fields(e: _Entry, concepts: ConceptFinder) -> IndexFields:
    title, summary = e.doc.title or "", e.doc.summary or ""
    subseries = e.series_titles[1:]
    terms = [t.text for t in _TITLE_TERMS(title)]
    return {
        "title": title,
        "title_key": title_key(terms).replace(",", " ") if terms else "",
        "summary": summary,
        "title_sh": title,
        "summary_sh": summary,
        "series_title": " ".join(e.series_titles),
        "tags": " ".join(e.tag_words),
        # Counted into the build's vocabulary by the writer, not indexed (vocabulary.py).
        SPELL_TEXT: spell_text(title, summary),
        # Once per title: a title that says "QoS" twice is not twice as much about QoS.
        "concept_title": " ".join(dict.fromkeys(concepts(title))),
        "concept_text": " ".join(concepts(" . ".join([summary, *subseries, *e.tag_words]))),
    }


def _facet_fields(e: _Entry) -> IndexFields:
    tags, doc, year = e.tags, e.doc, e.year
    return {
        # Themes whose official sub-series hold the document: central for a topic query.
        "core": _kw(t.value for t in tags.topics
                    if not _is_range(t.value) and any(x.field == "number" for x in t.evidence)),
        "f_type": _kw([doc.type or "Unknown"]),
        "f_topic": _kw(t.value for t in tags.topics),
        "f_region": _kw(t.value for t in tags.regions),
        "f_kind": _kw(t.value for t in tags.kinds),
        "f_sg": _kw([doc.study_group or ""]),
        "f_status": _kw([e.status]),
        "f_year": _kw([str(year)] if year else []),
        "f_decade": _kw([f"{year // 10 * 10}s"] if year else []),
        "f_lang": _kw(e.languages),
        # "confirmed" by a curator, "suggested" by a rule, or "no" ("yes" selects both).
        "f_dc": tags.developing.signal or "no",
        "f_series": _kw([doc.series or ""]),
    }


def _sort_fields(e: _Entry) -> IndexFields:
    when = e.doc.approval_date
    return {"sort_date": when.toordinal() if when else 0, "sort_num": numbers.sort_key(e.doc.id)}


def _payload(e: _Entry, replaced_by: list[Replacement]) -> str:
    """The stored display record (read back by results.py as hits and documents)."""
    doc, tags = e.doc, e.tags
    payload = {
        "number": doc.id,
        "title": doc.title,
        "type": doc.type,
        "status": e.status,
        # As precise as ITU gives it: "2020" for a publication's year, not "2020-01-01".
        "approval_date": partial_iso(doc.approval_date, doc.date_precision),
        "approval_date_precision": doc.date_precision or ("day" if doc.approval_date else None),
        "url": doc.url,
        "summary": doc.summary,
        "series": doc.series,
        "study_group": doc.study_group,
        "provisional_name": doc.provisional_name,
        "iso_number": doc.iso_number,
        "languages": e.languages,
        "topics": [t.to_json() for t in tags.topics],
        "regions": [t.to_json() for t in tags.regions],
        "kinds": [t.to_json() for t in tags.kinds],
        "developing_countries": tags.developing.to_json(),
        "replaced_by": replaced_by,
        "gone": bool(doc.gone_since),
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def index_document(
    doc: Document,
    taxonomy: Taxonomy,
    concepts: ConceptFinder,
    replaced_by: list[Replacement] | None = None,
    decisions: list[CuratorDecision] | None = None,
) -> IndexFields:
    """The Whoosh fields of one document (see fields.py for the schema)."""
    e = _entry(doc, taxonomy, decisions or [])
    return {**_number_fields(e), **_text_fields(e, concepts), **_facet_fields(e),
            **_sort_fields(e), "payload": _payload(e, replaced_by or [])}
