"""Forgiving queries on the small catalogue: most of the words, filter words (intents), the
query read in another language, identifiers. (Corrections, spelling variants and readers'
words need the whole catalogue's vocabulary: tests/search/test_full_catalogue.py.)"""

from __future__ import annotations

import pytest

from index.search.compiler import Compiler
from tests.search.conftest import numbers

# -- most of the words ------------------------------------------------------------------


@pytest.mark.parametrize(("clauses", "required"), [(1, 1), (2, 2), (3, 2), (4, 3), (5, 4),
                                                   (6, 4), (7, 5), (10, 7)])
def test_all_of_one_or_two_words_about_seventy_percent_beyond(clauses, required):
    assert Compiler.required(clauses) == required


def test_documents_in_at_least_k_clauses_are_counted_on_bitsets():
    from index.search.matching import at_least, coverage

    clauses = [0b0111, 0b0011, 0b1001]  # documents 0..3
    assert at_least(1, clauses) == 0b1111 and at_least(2, clauses) == 0b0011
    assert at_least(3, clauses) == 0b0001 and at_least(4, clauses) == 0
    assert coverage(clauses)[1:] == [0b1111, 0b0011, 0b0001]


def test_one_extra_word_does_not_drop_the_best_documents(service):
    plain = numbers(service.search("machine learning future networks"))
    extra = service.search("machine learning future networks implementation")
    assert "Y.3172" in numbers(extra)[:3] and "Y.3172" in plain[:3]
    assert extra["total"] >= 3


def test_documents_with_every_word_come_first(service):
    answer = service.search("framework data machine learning IMT-2020")
    assert numbers(answer)[0] == "Y.3174"  # the one with every word
    assert {"Y.3172", "Y.3173"} <= set(numbers(answer))  # most of the words
    assert {n.code for n in answer["notices"]} & {"search.most_words", "search.some_words"}


def test_too_few_documents_with_most_words_are_followed_by_some(service):
    answer = service.search("rural broadband village cooperative internet")
    codes = {n.code for n in answer["notices"]}
    assert "search.some_words" in codes or "search.any_word" in codes
    assert answer["total"] >= 3


def test_english_stop_words_count_for_no_word(service):
    asked = service.search("what is the framework for machine learning in future networks")
    assert numbers(asked)[0] == numbers(service.search("framework machine learning future "
                                                       "networks"))[0] == "Y.3172"


# -- filter words -----------------------------------------------------------------------


def intents(answer):
    return [(i["facet"], i["values"]) for i in answer["intents"]]


@pytest.mark.parametrize(("query", "facet", "values", "expected"), [
    ("DSL withdrawn", "status", ["Withdrawn"], {"G.995.1"}),
    ("machine learning 2019", "year", ["2019"], {"Y.3172"}),
    ("internet of things in Arabic", "language", ["Arabic"], {"Y.4000/Y.2060"}),
    ("QoS technical report", "type", ["Technical Report"], {"T-TUT-QOS-2023-2"}),
    ("e-waste success stories", "kind", ["success-story"], {"L.Suppl.27"}),
])
def test_words_that_name_a_filter_become_a_chip(service, query, facet, values, expected):
    answer = service.search(query)
    assert intents(answer) == [(facet, values)]
    assert set(numbers(answer)) == expected
    assert answer["filters"] == {}  # a chip, not one of the reader's own filters


def test_a_country_is_its_region_and_the_chip_can_be_removed(service):
    kenya = service.search("roaming in Kenya")
    assert intents(kenya) == [("region", ["africa"])]
    assert kenya["intents"][0]["soft"] and kenya["intents"][0]["words"] == ["in Kenya"]
    # Worldwide texts stay; the text for Africa comes first; Asia's is left out.
    assert numbers(kenya) == ["D.607 R"]
    removed = service.search("roaming in Kenya", ignore=["region"])
    # The words again: no text names Kenya, so roaming texts of every region follow.
    assert removed["intents"] == [] and "D.502R" in numbers(removed)


def test_a_filter_word_that_leaves_nothing_is_searched_as_a_word(service):
    answer = service.search("machine learning handbook")
    assert answer["intents"] == [] and answer["total"] >= 1
    assert "search.intents_as_words" in {n.code for n in answer["notices"]}


def test_context_words_rank_but_never_exclude(service):
    # "developing countries" says for whom: e-waste texts that do not say it stay.
    answer = service.search("e-waste developing countries")
    assert {"L.1021", "L.Suppl.27"} <= set(numbers(answer))
    assert numbers(answer)[0] == "L.1021"  # the one that says it comes first
    assert numbers(service.search("developing countries"))  # alone: the subject


def test_region_words_alone_are_the_subject_not_a_filter(service):
    assert service.search("Africa")["intents"] == []
    assert service.search('"best practices"')["intents"] == []  # quoted: words


# -- the six languages ------------------------------------------------------------------


