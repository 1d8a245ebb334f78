"""The place-name patterns of countries.py, written as tries, match exactly what the flat
alternation of the same names (longest first) matches: on every name of the shipped table
in awkward surroundings, and on the titles and abstracts of a third of the real metadata
set (every third record: the flat patterns take 17 s over all of them)."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from index.tags.countries import _alternation, load_countries
from tests.shared_paths import SKIP_REASON, reference_dir

AROUND = [("", ""), ("in ", "."), ("the ", "s"), ("(", ")"), ("x", ""), ("", "-based"),
          ("", "n"), ("pre-", " and"), ("", " "), ("non", ""), ("", "'s")]


def _flat(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(set(names), key=lambda n: (-len(n), n)))


def _patterns(names: list[str], flags: int = 0) -> tuple[re.Pattern[str], re.Pattern[str]]:
    wrap = r"(?<![\w])(?:{})(?![\w])"
    return (re.compile(wrap.format(_alternation(names)), flags),
            re.compile(wrap.format(_flat(names)), flags))


def _same(trie: re.Pattern[str], flat: re.Pattern[str], text: str) -> None:
    assert [(m.span(), m.group(0)) for m in trie.finditer(text)] == \
        [(m.span(), m.group(0)) for m in flat.finditer(text)], text


def _names() -> list[str]:
    return sorted(load_countries().names)


def test_every_name_of_the_table_in_any_surroundings() -> None:
    names = _names()
    for flags in (0, re.I):
        trie, flat = _patterns(names, flags)
        for name in names:
            for before, after in AROUND:
                for text in (f"{before}{name}{after}", f"{before}{name.lower()}{after}",
                             f"{name} {name}{after}", f"{before}{name[:-1]}"):
                    _same(trie, flat, text)


def test_prefixes_of_one_another_and_a_single_name() -> None:
    names = ["Guinea", "Guinea-Bissau", "Equatorial Guinea", "Papua New Guinea", "G", "Ge"]
    trie, flat = _patterns(names)
    for text in ["Guinea-Bissau and Guinea", "Papua New Guinea-Bissau", "G Ge Gu", "Guine",
                 "Equatorial Guinea.", "New Guinea"]:
        _same(trie, flat, text)
    assert _patterns(["Chile"])[0].fullmatch("Chile")


def test_the_titles_and_abstracts_of_the_real_metadata() -> None:
    reference = reference_dir()
    if reference is None:
        pytest.skip(SKIP_REASON)
    names = _names()
    pairs = [_patterns(names), _patterns(names, re.I)]
    path = reference / "metadata/relaton-data-itu/itu-t-records.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if n % 3:
                continue
            record = json.loads(line)
            text = f"{record.get('title') or ''} . {record.get('abstract') or ''}"
            for trie, flat in pairs:
                _same(trie, flat, text)
