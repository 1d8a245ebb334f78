"""Tests for crawler.parse.mws against every recorded MyWorkspace JSON response."""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path

import pytest

from crawler.parse.common import ParseError
from crawler.parse.mws import (
    edition_id_from_link,
    parse_rec_editions,
    parse_rec_header,
    parse_rec_supplements,
    parse_search_recs,
)
from crawler.records import EditionLink, EnumeratedEdition, RecHeader, SupplementLink
from tests.parsers import STATUSES, recorded_url, reference_params, truncations

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
MWS = "api/mws"
SEARCH_URL = (
    "https://www.itu.int/mws/api/recommendations/searchRecs?series=-1&type_of_text=-1&sg=-1"
    "&main_edition_flag=0&rows=100000&page=1&status=Z&sort_order=asc"
)


def _read(reference: Path, rel: str) -> tuple[bytes, str]:
    return (reference / rel).read_bytes(), recorded_url(reference, rel)


def _idrec(rel: str) -> int:
    return int(re.search(r"idrec-(\d+)", rel).group(1))


def _file(reference: Path, prefix: str, idrec: int) -> str:
    matches = sorted((reference / MWS).glob(f"{prefix}_idrec-{idrec}_*.json"))
    assert matches, f"no recorded {prefix} for idrec {idrec}"
    return str(matches[-1].relative_to(reference))


def _no_linebreaks(*values: str | None) -> None:
    for value in values:
        assert value is None or ("\r" not in value and "\n" not in value and "  " not in value)


# --- every recorded getRecHdrDetail -----------------------------------------------------------


@pytest.mark.parametrize("rel", reference_params(MWS, "getRecHdrDetail_*.json"))
def test_every_header_parses_plausibly(reference: Path, rel: str) -> None:
    body, url = _read(reference, rel)
    h = parse_rec_header(body, url)
    assert isinstance(h, RecHeader)
    assert h.idrec == _idrec(rel)
    assert h.rec_name.startswith("ITU-T ") and re.search(r"\(\d{2}/\d{4}\)$", h.rec_name)
    assert h.status in STATUSES
    assert h.approval_date is not None and date(1950, 1, 1) < h.approval_date < date(2030, 1, 1)
    assert h.approval_process in {"AAP", "TAP", "Agreed", "WTSA"}
    assert h.study_group and ("Study Group" in h.study_group or "Advisory" in h.study_group)
    assert h.handle_url and h.handle_url.startswith("https://handle.itu.int/11.1002/1000/")
    assert h.provisional_name is None or not h.provisional_name.lower().startswith("prov")
    assert h.iso_number is None or not h.iso_number.lower().startswith("equivalent")
    assert all(t and "<" not in t and "&nbsp" not in t for t in h.series_titles)
    _no_linebreaks(h.rec_name, h.title, h.provisional_name, h.iso_number, h.study_group)
    _no_linebreaks(h.approval_process, h.observation, *h.series_titles)
    assert h.summary is None or ("\r" not in h.summary and h.summary == h.summary.strip())


def test_header_a13_values_checked_by_eye(reference: Path) -> None:
    h = parse_rec_header(*_read(reference, _file(reference, "getRecHdrDetail", 13853)))
    assert h == RecHeader(
        idrec=13853,
        rec_name="ITU-T A.13 (09/2019)",
        title="Non-normative ITU-T publications, including Supplements to ITU-T Recommendations",
        summary=(
            "This document describes the process used by ITU-T Study Groups and TSAG to develop "
            "and agree to publication of informative (non-Recommendation) texts published by "
            "ITU-T. The documents using this process include Supplements to ITU-T "
            "Recommendations."
        ),
        series_titles=("A series: Organization of the work of ITU-T",),
        provisional_name="A.res5",
        iso_number=None,
        approval_process="TAP",  # "Traditional \r\napproval process, TAP"
        status="In force",
        approval_date=date(2019, 9, 27),
        observation=None,
        study_group="Telecommunication Standardization Advisory Group",
        sg_url="https://www.itu.int/en/ITU-T/tsag/2022-2024/Pages/default.aspx",
        handle_url="https://handle.itu.int/11.1002/1000/13853",
        pdf_url=(
            "https://www.itu.int/rec/dologin_pub.asp?lang=e&id=T-REC-A.13-201909-I!!PDF-E"
            "&type=items"
        ),
    )


def test_header_h264_iso_number_series_and_summary_paragraphs(reference: Path) -> None:
    h = parse_rec_header(*_read(reference, _file(reference, "getRecHdrDetail", 14659)))
    assert h.rec_name == "ITU-T H.264 (V14) (08/2021)"
    assert h.iso_number == "ISO/IEC 14496-10 (Twinned)"
    assert h.provisional_name == "H.26L"
    assert h.approval_process == "AAP"
    assert h.approval_date == date(2021, 8, 22)
    assert h.study_group == "ITU-T Study Group 21"
    assert h.series_titles == (
        "H series: Audiovisual and multimedia systems",
        "H.200-H.499: Infrastructure of audiovisual services",
        "H.260-H.279: Coding of moving video",
    )
    assert h.observation and h.observation.startswith("The PDF file initially posted in October")
    # The JSON summary's CR/LF separate paragraphs; they are kept as "\n\n".
    paragraphs = h.summary.split("\n\n")
    assert paragraphs[1] == "The 1st edition of Rec. ITU-T H.264 was approved in 2003-05."
    assert len(paragraphs) == 21


def test_header_without_series_or_title(reference: Path) -> None:
    supplement = parse_rec_header(*_read(reference, _file(reference, "getRecHdrDetail", 12434)))
    assert supplement.rec_name == "ITU-T L Suppl. 6 (12/2014)"
    assert supplement.series_titles == ()  # series_title and series_title_1..3 are all null
    assert supplement.approval_process == "Agreed"
    amendment = parse_rec_header(*_read(reference, _file(reference, "getRecHdrDetail", 12556)))
    assert amendment.title is None  # rec_title is ""
    assert amendment.provisional_name == "G.ngpon2.2"


def test_series_title_fallback_splits_br_and_nbsp() -> None:
    body = (
        b'{"idrec": "14659", "rec_name": "ITU-T H.264 (V14) (08/2021)", "series_title": '
        b'"H series: Audiovisual and multimedia systems<br/>&nbsp;&nbsp;H.200-H.499: '
        b"Infrastructure of audiovisual services<br/>&nbsp;&nbsp;H.260-H.279: Coding of "
        b'moving video", "series_title_1": null, "series_title_2": "None", "status": "None", '
        b'"approval_date": "None", "rec_prov_name": "None", "iso_number": ""}'
    )
    h = parse_rec_header(body, "u")
    assert h.idrec == 14659
    assert h.series_titles[2] == "H.260-H.279: Coding of moving video"
    assert len(h.series_titles) == 3
    assert (h.status, h.approval_date, h.provisional_name, h.iso_number) == (None,) * 4


@pytest.mark.parametrize("body", [b"", b"  \r\n", b"null", b" null\n"])
def test_empty_or_null_header_is_none(body: bytes) -> None:
    assert parse_rec_header(body, "u") is None


# --- every recorded getRecEditions ------------------------------------------------------------


@pytest.mark.parametrize("rel", reference_params(MWS, "getRecEditions_*.json"))
def test_every_editions_list_parses_plausibly(reference: Path, rel: str) -> None:
    rows = parse_rec_editions(*_read(reference, rel))
    assert rows and all(isinstance(r, EditionLink) for r in rows)
    assert _idrec(rel) in {r.idrec for r in rows}  # the family includes the asked edition
    for r in rows:
        assert r.idrec and r.rec_name and not r.rec_name.startswith("ITU-T")
        assert r.status in STATUSES
        assert r.version and re.fullmatch(r"\d+(\.\d+)?", r.version)
        assert r.edition_id is None or re.match(r"T-REC-[^/ ]+-\d{6}-[A-Z]", r.edition_id)
        assert r.summary_url is None or r.summary_url.startswith("http")
        _no_linebreaks(r.rec_name, r.title)


