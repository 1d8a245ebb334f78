"""ITU-T number keys: every usual spelling of a number meets the stored one."""

from __future__ import annotations

import pytest

from crawler.numbers import parse_rec_name
from index.numbers import (
    QUERY_NUMBER,
    canonical,
    keys,
    numeric,
    parse_range,
    respell,
    sort_key,
)
from tests.shared_paths import reference_dir


@pytest.mark.parametrize("typed", ["Y.3172", "y3172", "Y 3172", "y.3172", "ITU-T Y.3172",
                                   "Rec. ITU-T Y.3172", "Recommendation ITU-T Y.3172"])
def test_spellings_of_one_number_share_a_key(typed):
    assert canonical(typed) == "y.3172"


@pytest.mark.parametrize(("typed", "key"), [
    ("G Suppl. 47", "g.suppl.47"), ("G.Sup47", "g.suppl.47"), ("G.Suppl.47", "g.suppl.47"),
    ("D.502R", "d.502r"), ("D.502 R", "d.502r"), ("V.25 bis", "v.25bis"),
    ("G.Imp712", "g.imp712"), ("G Imp 712", "g.imp712"), ("g.989.2", "g.989.2"),
])
def test_supplements_suffixes_and_guides(typed, key):
    assert canonical(typed) == key


@pytest.mark.parametrize("number", [
    "G.993.2", "A.1-x1", "A.1..2", "H.264.1", "Y.3172bis", "G.1-", "Q.1.", "E.164-sup1",
    "H.264-Imp1", "X.509-SUP2", "G.Sup12", "Y.3172 ", "a.1", "T.0"])
def test_the_fast_path_agrees_with_the_long_way(number):
    assert canonical(number) == respell(number)


def test_every_number_of_the_metadata_set_gets_the_same_key_either_way():
    reference = reference_dir()
    if reference is None:
        pytest.skip("../shared/itu-reference is absent: no metadata set to read numbers from")
    from benchmarks.catalogue_from_metadata import read_records

    found = {parse_rec_name(r["docid"].removeprefix("ITU-T ")).family
             for r in read_records(reference)}
    spelled = found | {part for number in found for part in number.split("/")}
    assert len(spelled) > 5000
    assert [n for n in spelled if canonical(n) != respell(n)] == []


def test_joint_numbers_answer_to_each_part():
    assert keys("Y.4000/Y.2060") == ["y.4000/y.2060", "y.4000", "y.2060"]
    assert keys("D.300 R/E.282 R") == ["d.300r/e.282r", "d.300r", "e.282r"]


@pytest.mark.parametrize(("query", "found"), [
    ("machine learning 5G", []),
    ("y 3172 and Y.31*", ["y 3172", "Y.31*"]),
    ("ITU-T L.1000", ["ITU-T L.1000"]),
    ("IMT-2020", []),
    ("e waste", []),
    ("layer 2", []),
])
def test_numbers_are_found_inside_queries(query, found):
    assert [m.group(0) for m in QUERY_NUMBER.finditer(query)] == found


def test_ranges_and_natural_order():
    rng = parse_range("Y.3000-Y.3499")
    assert rng.contains("Y.3172") and rng.contains("G.8080/Y.3010")
    assert not rng.contains("Y.4000") and not rng.contains("X.3172")
    assert numeric("Y.Suppl.55") is None
    with pytest.raises(ValueError):
        parse_range("Y.3499-Y.3000")
    assert sorted(["Y.3100", "Y.31", "Y.310"], key=sort_key) == ["Y.31", "Y.310", "Y.3100"]
