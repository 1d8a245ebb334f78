"""Parse one `/rec/<edition-id>` page (the old XSLT "recommendation.asp" edition template).

Owns: number and title (from `<title>`), approval date, status and the "Available languages
and formats" download table of an ITU-T (`/rec/T-REC-...`) or ITU-R (`/rec/R-REC-.../en`)
edition page. The download-table reader `parse_download_table` is shared with the ITU-R
`/pub/` leaf pages (Resolutions, Reports, Questions), which use the same table.

Pages are iso-8859-1 by their `<meta>` (the HTTP header says only text/html), so the body is
decoded here, not by the fetcher. A page that has neither a status line nor a download table
(e.g. a versions page or a series list) raises `ParseError`, as do ASP.NET pages (rec.aspx,
SharePoint `/pub/`) and a truncated body (no closing `</html>`: its last link may be cut).
The crawler's fast path is `rec_edition_lxml`: it answers only where it is sure to agree with
the BeautifulSoup reader here (tests/parsers/test_rec_edition_lxml.py holds them to that).
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from crawler.parse.common import (
    ParseError,
    clean_text,
    decode_html,
    is_truncated_html,
    log,
    make_soup,
    normalise_status,
    parse_date,
    status_from_edition_id,
)
from crawler.parse.edition_rules import (
    APPROVED,
    FORMATS_MARKER,
    NUMBER_IN_HEADING,
    PARENT_LINK,
    STATUS_LINE,
    edition_id_from_url,
    file_item,
    title_parts,
)
from crawler.parse.rec_edition_lxml import read_edition_page
from crawler.records import EditionFiles, FileItem
from crawler.urls import REC_BASE

__all__ = [
    "FORMATS_MARKER",
    "edition_id_from_url",
    "parse_download_table",
    "parse_edition_page",
    "read_edition_soup",
]


def parse_download_table(root: Tag, base: str = REC_BASE) -> list[FileItem]:
    """Read the "Available languages and formats" rows below root's marker, one per file.

    Columns: language (blank = same as the row above), format link, "N bytes", posted date,
    article number. Only rows after the marker count, so the Summary/ToC links above it are
    never taken for files; without the marker there are no files.
    """
    marker = root.find(string=FORMATS_MARKER)
    if marker is None:
        return []  # no table: guessing from other tables would take editions for files
    files: list[FileItem] = []
    language: str | None = None
    for tr in marker.find_all_next("tr"):
        tds = tr.find_all("td", recursive=False)
        if len(tds) < 3 or tr.find("tr") is not None:
            continue
        link = tds[1].find("a", href=True)
        if link is None:
            continue
        img = link.find("img")
        alt = img.get("alt") if img is not None else None
        cells = [td.get_text(" ") for td in tds[:4]]
        item, language = file_item(link.get("href"), base, cells, link.get_text(" "), alt,
                                   language)
        files.append(item)
    return files


def _status(soup: BeautifulSoup) -> tuple[bool, str | None]:
    """Find `<p>Status :  In force (Main)</p>`; return (line found, normalised status)."""
    for p in soup.find_all("p"):
        m = STATUS_LINE.match(p.get_text(" "))
        if m:
            return True, normalise_status(m.group(1))
    return False, None


def parse_edition_page(body: bytes, url: str) -> EditionFiles:
    """Parse a `/rec/<edition-id>` page into its number, title, date, status and files."""
    if not body or not bytes(body).strip():
        raise ParseError(f"{url}: empty body")
    if is_truncated_html(bytes(body)):
        raise ParseError(f"{url}: truncated HTML (no closing </html>)")
    text = decode_html(bytes(body), default="iso-8859-1")
    # lxml's own tree where it surely reads what bs4 reads (~10x cheaper: the crawler reads
    # one such page per edition); bs4 decides every other page, and every ParseError.
    return read_edition_page(text, url) or read_edition_soup(text, url)


def read_edition_soup(text: str, url: str) -> EditionFiles:
    """The BeautifulSoup reader of a decoded edition page (parse_edition_page's fallback)."""
    soup = make_soup(text)
    if soup.find("input", attrs={"name": "__VIEWSTATE"}) is not None:
        # rec.aspx and the SharePoint /pub/ pages are ASP.NET forms; the XSLT page is not.
        raise ParseError(f"{url}: an ASP.NET page (rec.aspx or /pub/), not an edition page")
    has_status, status = _status(soup)
    has_table = soup.find(string=FORMATS_MARKER) is not None
    if not has_status and not has_table:
        raise ParseError(f"{url}: no status line and no download table: not an edition page")
    edition_id = edition_id_from_url(url)
    if edition_id is None:
        # The language switch links carry the id: "./recommendation.asp?lang=fr&parent=T-REC-...".
        link = soup.find("a", href=PARENT_LINK)
        edition_id = edition_id_from_url(str(link.get("href"))) if link is not None else None
    if edition_id is None:
        raise ParseError(f"{url}: cannot tell the edition id from the URL or the page")
    number, title = title_parts(clean_text(soup.title.get_text(" ")) if soup.title else None)
    if number is None:
        heading = soup.find(string=NUMBER_IN_HEADING)
        m = NUMBER_IN_HEADING.search(str(heading)) if heading is not None else None
        number = m.group(1) if m else None
    approved = soup.find(string=APPROVED)
    files = parse_download_table(soup, REC_BASE)
    if has_table and not files:
        log.warning("%s: download table without any file rows", url)
    return EditionFiles(
        edition_id=edition_id,
        number=number,
        title=title,
        approval_date=parse_date(str(approved)) if approved is not None else None,
        status=status or status_from_edition_id(edition_id),
        files=tuple(files),
    )
