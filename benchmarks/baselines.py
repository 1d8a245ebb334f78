"""Own the same-run baselines the search benchmark times beside the project's engine.

Each baseline indexes the same documents (number, title, summary, status) and answers the
same query text with the project's default filter (current documents only) applied the
way that engine applies a filter, returning the top 20:

- `Tantivy`: tantivy-py (the Rust engine; PyPI `tantivy`, installed by the optional
  `bench` extra only, never a runtime dependency), English stemmer, BM25, the status
  filter as a must-match term, so it is applied before scoring. `search(full=True)` does
  the work a results page needs, as the project's engine does: the total count, the top
  20, a summary snippet for each and term counts over five facets (type, study group,
  status, year, series) by tantivy's aggregations;
- `Fts5`: SQLite FTS5 (porter tokenizer, bm25()), the status filter in the WHERE clause.

Words are kept as plain terms, every one required (as the project's engine requires
every word first; punctuation and operators are stripped), which is what a reader's plain
query is; the project's own engine does far more per query (facets, highlights, synonyms), so
the ratio is an upper bound of what is left to gain.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CURRENT = ("In force", "Published", "Unknown")
_WORD = re.compile(r"\w+", re.UNICODE)


FACETS = ("type", "sg", "status", "year", "series")


@dataclass(frozen=True)
class Row:
    """What a baseline indexes of one document."""

    id: str
    title: str
    summary: str
    current: bool
    facets: tuple[str, ...] = ("", "", "", "", "")  # FACETS' values


def rows_of(docs: Iterable[Any]) -> list[Row]:
    """Baseline rows from the store's Document records."""
    return [Row(d.id, d.title or "", d.summary or "", (d.status or "Unknown") in CURRENT,
                (d.type or "", d.study_group or "", d.status or "Unknown",
                 str(d.approval_date.year) if d.approval_date else "", d.series or ""))
            for d in docs]


def words(text: str) -> list[str]:
    """The plain words of a query (operators, quotes and wildcards dropped)."""
    return [w.lower() for w in _WORD.findall(text) if w.upper() not in {"OR", "AND", "NOT"}]


class Tantivy:
    """tantivy-py over the rows; `search` returns the number of hits on the page."""

    def __init__(self, rows: list[Row], path: Path) -> None:
        import tantivy

        self._t = tantivy
        started = time.perf_counter()
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
        builder.add_text_field("summary", stored=True, tokenizer_name="en_stem")
        builder.add_text_field("current", stored=False, tokenizer_name="raw")
        for name in FACETS:
            builder.add_text_field(name, stored=False, tokenizer_name="raw", fast=True)
        self.schema = builder.build()
        path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(path))
        writer = self.index.writer(heap_size=64_000_000, num_threads=1)
        for row in rows:
            writer.add_document(tantivy.Document(
                id=row.id, title=row.title, summary=row.summary,
                current="yes" if row.current else "no", **dict(zip(FACETS, row.facets,
                                                                  strict=True))))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()
        self.build_seconds = time.perf_counter() - started
        self._current = tantivy.Query.term_query(self.schema, "current", "yes")
        self._aggs = {name: {"terms": {"field": name, "size": 30}} for name in FACETS}

    def search(self, text: str, current_only: bool = True, full: bool = False) -> int:
        terms = words(text)
        t = self._t
        if terms:
            query = self.index.parse_query(" ".join(f"+{w}" for w in terms),
                                           ["title", "summary"])
        else:
            query = t.Query.all_query()
        if current_only:
            query = t.Query.boolean_query([(t.Occur.Must, query),
                                           (t.Occur.Must, self._current)])
        found = self.searcher.search(query, 20, count=full)
        if full:
            snippets = t.SnippetGenerator.create(self.searcher, query, self.schema, "summary")
            for _score, address in found.hits:
                snippets.snippet_from_doc(self.searcher.doc(address)).to_html()
            self.searcher.aggregate(query, self._aggs)
        return len(found.hits)

    def search_full(self, text: str) -> int:
        """A results page's work: count, top 20, snippets, five facets' counts."""
        return self.search(text, full=True)


class Fts5:
    """SQLite FTS5 over the rows, in memory; `search` returns the number of hits."""

    def __init__(self, rows: list[Row]) -> None:
        started = time.perf_counter()
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, summary, "
                        "current UNINDEXED, tokenize='porter unicode61')")
        self.db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)",
                            [(r.id, r.title, r.summary, int(r.current)) for r in rows])
        self.db.commit()
        self.build_seconds = time.perf_counter() - started

    def search(self, text: str, current_only: bool = True) -> int:
        terms = words(text)
        where = "current = 1" if current_only else "1"
        if not terms:
            sql = f"SELECT id FROM docs WHERE {where} LIMIT 20"
            return len(self.db.execute(sql).fetchall())
        match = " ".join(f'"{w}"' for w in terms)
        sql = (f"SELECT id FROM docs WHERE docs MATCH ? AND {where} "
               "ORDER BY bm25(docs) LIMIT 20")
        return len(self.db.execute(sql, (match,)).fetchall())
