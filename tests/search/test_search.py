"""Searching the test catalogue: numbers, stemming, synonyms, did-you-mean, facets, filters."""

from __future__ import annotations

from collections import Counter

import pytest

from index.search.documents import languages, publication_as_document
from index.search.replacements import CURRENT
from index.search.snippets import highlight
from index.store import Store
from index.tags.rules import DocText, derive_tags
from index.tags.taxonomy import load_taxonomy
from tests.search.conftest import numbers


@pytest.mark.parametrize("typed", ["Y.3172", "y3172", "Y 3172", "y 3172", "ITU-T Y.3172",
                                   "Rec. ITU-T Y.3172", "  y.3172  "])
def test_number_lookup_in_every_spelling(service, typed):
    assert numbers(service.search(typed))[0] == "Y.3172"


def test_number_prefix_lists_the_range_in_number_order(service):
    answer = service.search("Y.31*")
    assert numbers(answer) == ["Y.3100", "Y.3172", "Y.3173", "Y.3174"]
    assert answer["sort"] == "number"


@pytest.mark.parametrize(("typed", "number"), [
    ("Y.2060", "Y.4000/Y.2060"), ("L.1600", "Y.4900/L.1600"), ("D.502 R", "D.502R"),
    ("D.607R", "D.607 R"), ("ITU-T L.1000", "L.1000"), ("G Suppl. 50", "G.Suppl.50"),
    ("T-TUT-QOS-2023-2", "T-TUT-QOS-2023-2"), ("Y.IMT2020-ML-Arch", "Y.3172"),
    ("ISO/IEC 9594-8", "X.509"), ("iso/iec 9594-8 certificates", "X.509"),
])
def test_joint_numbers_suffixes_and_supplements(service, typed, number):
    assert numbers(service.search(typed))[0] == number


def test_lists_of_numbers_and_whole_series(service):
    assert set(numbers(service.search("Y.3172 Y.3800"))) == {"Y.3172", "Y.3800"}
    series = service.search("Y.*")
    assert series["sort"] == "number" and "Y.3172" in numbers(series)
    assert all("Y." in n for n in numbers(service.search("Y*", per_page=100)))
    wildcard = service.search("quant*")
    assert wildcard["sort"] == "relevance" and numbers(wildcard) == ["Y.3800"]


def test_an_exact_number_shows_a_withdrawn_document_with_its_status(service):
    answer = service.search("F.62")
    assert numbers(answer) == ["F.62"] and answer["results"][0]["status"] == "Withdrawn"


def test_stemming_finds_other_forms_of_a_word(service):
    assert "L.1021" in numbers(service.search("guideline"))  # title says "Guidelines"
    assert set(numbers(service.search("roam"))) == {"D.502R", "D.607 R"}
    assert "L.1700" in numbers(service.search("communication infrastructures"))


@pytest.mark.parametrize(("one", "other"), [
    ("IoT", "internet of things"), ("ML", "machine learning"), ("5G", "IMT-2020"),
    ("DFS", "digital financial services"), ("e-waste", "electronic waste"),
    ("qos", "quality of service"), ("SSC", "smart sustainable cities"),
])
def test_synonyms_and_acronyms_find_the_same_documents(service, one, other):
    a, b = service.search(one), service.search(other)
    assert a["total"] == b["total"] > 0 and set(numbers(a)) == set(numbers(b))


def test_quoted_phrases_are_exact(service):
    assert numbers(service.search('"low-cost sustainable"')) == ["L.1700"]
    assert service.search('"sustainable low-cost"')["total"] == 0


def test_and_by_default_or_and_not_on_request(service):
    both = set(numbers(service.search("roaming Asia")))
    assert both == {"D.502R"}
    either = set(numbers(service.search("roaming OR quantum")))
    assert {"D.502R", "D.607 R", "Y.3800"} <= either
    assert set(numbers(service.search("roaming -Asia"))) == {"D.607 R"}
    assert set(numbers(service.search("roaming NOT africa NOT asia"))) == set()


