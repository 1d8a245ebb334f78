"""The judged sets and the country table are well formed and name real documents.

Fast: the catalogue's family keys are read from the metadata set with the benchmark's own
grouping (benchmarks/catalogue_from_metadata.py), without building a store or an index.
"""

from __future__ import annotations

import csv
import tomllib
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.catalogue_from_metadata import families, read_records
from benchmarks.judged import (
    KINDS,
    LANGS,
    MIN_PER_KIND,
    MIN_PER_LANG,
    MIN_TOTAL,
    JudgedQuery,
    load_queries,
)
from benchmarks.tagging import REGIONS, SAMPLES, load_truth
from tests.mirror.guides import REAL_GUIDE

ROOT = Path(__file__).resolve().parent.parent
COUNTRIES = ROOT / "index" / "tags" / "countries.toml"
PUBLICATIONS = Path("metadata/from-rec-pages/related-technical-papers-and-reports.csv")
FLAGS = {"ldc", "lldc", "sids", "developing"}


@pytest.fixture(scope="module")
def queries() -> list[JudgedQuery]:
    return load_queries()


@pytest.fixture(scope="module")
def catalogue_keys(reference: Path) -> dict[str, str | None]:
    """Family number -> status of the catalogue built from the metadata set, plus the real
    ITU-T publications linked from recorded rec.aspx pages (status None)."""
    keys: dict[str, str | None] = {d.id: d.status for d in families(read_records(reference))}
    with (reference / PUBLICATIONS).open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            if "/pub/" in row["url"]:
                keys.setdefault(row["url"].rstrip("/").rsplit("/pub/", 1)[1], None)
    # The recorded implementers' guide (G.712's), a document of its own since issue 9; the
    # metadata set lists no guides.
    keys.setdefault(REAL_GUIDE["family"], "In force")
    return keys


def test_relevance_set_has_the_counts_issue_8_asks_for(queries):
    kinds = Counter(q.kind for q in queries)
    langs = Counter(q.lang for q in queries if q.kind == "multilingual")
    assert len(queries) >= MIN_TOTAL
    assert set(kinds) <= set(KINDS)
    assert all(kinds[k] >= n for k, n in MIN_PER_KIND.items()), kinds
    assert all(langs[lang] >= MIN_PER_LANG for lang in LANGS), langs


def test_relevance_set_entries_are_distinct_and_explained(queries):
    texts = Counter((q.text, tuple(sorted(q.filters.items()))) for q in queries)
    assert [t for t, n in texts.items() if n > 1] == []
    assert all(len(q.why) >= 10 for q in queries)
    assert all(len(set(q.accept)) == len(q.accept) for q in queries)


def test_multilingual_queries_are_written_in_their_language(queries):
    """Each language's queries use its own script (Latin with accents for fr/es)."""
    scripts = {"ar": ("\u0600", "\u06ff"), "ru": ("\u0400", "\u04ff"), "zh": ("\u4e00", "\u9fff")}
    for q in queries:
        if q.lang in scripts:
            lo, hi = scripts[q.lang]
            assert any(lo <= ch <= hi for ch in q.text), q.text
        if q.lang == "zh":
            assert " " not in q.text, "simplified Chinese is typed without spaces"
    for lang in ("fr", "es"):
        texts = [q.text for q in queries if q.lang == lang]
        assert any(any(ch in "éèêàçñóáíú" for ch in t) for t in texts)
        assert any(t.isascii() for t in texts), f"{lang}: some queries typed without accents"
    arabic = [q.text for q in queries if q.lang == "ar"]
    assert any(t.startswith("ال") for t in arabic) and any(not t.startswith("ال") for t in arabic)


def test_issue_8_examples_are_in_the_set(queries):
    texts = {q.text for q in queries}
    for example in ("haut débit rural", "banda ancha rural", "النطاق العريض الريفي",
                    "сельский широкополосный доступ", "农村宽带",
                    "how to build low cost broadband in rural areas"):
        assert example in texts


def test_every_accepted_number_is_a_catalogue_document(queries, catalogue_keys):
    missing = sorted({(q.text, a) for q in queries for a in q.accept
                      if a not in catalogue_keys})
    assert missing == []


def test_first_rank_checks_name_a_current_document(queries, catalogue_keys):
    """A bare number must bring up the edition in force (G.709 -> G.709/Y.1331)."""
    firsts = [q.accept[0] for q in queries if q.top1]
    assert len(firsts) >= 20
    assert [n for n in firsts if catalogue_keys[n] != "In force"] == []


def test_tagging_truth_is_sampled_as_its_header_says(catalogue_keys):
    truth = load_truth()
    samples = Counter(t.sample for t in truth)
    assert len(truth) >= 150
    assert samples["rules"] >= 55 and samples["random"] >= 55 and samples["named"] >= 25
    assert set(samples) <= set(SAMPLES)
    assert len({t.number for t in truth}) == len(truth)
    assert [t.number for t in truth if t.number not in catalogue_keys] == []
    assert all(t.regions <= set(REGIONS) for t in truth)
    assert any(t.developing for t in truth) and any(not t.developing for t in truth)


def test_countries_table_has_every_itu_member_state_with_its_region():
    data = tomllib.loads(COUNTRIES.read_text(encoding="utf-8"))
    regions = set(data["regions"])
    states = data["state"]
    assert regions == set(REGIONS)
    assert len(states) == 193
    assert len({s["iso2"] for s in states}) == 193 and len({s["name"] for s in states}) == 193
    assert all(s["region"] in regions and set(s.get("also", [])) <= regions for s in states)
    assert all(set(s["flags"]) <= FLAGS and s["source"] and s["capitals"] for s in states)
    per_region = Counter(s["region"] for s in states)
    assert per_region == {"africa": 44, "americas": 35, "arab-states": 21, "asia-pacific": 38,
                          "cis": 12, "europe": 43}
    flags = Counter(f for s in states for f in s["flags"])
    assert flags["ldc"] == 44 and flags["lldc"] == 32 and flags["sids"] >= 37
    names = {s["name"] for s in states}
    assert {"Côte d'Ivoire", "Viet Nam", "Kenya", "Vatican"} <= names and "Palau" not in names


def test_countries_table_groups_and_words_map_to_known_regions():
    data = tomllib.loads(COUNTRIES.read_text(encoding="utf-8"))
    regions = set(data["regions"])
    groups = {g["id"]: g for g in data["group"]}
    for required in ("au", "atu", "apt", "citel", "cept", "rcc", "las", "asmg", "ecowas", "sadc",
                     "eac", "comesa", "asean", "saarc", "pita", "ctu", "caricom", "gcc", "eccas"):
        assert required in groups
    for entry in [*data["group"], *data["word"]]:
        assert set(entry["regions"]) <= regions and set(entry["flags"]) <= FLAGS
        assert entry["regions"] or entry["flags"], entry
        assert entry["source"]
    words = {w["phrase"]: w for w in data["word"]}
    assert words["sub-Saharan"]["regions"] == ["africa"]
    assert "sids" in words["small island developing states"]["flags"]
