"""Rules are tried only where their anchors occur: the same matches as scanning the text."""

from __future__ import annotations

import re

import pytest

from index.tags.anchors import anchors
from index.tags.rules import anchored_matches
from index.tags.taxonomy import load_taxonomy
from tests.shared_paths import reference_dir


def _patterns() -> list[tuple[re.Pattern[str], tuple[str, ...] | None]]:
    taxonomy = load_taxonomy()
    found = []
    for rule in (*taxonomy.themes, *taxonomy.kinds, *taxonomy.regions, *taxonomy.developing):
        for pattern, its_anchors in ((rule.title_any, rule.title_anchors),
                                     (rule.summary_any, rule.summary_anchors)):
            if pattern is not None:
                found.append((pattern, its_anchors))
    return found


def _disagreements(texts: list[str]) -> list[tuple[str, str]]:
    wrong = []
    for pattern, its_anchors in _patterns():
        for text in texts:
            scanned = [m.span() for m in pattern.finditer(text)]
            anchored = [m.span() for m in anchored_matches(pattern, text, its_anchors,
                                                           text.lower())]
            if anchored != scanned:
                wrong.append((pattern.pattern[:60], text[:60]))
    return wrong


TRICKY = [
    "",
    "Broadband access networks for rural connectivity: FTTH, ADSL2 and xDSL",
    "Netting the net-zero goal: life cycle assessment and the end-of-life ICT treatment",
    "a GHG and ghg, CO2 in co2e; e-waste/ewaste recycling recycled; WEEE WEE",
    "subnetwork internet artificial intelligence (AI) and AIs; maintain said",
    "developing countries developing countrieS; Developing Economies",
    "İstanbul: broadband for the Arab region",  # lower() lengthens İ: scanned as before
    "digital financial services for unbanked people in Africa and the Caribbean",
]


def test_the_anchored_matches_are_the_scanned_matches_on_tricky_texts():
    assert _patterns(), "the shipped taxonomy has rules"
    assert _disagreements(TRICKY) == []


def test_a_pattern_without_anchors_is_scanned():
    pattern = re.compile(r"\w+band", re.IGNORECASE)
    assert anchors((pattern,)) is None
    text = "broadband and narrowband"
    assert [m.group(0) for m in anchored_matches(pattern, text, None, text.lower())] == [
        "broadband", "narrowband"]


def test_a_pattern_of_alternatives_is_anchored_on_each():
    pattern = re.compile(r"fibre to the home|\bFTTH\b", re.IGNORECASE)
    found = anchors((pattern,))
    assert found == ("fibre to the home", "ftth")
    text = "Deploying FTTH"
    assert [m.group(0) for m in anchored_matches(pattern, text, found, text.lower())] == [
        "FTTH"]


def test_a_match_is_tried_where_its_anchor_starts_and_sees_the_text_before_it():
    pattern = re.compile(r"\bnet[- ]zero|network", re.IGNORECASE)
    found = anchors((pattern,))
    assert found == ("net", "network")
    text = "Subnet zero; NET-ZERO networks, net zero"
    assert ([m.group(0) for m in anchored_matches(pattern, text, found, text.lower())]
            == [m.group(0) for m in pattern.finditer(text)] == ["NET-ZERO", "network",
                                                               "net zero"])


def test_the_anchored_matches_are_the_scanned_matches_on_the_metadata_set():
    reference = reference_dir()
    if reference is None:
        pytest.skip("../shared/itu-reference is absent: no metadata set to read texts from")
    from benchmarks.catalogue_from_metadata import read_records

    texts = sorted({str(r.get(k) or "") for r in read_records(reference)
                    for k in ("title", "abstract")})
    assert len(texts) > 5000
    texts = texts[::15]  # every rule against ~1,000 real texts: a few seconds
    assert _disagreements(texts) == []
