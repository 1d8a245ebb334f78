"""The taxonomy file and its rules: topics, regions, kinds, developing-country evidence."""

from __future__ import annotations

import pytest

from index.search.synonyms import SynonymError, load_synonyms, parse_synonyms
from index.tags.provenance import CuratorDecision, apply_decisions
from index.tags.rules import DocText, derive_tags
from index.tags.taxonomy import TaxonomyError, load_taxonomy, parse_taxonomy


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def tags(taxonomy, number, title, summary="", kind="Recommendation"):
    return derive_tags(taxonomy, DocText(number, kind, title, summary))


def test_the_shipped_files_load(taxonomy):
    assert {r.id for r in taxonomy.regions} == {
        "africa", "americas", "arab-states", "asia-pacific", "cis", "europe", "global"}
    themes = {r.id for r in taxonomy.themes}
    assert {"ai-ml", "iot", "5g-imt2020", "cybersecurity", "climate-environment", "e-waste",
            "energy-efficiency", "dfs", "accessibility", "qos-qoe", "emergency",
            "numbering-tariffs", "broadband-access", "e-health", "smart-cities",
            "quantum"} <= themes
    assert {r.id for r in taxonomy.kinds} == {
        "guideline", "best-practice", "use-case", "success-story", "tutorial", "overview"}
    assert taxonomy.labels["topic"]["Y.3000-Y.3499"] == "Y.3000-Y.3499 Future networks"
    assert load_synonyms().lookup(("iot",)) == ("IoT", "Internet of things")


@pytest.mark.parametrize("text", [
    'version = "1"\n[[theme]]\nid = "x"\nlabel = "X"\nmatch = ["(unclosed"]\n',
    'version = "1"\n[[theme]]\nid = "x"\nlabel = "X"\nmacth = ["typo"]\n',
    'version = "1"\n[[theme]]\nid = "x"\nlabel = "X"\nranges = ["Y.3499-Y.3000"]\n',
    'version = "1"\n[[thme]]\nid = "x"\n',
    'version = "1"\n[[theme]]\nid = "x"\nlabel = "X"\n[[theme]]\nid = "x"\nlabel = "Y"\n',
])
def test_a_bad_taxonomy_is_refused_with_a_reason(text):
    with pytest.raises(TaxonomyError):
        parse_taxonomy(text)


def test_a_bad_synonyms_file_is_refused():
    with pytest.raises(SynonymError):
        parse_synonyms('[[group]]\nterms = ["IoT"]\n')
    with pytest.raises(SynonymError):
        parse_synonyms('[[group]]\nterms = ["a b", "c"]\n[[group]]\nterms = ["A B", "d"]\n')


def test_sub_series_and_themes_from_number_and_words(taxonomy):
    t = tags(taxonomy, "Y.3172", "Architectural framework for machine learning in future "
             "networks including IMT-2020")
    topics = {x.value for x in t.topics}
    assert {"Y.3000-Y.3499", "ai-ml", "5g-imt2020"} <= topics
    ml = next(x for x in t.topics if x.value == "ai-ml")
    assert ml.source == "rule" and ml.evidence[0].field == "title"
    assert ml.evidence[0].match.lower() == "machine learning"


def test_regional_d_series_and_named_regions(taxonomy):
    t = tags(taxonomy, "D.502R", "International mobile roaming in Asia and Oceania")
    assert [r.value for r in t.regions] == ["asia-pacific"]
    rules = {e.rule for e in t.developing.evidence}
    assert {"developing-region", "economic-tariff"} <= rules and t.developing.relevant
    assert [r.value for r in tags(taxonomy, "Y.3172", "Machine learning").regions] == ["global"]
    arab = tags(taxonomy, "D.700 R", "Principles for dealing with OTTs",
                "This Recommendation gives guidance to Arab States on OTTs.")
    assert [r.value for r in arab.regions] == ["arab-states"]


def test_a_summary_naming_every_region_stays_global(taxonomy):
    t = tags(taxonomy, "J.900", "Stereoscopic television", "Deployed in Europe, Asia and "
             "North America.")
    assert [r.value for r in t.regions] == ["global"]


def test_developing_country_evidence_says_which_rule_which_words_where(taxonomy):
    t = tags(taxonomy, "L.1700", "Requirements and framework for low-cost sustainable "
             "telecommunications infrastructure for rural communications in developing "
             "countries")
    assert t.developing.relevant and t.developing.source == "rule"
    first = t.developing.evidence[0].to_json()
    assert first["rule"] == "names-developing-countries" and first["field"] == "title"
    assert first["match"].lower().startswith("developing countr") and "context" in first
    weak = tags(taxonomy, "G.9999", "A transceiver", "It may also serve rural areas.")
    assert not weak.developing.relevant and weak.developing.score == 0.5  # one weak hint
    none = tags(taxonomy, "H.264", "Advanced video coding for generic audiovisual services")
    assert not none.developing.relevant and none.developing.source is None


def test_knowledge_kinds(taxonomy):
    assert [k.value for k in tags(taxonomy, "X.Suppl.41", "e-KYC use cases in digital "
                                  "financial services", kind="Supplement").kinds] == ["use-case"]
    assert [k.value for k in tags(taxonomy, "L.Suppl.27", "Supplement on success stories on "
                                  "e-waste management").kinds] == ["success-story"]
    assert [k.value for k in tags(taxonomy, "L.1021", "Extended producer responsibility - "
                                  "Guidelines for sustainable e-waste management").kinds] == [
        "guideline"]
    assert [k.value for k in tags(taxonomy, "T-TUT-QOS-2023-2", "Roadmap for QoS",
                                  kind="Technical Report").kinds] == ["tutorial"]


def test_a_curator_decision_overrides_the_rules_and_keeps_their_evidence(taxonomy):
    t = tags(taxonomy, "H.264", "Advanced video coding for generic audiovisual services")
    decisions = [
        CuratorDecision("H.264", "developing_countries", "yes", "set", "amina", "2026-01-02",
                        "used for e-learning broadcasts"),
        CuratorDecision("H.264", "region", "africa", "add", "amina", "2026-01-02", "why"),
        CuratorDecision("H.264", "topic", "Y.3000-Y.3499", "add", "amina", "2026-01-01", None),
        CuratorDecision("H.264", "topic", "Y.3000-Y.3499", "remove", "li", "2026-01-03", "no"),
    ]
    out = apply_decisions(t, decisions, taxonomy.labels)
    assert out.developing.relevant and out.developing.source == "curator"
    assert out.developing.curator.who == "amina"
    assert [(r.value, r.source) for r in out.regions] == [("africa", "curator")]
    assert "Y.3000-Y.3499" not in {x.value for x in out.topics}  # the later decision wins
    relevant = tags(taxonomy, "L.1700", "Low-cost rural communications in developing countries")
    denied = apply_decisions(relevant, [CuratorDecision(
        "L.1700", "developing_countries", "no", "set", "li", "2026-02-01", "test")],
        taxonomy.labels)
    assert not denied.developing.relevant and denied.developing.evidence  # evidence kept