@pytest.mark.parametrize(("typed", "suggestion"), [
    ("machin lerning", "machine learning"), ("cybersecurty", "cybersecurity"),
    ("acessibility", "accessibility"), ("quantun", "quantum"),
])
def test_did_you_mean_from_the_index_vocabulary(service, typed, suggestion):
    assert service.search(typed)["suggestion"] == suggestion


def test_no_suggestion_for_words_the_catalogue_knows(service):
    for typed in ("machine learning", "guideline", "IoT", "Y.3172"):
        assert service.search(typed)["suggestion"] is None


def test_no_document_with_all_words_falls_back_to_any_with_a_notice(service):
    answer = service.search("quantum roaming")
    assert {"Y.3800", "D.502R"} <= set(numbers(answer))
    assert any("any of them" in n.text for n in answer["notices"])


def test_a_region_word_is_a_filter_that_ranks_its_texts_first(service):
    answer = service.search("IoT Africa")
    # No IoT text is for Africa: worldwide ones stay, developing-country ones first.
    assert numbers(answer)[0] == "Y.4218"
    assert [(i["facet"], i["values"], i["words"]) for i in answer["intents"]] == [
        ("region", ["africa"], ["Africa"])]
    assert answer["searched"] == "IoT Africa" and answer["filters"] == {}
    roaming = service.search("roaming in Asia")
    assert numbers(roaming) == ["D.502R"]  # D.607 R is for Africa: left out
    assert roaming["intents"][0]["words"] == ["in Asia"]
    # The reader removes the chip: the words are searched as words again.
    plain = service.search("roaming in Asia", ignore=["region"])
    assert plain["intents"] == [] and numbers(plain) == ["D.502R"]


def test_superseded_and_withdrawn_are_one_filter_away_with_their_replacement(service):
    default = service.search("DSL")
    assert numbers(default) == ["G.Suppl.50"]
    status = {v["value"]: v["count"] for v in default["facets"]["status"]}
    assert status == {"In force": 1, "Withdrawn": 1}
    everything = service.search("DSL", {"status": "all"})
    old = next(h for h in everything["results"] if h["number"] == "G.995.1")
    assert old["status"] == "Withdrawn"
    assert [r["number"] for r in old["replaced_by"]] == ["G.Suppl.50"]
    assert "replaces" in old["replaced_by"][0]["evidence"]
    renumbered = service.search("G.100", {"status": "Superseded"})["results"][0]
    assert [r["number"] for r in renumbered["replaced_by"]] == ["P.10/G.100"]


def test_filters_combine_across_facets_and_keep_their_own_counts(service):
    answer = service.search("", {"type": "supplement", "topic": "e-waste"})
    assert numbers(answer) == ["L.Suppl.27"]
    types = {v["value"]: (v["count"], v["selected"]) for v in answer["facets"]["type"]}
    assert types["Supplement"] == (1, True) and types["Recommendation"][0] == 2
    many = service.search("", {"sg": ["5", "3"], "dc": "yes"})  # OR within, AND across
    # D.1 (tariff principles of leased circuits) is not: a D number alone is no reason.
    assert set(numbers(many)) == {"L.1021", "D.502R", "D.607 R", "D.700 R"}
    assert service.search("", {"sg": "5", "region": "asia"})["total"] == 0


def test_field_syntax_reaches_public_fields_only(service):
    assert numbers(service.search("sg:17 type:supplement")) == ["X.Suppl.41"]
    assert numbers(service.search("title:quantum")) == ["Y.3800"]
    assert service.search("summary:quantum")["total"] == 1
    answer = service.search("payload:quantum")
    assert any("no field 'payload'" in n.text for n in answer["notices"])
    assert any("type: no value" in n.text for n in service.search("type:sonnet")["notices"])


def test_unknown_filter_keys_and_values_are_reported(service):
    answer = service.search("roaming", {"colour": "blue", "region": "atlantis"})
    assert answer["total"] == 0
    assert any("no filter 'colour'" in n.text for n in answer["notices"])
    assert any("region: no value" in n.text for n in answer["notices"])


