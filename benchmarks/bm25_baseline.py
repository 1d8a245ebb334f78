"""Own the plain BM25 baseline the relevance benchmark compares the project with.

What a competent engineer would build in an afternoon: SQLite FTS5 with the stock
`porter unicode61 remove_diacritics 2` tokenizer over each document's number, title and
summary; the query's words OR-ed (every FTS operator and quote stripped, so no query can
fail to parse), ranked by bm25(). It knows nothing of ITU numbers, languages, spelling or
synonyms. It holds the documents a reader is shown by default (the current ones), as the
project's search does.
"""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

# Statuses the catalogue shows without a status filter (index/search/documents.py CURRENT);
# publications without a status count as current.
SHOWN = frozenset({"In force", "Published", "Unknown", None})
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class BaselineDoc:
    """The fields the baseline indexes and filters on."""

    number: str
    title: str
    summary: str
    type: str
    status: str | None


def read_documents(data_dir: Path) -> list[BaselineDoc]:
    """Every document of a store, read through `itucat export` (the public interface)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "export.jsonl"
        subprocess.run([sys.executable, "-m", "itucat_cli", "--data-dir", str(data_dir),
                        "export", "--format", "jsonl", "-o", str(out)],
                       check=True, capture_output=True, text=True)
        docs = []
        with out.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    d = json.loads(line)
                    docs.append(BaselineDoc(str(d["number"]), d.get("title") or "",
                                            d.get("summary") or "", d.get("type") or "",
                                            d.get("status")))
        return docs


def fts_query(text: str) -> str | None:
    """The query's words, each quoted, OR-ed; None when it has no word at all."""
    words = _WORD.findall(text)
    return " OR ".join(f'"{w}"' for w in words) if words else None


class Bm25Baseline:
    """An in-memory FTS5 index over the shown documents."""

    def __init__(self, docs: Iterable[BaselineDoc]) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(number, title, summary, "
                        "type UNINDEXED, tokenize='porter unicode61 remove_diacritics 2')")
        rows = [(d.number, d.title, d.summary, d.type) for d in docs if d.status in SHOWN]
        self.db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", rows)
        self.db.commit()
        self.size = len(rows)

    def search(self, text: str, filters: Mapping[str, str], limit: int = 10) -> list[str]:
        """Document numbers, best first (a `type` filter narrows; others are ignored)."""
        match = fts_query(text)
        if match is None:
            return []
        sql = "SELECT number FROM docs WHERE docs MATCH ?"
        params: list[str | int] = [match]
        if "type" in filters:
            sql += " AND lower(type) = lower(?)"
            params.append(filters["type"])
        sql += " ORDER BY bm25(docs) LIMIT ?"
        params.append(limit)
        return [row[0] for row in self.db.execute(sql, params)]

    def close(self) -> None:
        self.db.close()
