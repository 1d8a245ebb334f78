"""The multilingual glossary: the shipped file, its validation, lookup and labels."""

from __future__ import annotations

import csv
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from index.search.stemmers import LANGUAGES, analyse
from index.vocabulary.glossary import (
    GLOSSARY_FILE,
    GlossaryError,
    glossary_file_digest,
    load_glossary,
    parse_glossary,
)

TAXONOMY_FILE = Path(__file__).resolve().parents[2] / "index" / "tags" / "taxonomy.toml"


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


def entry(cid: str = "x", **extra: object) -> str:
    """One concept as TOML, six languages filled in unless overridden."""
    fields: dict[str, object] = {
        "id": cid, "source": "readers", "via": "project", "en": [f"{cid} term"],
        "fr": [f"terme {cid}"], "es": [f"término {cid}"], "ar": [f"مصطلح {cid}"],
        "ru": [f"термин {cid}"], "zh": [f"术语{cid}"],
    }
    fields.update(extra)
    lines = ["[[concept]]"]
    for key, value in fields.items():
        if value is None:
            continue
        if isinstance(value, list):
            lines.append(f"{key} = [" + ", ".join(f'"{v}"' for v in value) + "]")
        else:
            lines.append(f'{key} = "{value}"' if isinstance(value, str) else f"{key} = {value}")
    return "\n".join(lines) + "\n"


# -- the shipped file -------------------------------------------------------------------


def test_the_shipped_glossary_is_valid_and_large(glossary):
    assert len(glossary.concepts) >= 600
    for concept in glossary.concepts.values():
        assert set(concept.forms) == set(LANGUAGES)
        assert all(concept.forms[lang] for lang in LANGUAGES)
        assert concept.sources and concept.via in {"itu", "unterm", "project"}
    assert glossary.digest == load_glossary(GLOSSARY_FILE).digest


def test_every_taxonomy_entry_has_a_concept_and_a_label_in_six_languages(glossary):
    taxonomy = tomllib.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    expected = (
        [f"taxonomy:series:{s['code']}" for s in taxonomy["series"]]
        + [f"taxonomy:topic:{s['range']}" for s in taxonomy["subseries"]]
        + [f"taxonomy:topic:{t['id']}" for t in taxonomy["theme"]]
        + [f"taxonomy:region:{r['id']}" for r in taxonomy["region"]]
        + [f"taxonomy:kind:{k['id']}" for k in taxonomy["kind"]]
    )
    missing = [source for source in expected if source not in glossary.by_source]
    assert missing == []
    for source in expected:
        facet, ident = source.split(":")[1:]
        for lang in LANGUAGES:
            label = glossary.label(f"{facet}:{ident}", lang)
            assert label and label.strip(), (source, lang)


def test_labels(glossary):
    assert glossary.label("ai-ml", "fr") == "Intelligence artificielle et apprentissage automatique"
    assert glossary.label("Y.3000-Y.3499", "fr") == "Y.3000-Y.3499 Réseaux futurs"
    assert glossary.label("topic:Y.3000-Y.3499", "zh") == "Y.3000-Y.3499 未来网络"
    assert glossary.label("region:arab-states", "ar") == "الدول العربية"
    assert glossary.label("kind:overview", "en") == "Overview / vocabulary"
    assert glossary.label("broadband-access", "es") == "Acceso de banda ancha"
    assert glossary.label("series:L", "ru").startswith("Окружающая среда и ИКТ")
    assert glossary.label("broadband", "fr") == "Accès haut débit"  # its label
    assert glossary.label("spectrum", "fr") == "Spectre"  # no label: first term, capitalised
    assert glossary.label("spectrum", "xx") == "Spectrum"  # unknown language: English
    assert glossary.label("no-such-thing", "fr") is None
    assert glossary.label("region:mars", "fr") is None


def test_the_most_frequent_title_words_are_in_the_glossary(glossary, reference):
    """The 150 commonest words of the main series' titles are all glossary vocabulary."""
    path = reference / "metadata" / "relaton-data-itu" / "itu-t-records.csv"
    titles: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if re.match(r"ITU-T [GYXHQLEDFKPTJM][.\s]", row["docid"]):
                titles.setdefault(row["docid"].split(" (")[0], row["title"])
    counts: Counter[str] = Counter()
    for title in titles.values():
        counts.update({u.keys[0] for u in analyse(title, "en")
                       if not u.stop and u.kind == "word"})
    # Title words that are not vocabulary: grammar, parts of numbers, ITU's own name.
    not_vocabulary = {"itu", "t", "b", "s", "no", "to", "part", "use", "used", "using",
                      "based", "support", "supporting", "general", "generic", "basic",
                      "description", "stage", "structure", "beyond", "multi", "kbit",
                      "element", "enhanced", "purposes", "related", "provided", "type",
                      "new"}
    top = [w for w, _ in counts.most_common(180) if w not in not_vocabulary][:150]
    vocabulary = {key for concept in glossary.concepts.values()
                  for form in concept.forms["en"] for unit in analyse(form, "en")
                  for key in unit.keys}
    assert [w for w in top if not set(analyse(w, "en")[0].keys) & vocabulary] == []


