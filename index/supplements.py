"""Own how a Recommendation's supplements are told apart and ordered (pure, read side).

ITU lists every supplement of a series on each of its Recommendations (Q.815 shows 72 Q
supplements). The catalogue keeps ITU's list and tells "supplements to this
Recommendation" (its own numbered supplements, "E.164 Suppl. 2", or one whose title names
it: "Supplement to Recommendation ITU-T Q.815") from "other supplements of the series",
each sorted by number as a person sorts ("Suppl. 4" before "Suppl. 33").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_PARTS = re.compile(r"\d+|\D+")


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key: digits as numbers ("G.Suppl.4" < "G.Suppl.33", "Q.9" < "Q.10")."""
    return tuple((0, int(p)) if p.isdigit() else (1, p.lower()) for p in _PARTS.findall(text))


@lru_cache(maxsize=8192)
def _mention_of(number: str) -> re.Pattern[str]:
    """The pattern of one number named as such (compiled once: an export asks ~150,000 times,
    for more numbers than the `re` module's own cache holds)."""
    return re.compile(rf"(?<![\w.]){re.escape(number)}(?![\w.]*\d)(?![-\s]series)", re.I)


def _mentions(title: str, number: str) -> bool:
    """The title names the number as such (not "Z.100-series", not "Q.8150")."""
    return _mention_of(number).search(title) is not None


def supplement_scope(doc_id: str, target: str, title: str | None) -> str:
    """"this" for a supplement to this Recommendation, "series" for one of its series."""
    parts = [p.strip() for p in doc_id.split("/") if p.strip()]
    own = target.replace(" ", "")
    for part in parts:
        if own.startswith(f"{part.replace(' ', '')}Suppl."):
            return "this"
        if title and _mentions(title, part):
            return "this"
    return "series"


def ordered_supplements(doc_id: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ITU's supplements with their scope: this Recommendation's first, each by number."""
    scoped = [{**item, "scope": supplement_scope(doc_id, item["target"], item.get("title"))}
              for item in items]
    return sorted(scoped, key=lambda i: (i["scope"] != "this", natural_key(i["target"])))
