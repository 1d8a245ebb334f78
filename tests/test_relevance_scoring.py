"""The relevance benchmark scores answers right and its baseline is the plain one it claims.

No crawl, no index: the scoring, the BM25 baseline and the command line's refusals.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.bm25_baseline import BaselineDoc, Bm25Baseline, fts_query
from benchmarks.judged import JudgedQuery, SetError, groups, judge, load_queries, tally
from benchmarks.tagging import Counts

ROOT = Path(__file__).resolve().parent.parent


def query(accept: tuple[str, ...], top1: bool = False, kind: str = "number",
          lang: str | None = None) -> JudgedQuery:
    return JudgedQuery("q", kind, accept, "why it was written", lang, {}, top1)


def test_hit_at_5_and_mrr_at_10():
    q = query(("H.264", "H.264.1"))
    assert judge(q, ["X.1", "H.264.1", "H.264"]).hit
    assert judge(q, ["X.1", "H.264.1", "H.264"]).reciprocal_rank == 0.5
    late = judge(q, ["A.1", "A.2", "A.3", "A.4", "A.5", "A.6", "H.264"])
    assert not late.hit and late.reciprocal_rank == pytest.approx(1 / 7)
    assert judge(q, [f"A.{i}" for i in range(10)] + ["H.264"]).reciprocal_rank == 0.0
    assert judge(q, []).first_ok is None


def test_first_rank_check_wants_the_first_accepted_number_first():
    q = query(("G.709/Y.1331",), top1=True)
    assert judge(q, ["G.709/Y.1331", "G.709"]).first_ok is True
    second = judge(q, ["G.709", "G.709/Y.1331"])
    assert second.hit and second.first_ok is False
    assert judge(q, []).first_ok is False


def test_tally_and_groups():
    qs = [query(("A.1",)), query(("B.1",), kind="multilingual", lang="fr")]
    t = tally([judge(qs[0], ["A.1"]), judge(qs[1], ["Z.9"])])
    assert (t.n, t.hits, t.hit_rate, t.mrr) == (2, 1, 0.5, 0.5)
    labels = [g.label for g in groups(qs)]
    assert labels == ["number", "multilingual", "fr", "overall"]
    assert [g(qs[1]) for g in groups(qs)] == [False, True, True, True]


def test_a_malformed_set_is_refused_with_the_entry_named(tmp_path):
    bad = tmp_path / "set.toml"
    bad.write_text('[[query]]\ntext = "g652"\nkind = "number"\naccept = []\nwhy = "x"\n',
                   encoding="utf-8")
    with pytest.raises(SetError, match="query 1 .*accept"):
        load_queries(bad)
    bad.write_text('[[query]]\ntext = "x"\nkind = "multilingual"\naccept = ["A.1"]\n'
                   'why = "y"\n', encoding="utf-8")
    with pytest.raises(SetError, match="lang"):
        load_queries(bad)


def test_fts_query_keeps_words_and_drops_every_operator():
    assert fts_query('"quality of service" NOT -x OR y*') == (
        '"quality" OR "of" OR "service" OR "NOT" OR "x" OR "OR" OR "y"')
    assert fts_query("G.652") == '"G" OR "652"'
    assert fts_query('"*"') is None
    assert fts_query("النطاق العريض") == '"النطاق" OR "العريض"'


def test_baseline_ranks_by_bm25_over_the_documents_readers_see():
    docs = [BaselineDoc("L.1700", "Low-cost rural telecommunications", "rural areas", "R",
                        "In force"),
            BaselineDoc("G.709", "Synchronous multiplexing", "", "Recommendation", "Withdrawn"),
            BaselineDoc("L.Suppl.22", "Rural fibre", "low-cost fibre", "Supplement", "In force"),
            BaselineDoc("T-TUT-X", "Rural guide", "", "Technical Paper", None)]
    base = Bm25Baseline(docs)
    try:
        assert base.size == 3  # the withdrawn text is not shown by default
        assert base.search("rural low cost", {})[0] == "L.1700"
        assert base.search("rural", {"type": "supplement"}) == ["L.Suppl.22"]
        assert base.search("multiplexing", {}) == []
        assert base.search("détaillé", {}) == []  # no crash on accents, no match either
    finally:
        base.close()


def test_precision_and_recall_counts():
    c = Counts()
    for truth, predicted in [(True, True), (False, True), (True, False), (False, False)]:
        c.add(truth, predicted)
    assert (c.precision, c.recall) == (0.5, 0.5)
    assert Counts().precision is None


@pytest.mark.parametrize("args, message", [
    (["--kind", "bogus"], "unknown kind(s) bogus"),
    (["--data-dir", "/nonexistent-itucat-dir", "--kind", "number"], "holds no catalogue.sqlite"),
])
def test_the_benchmark_refuses_bad_input_with_a_message(args, message):
    proc = subprocess.run([sys.executable, "benchmarks/relevance.py", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr
