"""Own applying the taxonomy to one document: topics, regions, kinds, developing relevance.

Pure functions of (taxonomy, document text): the same document always gets the same tags,
and every tag carries the evidence that produced it. Regions come from the taxonomy's
region patterns and from the places (countries, capitals, regional bodies, regional words
of countries.toml) a title or summary names: a place in the title makes the text regional;
places only in the summary do when they all point to one region (a summary naming several
regions describes a worldwide matter or its examples). Relevance to developing countries
adds up rule weights; a number or a number range is evidence, never enough on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from index.models import Document
from index.numbers import NumberRange, Numeric, numeric, parts
from index.tags.countries import Countries, PlaceHit
from index.tags.provenance import DerivedTags, Evidence, Relevance, Tag
from index.tags.taxonomy import Rule, Taxonomy

_CONTEXT = 60  # characters of context kept on each side of a match
_MAX_EVIDENCE = 3  # hits kept per rule: enough to explain, small enough to store
PLACES_RULE = "places"
PLACES_LABEL = "Names a country, city, regional body or regional word"
_WORDS = frozenset({"title", "summary"})


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


@dataclass(frozen=True)
class Places:
    """The places a document's title and summary name (countries.toml)."""

    title: tuple[PlaceHit, ...] = ()
    summary: tuple[PlaceHit, ...] = ()

    @classmethod
    def of(cls, countries: Countries | None, doc: DocText) -> Places:
        if countries is None:
            return cls()
        # Summaries cite sources, standards bodies and examples: acronyms and names of
        # standards bodies count in titles only.
        summary = [h for h in countries.find(doc.summary, adjectives=False, acronyms=False)
                   if h.match not in countries.title_only]
        return cls(tuple(countries.find(doc.title, adjectives=False)), tuple(summary))

    def evidence(self, doc: DocText, wanted: Callable[[PlaceHit], bool], rule: str,
                 label: str) -> tuple[list[Evidence], list[Evidence]]:
        """Evidence in the title and in the summary for the hits `wanted` accepts."""
        found: tuple[list[Evidence], list[Evidence]] = ([], [])
        for out, field, text, hits in ((found[0], "title", doc.title, self.title),
                                       (found[1], "summary", doc.summary, self.summary)):
            seen: set[str] = set()
            for hit in hits:
                if wanted(hit) and hit.match not in seen and len(out) < _MAX_EVIDENCE:
                    seen.add(hit.match)
                    out.append(Evidence(rule, label, field, hit.match,
                                        _context(text, hit.start, hit.end)))
        return found


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


def anchored_matches(pattern: re.Pattern[str], text: str, anchors: tuple[str, ...] | None,
                     lowered: str) -> Iterator[re.Match[str]]:
    """The matches `pattern.finditer(text)` gives, trying the pattern only where one of
    its anchors occurs in the lower-cased text.

    Every match starts with an anchor (anchors.py), so trying `pattern.match` at each
    anchor's occurrences in order, past the end of the last match, finds the same matches
    as scanning. Scanning was two thirds of the tagging time: a weak anchor such as "net"
    lets most summaries through to a case-insensitive alternation tried at every
    character. `match` at a position still sees the text before it (\\b, lookbehind).
    """
    if anchors is None or len(lowered) != len(text):  # lower() moved some characters
        yield from pattern.finditer(text)
        return
    starts: set[int] = set()
    for anchor in anchors:
        at = lowered.find(anchor)
        while at >= 0:
            starts.add(at)
            at = lowered.find(anchor, at + 1)
    end = 0
    for at in sorted(starts):
        if at >= end and (m := pattern.match(text, at)):
            end = m.end()
            yield m


def _text_hits(rule: Rule, field: str, text: str, pattern: re.Pattern[str] | None,
               anchors: tuple[str, ...] | None, lowered: str) -> list[Evidence]:
    hits: list[Evidence] = []
    if pattern is None or not text:
        return hits
    seen: set[str] = set()
    for m in anchored_matches(pattern, text, anchors, lowered):
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


