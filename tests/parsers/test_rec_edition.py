"""Tests for crawler.parse.rec_edition against every recorded `/rec/<edition-id>` page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crawler.parse.common import ParseError
from crawler.parse.rec_edition import edition_id_from_url, parse_edition_page
from crawler.records import EditionFiles, FileItem
from tests.parsers import LANGUAGES, STATUSES, recorded_url, reference_params, truncations

PAGES = "pages/rec-edition"
IMP712_2025 = f"{PAGES}/T-REC-G.Imp712-200004-I_2025-04-08.html"
IMP712_2021 = f"{PAGES}/T-REC-G.Imp712-200004-I_2021-04-22.html"


def _parse(reference: Path, rel: str) -> EditionFiles:
    return parse_edition_page((reference / rel).read_bytes(), recorded_url(reference, rel))


@pytest.mark.parametrize("rel", reference_params(PAGES))
def test_every_edition_page_parses_plausibly(reference: Path, rel: str) -> None:
    page = _parse(reference, rel)
    assert page.edition_id == Path(rel).name.split("_")[0]
    assert page.number and page.edition_id.split("-", 2)[2].startswith(page.number)
    assert page.title and "\xa0" not in page.title and "  " not in page.title
    assert page.approval_date is not None
    assert page.status in STATUSES
    assert page.files
    for f in page.files:
        assert f.language in LANGUAGES
        assert f.format in {"PDF", "Word"}
        assert f.size_bytes and f.size_bytes > 1000
        assert f.url and f.url.startswith("https://www.itu.int/") and page.edition_id in f.url
        assert f.posted is not None and f.posted >= date(2001, 1, 1)
        assert f.price is None
    # One row per language+format: no file is listed twice.
    assert len({f.url for f in page.files}) == len(page.files)


def test_g_imp712_checked_by_eye(reference: Path) -> None:
    assert _parse(reference, IMP712_2025) == EditionFiles(
        edition_id="T-REC-G.Imp712-200004-I",
        number="G.Imp712",  # "<title>G.Imp712&nbsp;:&nbsp;...": nbsp around the colon
        title="Implementers' Guide for Recommendation ITU-T G.712",
        approval_date=date(2000, 4, 14),
        status="In force",
        files=(
            FileItem(
                language="English",
                format="Word",
                size_bytes=28672,
                url=(
                    "https://www.itu.int/rec/dologin.asp?lang=e&id=T-REC-G.Imp712-200004-I!!MSW-E"
                    "&type=items"
                ),
                posted=date(2001, 9, 3),
            ),
        ),
    )
    old = _parse(reference, IMP712_2021)  # the 2021 recording had ITU's older title
    assert old.title == "Implementor's guide for recommendation G.712 14 April 2000)"
    assert old.files == _parse(reference, IMP712_2025).files


def test_itu_r_superseded_page_with_blank_language_cells(reference: Path) -> None:
    page = _parse(reference, f"{PAGES}/R-REC-BO.1130-1-199510-S_en_2026-08-22.html")
    assert page.edition_id == "R-REC-BO.1130-1-199510-S"
    assert page.status == "Superseded"  # '<font color="red"> Superseded </font>'
    assert page.approval_date == date(1995, 10, 20)
    assert page.title.endswith("in the frequency range 1 400-2 700 MHz")  # nbsp before MHz
    summary = [(f.language, f.format, f.size_bytes, f.posted) for f in page.files]
    assert summary == [
        ("English", "Word", 1006592, date(2001, 6, 1)),
        ("English", "PDF", 638896, date(2001, 6, 1)),  # blank language cell = row above
        ("Arabic", "PDF", 1021749, date(2024, 9, 24)),
        ("Spanish", "Word", 1040896, date(2001, 6, 1)),  # "Español"
        ("Spanish", "PDF", 658613, date(2001, 6, 1)),
        ("French", "Word", 1036288, date(2001, 6, 1)),  # "Français" (iso-8859-1 byte 0xe7)
        ("French", "PDF", 663140, date(2001, 6, 1)),
    ]
    assert page.files[1].url == (
        "https://www.itu.int/dms_pubrec/itu-r/rec/bo/R-REC-BO.1130-1-199510-S!!PDF-E.pdf"
    )


def test_itu_r_main_edition_word_2007(reference: Path) -> None:
    page = _parse(reference, f"{PAGES}/R-REC-BO.1130-5-202602-I_en_2026-08-22.html")
    assert page.status == "In force"  # "In force (Main)"
    assert page.approval_date == date(2026, 2, 18)
    assert [(f.format, f.size_bytes) for f in page.files] == [("Word", 5594794), ("PDF", 5401316)]
    assert page.files[0].url.endswith("!!MSW-E.docx")  # "Word 2007 Document" icon


SYNTHETIC = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>A.13&nbsp;:&nbsp;Non-normative ITU-T publications</title></head><body>
<p><strong>Recommendation A.13 (09/19)</strong></p><p>Approved in 2019-09-27</p>
<p>Status : In force</p>
<p><a href="/dms_pubrec/itu-t/rec/a/T-REC-A.13-201909-I!!SUM-HTM-E.htm">Summary</a></p>
<p><strong>Available languages and formats :</strong></p>
<table>
<tr><td></td><td>Format</td><td>Size</td><td>Posted</td><td>Article Number</td></tr>
<tr><td>English</td><td>
<a href="dologin.asp?lang=e&amp;id=T-REC-A.13-201909-I!!PDF-E&amp;type=items">
<img alt="PDF Document"> PDF (acrobat)</a></td>
<td>1,234,567 bytes</td><td>2019-11-05</td><td>N/A</td></tr>
<tr><td>&nbsp;</td><td>
<a href="dologin.asp?lang=e&amp;id=T-REC-A.13-201909-I!!EPB-E&amp;type=items">ePub</a></td>
<td>99 bytes</td><td></td><td></td></tr>
<tr><td>Espa\xf1ol</td><td>
<a href="dologin.asp?lang=s&amp;id=T-REC-A.13-201909-I!!ZIP-S&amp;type=items">
<img alt="Zip"> Zip</a></td><td>n/a</td><td>2019-11-05</td><td></td></tr>
</table></body></html>"""


