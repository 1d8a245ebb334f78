"""Own making the parts of a search answer: hits from stored payloads, facet value lists.

The records themselves are defined in records.py.
"""

from __future__ import annotations

import json

from index.search import facets as facet_ops
from index.search.intents import Intent
from index.search.records import (
    FacetValue,
    IndexedDocument,
    IntentView,
    SearchHit,
    TagView,
    UnderstoodView,
)
from index.search.snippets import highlight
from index.search.understand import Understood
from index.tags.taxonomy import Taxonomy

FACET_LABELS = {
    "type": "Type", "topic": "Topic", "region": "Region", "study_group": "Study group",
    "status": "Status", "year": "Approval year", "decade": "Decade",
    "language": "Language", "developing_countries": "Relevant to developing countries",
    "kind": "Knowledge kind", "series": "Series",
}


def understood_view(understood: Understood) -> UnderstoodView | None:
    """A translated query for the answer (None when it was searched as typed)."""
    found = understood.translation
    if found is None:
        return None
    return {"language": found.language, "typed": found.text, "searched": understood.searched,
            "mappings": [{"typed": m.typed, "english": m.english} for m in found.mappings],
            "unmapped": list(found.unmapped)}


def intent_view(intent: Intent, labels: dict[str, str]) -> IntentView:
    """A filter word for the answer, with its values' English labels."""
    return {"facet": intent.facet, "values": list(intent.values),
            "labels": [labels.get(v, v) for v in intent.values], "words": list(intent.words),
            "soft": intent.soft}


def value_labels(taxonomy: Taxonomy, name: str) -> dict[str, str]:
    """Display labels of a facet's values (ids for topics, regions, kinds, series)."""
    if name == "developing_countries":
        return {"confirmed": "Confirmed by curators", "suggested": "Suggested",
                "no": "Not marked relevant"}
    return taxonomy.labels.get(name, {})


def payload(payload_text: str) -> IndexedDocument:
    """The display record stored with an index entry."""
    found: IndexedDocument = json.loads(payload_text)
    return found


def _brief(tags: list[TagView]) -> list[TagView]:
    """Tags without their evidence (search results stay small)."""
    out: list[TagView] = []
    for tag in tags:
        brief = tag.copy()
        brief.pop("evidence", None)
        out.append(brief)
    return out


def _first_evidence(tags: list[TagView]) -> list[TagView]:
    """Tags with their first evidence only: a result card says why, in a few words."""
    out: list[TagView] = []
    for tag in tags:
        brief = tag.copy()
        brief["evidence"] = list(tag.get("evidence", []))[:1]
        out.append(brief)
    return out


def item(payload_text: str, terms: set[str], prefixes: set[str],
         seen: dict[str, bool] | None = None) -> SearchHit:
    """One result from a stored payload, with highlighted title and snippet (`seen`:
    the words already looked at for this answer's terms, see snippets.highlight)."""
    p = payload(payload_text)
    seen = {} if seen is None else seen
    return {
        "number": p["number"],
        "title": p["title"],
        "type": p["type"],
        "status": p["status"],
        "approval_date": p["approval_date"],
        "topics": _brief(p["topics"]),
        "regions": _brief(p["regions"]),
        "kinds": _first_evidence(p["kinds"]),
        "languages": p["languages"],
        "study_group": p["study_group"],
        "developing_countries": p["developing_countries"],
        "replaced_by": p["replaced_by"],
        "url": p["url"],
        "gone": p.get("gone", False),
        "title_html": highlight(p["title"], terms, prefixes, window=None, seen=seen),
        "snippet": highlight(p["summary"], terms, prefixes, seen=seen),
    }


def facet_lists(taxonomy: Taxonomy, counts: dict[str, list[tuple[str, int]]],
                selected: dict[str, list[str]], limit: int | None
                ) -> dict[str, list[FacetValue]]:
    """Facet counts for display, each value with its label and whether it is selected."""
    out: dict[str, list[FacetValue]] = {}
    for name, values in counts.items():
        labels = value_labels(taxonomy, name)
        chosen = set(selected.get(name, ()))
        ranked = facet_ops.order(name, values, limit)
        shown = {v for v, _ in ranked}
        ranked += [(v, c) for v, c in values if v in chosen and v not in shown]
        out[name] = [{"value": v, "label": labels.get(v, v), "count": c, "selected": v in chosen}
                     for v, c in ranked]
    return out
