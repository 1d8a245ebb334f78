"""Read ITU's own editions data (the real metadata set) for the lineage tests, independently.

`lineage_roots` joins every `hasEdition` pair (relaton read them from getRecEditions) with a
union-find written here, not shared with the mirror or the crawler, so that the expected
lineages are not computed by the code under test.
"""

from __future__ import annotations

import functools
import gzip
import json
from pathlib import Path

RECORDS = "metadata/relaton-data-itu/itu-t-records.jsonl.gz"


@functools.lru_cache(maxsize=1)
def _records(root: str) -> tuple[dict, ...]:
    with gzip.open(Path(root) / RECORDS, "rt", encoding="utf-8") as lines:
        return tuple(json.loads(line) for line in lines if line.strip())


def records(reference: Path) -> tuple[dict, ...]:
    """The 16,172 edition records (read once per process)."""
    return _records(str(reference))


def name(record: dict) -> str:
    """"ITU-T Z.163 (11/2007)" -> "Z.163 (11/2007)"."""
    return record["docid"].removeprefix("ITU-T ")


def lineage_roots(rows: tuple[dict, ...]) -> dict[str, str]:
    """Edition name -> the name representing its ITU lineage."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    names = {name(r) for r in rows}
    for r in rows:
        own = name(r)
        find(own)
        for other in (r.get("relations") or {}).get("hasEdition") or []:
            if other in names:
                parent[find(own)] = find(other)
    return {n: find(n) for n in names}


def is_main(record: dict) -> bool:
    """A main edition in ITU's numbering: a whole edition number ("3", not "6.2")."""
    edition = (record.get("edition") or "").strip()
    if edition:
        return edition.isdigit()
    return record.get("doctype") in ("recommendation", "recommendation-supplement")
