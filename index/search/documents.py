"""Own the mapping from store records to index documents (fields, display payload, hash).

Input is what `Store.iter_documents()` yields (Recommendations and Supplements, and,
with a store that has them, Technical Papers, Reports and Handbooks shaped as documents;
older stores' publications come through `publication_as_document`); output is the field
dict Whoosh indexes and the JSON payload a result is displayed from. Also owns the
cross-document facts derived at build time (what replaced a superseded document) and
the per-document source hash that `itucat index update` compares to find changes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from index.models import partial_iso
from index.search import numbers
from index.search.provenance import CuratorDecision, apply_decisions
from index.search.rules import DocText, derive_tags, series_label
from index.search.synonyms import Synonyms
from index.search.taxonomy import Taxonomy

CURRENT = frozenset({"In force", "Published", "Unknown"})  # shown by default
# Fields that change on every crawl without changing what a reader sees.
_VOLATILE = {"last_fetched", "family_hash", "first_seen", "last_changed"}

_REPLACES = re.compile(
    r"\b(?:supersedes|replaces|replacing|superseding|integrates and replaces|previously numbered"
    r"(?: as)?)\b(?P<rest>.{0,160})",
    re.I | re.S,
)
_RENUMBERED = re.compile(r"\b(?:renumbered as|replaced by|superseded by)\b(?P<rest>.{0,80})",
                         re.I | re.S)
_CLAUSE_END = re.compile(r"[;.](?=\s|$)")
_MENTION = re.compile(r"\b[A-Z]\.\d+(?:\.\d+)*(?:\s?(?:bis|ter))?(?:/[A-Z]\.\d+(?:\.\d+)*)*")


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


def _iso(value: Any) -> str | None:
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if value else None


def publication_as_document(pub: dict[str, Any]) -> dict[str, Any]:
    """A publication row (Technical Paper, Report, Handbook) shaped like a store document.

    For stores whose iter_documents() does not yield publications itself.
    """
    year = re.search(r"\d{4}", str(pub.get("year") or ""))
    return {
        "id": pub["id"], "type": pub["type"], "title": pub.get("title"), "summary": None,
        "series": None, "series_titles": None, "study_group": None, "status": "Published",
        "approval_date": date(int(year.group(0)), 1, 1) if year else None,
        "date_precision": "year" if year else None,
        "url": pub.get("url"), "provisional_name": None, "iso_number": None,
        "observation": None, "gone_since": None, "current_idrec": None, "editions": [],
        "relations": [], "items": pub.get("items"), "publication": True,
    }


def replacements(docs: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, str]]]:
    """What replaced each superseded or withdrawn document, with the evidence.

    Two rules: a summary that says it supersedes/replaces (or was previously numbered as)
    another document, and a joint or renumbered number shared with a document in force
    ("G.100" was superseded by "P.10/G.100").
    """
    docs = list(docs)
    by_key: dict[str, str] = {}
    for doc in docs:
        for key in numbers.keys(doc["id"]):
            by_key.setdefault(key, doc["id"])
    status = {d["id"]: d.get("status") for d in docs}
    out: dict[str, list[dict[str, str]]] = {}

    def add(old: str, new: str, rule: str, evidence: str) -> None:
        if old == new or status.get(old) in CURRENT or status.get(old) is None:
            return
        entries = out.setdefault(old, [])
        if all(e["number"] != new for e in entries):
            entries.append({"number": new, "rule": rule, "evidence": evidence})

    for doc in docs:
        text = doc.get("summary") or ""
        for pattern, forward in ((_REPLACES, True), (_RENUMBERED, False)):
            for m in pattern.finditer(text):
                # Only the clause the verb starts: "...; the stage 3 text is in Q.1551" is
                # not something the document replaced.
                rest = _CLAUSE_END.split(m.group("rest"), maxsplit=1)[0]
                sentence = re.sub(r"\s+", " ", m.group(0)[: m.start("rest") - m.start()] + rest)
                for mention in _MENTION.findall(rest):
                    target = by_key.get(numbers.canonical(mention.split("/")[0]))
                    if target and target != doc["id"]:
                        if forward:
                            add(target, doc["id"], "summary-replaces", sentence)
                        else:
                            add(doc["id"], target, "summary-replaced-by", sentence)
    current = [d["id"] for d in docs if d.get("status") in CURRENT]
    parts_of = {i: set(numbers.keys(i)[1:] or numbers.keys(i)) for i in current}
    by_part: dict[str, list[str]] = {}
    for doc_id, keys in parts_of.items():
        for key in keys:
            by_part.setdefault(key, []).append(doc_id)
    for doc in docs:
        if doc.get("status") in CURRENT:
            continue
        for key in numbers.keys(doc["id"])[1:] or numbers.keys(doc["id"]):
            for new in by_part.get(key, []):
                add(doc["id"], new, "shared-number",
                    f"{new} carries the number {key.upper()} of {doc['id']}")
    return out


def languages(doc: dict[str, Any]) -> list[str]:
    """Languages the current edition exists in (else any edition whose files are known)."""
    eds = doc.get("editions") or []
    current = [e for e in eds if e.get("idrec") == doc.get("current_idrec") and e.get("files")]
    chosen = current or [e for e in eds if e.get("files") and e.get("status") == "In force"]
    found = {f.get("language") for e in chosen for f in e["files"] if f.get("language")}
    return sorted(found - {"Unknown"})


def source_hash(doc: dict[str, Any], replaced_by: list[dict[str, str]],
                decisions: list[CuratorDecision], rules_digest: str) -> str:
    """A fingerprint of everything a document's index entry is made from."""
    payload = {
        "doc": {k: v for k, v in doc.items() if k not in _VOLATILE},
        "replaced_by": replaced_by,
        "decisions": [vars(d) for d in decisions],
        "rules": rules_digest,
    }
    text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _year(doc: dict[str, Any]) -> int | None:
    value = doc.get("approval_date")
    if isinstance(value, date):
        return value.year
    m = re.match(r"(\d{4})", str(value or ""))
    return int(m.group(1)) if m else None


