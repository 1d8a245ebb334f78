"""Own the order of a results page: preferences first, then Whoosh's scores.

Scores alone cannot say some things a reader means: that the text in force of exactly
the number typed comes before its withdrawn predecessor ("G.709" is G.709/Y.1331 in
force, not the 1993 text), that documents with every word come before those with most of
them, that texts for the region a query names come before worldwide ones. Each such
preference is a set of documents (a bitset); the result set is cut into groups by them,
in order (in the first preference or not, then the second, ...), and each group is ranked
by score (scoring.py adds Whoosh's scores up on bitsets; Whoosh's own matcher tree scores
the rare query whose score is not a sum). Only the groups a page reaches are searched.
"""

from __future__ import annotations

import heapq
from typing import Any

from index.search import facets as facet_ops
from index.search import scoring
from index.search._whoosh import Query
from index.search._whoosh import filtered as bits_filter
from index.search.pool import IndexView

# Scored by Whoosh's tree, a group this small is scored document by document (the matcher
# skips to each one); a larger one by Whoosh's collector, which walks every match.
DIRECT = 4000


def groups(final: int, prefer: list[int]) -> list[int]:
    """The result set cut by the preferences, most preferred group first, none empty."""
    parts = [final]
    for bits in prefer:
        parts = [piece for part in parts for piece in (part & bits, part & ~bits)]
    return [p for p in parts if p]


def relevance_page(view: IndexView, query: Query, final: int, prefer: list[int],
                   offset: int, wanted: int, filtered: bool) -> list[int]:
    """Document numbers ranked offset..wanted: by preference group, then by score.

    `filtered`: the query alone would match more than `final` (a filter, or a minimum
    of words Whoosh cannot count), so every search is limited to the group's documents.
    """
    out: list[int] = []
    seen = 0  # results before the current group
    start: int | None = None  # where `out` starts
    for group in groups(final, [p for p in prefer if p and p & final != final]):
        size = group.bit_count()
        if seen + size <= offset:
            seen += size  # the whole group is on earlier pages
            continue
        if start is None:
            start = seen
        take = min(size, wanted - seen)
        ranked = scoring.top_scored(view, query, group, take)
        if ranked is None:  # a query whose score is not a sum of its leaves'
            ranked = _tree_scored(view, query, group, take, group == final and not filtered)
        if len(ranked) < take:
            # Documents the scoring query does not reach (a filter-only match): by date.
            missing = set(facet_ops.from_bits(group)) - set(ranked)
            ranked += heapq.nlargest(take - len(ranked), missing,
                                     key=lambda d: (view.sort_date[d], d))
        out += ranked
        seen += size
        if seen >= wanted:
            break
    return out[offset - start:wanted - start] if start is not None else []


def _tree_scored(view: IndexView, query: Query, group: int, take: int, alone: bool
                 ) -> list[int]:
    """The `take` best of a group by Whoosh's own matcher tree. `alone`: the query matches
    no more than the group, so it needs no filter."""
    with view.reading() as searcher:
        if group.bit_count() <= DIRECT:
            return _skipping(searcher, query, facet_ops.from_bits(group), take)
        # The filters (the default "current only" among them) reach Whoosh as a bitset
        # inside the query: applied before scoring, not per scored match.
        scoped = query if alone else bits_filter(query, group, facet_ops.from_bits)
        return [hit.docnum for hit in searcher.search(scoped, limit=take)]


def _skipping(searcher: Any, query: Query, docs: list[int], take: int) -> list[int]:
    """The `take` best of some documents (ascending numbers) by the query's Whoosh score,
    each scored where the query's matcher skips to it."""
    scored = ((score, -doc) for doc, score in scoring.skipping_scores(searcher, query, docs))
    return [-neg for _, neg in heapq.nlargest(take, scored)]
