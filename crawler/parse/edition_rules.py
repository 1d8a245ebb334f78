"""The rules of a `/rec/<edition-id>` page that both of its readers share (bs4 and lxml).

`rec_edition` reads a page with BeautifulSoup, `rec_edition_lxml` with lxml's own tree (the
crawler's fast path, ~10x cheaper); so that the two cannot drift apart, what a marker, a status
line, a title or a download-table row means is written once, here, over plain strings.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

from crawler.parse.common import (
    FORMAT_CODES,
    LANGUAGE_CODES,
    absolute_url,
    clean_text,
    format_name,
    language_name,
    parse_date,
)
from crawler.records import FileItem
from crawler.urls import EDITION_IN_PATH

FORMATS_MARKER = re.compile(r"Available\s+languages\s+and\s+formats", re.I)
STATUS_LINE = re.compile(r"^\s*Status\s*:\s*(.*)$", re.I | re.S)
APPROVED = re.compile(r"Approved\s+in\b", re.I)
NUMBER_IN_HEADING = re.compile(r"Recommendation\s+(\S+)\s*\(", re.I)
PARENT_LINK = re.compile(r"recommendation\.asp\?.*parent=", re.I)
_SIZE = re.compile(r"(\d[\d,.\s]*)\s*bytes", re.I)
# "...!!PDF-E", "...!!MSW-E.docx", "...-OAS-ZPF-E.zip", "...-PDF-A.pdf": format code + language.
_DOC_CODE = re.compile(r"(?:!!|-)([A-Z]{2,4})-([A-Z])(?:\.[A-Za-z0-9]+)?(?:[&?#]|$)")


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


def file_item(href: object, base: str, cells: list[str], link_text: str, alt: object,
              language_above: str | None) -> tuple[FileItem, str | None]:
    """One download-table row from its cells' texts (language, link, "N bytes", posted date).

    `language_above` is the language of the rows above (a blank language cell repeats it);
    returned with the row, updated, for the next one.
    """
    code_format, code_language = _doc_code(href if isinstance(href, str) else None)
    cell_language = language_name(cells[0])
    language = cell_language or language_above
    label_format = format_name(link_text) or format_name(alt)
    item = FileItem(
        language=cell_language or language or code_language or "Unknown",
        format=code_format or label_format or clean_text(link_text) or "Unknown",
        size_bytes=_size(cells[2]),
        url=absolute_url(href, base),
        posted=parse_date(cells[3]) if len(cells) > 3 else None,
    )
    return item, language


def title_parts(title: str | None) -> tuple[str | None, str | None]:
    """Split `<title>G.Imp712 : Implementers' Guide ...</title>` (nbsp around the colon)."""
    if title and " : " in title:
        number, _, rest = title.partition(" : ")
        return clean_text(number), clean_text(rest)
    if title and ":" in title:
        number, _, rest = title.partition(":")
        return clean_text(number), clean_text(rest)
    return None, title
