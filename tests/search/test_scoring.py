"""Scores added up on bitsets (index/search/scoring.py) are Whoosh's own, query by query.

Each query is scored twice over the small catalogue: by Whoosh's matcher tree, skipping to
every document (what ranking.py did before), and by scoring.top_scored. The same documents
must come back in the same order with the same scores, for compiled reader queries and for
hand-built trees with the shapes whose scores are easy to get wrong: an And inside an
optional part (it adds nothing where only some of its words are), an Or with `minmatch`
(Whoosh's matchers ignore it), a Not (a constant score), boosts on combinations.
"""

from __future__ import annotations

import math

import pytest

from index.search import facets as facet_ops
from index.search import scoring
from index.search._whoosh import query as wq
from index.search.ranking import _skipping

READER_QUERIES = ["machine learning", "sustainable infrastructure rural", "security",
                  "network -optical", "quality of service for IoT", "signalling OR protocol",
                  '"machine learning"', "framework for future networks", "réseau optique",
                  "Y.31*", "broadband rural areas"]


def _tree_scores(view, q) -> dict[int, float]:
    """Whoosh's score of every document `q`'s matcher tree reaches (the reference)."""
    out: dict[int, float] = {}
    with view.reading() as searcher:
        context = searcher.context()
        for sub, offset in searcher.leaf_searchers():
            matcher = q.matcher(sub, context)
            while matcher.is_active():
                out[offset + matcher.id()] = matcher.score()
                matcher.next()
    return {d: s for d, s in out.items() if (view.live >> d) & 1}


def _flat_scores(view, q) -> dict[int, float]:
    total = dict.fromkeys(facet_ops.from_bits(scoring.reached(view, q)), 0.0)
    scoring._add(view, q, scoring.reached(view, q), 1.0, total)
    return total


def _same(view, q) -> None:
    assert scoring.flattens(q)
    tree, flat = _tree_scores(view, q), _flat_scores(view, q)
    assert tree, f"{q} matches nothing in the test catalogue: it tests nothing"
    assert tree.keys() == flat.keys(), str(q)
    for doc, score in tree.items():
        assert math.isclose(flat[doc], score, rel_tol=1e-9), (str(q), doc)
    docs = sorted(tree)
    with view.reading() as searcher:
        expected = _skipping(searcher, q, docs, 20)
    assert scoring.top_scored(view, q, facet_ops.to_bits(docs, view.size), 20) == expected


@pytest.mark.parametrize("typed", READER_QUERIES)
def test_reader_queries_score_as_whoosh_does(service, typed):
    view = service.pool.view()
    found = service._finder(view).find(service.reader.read(typed, "en"), {}, False)
    if found.compiled.query is None:
        pytest.skip(f"{typed!r} compiles to no scoring query")
    _same(view, found.compiled.query)


def _t(field: str, text: str, boost: float = 1.0) -> wq.Term:
    return wq.Term(field, text, boost=boost)


@pytest.mark.parametrize("q", [
    # the optional part is an And: a document with one of its words gets nothing from it
    wq.AndMaybe(wq.Or([_t("title", "network"), _t("summary", "network")]),
                wq.And([_t("summary", "machin"), _t("summary", "learn")])),
    # Whoosh's Or ignores minmatch: any one part matches, and adds its score
    wq.Or([_t("title", "network"), _t("title", "secur"), _t("summary", "servic")], minmatch=2),
    # a Not gives a constant score where it matches
    wq.Or([_t("title", "network", 2.0), wq.Not(_t("summary", "network"))]),
    wq.AndNot(wq.Or([_t("title", "secur"), _t("summary", "secur")]), _t("title", "network")),
    # boosts on combinations multiply what is below them; a one-part And has none
    wq.And([wq.Or([_t("title", "network"), _t("summary", "network")], boost=3.0),
            wq.Or([_t("summary", "servic")], boost=5.0)], boost=0.5),
    wq.Or([wq.Prefix("title", "tele"), _t("summary", "learn")]),
])
def test_hand_built_trees_score_as_whoosh_does(service, q):
    _same(service.pool.view(), q)


def test_a_maximum_is_left_to_whoosh(service):
    q = wq.DisjunctionMax([_t("title", "network"), _t("summary", "network")])
    assert not scoring.flattens(q)
    assert scoring.top_scored(service.pool.view(), q, service.pool.view().live, 5) is None
    assert not scoring.flattens(wq.And([q, _t("title", "secur")]))
