"""Print the `[[same]]` entries of crawler/identity.toml from ITU's own editions data.

Reads the real metadata set (../shared/itu-reference, 16,172 editions with ITU's
`hasEdition` lineages from getRecEditions) and lists, per lineage, the numbers that share
their first number ("G.780" and "G.780/Y.1351"): ITU lists them as one family, so they are
one document. The spelling rules of identity.toml are applied first. Renumberings (another
first number) are not listed: they stay separate documents joined by lineage.

    .venv/bin/python tools/identity_table.py > /tmp/same.toml   # then paste into identity.toml
"""

from __future__ import annotations

import collections
import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler.identity import TABLE, parse_table  # noqa: E402
from crawler.numbers import parse_rec_name  # noqa: E402
from tests.shared_paths import SKIP_REASON, reference_dir  # noqa: E402

RECORDS = "metadata/relaton-data-itu/itu-t-records.jsonl.gz"


def lineages(records: list[dict]) -> dict[str, str]:
    """Edition name -> lineage root, joining every `hasEdition` pair (union-find)."""
    parent: dict[str, str] = {}

    def find(name: str) -> str:
        while parent.setdefault(name, name) != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    names = {r["docid"].removeprefix("ITU-T ") for r in records}
    for record in records:
        own = record["docid"].removeprefix("ITU-T ")
        for other in (record.get("relations") or {}).get("hasEdition", []):
            if other in names:
                parent[find(own)] = find(other)
    return {name: find(name) for name in names}


def same_entries(records: list[dict]) -> list[tuple[str, list[str], str]]:
    """(key, other numbers, source) per lineage with several spellings of one first number."""
    rules = parse_table(TABLE.read_text(encoding="utf-8"))
    rules = type(rules)(rules.rules, {})  # spelling rules only: the table is what we build
    root = lineages(records)
    by_root: dict[str, list[tuple[str, str, str]]] = collections.defaultdict(list)
    for record in records:
        name = record["docid"].removeprefix("ITU-T ")
        number = rules.key(parse_rec_name(name).family)
        by_root[root[name]].append((record["date_published"], number, name))
    entries = []
    for rows in by_root.values():
        by_first: dict[str, list[tuple[str, str, str]]] = collections.defaultdict(list)
        for row in rows:
            by_first[row[1].split("/")[0]].append(row)
        for group in by_first.values():
            numbers = {n for _, n, _ in group}
            if len(numbers) < 2:
                continue
            mains = [row for row in group if parse_rec_name(row[2]).kind == "edition"]
            newest = max(mains or group)
            others = sorted(numbers - {newest[1]})
            example = next(name for _, n, name in sorted(group) if n == others[0])
            source = (f"ITU's editions list of {newest[2]} (getRecEditions, metadata set"
                      f" hasEdition) also lists {example}")
            entries.append((newest[1], others, source))
    return sorted(entries)


def main() -> int:
    """Print the entries as TOML."""
    root = reference_dir()
    if root is None:
        print(SKIP_REASON, file=sys.stderr)
        return 2
    with gzip.open(root / RECORDS, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    for key, names, source in same_entries(records):
        print(f'[[same]]\nkey = "{key}"\nnames = {json.dumps(names)}\nsource = "{source}"\n')
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
