"""Own tag provenance: evidence of rule hits, curator decisions, and how decisions override.

Every tag a document carries (topic, region, knowledge kind, developing-country relevance)
says where it came from: source "rule" with the evidence (which rule, which words, in
which field, with some context) or source "curator" (who, when, why). A curator's decision
always wins over the rules and is re-applied on every re-index, because decisions live in
the store and the index is derived from it.

Curator decisions come from the store (`store.tags.curator_decisions`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

log = logging.getLogger("itucat.search")

Source = Literal["rule", "curator"]


@dataclass(frozen=True)
class Evidence:
    """One rule hit: rule id and label, the field it was found in, the words, some context."""

    rule: str
    label: str
    field: str  # "title" | "summary" | "number" | "type"
    match: str
    context: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The evidence as shown to readers and curators."""
        return {"rule": self.rule, "label": self.label, "field": self.field,
                "match": self.match, "context": self.context}


@dataclass(frozen=True)
class CuratorNote:
    """Who decided, when and why."""

    who: str
    when: str
    why: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The note as shown on the site."""
        return {"who": self.who, "when": self.when, "why": self.why}


@dataclass(frozen=True)
class Tag:
    """A topic, region or knowledge kind on a document, with its provenance."""

    value: str
    label: str
    source: Source = "rule"
    evidence: tuple[Evidence, ...] = ()
    curator: CuratorNote | None = None

    def to_json(self, with_evidence: bool = True) -> dict[str, Any]:
        """The tag for the JSON answer (evidence optional: search results stay small)."""
        out: dict[str, Any] = {"id": self.value, "label": self.label, "source": self.source}
        if with_evidence:
            out["evidence"] = [e.to_json() for e in self.evidence]
        if self.curator:
            out["curator"] = self.curator.to_json()
        return out


Signal = Literal["confirmed", "suggested"]


@dataclass(frozen=True)
class Relevance:
    """Relevance to developing countries: the decision, its source and its evidence."""

    relevant: bool
    source: Source | None  # None: no rule hit and no curator decision
    score: float = 0.0
    evidence: tuple[Evidence, ...] = ()
    curator: CuratorNote | None = None

    @property
    def signal(self) -> Signal | None:
        """What readers are shown: a curator confirmed it, or a rule suggested it (never
        the same badge: a rule's suggestion must not look like a curator's word)."""
        if not self.relevant:
            return None
        return "confirmed" if self.source == "curator" else "suggested"

    def to_json(self) -> dict[str, Any]:
        """The relevance block of a search result."""
        out: dict[str, Any] = {
            "relevant": self.relevant, "signal": self.signal, "source": self.source,
            "score": round(self.score, 2), "evidence": [e.to_json() for e in self.evidence],
        }
        if self.curator:
            out["curator"] = self.curator.to_json()
        return out


@dataclass
class DerivedTags:
    """All tags of one document."""

    topics: list[Tag] = field(default_factory=list)
    regions: list[Tag] = field(default_factory=list)
    kinds: list[Tag] = field(default_factory=list)
    developing: Relevance = field(default_factory=lambda: Relevance(False, None))


@dataclass(frozen=True)
class CuratorDecision:
    """A curator's decision on one tag of one document.

    facet: "topic" | "region" | "kind" (action "add" or "remove" the tag `value`) or
    "developing_countries" (action "set", value "yes" or "no").
    """

    document_id: str
    facet: str
    value: str
    action: str
    who: str
    when: str
    why: str | None = None


def apply_decisions(
    tags: DerivedTags, decisions: Iterable[CuratorDecision], labels: dict[str, dict[str, str]]
) -> DerivedTags:
    """Override rule tags with curator decisions (the latest decision per tag wins)."""
    latest: dict[tuple[str, str], CuratorDecision] = {}
    for d in sorted(decisions, key=lambda d: d.when):
        key = (d.facet, "" if d.facet == "developing_countries" else d.value)
        latest[key] = d
    out = DerivedTags(list(tags.topics), list(tags.regions), list(tags.kinds), tags.developing)
    lists = {"topic": out.topics, "region": out.regions, "kind": out.kinds}
    for (facet, value), d in latest.items():
        note = CuratorNote(d.who, d.when, d.why)
        if facet == "developing_countries":
            # The rule evidence stays visible beside the curator's decision.
            relevant = d.value.lower() in {"yes", "true", "1"}
            out.developing = replace(out.developing, relevant=relevant, source="curator",
                                     curator=note)
            continue
        target = lists.get(facet)
        if target is None:
            log.warning("curator decision on unknown facet %r ignored (%s)", facet, d.document_id)
            continue
        target[:] = [t for t in target if t.value != value]
        if d.action == "add":
            label = labels.get(facet, {}).get(value, value)
            target.append(Tag(value, label, "curator", (), note))
        elif d.action != "remove":
            log.warning("curator decision with unknown action %r ignored", d.action)
    if out.regions and any(t.value != "global" for t in out.regions) and not any(
        t.source == "curator" and t.value == "global" for t in out.regions
    ):
        out.regions = [t for t in out.regions if t.value != "global" or t.source == "curator"]
    return out
