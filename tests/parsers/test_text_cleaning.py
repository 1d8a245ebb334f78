"""Word's control characters in ITU text: 0x1E is a hyphen, U+0007 is nothing (issue 9, point 5).

Python's `\\s` matches U+001C-U+001F, so collapsing whitespace first turned "ITU\\x1eT L.1300"
into "ITU T L.1300" and "tag\\x1ebased" into "tag based".
"""

from __future__ import annotations

from pathlib import Path

from crawler.parse.common import clean_paragraphs, clean_text
from crawler.parse.mws import parse_rec_header
from crawler.parse.rec_aspx import parse_rec_page, parse_rec_relations
from tests.parsers import recorded_url

L_SUPPL_6_JSON = "api/mws/getRecHdrDetail_idrec-12434_2026-07-27.json"
L_SUPPL_6_PAGE = "pages/rec-detail/rec-12434_L_Suppl._6_12_2014_2026-07-27.html"


def test_non_breaking_hyphen_is_a_hyphen_and_controls_vanish():
    assert clean_text("ITU\x1eT L.1300, tag\x1ebased") == "ITU-T L.1300, tag-based"
    assert clean_text("ITU\u2011T") == "ITU-T"
    assert clean_text("multi\x1fmedia") == "multimedia"  # Word's optional hyphen
    assert clean_text("cell\x07 end") == "cell end"  # Word's end-of-cell mark
    assert clean_text("a\x1cb") == "a b"
    assert clean_paragraphs("one\x07\r\ntwo\x1eparts") == "one\n\ntwo-parts"


def test_l_suppl_6_summary_from_the_json_api_keeps_itu_t(reference: Path):
    body = (reference / L_SUPPL_6_JSON).read_bytes()
    assert b"ITU\\u001eT" in body  # the raw JSON really carries the control character
    header = parse_rec_header(body, recorded_url(reference, L_SUPPL_6_JSON))
    assert "Recommendation ITU-T L.1300" in header.summary
    assert "ITU T" not in header.summary and "\x1e" not in header.summary


def test_l_suppl_6_summary_from_rec_aspx_keeps_itu_t(reference: Path):
    body = (reference / L_SUPPL_6_PAGE).read_bytes()
    assert b"\x1e" in body
    page = parse_rec_page(body, recorded_url(reference, L_SUPPL_6_PAGE))
    assert "Recommendation ITU-T L.1300" in page.header.summary
    assert "ITU T" not in page.header.summary
    # The fast tab reader cleans text the same way (titles of related rows).
    fast = parse_rec_relations(body, recorded_url(reference, L_SUPPL_6_PAGE))
    for link in fast.supplements:
        assert link.title is None or "\x1e" not in link.title