def test_relative_dologin_links_epub_zip_and_odd_cells() -> None:
    body = SYNTHETIC.encode("latin-1")
    page = parse_edition_page(body, "https://www.itu.int/rec/T-REC-A.13-201909-I/en")
    assert page.edition_id == "T-REC-A.13-201909-I"
    assert (page.number, page.title) == ("A.13", "Non-normative ITU-T publications")
    base = "https://www.itu.int/rec/dologin.asp?lang="
    assert page.files == (
        FileItem("English", "PDF", 1234567, f"{base}e&id=T-REC-A.13-201909-I!!PDF-E&type=items",
                 date(2019, 11, 5)),
        FileItem("English", "ePub", 99, f"{base}e&id=T-REC-A.13-201909-I!!EPB-E&type=items"),
        FileItem("Spanish", "Zip", None, f"{base}s&id=T-REC-A.13-201909-I!!ZIP-S&type=items",
                 date(2019, 11, 5)),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.itu.int/rec/T-REC-G.Imp712-200004-I", "T-REC-G.Imp712-200004-I"),
        ("https://www.itu.int/rec/R-REC-BO.1130-5-202602-I/en", "R-REC-BO.1130-5-202602-I"),
        ("https://www.itu.int/rec/T-REC-A.13-202302-I%21Err1/en", "T-REC-A.13-202302-I!Err1"),
        (
            "https://www.itu.int/rec/T-REC-G.Imp712/recommendation.asp?lang=en"
            "&parent=T-REC-G.Imp712-200004-I",
            "T-REC-G.Imp712-200004-I",
        ),
        ("./recommendation.asp?lang=en&parent=T-REC-G.Imp712-200004-I", "T-REC-G.Imp712-200004-I"),
        ("https://www.itu.int/pub/T-SP-OB.1096-2016", None),
        ("", None),
    ],
)
def test_edition_id_from_url(url: str, expected: str | None) -> None:
    assert edition_id_from_url(url) == expected


def test_edition_id_falls_back_to_the_page(reference: Path) -> None:
    body = (reference / IMP712_2025).read_bytes()
    page = parse_edition_page(body, "https://www.itu.int/some/redirected/place")
    assert page.edition_id == "T-REC-G.Imp712-200004-I"  # from the language switch links


# --- robustness -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   \r\n",
        b"garbage",
        b"\x00\xff\xfe\x81\x8f",
        b"<html><body><p>Service Unavailable</p></body></html>",
        b'{"idrec": 13853}',
        b"<html><head><title>x</title></head><body><p>Status : </p></body></html>",
    ],
)
def test_garbage_is_a_parse_error_or_valid(body: bytes) -> None:
    try:
        page = parse_edition_page(body, "https://www.itu.int/rec/T-REC-A.1-200010-S")
    except ParseError:
        return
    assert isinstance(page, EditionFiles) and page.edition_id == "T-REC-A.1-200010-S"


@pytest.mark.parametrize(
    "rel",
    [
        "pages/versions/R-REC-BO.1130_en_2026-08-22.html",
        "pages/series-list/R-REC-BO_en_2026-08-22.html",
        "pages/summary/T-REC-A.13-201909-I__SUM-HTM-E.htm",
        "pages/publications/T-SP-OB.1096-2016_2026-08-18.html",
        "pages/publications/notfound.aspx_2026-08-18.html",
        "api/mws/getRecHdrDetail_idrec-13853_2026-07-27.json",
    ],
)
def test_wrong_kind_of_page_is_a_parse_error(reference: Path, rel: str) -> None:
    with pytest.raises(ParseError):
        parse_edition_page((reference / rel).read_bytes(), recorded_url(reference, rel))


@pytest.mark.parametrize("pattern", ["pages/rec-detail/*.html", "pages/rec-detail/by-code/*.html"])
def test_rec_aspx_pages_are_a_parse_error(reference: Path, pattern: str) -> None:
    # rec.aspx has "Status:" cells and an editions table with /rec/ links: not a files table.
    for page in sorted(reference.glob(pattern)):
        with pytest.raises(ParseError):
            parse_edition_page(page.read_bytes(), "https://www.itu.int/rec/T-REC-A.13-201909-I")


@pytest.mark.parametrize("rel", reference_params(PAGES))
def test_truncated_pages(reference: Path, rel: str) -> None:
    body = (reference / rel).read_bytes()
    full = _parse(reference, rel)
    for cut in truncations(body):
        try:
            page = parse_edition_page(cut, recorded_url(reference, rel))
        except ParseError:
            continue
        assert page.edition_id == full.edition_id
        assert len(page.files) <= len(full.files)
        assert all(f in full.files or f.url in {g.url for g in full.files} for f in page.files)