def test_editions_h264_checked_by_eye(reference: Path) -> None:
    rows = parse_rec_editions(*_read(reference, _file(reference, "getRecEditions", 14659)))
    assert len(rows) == 21
    assert rows[0] == EditionLink(
        idrec=16818,
        rec_name="H.264 (V16) (06/2026)",
        version="16",
        status="In force",
        title="Advanced video coding for generic audiovisual services",
        summary_url=(
            "http://www.itu.int/dms_pubrec/itu-t/rec/h/T-REC-H.264-202606-P!!SUM-HTM-E.htm"
        ),
        edition_id="T-REC-H.264-202606-P",
    )
    by_id = {r.idrec: r for r in rows}
    cor = by_id[8572]  # "H.264 (2005) Cor. 1 (09/2005)": null title, "-" summary link
    assert (cor.title, cor.summary_url, cor.version) == (None, None, "2.1")
    assert cor.edition_id == "T-REC-H.264-200509-S!Cor1"
    assert by_id[9036].edition_id == "T-REC-H.264-200704-T!Amd2"  # a real "-T" status letter
    assert by_id[14659].status == "Superseded"


def test_editions_g989_2_amendments_have_null_titles(reference: Path) -> None:
    rows = parse_rec_editions(*_read(reference, _file(reference, "getRecEditions", 12556)))
    assert [r.rec_name for r in rows if r.title is None] == [
        "G.989.2 (2019) Amd. 1 (10/2020)",
        "G.989.2 (2019) Cor. 1 (08/2019)",
        "G.989.2 (2014) Amd. 2 (08/2017)",
        "G.989.2 (2014) Amd. 1 (04/2016)",
    ]
    main = next(r for r in rows if r.idrec == 13745)
    assert main.title and main.title.startswith("40-Gigabit-capable passive optical networks 2")


def test_editions_without_dms_link(reference: Path) -> None:
    rows = parse_rec_editions(*_read(reference, _file(reference, "getRecEditions", 16273)))
    assert len(rows) == 23
    oldest = rows[-1]
    assert (oldest.idrec, oldest.rec_name, oldest.edition_id) == (
        3147,
        "E.164/I.331 (10/1984)",
        None,
    )


def test_editions_row_agrees_with_header_of_same_idrec(reference: Path) -> None:
    rows: dict[int, list[EditionLink]] = {}
    for path in sorted((reference / MWS).glob("getRecEditions_*.json")):
        rel = str(path.relative_to(reference))
        for r in parse_rec_editions(*_read(reference, rel)):
            rows.setdefault(r.idrec, []).append(r)
    checked = 0
    for path in sorted((reference / MWS).glob("getRecHdrDetail_*.json")):
        h = parse_rec_header(*_read(reference, str(path.relative_to(reference))))
        assert h.idrec in rows, f"no getRecEditions row for idrec {h.idrec}"
        for r in rows[h.idrec]:
            assert r.status == h.status, (h.idrec, r.status, h.status)
            assert r.rec_name == h.rec_name.removeprefix("ITU-T "), (r.rec_name, h.rec_name)
            if r.title and h.title:
                assert r.title == h.title
            checked += 1
    assert checked >= 28


# --- every recorded getRecSupplements ---------------------------------------------------------


@pytest.mark.parametrize("rel", reference_params(MWS, "getRecSupplements_*.json"))
def test_every_supplements_list_parses_plausibly(reference: Path, rel: str) -> None:
    rows = parse_rec_supplements(*_read(reference, rel))
    assert isinstance(rows, list)
    for r in rows:
        assert isinstance(r, SupplementLink)
        assert r.idrec and r.rec_name and "Suppl." in r.rec_name
        assert r.status in STATUSES
        assert r.edition_id and r.edition_id.startswith("T-REC-") and "/" not in r.edition_id
        _no_linebreaks(r.rec_name, r.title)


