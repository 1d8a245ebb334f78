"""Own the scores of chosen documents under a compiled query, without Whoosh's matcher tree.

Whoosh scores a document by walking the query's tree of matchers (is_active, id, skip_to
and score on every node, in Python): about 30 µs a document for two words over four
fields, half of an uncached search. Yet the tree's score is a sum, and which documents
each node matches is known from bitsets (matching.py, with Whoosh's meaning of an Or: any
one part, for Whoosh does not implement `minmatch`). Where a node matches: an And adds its
parts' scores, an Or those of the parts that match there, an AndMaybe its first part's and
its optional part's where that matches, AndNot and Require their first part's; a boost
multiplies what is below it. So the scores of a page's candidates are added up node by
node on bitsets. A term's scores come from its posting list with the searcher's own scorer
(the same numbers), read once per index version and kept (IndexView.scores_of); other
leaves (phrases, prefixes) are scored by their own Whoosh matcher, document by document.

A query with a node whose score is not such a sum (DisjunctionMax takes a maximum, an Or
with `scale` adds a coordination bonus) is left to Whoosh's tree (`flattens` says so).
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterator
from typing import Any

from index.search import facets as facet_ops
from index.search._whoosh import Query
from index.search._whoosh import query as wq
from index.search.matching import match_bits
from index.search.pool import IndexView


def flattens(q: Query) -> bool:
    """True when every node of `q` scores as a sum (see the module's docstring)."""
    if isinstance(q, wq.DisjunctionMax) or (isinstance(q, wq.Or) and q.scale):
        return False
    if isinstance(q, wq.And | wq.Or):
        return all(flattens(sub) for sub in q.subqueries)
    if isinstance(q, wq.AndMaybe):
        return flattens(q.a) and flattens(q.b)
    if isinstance(q, wq.AndNot | wq.Require):
        return flattens(q.a)
    # Any other combination's scores are Whoosh's to say; a leaf (a Not among them: Whoosh
    # gives the documents it matches a constant score) is scored by its own matcher.
    return not isinstance(q, wq.CompoundQuery | wq.BinaryQuery)


def reached(view: IndexView, q: Query) -> int:
    """Documents (bitset) Whoosh's matcher tree of `q` matches: an Or needs any one part."""
    if isinstance(q, wq.Term):
        return view.term_bits(q.fieldname, q.text)
    key = ("tree", str(q))
    bits = view.matches.get(key)
    if bits is None:
        bits = match_bits(view, q, counted=False)
        view.matches.put(key, bits)
    return bits


def top_scored(view: IndexView, q: Query, group: int, take: int) -> list[int] | None:
    """The `take` best documents of the bitset `group` that `q` matches, by `q`'s Whoosh
    score (ties: the lower document number first); None when `q` does not flatten."""
    if not flattens(q):
        return None
    matched = group & reached(view, q) & view.live
    total = dict.fromkeys(facet_ops.from_bits(matched), 0.0)
    _add(view, q, matched, 1.0, total, total)
    best = heapq.nlargest(take, ((score, -doc) for doc, score in total.items()))
    return [-neg for _, neg in best]


def _add(view: IndexView, q: Query, where: int, boost: float, total: dict[int, float],
         members: Collection[int] | None = None) -> None:
    """Add `q`'s score (times `boost`) to `total` for the documents of `where`, all of
    which `q` matches; `members`, when given, holds exactly the documents of `where`."""
    if not where:
        return
    if isinstance(q, wq.And | wq.Or):
        subs = q.subqueries
        # Whoosh applies a compound's boost only when it has two parts or more.
        inner = boost * q.boost if len(subs) > 1 else boost
        for sub in subs:
            # An And's parts match wherever it does; an Or's, where each one does.
            if isinstance(q, wq.And):
                _add(view, sub, where, inner, total, members)
            elif isinstance(sub, wq.Term):
                if members is None:
                    members = set(facet_ops.from_bits(where))
                _add_term(view, sub, members, inner, total)
            else:
                _add(view, sub, where & reached(view, sub), inner, total)
    elif isinstance(q, wq.AndMaybe):
        _add(view, q.a, where, boost, total, members)
        _add(view, q.b, where & reached(view, q.b), boost, total)
    elif isinstance(q, wq.AndNot | wq.Require):
        _add(view, q.a, where, boost, total, members)
    elif isinstance(q, wq.Term):
        _add_term(view, q, set(facet_ops.from_bits(where)) if members is None else members,
                  boost, total)
    else:
        for doc, score in _matcher_scores(view, q, facet_ops.from_bits(where)):
            total[doc] += boost * score


def _add_term(view: IndexView, q: wq.Term, members: Collection[int], boost: float,
              total: dict[int, float]) -> None:
    """Add a term's score to the documents of `members` that hold it. The term's scores
    (its posting list) are walked, or `members` when they are fewer: reading the bitset
    of each word of an Or again, byte by byte, was a sixth of a search."""
    scores = view.scores_of(q.fieldname, q.text)
    weight = boost * q.boost
    if len(scores) <= len(members):
        for doc, score in scores.items():
            if doc in members:
                total[doc] += weight * score
    else:
        for doc in members:
            found = scores.get(doc)
            if found is not None:
                total[doc] += weight * found


def _matcher_scores(view: IndexView, leaf: Query, docs: list[int]) -> list[tuple[int, float]]:
    """Whoosh's score of one leaf at each of some documents (ascending) that it holds."""
    with view.reading() as searcher:
        return list(skipping_scores(searcher, leaf, docs))


def skipping_scores(searcher: Any, q: Query, docs: list[int]) -> Iterator[tuple[int, float]]:
    """(document, Whoosh's score of `q` there) for each of some documents (ascending) that
    `q`'s matcher tree reaches, the matcher skipping from one to the next."""
    context = searcher.context()
    for sub, offset in searcher.leaf_searchers():
        end = offset + sub.doc_count_all()
        matcher: Any = q.matcher(sub, context)
        for doc in docs:
            if doc < offset or doc >= end:
                continue
            if not matcher.is_active():
                break
            local = doc - offset
            if matcher.id() < local:
                matcher.skip_to(local)
                if not matcher.is_active():
                    break
            if matcher.id() == local:
                yield doc, matcher.score()