def rule_hits(rule: Rule, doc: DocText, places: Places | None = None
              ) -> tuple[list[Evidence], float]:
    """Evidence for one rule and its weight (0.0 when the rule does not hit).

    With `number_weight`, a hit on the number or a range counts that much, and only beside
    a hit in the words (developing rules: a number range alone never makes a text relevant).
    """
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
    numbered = bool(strong)
    titled = _text_hits(rule, "title", doc.title, rule.title_any, rule.title_anchors,
                        doc.title_lower)
    weak = _text_hits(rule, "summary", doc.summary, rule.summary_any, rule.summary_anchors,
                      doc.summary_lower)
    if places is not None and (rule.place_flags or rule.place_regions):
        in_title, in_summary = places.evidence(doc, lambda h: _place_counts(rule, h),
                                               rule.id, rule.label)
        titled += in_title
        weak += in_summary
    evidence = _ordered(strong + titled + weak)[:_MAX_EVIDENCE]
    if rule.number_weight is not None and numbered:
        words = rule.weight if titled else (rule.summary_weight if weak else 0.0)
        return evidence, (words + rule.number_weight) if words else 0.0
    if strong or titled:
        return evidence, rule.weight
    return evidence, rule.summary_weight if weak else 0.0


def _place_counts(rule: Rule, hit: PlaceHit) -> bool:
    """Whether naming this place is evidence for a developing rule."""
    if rule.place_flags & hit.place.flags:
        return True
    regions = set(hit.place.regions)
    return bool(regions) and regions <= rule.place_regions


def _tags(rules: tuple[Rule, ...], doc: DocText) -> list[Tag]:
    tags = []
    for rule in rules:
        if rule.default:
            continue
        evidence, weight = rule_hits(rule, doc)
        if weight > 0:
            tags.append(Tag(rule.id, rule.label, "rule", tuple(evidence)))
    return tags


def _regions(taxonomy: Taxonomy, doc: DocText, places: Places) -> list[Tag]:
    """Regions from the region patterns and the places named; else the default (global)."""
    found: dict[str, list[Evidence]] = {}
    for rule in taxonomy.regions:
        if not rule.default:
            evidence, weight = rule_hits(rule, doc)
            if weight > 0:
                found.setdefault(rule.id, []).extend(evidence)
    labels = {r.id: r.label for r in taxonomy.regions}
    for region in labels:
        in_title, in_summary = places.evidence(doc, _in_region(region), PLACES_RULE,
                                               PLACES_LABEL)
        if in_title or in_summary:
            found.setdefault(region, []).extend(in_title + in_summary)
    titled = {r for r, ev in found.items() if any(e.field != "summary" for e in ev)}
    summary_only = set(found) - titled
    if len(summary_only) > 1:
        # A summary naming several regions describes a worldwide matter, or examples.
        found = {r: ev for r, ev in found.items() if r in titled}
    tags = [Tag(r, labels[r], "rule", tuple(_ordered(ev)[:_MAX_EVIDENCE]))
            for r, ev in found.items()]
    if not tags:
        for rule in taxonomy.regions:
            if rule.default:
                ev = Evidence(rule.id, rule.label, "none", "",
                              "no evidence for a particular region")
                tags.append(Tag(rule.id, rule.label, "rule", (ev,)))
    return tags


def _in_region(region: str) -> Callable[[PlaceHit], bool]:
    return lambda hit: region in hit.place.regions


def _ordered(evidence: list[Evidence]) -> list[Evidence]:
    """Title and number evidence first, each match once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for e in sorted(evidence, key=lambda e: e.field == "summary"):
        if (e.field, e.match.lower()) not in seen:
            seen.add((e.field, e.match.lower()))
            out.append(e)
    return out


def derive_tags(taxonomy: Taxonomy, doc: DocText) -> DerivedTags:
    """Apply every rule of the taxonomy to one document."""
    topics = _tags(taxonomy.themes, doc)
    for rng, title in taxonomy.subseries:
        if doc.in_range(rng):
            ev = Evidence("subseries", "ITU-T sub-series", "number", doc.number, rng.text)
            topics.append(Tag(rng.text, f"{rng.text} {title}", "rule", (ev,)))
    places = Places.of(taxonomy.places, doc)
    regions = _regions(taxonomy, doc, places)
    kinds = _tags(taxonomy.kinds, doc)
    score, evidence = 0.0, []
    for rule in taxonomy.developing:
        hits, weight = rule_hits(rule, doc, places)
        if weight > 0:
            score += weight
            evidence.extend(hits)
    # Evidence in the words is needed: a number, a range or a type alone never suffices.
    relevant = score >= taxonomy.threshold and any(e.field in _WORDS for e in evidence)
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
