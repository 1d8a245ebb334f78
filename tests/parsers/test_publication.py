"""Tests for crawler.parse.publication against every recorded `/pub/` page."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from crawler.parse.common import ParseError
from crawler.parse.publication import parse_publication, pub_id_from_url
from crawler.records import FileItem, Publication, PublicationListing
from tests.parsers import LANGUAGES, recorded_url, reference_params, truncations

PAGES = "pages/publications"
OB_RECORDINGS = [
    f"{PAGES}/T-SP-OB.1096-2016_2019-07-19.html",
    f"{PAGES}/T-SP-OB.1096-2016_2021-04-22.html",
    f"{PAGES}/T-SP-OB.1096-2016_2026-08-18.html",
]
FORMATS = {"PDF", "Word", "Zip", "Paper", "DVD", "CD"}
HDB_INDEX = f"{PAGES}/R-HDB_en_2026-08-20.html"


def _parse(reference: Path, rel: str) -> Publication:
    return parse_publication((reference / rel).read_bytes(), recorded_url(reference, rel))


@pytest.mark.parametrize("rel", reference_params(PAGES))
def test_every_publication_page_parses_plausibly(reference: Path, rel: str) -> None:
    url = recorded_url(reference, rel)
    pub = _parse(reference, rel)
    if "notfound.aspx" in rel:
        assert pub.not_found and pub.items == () and pub.title is None
        return
    assert not pub.not_found
    assert pub.pub_id == re.search(r"/pub/([^/]+)", url).group(1)
    assert pub.title and "\u200b" not in pub.title and "  " not in pub.title
    assert pub.handle_url is None or pub.handle_url.startswith("http://handle.itu.int/11.1002/pub/")
    for item in pub.items:
        assert item.language in LANGUAGES
        assert item.format in FORMATS
        # The sidebar's "QUICK LINKS" catalogue PDF (S-GEN-CAT...) is never an item.
        assert item.url is None or (pub.pub_id in item.url and "S-GEN-CAT" not in item.url)
        # Free files live under /dms_pub/, priced ones under /dms_pay/.
        assert item.url is None or re.match(r"https://www\.itu\.int/dms_p(ub|ay)/", item.url)
        assert item.price is None or re.fullmatch(r"Free of charge|\d+ CHF", item.price)
    for other in pub.other_editions:
        assert other != pub.pub_id and other.startswith(pub.pub_id) and not re.search(r"\s", other)
    if rel != HDB_INDEX:
        assert pub.listed == ()  # only the R-HDB index lists products (checked below)


@pytest.mark.parametrize("rel", OB_RECORDINGS)
def test_operational_bulletin_checked_by_eye(reference: Path, rel: str) -> None:
    base = "https://www.itu.int/dms_pub/itu-t/opb/sp/T-SP-OB.1096-2016-OAS-"
    assert _parse(reference, rel) == Publication(
        pub_id="T-SP-OB.1096-2016",
        title="Operational Bulletin No. 1096 (15.III.2016)",
        year="15.III.2016",
        handle_url="http://handle.itu.int/11.1002/pub/80d5e36a-en",
        observation=None,
        items=(
            FileItem("English", "Zip", None, f"{base}ZIP-E.zip", price="Free of charge"),
            FileItem("English", "PDF", None, f"{base}PDF-E.pdf", price="Free of charge"),
        ),  # the second row's blank language cell means "same as above"
        other_editions=(),
    )


def test_not_found_page(reference: Path) -> None:
    rel = f"{PAGES}/notfound.aspx_2026-08-18.html"
    assert _parse(reference, rel) == Publication(pub_id="", title=None, year=None, not_found=True)
    # Fetched under the asked /pub URL (redirect followed by the client), the id is kept.
    body = (reference / rel).read_bytes()
    pub = parse_publication(body, "https://www.itu.int/pub/T-TUT-HOME-2020-1")
    assert pub.not_found and pub.pub_id == "T-TUT-HOME-2020-1"


def test_handbook_family_page_lists_other_editions(reference: Path) -> None:
    pub = _parse(reference, f"{PAGES}/R-HDB-43_en_2026-08-20.html")
    assert pub.title == "Space Research Communications"
    assert pub.other_editions == ("R-HDB-43-2026", "R-HDB-43-2013", "R-HDB-43-2002")
    assert pub.observation and pub.observation.startswith("This Handbook is concerned principally")
    assert (pub.items, pub.year, pub.handle_url) == ((), None, None)


def test_handbook_leaf_with_paper_items(reference: Path) -> None:
    pub = _parse(reference, f"{PAGES}/R-HDB-43-2013_en_2026-08-20.html")
    assert (pub.year, pub.handle_url) == ("2014", "http://handle.itu.int/11.1002/pub/80b46e0b-en")
    assert pub.items[:3] == (
        FileItem(
            "English",
            "PDF",
            None,
            "https://www.itu.int/dms_pub/itu-r/opb/hdb/R-HDB-43-2013-OAS-PDF-E.pdf",
            price="Free of charge",
        ),
        FileItem(
            "English",
            "Word",  # icon alt "Microsoft word format"
            None,
            "https://www.itu.int/dms_pub/itu-r/opb/hdb/R-HDB-43-2013-OAS-MSW-E.docx",
            price="Free of charge",
        ),
        FileItem("English", "Paper", None, None, price="Free of charge"),  # "ADD TO CART"
    )
    assert [i.language for i in pub.items if i.format == "PDF"] == [
        "English", "Arabic", "Chinese", "Spanish", "French", "Russian",
    ]  # fmt: skip


def test_priced_handbook_with_extra_cells_and_dms_pay_links(reference: Path) -> None:
    pub = _parse(reference, f"{PAGES}/R-HDB-43-2002_en_2026-08-20.html")
    assert pub.year == "Edition of 2002"  # "Year:" as printed
    assert pub.items[0] == FileItem("Multilingual", "CD", None, None, price="24 CHF")
    assert pub.items[1] == FileItem(
        "English",
        "Zip",
        None,
        "https://www.itu.int/dms_pay/itu-r/opb/hdb/R-HDB-43-2002-OAS-ZWD-E.zip",
        price="24 CHF",
    )
    assert {i.price for i in pub.items} == {"24 CHF"}
    assert len(pub.items) == 13


def test_radio_regulations_priced_and_multilingual_items(reference: Path) -> None:
    old = _parse(reference, f"{PAGES}/R-REG-RR-2020_2021-04-21.html")
    dvd = old.items[0]
    assert (dvd.language, dvd.format, dvd.price) == ("Multilingual", "DVD", "442 CHF")
    assert dvd.url is None
    new = _parse(reference, f"{PAGES}/R-REG-RR-2020_2026-08-18.html")
    assert len(new.items) == 19
    assert new.observation and new.observation.startswith("The Radio Regulations, Edition of 2020")
    zipped = [i for i in new.items if i.language == "English" and i.format == "Zip"]
    assert [i.url.rsplit("/", 1)[1] for i in zipped] == [
        "R-REG-RR-2020-ZPF-E.zip",  # "zipped pdf"
        "R-REG-RR-2020-ZIP-E.zip",  # "zipped MSWord"
    ]


def test_itu_r_resolution_leaf_uses_the_download_table(reference: Path) -> None:
    pub = _parse(reference, f"{PAGES}/R-RES-R.1-8-2019_en_2026-08-18.html")
    assert pub.year == "2019"  # from "Resolution 1-8 (2019)"
    assert pub.title.startswith("Working methods for the Radiocommunication Assembly")
    assert len(pub.items) == 12
    assert pub.items[0] == FileItem(
        "English",
        "Word",
        76795,
        "https://www.itu.int/dms_pub/itu-r/opb/res/R-RES-R.1-8-2019-MSW-E.docx",
        posted=date(2019, 10, 31),
    )
    assert pub.items[3].language == "French" and pub.items[3].format == "PDF"  # "Français"


def test_itu_r_family_version_tables(reference: Path) -> None:
    pub = _parse(reference, f"{PAGES}/R-RES-R.1_en_2026-08-18.html")
    assert pub.other_editions == (
        "R-RES-R.1-9-2023", "R-RES-R.1-8-2019", "R-RES-R.1-7-2015", "R-RES-R.1-6-2012",
        "R-RES-R.1-5-2007", "R-RES-R.1-4-2003", "R-RES-R.1-3-2000", "R-RES-R.1-2-1997",
        "R-RES-R.1-1-1995", "R-RES-R.1-1993",
    )  # fmt: skip
    rep = _parse(reference, f"{PAGES}/R-REP-BO.1227_en_2026-08-22.html")
    assert rep.other_editions == ("R-REP-BO.1227-2-1998", "R-REP-BO.1227-1-1994")


@pytest.mark.parametrize(
    "name",
    ["R-HDB_en_2026-08-20.html", "R-QUE-SG01_en_2026-08-18.html", "R-REP_en_2026-08-22.html"],
)
def test_index_pages_have_no_items_editions_or_observation(reference: Path, name: str) -> None:
    pub = _parse(reference, f"{PAGES}/{name}")
    assert pub.title and pub.items == () and pub.other_editions == () and pub.observation is None


def test_handbook_index_lists_every_product_under_its_group(reference: Path) -> None:
    pub = _parse(reference, HDB_INDEX)
    assert (pub.pub_id, pub.title) == ("R-HDB", "Handbooks")
    # Checked by eye: 45 a.producttitle links under 7 <strong>SGnn</strong> group rows.
    assert len(pub.listed) == 45 == len({x.pub_id for x in pub.listed})
    groups = [x.group for x in pub.listed]
    assert {g: groups.count(g) for g in dict.fromkeys(groups)} == {
        "SG00": 1, "SG01": 4, "SG03": 8, "SG04": 6, "SG05": 14, "SG06": 6, "SG07": 6,
    }  # fmt: skip
    assert pub.listed[:3] == (
        PublicationListing("R-HDB-48", "Emergency and Disaster relief", "SG00"),
        # "Supplement to  Handbook" (two spaces) on the page; the href starts "&#xA;&#x9;..."
        PublicationListing("R-HDB-53", "Supplement to Handbook on Spectrum Monitoring", "SG01"),
        PublicationListing("R-HDB-23", "Spectrum Monitoring", "SG01"),  # has a span.observation
    )
    by_id = {x.pub_id: x for x in pub.listed}
    assert by_id["R-HDB-13"] == PublicationListing(
        "R-HDB-13", "Curves for Radiowave Propagation over the Surface of the Earth", "SG03"
    )
    assert by_id["R-HDB-65"] == PublicationListing(
        "R-HDB-65", "Handbook on Small Satellites", "SG04"
    )
    assert by_id["R-HDB-29"].title == "ITU-R SNG User's Guide"
    assert pub.listed[-1] == PublicationListing("R-HDB-43", "Space Research Communications", "SG07")
    assert all(re.fullmatch(r"R-HDB-\d{2}", x.pub_id) for x in pub.listed)
    assert not any("Handbook provides" in (x.title or "") for x in pub.listed)


@pytest.mark.parametrize(
    "name",
    [
        "R-HDB-43_en_2026-08-20.html",  # family page: editions are other_editions, not listings
        "R-HDB-43-2013_en_2026-08-20.html",  # leaf with a "Publication Notice" producttitle
        "R-REG-RR-2020_2026-08-18.html",  # the same popup_notice(...) producttitle link
        "T-SP-OB.1096-2016_2026-08-18.html",
    ],
)
def test_family_and_leaf_pages_list_nothing(reference: Path, name: str) -> None:
    assert _parse(reference, f"{PAGES}/{name}").listed == ()


_INDEX_PAGE = """<html><head><title>Technical Papers</title></head><body>
<div class="page-heading"><h1>Technical Papers</h1></div>
<div class="col-22 content"><div><b>Intro</b> text</div><table>
<tr><td colspan="2"><ul><li><a class="producttitle" href="/pub/T-TUT-A-2020/en">
  First  paper</a></li></ul></td></tr>
