"""Own where the journal's successors come from: the search index's `replaced_by`.

A superseded or withdrawn text's successors ("replaced by") are the ones the search index
keeps for each entry: the lineage ITU states (the store's `lineage` table, issue 9) merged
with the ones derived from summaries and shared numbers (index/search/replacements.py),
each with its evidence. Reading them from the index keeps the journal, the feeds and the
document pages in agreement; without an index the journal records no successors.
"""

from __future__ import annotations

from collections.abc import Callable

from index.search import SearchService

Successors = Callable[[str], list[str]]


def successors_from(service: SearchService | None) -> Successors:
    """The successors of a document number (empty without an index)."""
    def successors(number: str) -> list[str]:
        if service is None:
            return []
        try:
            payload = service.document(number)
        except Exception:  # noqa: BLE001 - no index yet: no successors known
            return []
        if payload is None or payload["number"] != number:
            return []
        return [r["number"] for r in payload["replaced_by"]]
    return successors