def test_supplements_e164_checked_by_eye(reference: Path) -> None:
    rows = parse_rec_supplements(*_read(reference, _file(reference, "getRecSupplements", 16273)))
    assert rows == [
        SupplementLink(
            idrec=13896,
            rec_name="E-100 series Suppl. 1 (02/2019)",
            title=(
                "ITU-T E.100 series – Framework of disaster management for disaster relief system"
            ),
            status="In force",
            summary_url="https://www.itu.int/dms_pubrec/itu-t/rec/e/T-REC-E.100SerSup1-201902-I!!SUM-HTM-E.htm",  # noqa: E501
            edition_id="T-REC-E.100SerSup1-201902-I",  # dms_link was the full /rec/ URL
        ),
        SupplementLink(
            idrec=14321,
            rec_name="E Suppl. 11 (06/2020)",
            title=(  # trailing space in the JSON
                "Criteria for M2M/IoT-related assignments under Recommendation ITU-T E.164.1 "
                "and Recommendation ITU-T E.212 Annex A"
            ),
            status="In force",
            summary_url="https://www.itu.int/dms_pubrec/itu-t/rec/e/T-REC-E.Sup11-202006-I!!SUM-HTM-E.htm",  # noqa: E501
            edition_id="T-REC-E.Sup11-202006-I",
        ),
    ]


def test_supplements_may_be_empty(reference: Path) -> None:
    rel = _file(reference, "getRecSupplements", 14547)
    assert parse_rec_supplements(*_read(reference, rel)) == []


# --- searchRecs (no recording exists: hand-written fixture from real relaton data) -----------


def test_search_recs_fixture(caplog: pytest.LogCaptureFixture) -> None:
    body = (FIXTURES / "searchRecs-sample.json").read_bytes()
    with caplog.at_level(logging.WARNING, logger="itucat.parse"):
        total, rows = parse_search_recs(body, SEARCH_URL)
    assert total == 10
    assert len(rows) == 8
    assert all(isinstance(r, EnumeratedEdition) for r in rows)
    assert "without idrec" in caplog.text and "Y.3172 (06/2019)" in caplog.text
    assert "without rec_name" in caplog.text and "5199" in caplog.text
    by_name = {r.rec_name: r for r in rows}
    assert by_name["A.13 (10/2000)"] == EnumeratedEdition(
        idrec=5280,
        rec_name="A.13 (10/2000)",
        title="Supplements to ITU-T Recommendations",
        approval_date=date(2000, 10, 6),
        dms_link="T-REC-A.13-200010-S",
        status="Superseded",
    )
    a13 = by_name["A.13 (09/2019)"]
    assert a13.idrec == 13853  # sent as the string "13853"
    assert a13.title == (
        "Non-normative ITU-T publications, including Supplements to ITU-T Recommendations"
    )  # CR/LF inside the title collapsed
    assert a13.approval_date == date(2019, 9, 27)  # "2019-09-27T00:00:00"
    assert a13.dms_link == "T-REC-A.13-201909-I"  # full https://www.itu.int/rec/ URL stripped
    assert by_name["A.13 (2019) Err. 1 (02/2023)"].title is None  # null
    amd = by_name["G.989.2 (2014) Amd. 1 (04/2016)"]
    assert amd.title is None  # "None"
    assert amd.dms_link == "T-REC-G.989.2-201604-S!Amd1"
    sup = by_name["E Suppl. 11 (06/2020)"]
    assert (sup.approval_date, sup.dms_link, sup.status) == (None, None, None)  # "None" strings
    assert not sup.title.endswith(" ")
    assert by_name["A Suppl. 2 (12/2022)"].idrec == 15252