<tr><td valign="top"><strong>SG12</strong></td><td>Performance, QoS and QoE</td></tr>
<tr><td colspan="2"><ul>
<li><a class="producttitle" href="&#xA;&#x9;publications.aspx?lang=en&amp;parent=&#xA;
  T-TUT-B-2021&#x9;">Second</a><br /><span class="observation">About <strong>it</strong></span></li>
<li><a class="producttitle" href="publications.aspx?lang=en&amp;media=paper&amp;parent=T-TUT-C"
  >Paper copy</a></li>
<li><a class="producttitle" href="javascript:popup_notice('T-TUT','e')">Notice</a></li>
<li><a href="publications.aspx?lang=en&amp;parent=T-TUT-D-2022">Not a product link</a></li>
<li><a class="producttitle" href="publications.aspx?lang=en&amp;parent=T-TUT">Itself</a></li>
</ul></td></tr>
<tr><td valign="top"><strong>TSAG</strong></td><td>Advisory group</td></tr>
<tr><td colspan="2"><ul><li><a class="producttitle" href="https://www.itu.int/pub/T-TUT-E-2023"
  ><strong>Fifth</strong></a></li>
<li><a class="producttitle" href="https://www.itu.int/pub/T-TUT-E-2023">Fifth</a></li>
<li><a class="producttitle" href="publications.aspx?lang=en&amp;parent=T-TUT-A-2020">First
  paper</a></li></ul></td></tr>