# -- validation -------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "message"), [
    (entry(colour="x"), r"concept\[0\] \(x\): unknown key\(s\) \['colour'\]"),
    (entry(zh=None), r"concept\[0\] \(x\): missing language\(s\) \['zh'\]"),
    (entry(ru=[]), r"\(x\)\.ru: expected a non-empty list"),
    (entry() + entry(), r"concept\[1\]: duplicate id 'x' \(first at concept\[0\]\)"),
    (entry(id="Bad Id"), r"concept\[0\]: needs an id"),
    (entry(source="somewhere"), r"\(x\)\.source: unknown source\(s\) \['somewhere'\]"),
    (entry(via="memory"), r"\(x\)\.via: expected one of"),
    (entry(zh=["broadband"]), r"\(x\)\.zh: no term is written in han script"),
    (entry(ar=["broadband"]), r"\(x\)\.ar: no term is written in arabic script"),
    (entry(fr=["le", "terme x"]), r"concept x\.fr: 'le' has only stop words"),
    (entry(ambiguous=["nothing"]), r"\(x\)\.ambiguous: not a term of this concept"),
    (entry("a", fr=["réseau"]) + entry("b", fr=["Reseau"]),
     r"the fr term 'reseau' belongs to several concepts: a \('réseau'\), b \('Reseau'\)"),
    (entry("a", en=["rural", "one"]) + entry("b", en=["Rural"]),
     r"the en term 'rural' belongs to several concepts: a \('rural'\), b \('Rural'\)"),
    (entry(source="taxonomy:topic:iot") + entry("y", source="taxonomy:topic:iot"),
     r"taxonomy:topic:iot is already the source of x"),
    ("[[concpt]]\nid = 'x'\n", r"unknown section\(s\) \['concpt'\]"),
    ("[[concept]\n", r"glossary.toml: "),
    (entry() + 'label = { en = "X" }\n', r"\(x\)\.label: expected a label in each of"),
])
def test_bad_glossaries_are_rejected_with_the_entry_named(text, message):
    with pytest.raises(GlossaryError, match=message):
        parse_glossary(text)


def test_every_clash_is_reported_at_once():
    text = entry("a", fr=["réseau"], es=["red"]) + entry("b", fr=["Réseau"], es=["RED"])
    with pytest.raises(GlossaryError) as error:
        parse_glossary(text)
    assert "the fr term" in str(error.value) and "the es term" in str(error.value)


def test_ambiguous_terms_map_to_both_concepts():
    text = (entry("a", zh=["网络安全"], ambiguous=["网络安全"])
            + entry("b", zh=["网络安全", "信息安全"], ambiguous=["网络安全"]))
    small = parse_glossary(text)
    found = small.lookup(analyse("网络安全", "zh"), "zh")
    assert [m.concepts for m in found.matches] == [("a", "b")]


def test_the_digest_changes_with_the_file():
    one, two = parse_glossary(entry()), parse_glossary(entry() + "# a comment\n")
    assert one.digest != two.digest


# -- lookup -----------------------------------------------------------------------------


def lookup(glossary, text, lang):
    units = analyse(text, lang)
    found = glossary.lookup(units, lang)
    return [(text[units[m.start].start:units[m.end - 1].end], m.concepts, m.level)
            for m in found.matches], [units[i].text for i in found.unmapped]


def test_lookup_prefers_the_longest_term(glossary):
    assert lookup(glossary, "sécurité des réseaux", "fr")[0] == [
        ("sécurité des réseaux", ("information-network-security",), "surface")]
    assert lookup(glossary, "qualité de service et qualité d'expérience", "fr")[0] == [
        ("qualité de service et qualité d'expérience", ("qos-qoe",), "surface")]
    assert lookup(glossary, "réseaux d'accès optique", "fr")[0] == [
        ("réseaux d'accès optique", ("optical-access",), "stem")]
    assert lookup(glossary, "物联网安全", "zh")[0] == [("物联网安全", ("iot-security",), "surface")]


def test_english_terms_of_a_lookup(glossary):
    units = analyse("haut débit, haut débit rural", "fr")
    assert glossary.english_terms(glossary.lookup(units, "fr")) == ("broadband", "rural")


def test_lookup_levels_and_what_stays_unmapped(glossary):
    matches, unmapped = lookup(glossary, "redes móviles xyz", "es")
    assert matches == [("redes móviles", ("mobile",), "surface")] and unmapped == ["xyz"]
    matches, _ = lookup(glossary, "والاتصالات", "ar")
    assert matches == [("والاتصالات", ("telecommunications",), "light")]
    matches, _ = lookup(glossary, "сетями", "ru")
    assert matches == [("сетями", ("network",), "stem")]


def test_shared_stems_go_to_the_base_word_except_in_arabic(glossary):
    # "mobile" and "mobility" share the Snowball stem "mobil": the base word keeps it.
    assert glossary.indexes["en"][2][("mobil",)] == ("mobile",)
    # ISRI gives "digital" and "numbering" the root رقم: nobody keeps it.
    assert ("رقم",) not in glossary.indexes["ar"][2]


def test_the_file_digest_is_the_compiled_glossarys_without_compiling(glossary, tmp_path):
    """`index update` decides from this digest whether the index is stale: it must be the
    one a build records (Glossary.digest), and move with the file's text."""
    assert glossary_file_digest() == glossary.digest
    changed = tmp_path / "glossary.toml"
    changed.write_text(GLOSSARY_FILE.read_text(encoding="utf-8") + "\n# a comment\n",
                       encoding="utf-8")
    assert glossary_file_digest(changed) != glossary.digest
    with pytest.raises(GlossaryError, match="cannot read"):
        glossary_file_digest(tmp_path / "missing.toml")
