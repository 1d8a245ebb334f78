"""US/UK spelling variants, and the stop-words file's own checks."""

from __future__ import annotations

import csv
import re
from collections import defaultdict

import pytest

from index.search.stemmers import StopWordsError, load_stop_words, parse_stop_words
from index.vocabulary.variants import VariantsError, load_variants, parse_variants, spelling_key


@pytest.mark.parametrize(("us", "uk"), [
    ("fiber", "fibre"), ("fibers", "fibres"), ("center", "centre"), ("centers", "centres"),
    ("centered", "centred"), ("organization", "organisation"),
    ("organizations", "organisations"), ("organizational", "organisational"),
    ("standardization", "standardisation"), ("optimize", "optimise"),
    ("optimized", "optimised"), ("optimizing", "optimising"), ("synchronized", "synchronised"),
    ("program", "programme"), ("programs", "programmes"), ("analog", "analogue"),
    ("catalog", "catalogue"), ("cataloged", "catalogued"), ("behavior", "behaviour"),
    ("behavioral", "behavioural"), ("license", "licence"), ("defense", "defence"),
    ("signaling", "signalling"), ("signaled", "signalled"), ("modeling", "modelling"),
    ("labeling", "labelling"), ("dialing", "dialling"), ("tunneling", "tunnelling"),
    ("canceled", "cancelled"), ("analyze", "analyse"), ("analyzer", "analyser"),
    ("kilometer", "kilometre"), ("color", "colour"), ("favorable", "favourable"),
    ("neighborhood", "neighbourhood"), ("aging", "ageing"), ("judgment", "judgement"),
    ("gray", "grey"), ("Fiber", "FIBRE"),
])
def test_both_spellings_have_one_key(us, uk):
    assert spelling_key(us) == spelling_key(uk)
    assert spelling_key(uk) == spelling_key(spelling_key(uk))  # a key is its own key


@pytest.mark.parametrize("word", [
    "noise", "advise", "advised", "advisers", "otherwise", "likewise", "enterprise",
    "enterprises", "exercise", "raise", "promise", "premises", "precise", "expertise",
    "advertising", "compromised", "surprise", "franchise", "televised", "cruise", "rise",
    "supervisor", "revision", "size", "analysis", "signal", "signals", "model", "level",
    "meter", "meters", "metre", "disk", "disc", "tire", "programming", "programmed",
])
def test_words_without_a_variant_keep_their_spelling(word):
    assert spelling_key(word) == word


def test_meter_the_device_and_metre_the_length_stay_apart():
    assert spelling_key("meter") != spelling_key("metre")
    assert spelling_key("kilometer") == spelling_key("kilometre") == "kilometre"


def test_every_title_word_the_rules_change_is_a_real_variant(reference):
    """On the real titles, the rules only ever join a US and a UK spelling of one word."""
    path = reference / "metadata" / "relaton-data-itu" / "itu-t-records.csv"
    words: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            words.update(re.findall(r"[a-z]+", row["title"].lower()))
    joined: dict[str, set[str]] = defaultdict(set)
    for word in words:
        joined[spelling_key(word)].add(word)
    pairs = {frozenset(v) for v in joined.values() if len(v) > 1}
    expected = {frozenset(p) for p in [
        {"program", "programme"}, {"programs", "programmes"}, {"signaling", "signalling"},
        {"analog", "analogue"}, {"center", "centre"}, {"centers", "centres"},
        {"modeling", "modelling"}, {"fiber", "fibre"}, {"synchronized", "synchronised"},
        {"tunneling", "tunnelling"}]}
    assert pairs == expected  # a new pair here: check it is a real variant, then add it


@pytest.mark.parametrize(("text", "message"), [
    ("[wordz]\n", r"unknown section\(s\) \['wordz'\]"),
    ("[words]\nfiber = 'Fibre'\n", r"\[words\]: expected a table of distinct lower-case"),
    ("[words]\nfiber = 'fiber'\n", r"\[words\]: expected a table of distinct lower-case"),
    ("[words]\nfiber = 'fibre'\nfibre = 'fybre'\n", r"fiber -> fibre, but fibre -> fybre"),
    ("[[stems]]\nname = 'x'\nendings = ['']\n", r"stems\[0\]: needs exactly the keys"),
    ("[[suffix]]\nname='x'\nbase='ise'\nmin_stem=0\nexcept=[]\nexcept_endings=[]\n"
     "[suffix.rules]\nise='ize'\n", r"suffix\[0\]\.min_stem: expected a positive integer"),
    ("[words\n", r"variants.toml: "),
])
def test_bad_variants_are_rejected_with_the_entry_named(text, message):
    with pytest.raises(VariantsError, match=message):
        parse_variants(text)


def test_the_shipped_variants_and_their_digest():
    variants = load_variants()
    assert len(variants.words) >= 60 and variants.stems and variants.suffixes
    assert parse_variants("[words]\nfiber = 'fibre'\n").digest != variants.digest


def test_the_shipped_stop_words_and_their_checks():
    stops = load_stop_words().words
    assert {"le", "les", "pour", "des", "a"} <= stops["fr"]  # "à" folded to "a"
    assert "estados" not in stops["es"] and "para" in stops["es"]
    assert {"في", "من", "كيفيه"} <= stops["ar"]  # كيفية folded
    assert "三" not in stops["zh"] and "的" in stops["zh"]
    assert "два" not in stops["ru"] and "для" in stops["ru"]
    with pytest.raises(StopWordsError, match=r"needs exactly the sections"):
        parse_stop_words("[fr]\nbase='none'\nsource='x'\nadd=[]\nkeep=[]\n")
    good = "".join(f"[{lang}]\nbase='none'\nsource='x'\nadd=[]\nkeep=[]\n"
                   for lang in ("en", "fr", "es", "ar", "ru", "zh"))
    assert parse_stop_words(good).words["fr"] == frozenset()
    with pytest.raises(StopWordsError, match=r"\[fr\] unknown base 'snowball:fr'"):
        parse_stop_words(good.replace("[fr]\nbase='none'", "[fr]\nbase='snowball:fr'"))
    with pytest.raises(StopWordsError, match=r"\[en\] needs exactly base, source, add and keep"):
        parse_stop_words(good.replace("keep=[]", "", 1))