</table></div></body></html>"""


def test_synthetic_itu_t_index_page() -> None:
    pub = parse_publication(_INDEX_PAGE.encode(), "https://www.itu.int/pub/T-TUT/en")
    assert (pub.pub_id, pub.title, pub.items, pub.other_editions) == (
        "T-TUT",
        "Technical Papers",
        (),
        (),
    )
    assert pub.listed == (
        PublicationListing("T-TUT-A-2020", "First paper", None),  # before any group heading
        PublicationListing("T-TUT-B-2021", "Second", "SG12"),  # whitespace inside the href
        PublicationListing("T-TUT-E-2023", "Fifth", "TSAG"),  # bold link text is not a heading
        PublicationListing("T-TUT-A-2020", "First paper", "TSAG"),  # listed again elsewhere
    )  # media= copies, popup_notice, plain links and the page itself are not products


def test_leaf_page_with_product_links_lists_nothing() -> None:
    body = (
        b'<html><body><div class="col-22 content"><table><tr><td class="title">'
        b"<strong>Leaf</strong><br />Year: 2020</td></tr><tr><td><a class='producttitle' "
        b'href="publications.aspx?lang=en&amp;parent=T-TUT-X-2019">Other</a></td></tr>'
        b"</table></div></body></html>"
    )
    pub = parse_publication(body, "https://www.itu.int/pub/T-TUT-A-2020")
    assert (pub.title, pub.year, pub.listed) == ("Leaf", "2020", ())


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.itu.int/pub/T-SP-OB.1096-2016", "T-SP-OB.1096-2016"),
        ("http://www.itu.int/pub/R-HDB-43/en", "R-HDB-43"),
        ("https://www.itu.int/pub/T-TUT-HOME-2020-1?lang=en", "T-TUT-HOME-2020-1"),
        (
            "https://www.itu.int/en/publications/ITU-R/Pages/publications.aspx?lang=en"
            "&parent=R-HDB-43-2013",
            "R-HDB-43-2013",
        ),
        ("publications.aspx?lang=en&parent=\n\t\t\t\t\t\tR-HDB-43-2002", "R-HDB-43-2002"),
        ("https://www.itu.int/en/publications/pages/notfound.aspx", None),
        ("", None),
    ],
)
def test_pub_id_from_url(url: str, expected: str | None) -> None:
    assert pub_id_from_url(url) == expected


# --- robustness -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"  ",
        b"garbage",
        b"\x00\xff\xfe\x81\x8f</html>",
        b"<html><body><p>Service Unavailable</p></body></html>",
        b'{"Total": 0, "Data": []}',
        b'<html><body><div class="col-22 content"></div></body></html>',
        b'<html><body><div class="col-22 content"><table class="itemtable"><tr><td>1</td>'
        b"<td>2</td><td>3</td><td>4</td></tr></table></div></body></html>",
    ],
)
def test_garbage_is_a_parse_error_or_valid(body: bytes) -> None:
    try:
        pub = parse_publication(body, "https://www.itu.int/pub/T-TUT-HOME-2020-1")
    except ParseError:
        return
    assert isinstance(pub, Publication) and pub.pub_id == "T-TUT-HOME-2020-1"


@pytest.mark.parametrize(
    "rel",
    [
        "pages/rec-edition/T-REC-G.Imp712-200004-I_2025-04-08.html",
        "pages/summary/T-REC-H.264-201906-I__SUM-HTM-E.htm",
        "api/mws/getRecEditions_idrec-14659_2026-07-27.json",
    ],
)
def test_wrong_kind_of_page_is_a_parse_error(reference: Path, rel: str) -> None:
    with pytest.raises(ParseError):
        parse_publication((reference / rel).read_bytes(), "https://www.itu.int/pub/T-SP-OB")


def test_rec_aspx_pages_are_a_parse_error(reference: Path) -> None:
    for page in sorted(reference.glob("pages/rec-detail/*.html")):
        with pytest.raises(ParseError):
            parse_publication(page.read_bytes(), "https://www.itu.int/pub/T-TUT-HOME-2020-1")


@pytest.mark.parametrize("rel", reference_params(PAGES))
def test_truncated_pages(reference: Path, rel: str) -> None:
    body = (reference / rel).read_bytes()
    full = _parse(reference, rel)
    for cut in truncations(body):
        try:
            pub = parse_publication(cut, recorded_url(reference, rel))
        except ParseError:
            continue
        assert pub.pub_id == full.pub_id and pub.not_found == full.not_found
        assert set(pub.items) <= set(full.items)
        assert set(pub.listed) <= set(full.listed)
