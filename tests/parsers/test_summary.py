"""Tests for crawler.parse.summary against every recorded SUM-HTM-E.htm fragment."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.parse.common import ParseError
from crawler.parse.mws import parse_rec_header
from crawler.parse.summary import parse_summary
from tests.parsers import recorded_url, reference_params, truncations

PAGES = "pages/summary"


def _summary(reference: Path, name: str) -> str | None:
    rel = f"{PAGES}/{name}"
    return parse_summary((reference / rel).read_bytes(), recorded_url(reference, rel))


@pytest.mark.parametrize("rel", reference_params(PAGES))
def test_every_fragment_parses_to_clean_paragraphs(reference: Path, rel: str) -> None:
    text = parse_summary((reference / rel).read_bytes(), recorded_url(reference, rel))
    assert text and len(text) > 40
    assert not text.lower().startswith("summary")
    # No decoding debris: replacement chars, cp1252-read-as-latin1 controls, UTF-8 mojibake.
    assert not any(c in text for c in "\ufffd\x96\x95\xa0\u2011\r")
    assert "â€" not in text and "Ã" not in text
    for paragraph in text.split("\n\n"):
        assert paragraph and paragraph == paragraph.strip() and "\n" not in paragraph
        assert "  " not in paragraph


def test_old_fragment_with_empty_nbsp_paragraphs(reference: Path) -> None:
    text = _summary(reference, "T-REC-X.163-199504-I__SUM-HTM-E.htm")
    paragraphs = text.split("\n\n")
    assert len(paragraphs) == 2  # "SUMMARY" heading and 11 "&nbsp;" paragraphs dropped
    assert paragraphs[0].startswith("This Recommendation defines the management information")
    assert paragraphs[1] == (
        "This Recommendation is, in particular, concerned with the definition of information for "
        "CNM such as EDI message format."
    )


def test_cp1252_bullets_dashes_and_headings(reference: Path) -> None:
    lca = _summary(reference, "T-REC-L.1410-201412-I__SUM-HTM-E.htm").split("\n\n")
    assert lca[1] == "• Part I: ICT life cycle assessment: framework and guidance"  # byte 0x95
    cloud = _summary(reference, "T-REC-Y.3500-201408-I__SUM-HTM-E.htm").split("\n\n")
    assert cloud[2] == "– cover commonly used terms and definitions in cloud computing standards;"
    assert len(cloud) == 5
    # "Summary - G.8312 (2020) Amd. 3 (08/2024) -" is the fragment's heading, not content.
    mtn = _summary(reference, "T-REC-G.8312-202408-I_Amd3_SUM-HTM-E.htm")
    assert mtn.startswith("Recommendation ITU-T G.8312 describes a transport technology")
    sdl = _summary(reference, "T-REC-Z.100-202106-I__SUM-HTM-E.htm").split("\n\n")
    assert sdl[1] == "Coverage" and sdl[3] == "Applications"  # sub-headings are content


def test_inline_tags_do_not_split_words(reference: Path) -> None:
    text = _summary(reference, "T-REC-H.264-202108-S__SUM-HTM-E.htm")
    assert "The 1st edition of Rec. ITU-T H.264 was approved in 2003-05." in text.split("\n\n")
    assert "1 st" not in text and "2 nd" not in text
    assert len(text.split("\n\n")) == 21


def test_fragment_agrees_with_the_json_summary(reference: Path) -> None:
    """The pre-published A.13 fragment is word for word the getRecHdrDetail 13853 summary."""
    header = parse_rec_header(
        (reference / "api/mws/getRecHdrDetail_idrec-13853_2026-07-27.json").read_bytes(), "u"
    )
    assert _summary(reference, "T-REC-A.13-201909-P__SUM-HTM-E.htm") == header.summary


# --- robustness -------------------------------------------------------------------------------

URL = "https://www.itu.int/dms_pubrec/itu-t/rec/a/T-REC-A.1-200010-S!!SUM-HTM-E.htm"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"", None),
        (b" \r\n ", None),
        (b"<html><body></body></html>", None),
        (b"<html><body><h3>Summary</h3><p>&nbsp;</p></body></html>", None),
        (b"<html><body><p>One</p><p>Two\r\nlines</p></body></html>", "One\n\nTwo lines"),
        (b"<html><body><p>caf\xe9 \x96 ok\x8f</p></body></html>", "caf\xe9 \u2013 ok\ufffd"),
    ],
)
def test_small_bodies(body: bytes, expected: str | None) -> None:
    assert parse_summary(body, URL) == expected


@pytest.mark.parametrize(
    "body",
    [b"garbage", b"\x00\xff\xfe\x81", b'{"summary": "x"}', b"<html><body><p>cut off"],
)
def test_garbage_is_a_parse_error(body: bytes) -> None:
    with pytest.raises(ParseError):
        parse_summary(body, URL)


@pytest.mark.parametrize(
    "pattern",
    [
        "pages/rec-detail/*.html",
        "pages/publications/T-SP-OB.1096-2016_*.html",
        "pages/rec-edition/T-REC-*.html",
        "api/globalsearch/*HTTP500*.html",
    ],
)
def test_whole_site_pages_are_a_parse_error(reference: Path, pattern: str) -> None:
    page = sorted(reference.glob(pattern))[0]  # a rec.aspx / SharePoint / XSLT / app page
    with pytest.raises(ParseError):
        parse_summary(page.read_bytes(), URL)


@pytest.mark.parametrize("rel", reference_params(PAGES))
def test_truncated_fragments(reference: Path, rel: str) -> None:
    body = (reference / rel).read_bytes()
    for cut in truncations(body):
        try:
            text = parse_summary(cut, URL)
        except ParseError:
            continue
        assert text is None or isinstance(text, str)
