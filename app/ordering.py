"""Own how rule evidence lists read on the pages: one line per rule and words.

The same words found in the title and again in the summary explain nothing twice, on the
public document page and on the curator's form alike. (Relation lists come in natural
order from index/supplements.py.)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def distinct_evidence(evidence: Iterable[Mapping[str, Any]], limit: int = 6
                      ) -> list[Mapping[str, Any]]:
    """Rule evidence with one line per rule and words (the first field found wins)."""
    seen: set[tuple[str, str]] = set()
    out: list[Mapping[str, Any]] = []
    for e in evidence:
        key = (str(e.get("rule")), str(e.get("match") or "").casefold())
        if key in seen:
            continue
        seen.add(key)
        out.append(e)
        if len(out) >= limit:
            break
    return out