def _store_counts(store: Store, statuses: set[str] | None) -> dict[str, Counter]:
    """Facet counts computed straight from the store (and the rules), not from the index."""
    taxonomy = load_taxonomy()
    counts: dict[str, Counter] = {name: Counter() for name in (
        "type", "status", "study_group", "year", "decade", "language", "series", "topic",
        "region", "kind", "developing_countries")}
    rows = list(store.documents.iter_all())
    known = {d.id for d in rows}
    # Publications the store does not yield as documents (family pages).
    rows += [publication_as_document(p) for p in store.publications.all().values()
             if p.id not in known]
    for doc in rows:
        status = doc.status or ("Published" if doc.is_publication else "Unknown")
        if statuses is not None and status not in statuses:
            continue
        counts["type"][doc.type] += 1
        counts["status"][status] += 1
        if doc.study_group:
            counts["study_group"][doc.study_group] += 1
        if doc.approval_date:
            year = doc.approval_date.year
            counts["year"][str(year)] += 1
            counts["decade"][f"{year // 10 * 10}s"] += 1
        for lang in languages(doc):
            counts["language"][lang] += 1
        if doc.series:
            counts["series"][doc.series] += 1
        tags = derive_tags(taxonomy, DocText(doc.id, doc.type, doc.title or "",
                                             doc.summary or ""))
        counts["topic"].update(t.value for t in tags.topics)
        counts["region"].update(t.value for t in tags.regions)
        counts["kind"].update(t.value for t in tags.kinds)
        counts["developing_countries"][tags.developing.signal or "no"] += 1
    return counts


@pytest.mark.parametrize("everything", [True, False])
def test_every_facet_count_equals_a_count_from_the_store(service, small_catalogue, everything):
    store = Store.open(small_catalogue)
    try:
        expected = _store_counts(store, None if everything else set(CURRENT))
    finally:
        store.close()
    answer = service.search("", {"status": "all"} if everything else None, facet_limit=None)
    for name, want in expected.items():
        got = {v["value"]: v["count"] for v in answer["facets"][name]}
        if name == "status" and not everything:
            continue  # the status facet ignores its own (default) filter, tested above
        assert got == dict(want), name
    assert answer["total"] == sum(expected["type"].values())


def test_sorting_and_pages(service):
    newest = service.search("", sort="newest", per_page=5)
    dates = [h["approval_date"] for h in newest["results"]]
    assert dates == sorted(dates, reverse=True) and newest["pages"] == 6
    by_number = service.search("", sort="number", per_page=100)
    from index.numbers import sort_key
    assert numbers(by_number) == sorted(numbers(by_number), key=sort_key)
    pages = [numbers(service.search("", sort="newest", page=p, per_page=7)) for p in (1, 2, 3)]
    flat = [n for page in pages for n in page]
    assert len(flat) == len(set(flat)) == 21
    assert service.search("", page=99)["results"] == []


def test_results_have_the_promised_shape_and_marked_snippets(service):
    answer = service.search("machine learning")
    assert {"total", "results", "facets", "suggestion"} <= set(answer)
    hit = answer["results"][0]
    assert {"number", "title", "type", "status", "approval_date", "topics", "regions",
            "developing_countries", "url"} <= set(hit)
    assert set(hit["developing_countries"]) >= {"relevant", "source", "evidence"}
    assert "<mark>machine</mark> <mark>learning</mark>" in hit["title_html"]
    assert "<mark>" in hit["snippet"]
    dc = service.search("L.1700")["results"][0]["developing_countries"]
    assert dc["relevant"] and dc["source"] == "rule" and dc["evidence"][0]["rule"]


def test_snippets_escape_html_and_pick_the_best_window():
    text = "<b>x</b> " + "filler " * 60 + "the quantum key part " + "tail " * 60
    out = highlight(text, {"quantum"}, set())
    assert "<mark>quantum</mark>" in out and "<b>" not in out and out.startswith("…")
    assert len(out.split()) < 50