@pytest.mark.parametrize(("query", "lang"), [
    ("haut débit rural", "fr"), ("banda ancha rural", "es"), ("النطاق العريض الريفي", "ar"),
    ("сельский широкополосный доступ", "ru"), ("农村宽带", "zh"),
])
def test_a_query_in_each_language_searches_what_english_does(service, query, lang):
    english = service.search("rural broadband")
    answer = service.search(query, lang=lang)
    assert set(numbers(answer)) == set(numbers(english)) and answer["total"] > 0
    seen = answer["understood"]
    assert seen["language"] == lang and seen["typed"] == query
    assert sorted(seen["searched"].split()) == ["broadband", "rural"]
    assert {m["english"] for m in seen["mappings"]} == {"rural", "broadband"}


def test_the_words_as_typed_and_english_queries_are_not_translated(service):
    typed = service.search("haut débit rural", lang="fr", verbatim=True)
    assert typed["understood"] is None and typed["searched"] == "haut débit rural"
    assert service.search("rural broadband", lang="fr")["understood"] is None


def test_numbers_in_a_translated_query_stay_whole(service):
    answer = service.search("G Suppl. 50", lang="fr")  # no French article "l", no "Suppl" word
    assert numbers(answer)[0] == "G.Suppl.50" and answer["understood"] is None
    mixed = service.search("apprentissage automatique Y.3172", lang="fr")
    assert numbers(mixed)[0] == "Y.3172"
    assert mixed["understood"]["searched"] == "machine learning Y.3172"


# -- identifiers ------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "number"), [
    ("T-REC-Y.3172", "Y.3172"), ("T-REC-Y.3172-201906-I", "Y.3172"),
    ("T-REC-G.Sup50-201109-I", "G.Suppl.50"), ("Rec. ITU-T E.164 (11/2010)", "E.164"),
])
def test_itu_edition_identifiers_find_their_document(service, typed, number):
    assert numbers(service.search(typed))[0] == number


def test_a_whole_series_lists_it_in_number_order(service):
    block = service.search("ITU-T Y.3000-series")
    assert numbers(block)[:4] == ["Y.3100", "Y.3172", "Y.3173", "Y.3174"]
    assert block["sort"] == "number" and "Y.4218" not in numbers(block)
    assert numbers(service.search("G.984 series")) == ["G.984.1"]


def test_a_bare_number_gives_the_text_in_force_first(service):
    answer = service.search("G.100", {"status": "all"})
    assert numbers(answer)[:2] == ["P.10/G.100", "G.100"]  # in force, then superseded


# -- the data files, checked strictly ---------------------------------------------------


@pytest.mark.parametrize(("text", "message"), [
    ('[[intent]]\nwords = ["handbook"]\nfacet = "colour"\nvalue = "x"\nsource = "readers"\n',
     "facet must be"),
    ('[[intent]]\nwords = ["Handbook"]\nfacet = "type"\nvalue = "Handbook"\n'
     'source = "readers"\n', "lower-case"),
    ('[[intent]]\nwords = ["handbook"]\nfacet = "type"\nvalue = "Handbook"\nsource = "me"\n',
     "source"),
    ('[[intent]]\nwords = ["x"]\nfacet = "type"\nvalue = "A"\nsource = "readers"\n'
     '[[intent]]\nwords = ["x"]\nfacet = "kind"\nvalue = "B"\nsource = "readers"\n',
     "already an intent"),
    ('[[intnet]]\n', "unknown section"),
])
def test_a_bad_intents_file_is_refused_naming_the_entry(text, message):
    from index.search.intents import IntentsError, parse_intents

    with pytest.raises(IntentsError, match=message):
        parse_intents(text)


def test_the_shipped_intents_and_a_readers_synonym_group():
    from index.search.intents import load_intents
    from index.search.synonyms import SynonymError, load_synonyms, parse_synonyms

    phrases = load_intents().phrases
    assert phrases[("best", "practices")][:2] == ("kind", "best-practice")
    assert phrases[("in", "arabic")][:2] == ("language", "Arabic")
    with pytest.raises(SynonymError, match="`for`"):
        parse_synonyms('[[group]]\nterms = ["a b", "c"]\nsource = "readers"\n')
    with pytest.raises(SynonymError, match="may have"):
        parse_synonyms('[[group]]\nterms = ["a b", "c"]\nfour = ["X.1"]\n')
    synonyms = load_synonyms()
    readers = [d for s, d in zip(synonyms.sources, synonyms.documents, strict=True)
               if s == "readers"]
    assert readers and all(readers)


def test_stop_words_are_never_corrected_and_inflections_stay(service):
    for query in ("guidelines for rural broadband", "roaming and quantum with Asia",
                  "guideline", "IMS roaming", "VoLTE roaming"):
        answer = service.search(query)
        assert answer["suggestion"] is None and answer["corrected"] is None, query