def is_publication(doc: dict[str, Any]) -> bool:
    """Technical Papers, Reports and Handbooks: no ITU-T series, no edition status."""
    return bool(doc.get("publication")) or doc.get("source") == "pub" or doc.get("type") in {
        "Technical Paper", "Technical Report", "Handbook"}


def _is_range(topic: str) -> bool:
    """Sub-series topics are ranges ("Y.3000-Y.3499"); themes are slugs ("iot")."""
    return topic[:1].isupper() and "." in topic


def _kw(values: Iterable[str]) -> str:
    """Facet values joined for a comma-separated KEYWORD field (values never hold commas)."""
    return ",".join(v.replace(",", " ") for v in values if v)


def index_document(
    doc: dict[str, Any],
    taxonomy: Taxonomy,
    concepts: ConceptFinder,
    replaced_by: list[dict[str, str]] | None = None,
    decisions: list[CuratorDecision] | None = None,
) -> dict[str, Any]:
    """The Whoosh fields of one document (see fields.py for the schema)."""
    replaced_by = replaced_by or []
    decisions = decisions or []
    number = doc["id"]
    title = doc.get("title") or ""
    summary = doc.get("summary") or ""
    text = DocText(number, doc.get("type") or "", title, summary)
    tags = apply_decisions(derive_tags(taxonomy, text), decisions, taxonomy.labels)
    series = doc.get("series")
    series_titles = [t for t in (doc.get("series_titles") or []) if t]
    publication = is_publication(doc)
    official = series_label(taxonomy, number) if not publication else None
    if official and not series_titles:
        series_titles = [official]
    # Sub-series titles are specific ("Future networks"); a series title is too broad to
    # say what a document is about ("... Internet of Things and smart cities" for all of Y).
    subseries = series_titles[1:] + [t.label for t in tags.topics if _is_range(t.value)]
    series_titles = series_titles[:1] + subseries
    year = _year(doc)
    langs = languages(doc)
    status = doc.get("status") or ("Published" if publication else "Unknown")
    dc = tags.developing
    tag_words = [t.label for t in tags.topics if not _is_range(t.value)]
    tag_words += [t.label for t in tags.regions if t.value != "global"]
    tag_words += [t.label for t in tags.kinds]
    if dc.relevant:
        tag_words.append(taxonomy.developing_label)
    provisional = doc.get("provisional_name")
    alt = [numbers.canonical(provisional)] if provisional else []
    alt += numbers.iso_keys(doc.get("iso_number") or "")
    payload = {
        "number": number,
        "title": doc.get("title"),
        "type": doc.get("type"),
        "status": status,
        "approval_date": partial_iso(doc.get("approval_date"), doc.get("date_precision"))
        if isinstance(doc.get("approval_date"), date) else _iso(doc.get("approval_date")),
        "approval_date_precision": doc.get("date_precision") or (
            "day" if doc.get("approval_date") else None),
        "url": doc.get("url"),
        "summary": doc.get("summary"),
        "series": series,
        "study_group": doc.get("study_group"),
        "provisional_name": doc.get("provisional_name"),
        "iso_number": doc.get("iso_number"),
        "languages": langs,
        "topics": [t.to_json() for t in tags.topics],
        "regions": [t.to_json() for t in tags.regions],
        "kinds": [t.to_json() for t in tags.kinds],
        "developing_countries": dc.to_json(),
        "replaced_by": replaced_by,
        "gone": bool(doc.get("gone_since")),
    }
    return {
        "id": number,
        "number": " ".join(numbers.keys(number)) if not publication else number.lower(),
        "altnum": " ".join(alt),
        "title": title,
        "summary": summary,
        "title_sh": title,
        "summary_sh": summary,
        "series_title": " ".join(series_titles),
        "tags": " ".join(tag_words),
        "spell": " ".join((title, summary)),
        # Once per title: a title that says "QoS" twice is not twice as much about QoS.
        "concept_title": " ".join(dict.fromkeys(concepts(title))),
        "concept_text": " ".join(concepts(" . ".join([summary, *subseries, *tag_words]))),
        # Themes whose official sub-series hold the document: central for a topic query.
        "core": _kw(t.value for t in tags.topics
                    if not _is_range(t.value) and any(e.field == "number" for e in t.evidence)),
        "f_type": _kw([doc.get("type") or "Unknown"]),
        "f_topic": _kw(t.value for t in tags.topics),
        "f_region": _kw(t.value for t in tags.regions),
        "f_kind": _kw(t.value for t in tags.kinds),
        "f_sg": _kw([doc.get("study_group") or ""]),
        "f_status": _kw([status]),
        "f_year": _kw([str(year)] if year else []),
        "f_decade": _kw([f"{year // 10 * 10}s"] if year else []),
        "f_lang": _kw(langs),
        "f_dc": "yes" if dc.relevant else "no",
        "f_series": _kw([series or ""]),
        "sort_date": (doc["approval_date"].toordinal()
                      if isinstance(doc.get("approval_date"), date) else 0),
        "sort_num": numbers.sort_key(number),
        "payload": json.dumps(payload, ensure_ascii=False, separators=(",", ":")),
    }
