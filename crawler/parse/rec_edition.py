"""Parse one `/rec/<edition-id>` page (the old XSLT "recommendation.asp" edition template).

Owns: number and title (from `<title>`), approval date, status and the "Available languages
and formats" download table of an ITU-T (`/rec/T-REC-...`) or ITU-R (`/rec/R-REC-.../en`)
edition page. The download-table reader `parse_download_table` is shared with the ITU-R
`/pub/` leaf pages (Resolutions, Reports, Questions), which use the same table.

Pages are iso-8859-1 by their `<meta>` (the HTTP header says only text/html), so the body is
decoded here, not by the fetcher. A page that has neither a status line nor a download table
(e.g. a versions page or a series list) raises `ParseError`, as do ASP.NET pages (rec.aspx,
SharePoint `/pub/`) and a truncated body (no closing `</html>`: its last link may be cut).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

from bs4 import BeautifulSoup, Tag

from crawler.parse.common import (
    FORMAT_CODES,
    LANGUAGE_CODES,
    ParseError,
    absolute_url,
    clean_text,
    decode_html,
    format_name,
    is_truncated_html,
    language_name,
    log,
    make_soup,
    normalise_status,
    parse_date,
    status_from_edition_id,
)
from crawler.records import EditionFiles, FileItem
from crawler.urls import EDITION_IN_PATH, REC_BASE

FORMATS_MARKER = re.compile(r"Available\s+languages\s+and\s+formats", re.I)
_STATUS = re.compile(r"^\s*Status\s*:\s*(.*)$", re.I | re.S)
_APPROVED = re.compile(r"Approved\s+in\b", re.I)
_SIZE = re.compile(r"(\d[\d,.\s]*)\s*bytes", re.I)
# "...!!PDF-E", "...!!MSW-E.docx", "...-OAS-ZPF-E.zip", "...-PDF-A.pdf": format code + language.
_DOC_CODE = re.compile(r"(?:!!|-)([A-Z]{2,4})-([A-Z])(?:\.[A-Za-z0-9]+)?(?:[&?#]|$)")
_NUMBER_IN_HEADING = re.compile(r"Recommendation\s+(\S+)\s*\(", re.I)


def edition_id_from_url(url: str) -> str | None:
    """Read the edition id of `/rec/T-REC-G.Imp712-200004-I`, `/rec/R-REC-.../en` or `?parent=`."""
    if not isinstance(url, str) or not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    # ".../recommendation.asp?parent=<id>" shows the parent, whatever the path says.
    parent = parse_qs(parts.query).get("parent")
    if parent and parent[0].strip():
        return parent[0].strip()
    m = EDITION_IN_PATH.search(unquote(parts.path))
    return m.group(1) if m else None


def _doc_code(href: str | None) -> tuple[str | None, str | None]:
    """Return (format, language) told by a document link's code suffix, each None if absent."""
    if not href:
        return None, None
    m = _DOC_CODE.search(href)
    if not m:
        return None, None
    return FORMAT_CODES.get(m.group(1)), LANGUAGE_CODES.get(m.group(2))


def _size(text: str | None) -> int | None:
    """Read "28672 bytes" (ITU prints plain digits; tolerate thousands separators)."""
    if not text:
        return None
    m = _SIZE.search(text)
    if not m:
        return None
    digits = re.sub(r"\D", "", m.group(1))
    return int(digits) if digits else None


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
        href = link.get("href")
        url = absolute_url(href, base)
        code_format, code_language = _doc_code(href if isinstance(href, str) else None)
        cell_language = language_name(tds[0].get_text(" "))
        if cell_language:
            language = cell_language
        row_language = cell_language or language or code_language or "Unknown"
        img = link.find("img")
        alt = img.get("alt") if img is not None else None
        label_format = format_name(link.get_text(" ")) or format_name(alt)
        fmt = code_format or label_format or clean_text(link.get_text(" ")) or "Unknown"
        files.append(
            FileItem(
                language=row_language,
                format=fmt,
                size_bytes=_size(tds[2].get_text(" ")),
                url=url,
                posted=parse_date(tds[3].get_text(" ")) if len(tds) > 3 else None,
            )
        )
    return files


def _title_parts(soup: BeautifulSoup) -> tuple[str | None, str | None]:
    """Split `<title>G.Imp712 : Implementers' Guide ...</title>` (nbsp around the colon)."""
    title = clean_text(soup.title.get_text(" ")) if soup.title else None
    if title and " : " in title:
        number, _, rest = title.partition(" : ")
        return clean_text(number), clean_text(rest)
    if title and ":" in title:
        number, _, rest = title.partition(":")
        return clean_text(number), clean_text(rest)
    return None, title


def _status(soup: BeautifulSoup) -> tuple[bool, str | None]:
    """Find `<p>Status :  In force (Main)</p>`; return (line found, normalised status)."""
    for p in soup.find_all("p"):
        m = _STATUS.match(p.get_text(" "))
        if m:
            return True, normalise_status(m.group(1))
    return False, None


def parse_edition_page(body: bytes, url: str) -> EditionFiles:
    """Parse a `/rec/<edition-id>` page into its number, title, date, status and files."""
    if not body or not bytes(body).strip():
        raise ParseError(f"{url}: empty body")
    if is_truncated_html(bytes(body)):
        raise ParseError(f"{url}: truncated HTML (no closing </html>)")
    soup = make_soup(decode_html(bytes(body), default="iso-8859-1"))
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
        link = soup.find("a", href=re.compile(r"recommendation\.asp\?.*parent=", re.I))
        edition_id = edition_id_from_url(str(link.get("href"))) if link is not None else None
    if edition_id is None:
        raise ParseError(f"{url}: cannot tell the edition id from the URL or the page")
    number, title = _title_parts(soup)
    if number is None:
        heading = soup.find(string=_NUMBER_IN_HEADING)
        m = _NUMBER_IN_HEADING.search(str(heading)) if heading is not None else None
        number = m.group(1) if m else None
    approved = soup.find(string=_APPROVED)
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
