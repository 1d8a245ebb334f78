"""Test the fast edition-page reader (lxml) against the BeautifulSoup reader: same answers.

Equivalence is the guard, as for the rec.aspx tabs: on every recorded page of www.itu.int
(the /rec/ edition pages and every other kind, which are no edition pages) and on ~300 edition
pages the offline mirror generates, `read_edition_page` either gives exactly what
`read_edition_soup` gives or gives None (bs4 decides); on real edition pages it must really
answer rather than quietly fall back. Markup where the two trees could differ falls back.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.parse.common import ParseError, decode_html
from crawler.parse.rec_edition import read_edition_soup
from crawler.parse.rec_edition_lxml import read_edition_page
from crawler.records import EditionFiles
from tests.mirror.catalogue import Catalogue
from tests.mirror.reference import load_reference
from tests.mirror.routing import Router
from tests.parsers import recorded_url
from tests.shared_paths import reference_dir

PAGES = "pages/rec-edition"
IMP712 = f"{PAGES}/T-REC-G.Imp712-200004-I_2025-04-08.html"
URL = "https://www.itu.int/rec/T-REC-G.Imp712-200004-I"


def _text(body: bytes) -> str:
    return decode_html(body, default="iso-8859-1")


def _soup_or_error(text: str, url: str) -> EditionFiles | ParseError:
    try:
        return read_edition_soup(text, url)
    except ParseError as exc:
        return exc


def _recorded() -> list[str]:
    root = reference_dir()
    if root is None:
        return ["<reference missing>"]
    return sorted(p.relative_to(root).as_posix() for p in (root / "pages").rglob("*.html"))


def test_every_recorded_page_reads_the_same_and_edition_pages_take_the_fast_path(
        reference: Path) -> None:
    fast_answers = 0
    for rel in _recorded():
        text = _text((reference / rel).read_bytes())
        url = recorded_url(reference, rel)
        fast = read_edition_page(text, url)
        if rel.startswith(PAGES + "/"):
            assert fast is not None, f"{rel}: fell back"
        if fast is not None:  # (None: parse_edition_page is bs4's, tested in test_rec_edition)
            fast_answers += 1
            assert fast == _soup_or_error(text, url), rel
    assert fast_answers >= 8


@pytest.fixture(scope="module")
def mirror_router(reference: Path) -> Router:
    """The mirror's router (no server: the pages are the point here, not HTTP)."""
    ref = load_reference(reference)
    return Router(ref, Catalogue(ref), None)


def test_mirror_edition_pages_read_the_same_on_the_fast_path(mirror_router: Router) -> None:
    cat = mirror_router.cat
    editions = [e for e in cat.served_editions() if e.edition_id]
    sample = editions[:: max(1, len(editions) // 300)]
    read = 0
    for ed in sample:
        response = mirror_router.route(f"/rec/{ed.edition_id}")
        if response.status != 200:
            continue
        url = f"https://www.itu.int/rec/{ed.edition_id}"
        text = _text(response.body)
        fast = read_edition_page(text, url)
        assert fast is not None, f"{url}: fell back"
        assert fast == read_edition_soup(text, url), url
        assert fast.files, url
        read += 1
    assert read >= 250


def _imp712(reference: Path) -> str:
    return _text((reference / IMP712).read_bytes())


@pytest.mark.parametrize("change", [
    # the marker first in a comment: bs4's find(string=...) may take it
    lambda t: t.replace("<body", "<!-- Available languages and formats --><body", 1),
    lambda t: t.replace("<body", "<script>var s='Approved in 1999';</script><body", 1),
    lambda t: t.replace("</body>", "<ruby>x<rt>y</rt></ruby></body>", 1),
    lambda t: t + "<p>after the end</p>",
    lambda t: t.replace("<body", '<input name="__VIEWSTATE" value="x"><body', 1),
], ids=["marker-in-comment", "approved-in-script", "ruby", "after-html", "viewstate"])
def test_markup_the_trees_may_read_apart_falls_back_to_bs4(reference: Path, change) -> None:
    text = change(_imp712(reference))
    assert read_edition_page(text, URL) is None
    parse = _soup_or_error(text, URL)
    assert isinstance(parse, ParseError) or parse.files  # bs4 still decides, as before


def test_a_page_without_file_rows_or_id_falls_back(reference: Path) -> None:
    text = _imp712(reference)
    no_rows = text.replace("dologin_pub.asp", "x").replace("href=", "data-x=")
    assert read_edition_page(no_rows, URL) is None
    assert read_edition_page(text, "https://www.itu.int/somewhere/else") is not None  # ?parent=
    assert read_edition_page("<html><body><p>Status : In force</p></body></html>", URL) is None
