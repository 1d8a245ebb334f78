"""Own applying the taxonomy to one document: topics, regions, kinds, developing relevance.

Pure functions of (taxonomy, document text): the same document always gets the same tags,
and every tag carries the evidence that produced it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from index.models import Document
from index.numbers import NumberRange, Numeric, numeric, parts
from index.tags.provenance import DerivedTags, Evidence, Relevance, Tag
from index.tags.taxonomy import Rule, Taxonomy

_CONTEXT = 60  # characters of context kept on each side of a match
_MAX_EVIDENCE = 3  # hits kept per rule: enough to explain, small enough to store
MAX_SUMMARY_REGIONS = 2


@dataclass(frozen=True)
class DocText:
    """What rules look at: the number, type, title and summary of a document."""

    number: str
    type: str
    title: str
    summary: str

    @cached_property
    def title_lower(self) -> str:
        return self.title.lower()

    @cached_property
    def summary_lower(self) -> str:
        return self.summary.lower()

    @cached_property
    def numerics(self) -> tuple[Numeric, ...]:
        """The number's parts reduced for range tests ("D.140 Suppl.1" counts as D.140)."""
        found = [numeric(p) for p in parts(self.number)]
        m = re.match(r"^([A-Z]\.\d+(?:\.\d+)*)\s+Suppl\.", self.number)
        if m:
            found.append(numeric(m.group(1)))
        return tuple(n for n in found if n is not None)

    def in_range(self, rng: NumberRange) -> bool:
        """True when any part of the number falls in the range."""
        return any(n.series == rng.series and rng.low <= n.value <= rng.high
                   for n in self.numerics)


def _context(text: str, start: int, end: int) -> str:
    lo, hi = max(0, start - _CONTEXT), min(len(text), end + _CONTEXT)
    snippet = re.sub(r"\s+", " ", text[lo:hi]).strip()
    return ("…" if lo else "") + snippet + ("…" if hi < len(text) else "")


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a match to whole words: a rule's stem ("developing countr") is shown to readers
    and curators as the words the text has ("developing countries")."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def _excluded(rule: Rule, text: str, start: int, end: int) -> bool:
    return any(
        m.start() <= start and end <= m.end() for p in rule.exclude for m in p.finditer(text)
    )


def _text_hits(rule: Rule, field: str, text: str, pattern: re.Pattern[str] | None,
               anchors: tuple[str, ...] | None, lowered: str) -> list[Evidence]:
    hits: list[Evidence] = []
    if pattern is None or not text:
        return hits
    if anchors is not None and not any(a in lowered for a in anchors):
        return hits
    seen: set[str] = set()
    for m in pattern.finditer(text):
        if not m.group(0).strip() or _excluded(rule, text, m.start(), m.end()):
            continue
        start, end = _whole_words(text, m.start(), m.end())
        words = text[start:end]
        if words.lower() in seen:
            continue
        seen.add(words.lower())
        hits.append(Evidence(rule.id, rule.label, field, words, _context(text, start, end)))
        if len(hits) >= _MAX_EVIDENCE:
            break
    return hits


def rule_hits(rule: Rule, doc: DocText) -> tuple[list[Evidence], float]:
    """Evidence for one rule and its weight (0.0 when the rule does not hit)."""
    strong: list[Evidence] = []
    for rng in rule.ranges:
        if doc.in_range(rng):
            note = rule.range_note or rng.text  # the range itself: the site words it
            strong.append(Evidence(rule.id, rule.label, "number", doc.number, note))
            break
    for pattern in rule.numbers:
        m = pattern.search(doc.number)
        if m:
            strong.append(Evidence(rule.id, rule.label, "number", m.group(0), rule.number_note))
            break
    if doc.type in rule.types:
        strong.append(Evidence(rule.id, rule.label, "type", doc.type, None))
    strong += _text_hits(rule, "title", doc.title, rule.title_any, rule.title_anchors,
                         doc.title_lower)
    weak = _text_hits(rule, "summary", doc.summary, rule.summary_any, rule.summary_anchors,
                      doc.summary_lower)
    evidence = (strong + weak)[:_MAX_EVIDENCE]
    if strong:
        return evidence, rule.weight
    return evidence, rule.summary_weight if weak else 0.0


def _tags(rules: tuple[Rule, ...], doc: DocText) -> list[Tag]:
    tags = []
    for rule in rules:
        if rule.default:
            continue
        evidence, weight = rule_hits(rule, doc)
        if weight > 0:
            tags.append(Tag(rule.id, rule.label, "rule", tuple(evidence)))
    return tags


def derive_tags(taxonomy: Taxonomy, doc: DocText) -> DerivedTags:
    """Apply every rule of the taxonomy to one document."""
    topics = _tags(taxonomy.themes, doc)
    for rng, title in taxonomy.subseries:
        if doc.in_range(rng):
            ev = Evidence("subseries", "ITU-T sub-series", "number", doc.number, rng.text)
            topics.append(Tag(rng.text, f"{rng.text} {title}", "rule", (ev,)))
    regions = _tags(taxonomy.regions, doc)
    if len(regions) > MAX_SUMMARY_REGIONS and all(
        e.field == "summary" for t in regions for e in t.evidence
    ):
        regions = []  # a summary naming many regions describes a worldwide matter
    if not regions:
        for rule in taxonomy.regions:
            if rule.default:
                ev = Evidence(rule.id, rule.label, "none", "",
                              "no evidence for a particular region")
                regions.append(Tag(rule.id, rule.label, "rule", (ev,)))
    kinds = _tags(taxonomy.kinds, doc)
    score, evidence = 0.0, []
    for rule in taxonomy.developing:
        hits, weight = rule_hits(rule, doc)
        if weight > 0:
            score += weight
            evidence.extend(hits)
    relevant = score >= taxonomy.threshold
    developing = Relevance(relevant, "rule" if evidence else None, score, tuple(evidence))
    return DerivedTags(topics, regions, kinds, developing)


def derive_for(taxonomy: Taxonomy, doc: Document) -> DerivedTags:
    """Apply every rule of the taxonomy to a stored document."""
    return derive_tags(taxonomy, DocText(doc.id, doc.type or "", doc.title or "",
                                         doc.summary or ""))


def series_label(taxonomy: Taxonomy, number: str) -> str | None:
    """The official series title a number belongs to."""
    n = numeric(parts(number)[0]) if parts(number) else None
    code = n.series if n else (number[:1] if number[:1].isalpha() else None)
    return taxonomy.series.get(code) if code else None
