"""Own facet counting: document sets as bitsets, counts, and reading facet values.

A searcher's facet columns are built once per index version (one bitset per facet value,
from the facet fields' posting lists); counting a facet for a result set is then one AND
and one popcount per value, instead of walking every matching document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from index.search.fields import FACET_FIELDS
from index.search.notices import Notice

FACET_NAMES = tuple(FACET_FIELDS)
NO_VALUE = "\x00none"  # stands for a filter value that matched nothing: selects nothing
# Facets shown newest first rather than by count.
BY_VALUE_DESC = {"year", "decade"}
# How readers say yes or no to "relevant to developing countries" (dc=...): "yes" selects
# both the confirmed and the suggested texts.
DEVELOPING_YES = frozenset({"yes", "true", "1", "y", "relevant"})
DEVELOPING_NO = frozenset({"no", "false", "0", "n"})
FILTER_ALIASES = {
    "sg": "study_group", "group": "study_group", "studygroup": "study_group",
    "lang": "language", "languages": "language", "dc": "developing_countries",
    "developing": "developing_countries", "theme": "topic", "topics": "topic",
    "regions": "region", "kinds": "kind", "types": "type",
}
_BYTE_BITS = [tuple(i for i in range(8) if b >> i & 1) for b in range(256)]


def to_bits(docnums: Iterable[int], size: int) -> int:
    """A bitset (Python int) with the given document numbers set."""
    buf = bytearray((size + 7) // 8 or 1)
    for d in docnums:
        buf[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(buf, "little")


def from_bits(bits: int) -> list[int]:
    """The document numbers set in a bitset, ascending."""
    out: list[int] = []
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    for i, byte in enumerate(data):
        if byte:
            base = i << 3
            out.extend(base + j for j in _BYTE_BITS[byte])
    return out


def count(columns: Mapping[str, int], bits: int) -> list[tuple[str, int]]:
    """(value, count) of every value present in `bits`."""
    out = []
    for value, value_bits in columns.items():
        n = (value_bits & bits).bit_count()
        if n:
            out.append((value, n))
    return out


def order(name: str, counts: list[tuple[str, int]], limit: int | None) -> list[tuple[str, int]]:
    """Sort a facet's counts for display: most frequent first (years: newest first)."""
    if name in BY_VALUE_DESC:
        ranked = sorted(counts, key=lambda vc: vc[0], reverse=True)
    else:
        ranked = sorted(counts, key=lambda vc: (-vc[1], vc[0]))
    return ranked if limit is None else ranked[:limit]


def facet_name(key: str) -> str | None:
    """The facet a filter key names ("sg" -> "study_group"); None if unknown."""
    key = key.strip().lower().replace("-", "_")
    key = FILTER_ALIASES.get(key, key)
    return key if key in FACET_FIELDS else None


def resolve(name: str, raw: str, known: Iterable[str],
            labels: Mapping[str, str]) -> tuple[list[str], Notice | None]:
    """Map what a reader typed for a facet to stored values (and a notice if none match).

    Exact value or label first (case-insensitive), then the reader's shorthands
    ("13" -> "SG13", "yes", "2010" -> "2010s"), then a unique prefix.
    """
    text = raw.strip().strip('"').strip()
    known = list(known)
    if not text:
        return [], Notice.of("facet.no_value", facet=name)
    low = text.lower()
    exact = [v for v in known if v.lower() == low or labels.get(v, "").lower() == low]
    if exact:
        return exact, None
    candidates: list[str] = []
    if name == "study_group":
        m = re.fullmatch(r"(?:sg|study\s*group)?\s*(\d+)", low)
        candidates = [f"SG{int(m.group(1))}"] if m else []
    elif name == "developing_countries":
        # "yes": confirmed by a curator or suggested by a rule; each can be asked alone.
        if low in DEVELOPING_YES:
            candidates = ["confirmed", "suggested"]
        elif low in {"curator", "curators", "confirmed by curators"}:
            candidates = ["confirmed"]
        elif low in {"rule", "rules", "suggested by rules"}:
            candidates = ["suggested"]
        elif low in DEVELOPING_NO:
            candidates = ["no"]
    elif name == "decade" and re.fullmatch(r"\d{3,4}s?", low):
        year = int(low.rstrip("s"))
        candidates = [f"{year // 10 * 10}s"]
    elif name == "series":
        candidates = [text.upper()]
    found = [v for v in known if v in candidates]
    if found:
        return found, None
    prefix = [v for v in known if v.lower().startswith(low)
              or labels.get(v, "").lower().startswith(low)]
    if prefix:
        return prefix, None
    words = [v for v in known if low in labels.get(v, v).lower()]
    if words and len(low) >= 3:
        return words, None
    shown = ", ".join(sorted(known)[:12]) + (" …" if len(known) > 12 else "")
    return [], Notice.of("facet.no_match", facet=name, value=text, known=shown)
