"""Own finding every document a query matches, as a bitset, from posting lists.

Facet counts need the whole match set, not just the top results. Whoosh computes it by
walking a tree of matchers one document at a time in Python; here each term's posting
list is read once (and kept per index version) as a bitset, and AND/OR/NOT become
integer operations; "at least k of n clauses" (an Or with minmatch, which Whoosh itself
does not implement) is counted on the bitsets too. Phrases need positions, so they are
checked by Whoosh, but only after the bitsets have narrowed the candidates to documents
holding every word.
"""

from __future__ import annotations

from index.search import facets
from index.search._whoosh import Query
from index.search._whoosh import query as wq
from index.search.pool import IndexView


def match_bits(view: IndexView, q: Query | None, counted: bool = True) -> int:
    """Documents (bitset) matched by a Whoosh query built by query.Compiler.

    `counted`: an Or's `minmatch` is counted, as the compiler means it; without, an Or
    matches any of its parts, as Whoosh's own matchers do (scoring.py needs that)."""
    if q is None:
        return view.live
    if isinstance(q, wq.Term):
        return view.term_bits(q.fieldname, q.text)
    if isinstance(q, wq.Or | wq.DisjunctionMax):
        minmatch = int(getattr(q, "minmatch", 0))
        if minmatch > 1 and counted:
            return at_least(minmatch, [match_bits(view, sub, counted) for sub in q.subqueries])
        bits = 0
        for sub in q.subqueries:
            bits |= match_bits(view, sub, counted)
        return bits
    if isinstance(q, wq.And):
        bits = view.live
        for sub in q.subqueries:
            bits &= match_bits(view, sub, counted)
            if not bits:
                break
        return bits
    if isinstance(q, wq.AndMaybe):
        return match_bits(view, q.a, counted)  # the optional part only changes scores
    if isinstance(q, wq.AndNot):
        return match_bits(view, q.a, counted) & ~match_bits(view, q.b, counted)
    if isinstance(q, wq.Not):
        return view.live & ~match_bits(view, q.query, counted)
    if isinstance(q, wq.Every):
        return view.live
    if q is wq.NullQuery:
        return 0
    if isinstance(q, wq.Prefix | wq.Wildcard):
        with view.reading() as searcher:
            expanded = list(q.expanded_terms(searcher.reader()))  # the terms it stands for
        bits = 0
        for fieldname, text in expanded:
            bits |= view.term_bits(fieldname, text)
        return bits
    if isinstance(q, wq.Phrase):
        candidates = view.live
        for word in q.words:
            candidates &= view.term_bits(q.fieldname, word)
            if not candidates:
                return 0
        return candidates & _whoosh_bits(view, q)
    return _whoosh_bits(view, q)


def coverage(clauses: list[int], most: int | None = None) -> list[int]:
    """Documents in at least j of the bitsets, for j = 0 .. `most` (all by default):
    counts[j] holds those in j or more of the bitsets seen so far."""
    top = len(clauses) if most is None else most
    counts = [-1] + [0] * top  # -1: every bit set (any document is in at least 0)
    for bits in clauses:
        for j in range(top, 0, -1):
            counts[j] |= counts[j - 1] & bits
    return counts


def at_least(k: int, clauses: list[int]) -> int:
    """Documents in at least k of the bitsets."""
    return coverage(clauses, k)[k]


def _whoosh_bits(view: IndexView, q: Query) -> int:
    with view.reading() as searcher:
        return facets.to_bits(searcher.docs_for_query(q), view.size)
