"""The relevance set on the full real catalogue: the right documents in the first five; and
the search behaviours that need the whole catalogue's vocabulary (spelling corrections,
US/UK spellings, identifiers, readers' words, filter words), on the same shared build."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.search.service import SearchService
from index.search.synonyms import load_synonyms
from tests.search.relevance import load_set, score

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def full_search(full_catalogue: Path) -> SearchService:
    return SearchService(full_catalogue)


def test_the_set_is_large_enough():
    assert len(load_set()) >= 30


def test_every_query_of_the_set_finds_its_documents(full_search):
    result = score(full_search)
    failures = "\n".join(f"{o.text!r} {o.filters}: {o.why} (got {o.got})"
                         for o in result.failures())
    assert result.ratio == 1.0, f"{result.passed}/{len(result.outcomes)} passed\n{failures}"


# -- behaviours that need the whole catalogue's vocabulary (the same shared build) -------


def numbers(answer):
    return [hit["number"] for hit in answer["results"]]


def test_a_misspelt_query_shows_the_corrected_results_at_once(full_search):
    answer = full_search.search("cybersecurty")
    assert answer["corrected"] == {"typed": "cybersecurty", "searched": "cybersecurity"}
    assert answer["suggestion"] is None and answer["total"] > 50
    assert {"X.1205", "X.1500"} & set(numbers(answer)[:5])
    typed = full_search.search("cybersecurty", verbatim=True)  # "search instead for"
    assert typed["corrected"] is None and typed["total"] == 0


def test_a_typo_that_stems_to_a_real_stem_is_still_corrected(full_search):
    answer = full_search.search("interent of things overview")  # "interent" -> "inter"
    assert answer["corrected"]["searched"] == "internet of things overview"
    assert "Y.4000/Y.2060" in numbers(answer)[:5]


@pytest.mark.parametrize("query", [
    "guidelines for optical fibre cables", "roaming and tariffs with Africa",
    "quality of service for mobile money", "security of the home network",
])
def test_correctly_spelled_queries_are_never_corrected(full_search, query):
    answer = full_search.search(query)
    assert answer["corrected"] is None and answer["suggestion"] is None, query


def test_us_and_uk_spellings_are_one_word(full_search):
    for us, uk in [("optical fiber", "optical fibre"), ("data center", "data centre"),
                   ("standardization", "standardisation"), ("program", "programme")]:
        a, b = full_search.search(us), full_search.search(uk)
        assert a["total"] == b["total"] > 0 and numbers(a) == numbers(b), (us, uk)


@pytest.mark.parametrize(("typed", "first"), [
    ("T-REC-G.652", "G.652"), ("T-REC-H.264-201610-S", "H.264"), ("G.709", "G.709/Y.1331"),
    ("Y.1731", "G.8013/Y.1731"), ("H.264", "H.264"), ("G.652 Amd 1", "G.652"),
    ("L Suppl 36", "L.Suppl.36"), ("G.Imp712", "G.712"),
    ("Supplement 1 to E.100 series", "E-100 series Suppl.1"), ("HEVC", "H.265"),
])
def test_identifier_forms_find_the_text_in_force_first(full_search, typed, first):
    assert numbers(full_search.search(typed))[0] == first, typed


def test_the_text_in_force_comes_before_its_withdrawn_namesake(full_search):
    got = numbers(full_search.search("G.709"))
    assert got.index("G.709/Y.1331") < got.index("G.709")
    assert numbers(full_search.search("ITU-T Y.3000-series"))[:2] == ["Y.3001", "Y.3011"]


def test_readers_words_find_the_documents_they_exist_for(full_search):
    """Every readers' group of index/synonyms.toml: its documents exist, and each of its
    lay words finds at least one of them among the first ten results."""
    synonyms = load_synonyms()
    groups = [(g, docs) for g, source, docs in zip(synonyms.groups, synonyms.sources,
                                                    synonyms.documents, strict=True)
              if source == "readers"]
    assert len(groups) >= 8
    for terms, docs in groups:
        for number in docs:
            found = full_search.document(number)
            assert found is not None and found["number"] == number, f"{number} of {terms[0]}"
        for term in terms:
            got = numbers(full_search.search(term, per_page=10))
            assert set(docs) & set(got), f"{term!r} ({terms[0]}) found {got[:5]}, not {docs}"


@pytest.mark.parametrize(("query", "facet", "check"), [
    ("handbook", "type", lambda hits: all(h["type"] == "Handbook" or "andbook" in h["title"]
                                          for h in hits)),
    ("ISDN withdrawn", "status", lambda hits: all(h["status"] == "Withdrawn" for h in hits)),
    ("smart cities best practices", "kind", lambda hits: all(
        any(k["id"] == "best-practice" for k in h["kinds"]) for h in hits)),
    ("e-waste 2024", "year", lambda hits: all(h["approval_date"].startswith("2024")
                                              for h in hits)),
])
def test_filter_words_on_the_whole_catalogue(full_search, query, facet, check):
    answer = full_search.search(query)
    assert [i["facet"] for i in answer["intents"]] == [facet] and answer["total"] > 0
    assert check(answer["results"]), query


def test_the_issues_discovery_example(full_search):
    """'developing countries' and 'Africa' say for whom: climate change texts come first."""
    answer = full_search.search("climate change developing countries Africa")
    top = answer["results"][:5]
    assert {"L.1500", "L.1501", "L.1502", "L.1504", "L.1506"} & {h["number"] for h in top}
    assert sum("climate" in (h["title"] or "").lower() for h in top) >= 3
    assert [i["facet"] for i in answer["intents"]] == ["region"]