def test_search_recs_envelope_variants() -> None:
    assert parse_search_recs(b'{"Total": 0, "Data": []}', "u") == (0, [])
    assert parse_search_recs(b'{"Total": "3", "Data": null}', "u") == (3, [])
    row = b'{"idrec": 1, "rec_name": "A.1 (10/2000)"}'
    assert parse_search_recs(b"[" + row + b"]", "u")[0] is None  # bare list: no Total
    with pytest.raises(ParseError):
        parse_search_recs(b'{"Total": 3}', "u")
    with pytest.raises(ParseError):
        parse_search_recs(b'{"Total": 3, "Data": {"idrec": 1}}', "u")


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("T-REC-A.1-200010-S", "T-REC-A.1-200010-S"),
        ("https://www.itu.int/rec/T-REC-E.Sup11-202006-I", "T-REC-E.Sup11-202006-I"),
        ("http://itu.int/rec/T-REC-G.989.2-201604-S!Amd1/en", "T-REC-G.989.2-201604-S!Amd1"),
        ("None", None),
        ("-", None),
        (None, None),
    ],
)
def test_edition_id_from_link(link: str | None, expected: str | None) -> None:
    assert edition_id_from_link(link) == expected


# --- robustness: ParseError or an empty-but-valid record, never anything else ----------------

PARSERS = [parse_search_recs, parse_rec_header, parse_rec_editions, parse_rec_supplements]
HOSTILE = [
    b"",
    b"   ",
    b"garbage",
    b"{",
    b"[1, 2",
    b"\xff\xfe\x00\x00",
    b"\xef\xbb\xbf[]",
    b"<html><body>Service Unavailable</body></html>",
    b'"a string"',
    b"42",
    b"true",
    b"null",
    b"[]",
    b"{}",
    b'[null, 1, "x", [], {}]',
    b'{"rec_name": null, "idrec": {}}',
    b'{"Total": "x", "Data": [{"idrec": "1e999", "rec_name": ["A"], "approval_date": 5}]}',
    b'[{"idrec": 1e999, "rec_name": "A.1", "status": {"x": 1}, "Version": 2.1}]',
    b'[{"idp_edition": "NaN", "rec_name": "A Suppl. 1", "dms_link": 3}]',
    b"[" * 100_000 + b"]" * 100_000,
]


def _check_outcome(parser, body: bytes) -> None:
    try:
        result = parser(body, "https://www.itu.int/mws/api/recommendations/x")
    except ParseError:
        return
    if parser is parse_search_recs:
        total, rows = result
        assert total is None or isinstance(total, int)
        assert all(isinstance(r, EnumeratedEdition) for r in rows)
    elif parser is parse_rec_header:
        assert result is None or isinstance(result, RecHeader)
    else:
        assert isinstance(result, list)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("body", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_bodies(parser, body: bytes) -> None:
    _check_outcome(parser, body)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda f: f.__name__)
def test_truncated_and_wrong_kind_bodies(reference: Path, parser) -> None:
    kinds = ("getRecHdrDetail", "getRecEditions", "getRecSupplements")
    for kind, idrec in zip(kinds, (14659, 14659, 16273), strict=True):
        body, _ = _read(reference, _file(reference, kind, idrec))
        for cut in truncations(body):
            _check_outcome(parser, cut)
        _check_outcome(parser, body)  # the other kinds' real bodies
    page = (reference / "pages/rec-edition/T-REC-G.Imp712-200004-I_2025-04-08.html").read_bytes()
    with pytest.raises(ParseError):
        parser(page, "https://www.itu.int/rec/T-REC-G.Imp712-200004-I")


def test_wrong_kind_json_is_a_parse_error(reference: Path) -> None:
    header, _ = _read(reference, _file(reference, "getRecHdrDetail", 13853))
    editions, _ = _read(reference, _file(reference, "getRecEditions", 13853))
    with pytest.raises(ParseError):
        parse_rec_header(editions, "u")  # a list, not an object
    with pytest.raises(ParseError):
        parse_rec_editions(header, "u")  # an object, not a list
    with pytest.raises(ParseError):
        parse_rec_supplements(header, "u")
    with pytest.raises(ParseError):
        parse_search_recs(header, "u")  # an object without Data
