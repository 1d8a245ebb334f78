"""The one-pass analyzers (index/search/onepass.py) give Whoosh's chain's very terms.

Compared term for term with the chain they wrap: on awkward text (Unicode case folding that
changes length, ligatures, scripts without Latin letters, numbers with dots, Whoosh's `*`,
stop words only), on a sample of the real metadata set's titles and abstracts when
../shared/itu-reference is present, in query mode, and with positions (which the chain
answers itself).
"""

from __future__ import annotations

import gzip
import json
import pickle

import pytest

from index.search._whoosh import analysis
from index.search.fields import SHINGLE_SEP, _stemming_chain, build_schema, shingle_analyzer
from index.search.fields import text_analyzer as text_onepass
from index.search.onepass import OnePass
from tests.shared_paths import SKIP_REASON, reference_dir

AWKWARD = ["", " ", "İstanbul ÇAĞ", "G.709.1 and Y.3172", "e-waste ITU-T T-REC", "a b c",
           "x", "ﬁber ﬂow", "ÅSTRÖM", "日本語 テキスト", "السلام عليكم", "Ωmega Σigma ς",
           "**star** wild*card", "the of and", "word. word.. .word", "ß STRASSE",
           "Optical fibres, fiber-optic cables and 5G/IMT-2020 networks"]


def _pairs() -> list[tuple[str, OnePass, analysis.Analyzer]]:
    return [("text", text_onepass(), _stemming_chain()),
            ("shingles", shingle_analyzer(),
             _stemming_chain() | analysis.ShingleFilter(size=2, sep=SHINGLE_SEP))]


def _terms(analyzer, text: str, **kwargs) -> list[str]:
    return [t.text for t in analyzer(text, **kwargs)]


def _compare(texts: list[str], modes: tuple[str, ...] = ("index", "query")) -> None:
    for name, fast, chain in _pairs():
        assert fast._fast, f"{name}: the one-pass loop is off (the chain changed shape)"
        for text in texts:
            for mode in modes:
                assert _terms(fast, text, mode=mode, boosts=True) == \
                    _terms(chain, text, mode=mode, boosts=True), (name, mode, text)


def test_awkward_text_gives_the_chains_terms():
    _compare(AWKWARD)


def test_real_titles_and_abstracts_give_the_chains_terms():
    """Every eighth text field of the real metadata set (the whole set agreed, 116,781
    texts, when this was written; a sample keeps the suite fast)."""
    ref = reference_dir()
    if ref is None:
        pytest.skip(SKIP_REASON)
    path = ref / "metadata/relaton-data-itu/itu-t-records.jsonl.gz"
    texts: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            texts += [v for v in record.values() if isinstance(v, str) and len(v) > 3]
    assert len(texts) > 16_000
    _compare(texts[::8], ("index",))


def test_positions_and_kept_stop_words_are_the_chains_own():
    for _, fast, chain in _pairs():
        text = "the optical fibre of the access network"
        assert [(t.text, t.pos) for t in fast(text, positions=True)] == \
            [(t.text, t.pos) for t in chain(text, positions=True)]
        assert [(t.text, t.stopped) for t in fast(text, removestops=False)] == \
            [(t.text, t.stopped) for t in chain(text, removestops=False)]


def test_the_schema_uses_it_and_keeps_it_through_pickling():
    """The index stores its schema pickled: a reopened index must run the fast loop too."""
    schema = pickle.loads(pickle.dumps(build_schema()))
    for field in ("title", "summary", "series_title", "tags", "title_sh", "summary_sh"):
        analyzer = schema[field].analyzer
        assert isinstance(analyzer, OnePass) and analyzer._fast, field
    assert schema["title_sh"].analyzer == shingle_analyzer()


def test_a_chain_of_another_shape_is_run_as_it_is():
    chain = analysis.RegexTokenizer() | analysis.LowercaseFilter()
    wrapped = OnePass(chain)
    assert not wrapped._fast
    assert _terms(wrapped, "Optical Fibre") == ["optical", "fibre"]
