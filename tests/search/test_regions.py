"""Regions and developing-country relevance from the places a text names (countries.toml),
and the rule that a number or a number range alone never makes a text relevant."""

from __future__ import annotations

import pytest

from index.tags.countries import CountriesError, load_countries, parse_countries
from index.tags.rules import DocText, derive_tags
from index.tags.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def tags(taxonomy, number, title, summary="", kind="Recommendation"):
    return derive_tags(taxonomy, DocText(number, kind, title, summary))


def regions(taxonomy, number, title, summary=""):
    return sorted(r.value for r in tags(taxonomy, number, title, summary).regions)


# -- the table ----------------------------------------------------------------------------


def test_the_shipped_table_loads_193_member_states():
    table = load_countries()
    states = [p for p in table.places if p.kind == "state"]
    assert len(states) == 193
    assert set(table.regions) == {"africa", "americas", "arab-states", "asia-pacific", "cis",
                                  "europe"}
    kenya = table.place_named("kenya")
    assert kenya is not None and kenya.regions == ("africa",)
    assert table.place_named("Nairobi") == kenya
    assert table.place_named("sub-saharan africa").regions == ("africa",)
    assert table.place_named("french") is None  # a language, not France


@pytest.mark.parametrize(("text", "found"), [
    ("Best practice - Case of Burkina Faso", ["Burkina Faso"]),
    ("field tests in Guinea-Bissau and Papua New Guinea", ["Guinea-Bissau", "Papua New Guinea"]),
    ("the role of a woman in Oman", ["Oman"]),  # never inside "woman"
    ("Nigeria and Niger", ["Nigeria", "Niger"]),
    ("chile peppers and turkey", []),  # one-word names are case-sensitive
    ("the ATU‑C and ATU-R ends of a line", []),  # modem ends, not the African union
    ("adopted by the ATU", ["ATU"]),
    ("RSA signatures, a UA and an AU-4", []),  # acronyms ITU texts use for other things
    ("agreed in Paris on 12 December 2015: the Paris Agreement", []),
    ("WTSA-12 (Dubai, 2012), Geneva", []),  # meeting places
    ("Least Developed Countries", ["Least Developed Countries"]),
])
def test_places_are_whole_names_longest_first(text, found):
    assert [h.match for h in load_countries().find(text)] == found


@pytest.mark.parametrize(("text", "message"), [
    ('[regions]\nafrica = "Africa"\n[[state]]\niso2 = "KE"\nname = "Kenya"\nregion = "mars"\n'
     'variants = []\nadjectives = []\ncapitals = []\nflags = []\nsource = "itu-d-regions"\n',
     "unknown region"),
    ('[regions]\nafrica = "Africa"\n[[state]]\niso2 = "KE"\nname = "Kenya"\nregion = "africa"\n'
     'variants = []\nadjectives = []\ncapitals = []\nflags = ["rich"]\nsource = "itu-d-regions"\n',
     "unknown flag"),
    ('[regions]\nafrica = "Africa"\n[[state]]\niso2 = "KE"\nname = "Kenya"\n', "missing key"),
    ('[regions]\nafrica = "Africa"\n[[word]]\nphrase = "Sahel"\nregions = ["africa"]\n'
     'flags = []\nsource = "rumour"\n', "source"),
    ('[regions]\nafrica = "Africa"\neurope = "Europe"\n[[word]]\nphrase = "Sahel"\n'
     'regions = ["africa"]\nflags = []\nsource = "geography"\n[[group]]\nid = "x"\n'
     'name = "X"\nacronyms = ["Sahel"]\nregions = ["europe"]\nflags = []\n'
     'source = "geography"\n', "of other regions"),
    ('[regoins]\n', "unknown section"),
])
def test_a_bad_table_is_refused_naming_the_entry(text, message):
    with pytest.raises(CountriesError, match=message):
        parse_countries(text)


# -- regions --------------------------------------------------------------------------


def test_a_place_in_the_title_makes_a_text_regional(taxonomy):
    assert regions(taxonomy, "X.Suppl.27", "Best practice for governance of information "
                   "security - Case of Burkina Faso") == ["africa"]
    # Europe and the Mediterranean Basin: both shores.
    assert regions(taxonomy, "D.300 R", "Accounting rate shares between countries in Europe "
                   "and the Mediterranean Basin") == ["arab-states", "europe"]
    ev = tags(taxonomy, "X.Suppl.27", "Case of Burkina Faso").regions[0].evidence[0]
    assert (ev.rule, ev.field, ev.match) == ("places", "title", "Burkina Faso")


def test_places_only_in_the_summary_count_when_they_agree_on_one_region(taxonomy):
    assert regions(taxonomy, "P.1502", "QoE testing of digital financial services",
                   "A field test was conducted in Ghana in 2018.") == ["africa"]
    # Examples from several regions: a worldwide text.
    assert regions(taxonomy, "X.Suppl.6", "Countering spam",
                   "It describes how the U.S. and Japan approached spam.") == ["global"]
    # Standards bodies cited as sources, acronyms, a venue, an agreement: no region.
    assert regions(taxonomy, "Z.164", "TTCN-3 semantics",
                   "Aligned with an ETSI standard of the European Telecommunications "
                   "Standards Institute, adopted by SADC.") == ["global"]
    assert regions(taxonomy, "L.1470", "GHG trajectories",
                   "Compatible with the Paris Agreement agreed in Paris on 12 December "
                   "2015.") == ["global"]


def test_a_number_range_alone_never_makes_a_text_relevant(taxonomy):
    for number, title in [("D.11", "Special tariff principles for packet-switched data"),
                          ("D.300 R", "Accounting rate shares between countries in Europe "
                                      "and the Mediterranean Basin"),
                          ("D.609R", "Guidelines for the size of licence fees")]:
        relevant = tags(taxonomy, number, title).developing
        assert not relevant.relevant, (number, relevant)
    # No words at all: whatever the number, not relevant.
    assert not tags(taxonomy, "D.604 R", "Transit").developing.relevant


def test_a_regional_recommendation_for_a_developing_region_is_relevant(taxonomy):
    t = tags(taxonomy, "D.604 R", "The last international transit centre pays the traffic",
             "When the Administrations of the countries in Africa negotiate transit...")
    assert t.developing.relevant and [r.value for r in t.regions] == ["africa"]
    assert {e.rule for e in t.developing.evidence} == {"developing-region"}
    ldc = tags(taxonomy, "X.Suppl.27", "Information security governance - Case of Burkina Faso")
    assert ldc.developing.relevant
    assert "names-developing-countries" in {e.rule for e in ldc.developing.evidence}


def test_developed_and_developing_countries_alike_is_not_a_reason(taxonomy):
    t = tags(taxonomy, "Y.Suppl.33", "Smart sustainable cities - Master plan",
             "A master plan for cities in both developed and developing countries.")
    assert not t.developing.relevant
