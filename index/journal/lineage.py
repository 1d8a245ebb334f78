"""Own where successors come from: the one function to switch when lineage moves.

A superseded or withdrawn text's successors ("replaced by") are, for now, what the search
index derives from summaries and shared numbers (index/search/replacements.py, kept in each
entry's `replaced_by`). When the store keeps lineage of its own (replaced_by/replaces
relations), `successors_from` reads it instead; nothing else changes.
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
