"""ITU-T numbering: edition names split into family, kind, version and date."""

from datetime import date

import pytest

from crawler.numbers import (
    canonical_number,
    document_type,
    parse_rec_name,
    series_of,
    study_group_code,
)


@pytest.mark.parametrize(
    ("name", "family", "kind", "version", "stamp"),
    [
        ("A.1 (10/2000)", "A.1", "edition", None, date(2000, 10, 1)),
        ("ITU-T H.264 (V14) (08/2021)", "H.264", "edition", "V14", date(2021, 8, 1)),
        ("G.989.2 (2014) Amd. 1 (04/2016)", "G.989.2", "amendment", None, date(2016, 4, 1)),
        ("A.12 (2008) Cor. 1 (06/2015)", "A.12", "corrigendum", None, date(2015, 6, 1)),
        ("H.262 (1995) Technical Cor. 1 (11/1996)", "H.262", "corrigendum", None,
         date(1996, 11, 1)),
        ("A.13 (2019) Err. 1 (02/2023)", "A.13", "erratum", None, date(2023, 2, 1)),
        ("A Suppl. 2 (12/2022)", "A.Suppl.2", "edition", None, date(2022, 12, 1)),
        ("G Suppl. 47 (10/2019)", "G.Suppl.47", "edition", None, date(2019, 10, 1)),
        ("D.140 Suppl. 1 (06/2002)", "D.140 Suppl.1", "edition", None, date(2002, 6, 1)),
        ("A.23 Annex A (02/2010)", "A.23", "annex", None, date(2010, 2, 1)),
        ("G.728 Annex G (1994) Cor. 1 (02/2000)", "G.728", "corrigendum", None,
         date(2000, 2, 1)),
        ("G.780/Y.1351 (07/2010)", "G.780/Y.1351", "edition", None, date(2010, 7, 1)),
        ("G.Imp712 (04/2000)", "G.Imp712", "edition", None, date(2000, 4, 1)),
        ("D.502R (02/2026)", "D.502R", "edition", None, date(2026, 2, 1)),
        ("T.0 (07/96)", "T.0", "edition", None, date(1996, 7, 1)),
    ],
)
def test_parse_rec_name(name, family, kind, version, stamp):
    parsed = parse_rec_name(name)
    assert (parsed.family, parsed.kind, parsed.version, parsed.stamp) == (
        family, kind, version, stamp)


def test_unparseable_name_still_gives_a_family():
    parsed = parse_rec_name("  Something odd  ")
    assert parsed.family == "Something odd"
    assert parsed.stamp is None


@pytest.mark.parametrize(
    ("text", "number"),
    [("ITU-T Y.3172", "Y.3172"), ("Rec. ITU-T Y.3172", "Y.3172"), ("G Suppl. 47", "G.Suppl.47")],
)
def test_canonical_number(text, number):
    assert canonical_number(text) == number


def test_types_series_and_study_groups():
    assert document_type("G.Suppl.47") == "Supplement"
    assert document_type("G.Imp712") == "Implementers' guide"
    assert document_type("Y.3172") == "Recommendation"
    assert series_of("E-100 series Suppl.1") == "E"
    assert study_group_code("ITU-T Study Group 15") == "SG15"
    assert study_group_code("Telecommunication Standardization Advisory Group") == "TSAG"
    assert study_group_code(None) is None
    assert study_group_code("SG05") == "SG5" and study_group_code("SG00") is None
