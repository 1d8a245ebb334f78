"""Parse the `…!!SUM-HTM-E.htm` summary fragments (Word "filtered HTML" exports) into text.

Owns: turning one fragment into clean paragraph text, paragraphs separated by "\\n\\n",
without the "Summary" / "Summary - G.8312 (2020) Amd. 3 (08/2024) -" heading.

The fragments declare `charset=windows-1252` in `<meta>` and are mostly ASCII, but about half
carry raw cp1252 bytes (0x96 en dash, 0x95 bullet, 0xa0 nbsp) and some have bytes undefined
in cp1252 (0x8f in Word's CSS style names), so decoding is lenient. Word wraps lines inside
paragraphs and splits words around inline tags ("1<sup>st</sup>"), so text is joined without
separators inside a block and blocks are the paragraph boundaries.
"""

from __future__ import annotations

import re

from bs4 import Tag
from bs4.element import NavigableString

from crawler.parse.common import (
    ParseError,
    clean_text,
    decode_html,
    is_truncated_html,
    make_soup,
)

_BLOCKS = (
    "p", "div", "li", "ul", "ol", "table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "dd", "dt",
)  # fmt: skip
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SEP = "\u2029"  # paragraph separator: never in ITU text, survives get_text()
# "Summary", "SUMMARY", "Summary - G.8312 (2020) Amd. 3 (08/2024) -"
_BOILERPLATE = re.compile(r"^summary\b", re.I)
_HTML_HINT = re.compile(r"<\s*(html|body|p|div|h[1-6]|table|span)\b", re.I)
# Word's non-breaking hyphen ("ITU&#8209;T") would make "ITU-T G.994.1" unsearchable.
_TYPOGRAPHY = {ord("\u2011"): "-"}


def _is_page_not_fragment(soup: Tag) -> bool:
    """A whole site page (ASP.NET form, SharePoint, frames, app shell) is not a fragment."""
    if soup.find(["form", "frameset"]) is not None:
        return True
    # Word's filtered HTML inlines its CSS and has no scripts; site templates (e.g. the
    # search app's HTTP 500 page) load both scripts and external stylesheets.
    stylesheet = soup.find("link", attrs={"rel": re.compile("stylesheet", re.I)})
    return stylesheet is not None and soup.find("script") is not None


def parse_summary(body: bytes, url: str) -> str | None:
    """Return a summary fragment's paragraphs joined by "\\n\\n"; None when it has no text."""
    if not body or not bytes(body).strip():
        return None
    if is_truncated_html(bytes(body)):
        raise ParseError(f"{url}: truncated HTML (no closing </html>)")
    text = decode_html(bytes(body), default="windows-1252")
    if not _HTML_HINT.search(text):
        raise ParseError(f"{url}: not an HTML fragment")
    soup = make_soup(text)
    if _is_page_not_fragment(soup):
        raise ParseError(f"{url}: a whole site page, not a summary fragment")
    root = soup.body or soup
    for junk in root.find_all(["script", "style", "title", "head", "noscript"]):
        junk.decompose()
    for h in root.find_all(list(_HEADINGS)):
        heading = clean_text(h.get_text(""))
        if heading and _BOILERPLATE.match(heading):
            h.decompose()  # the fragment's own "Summary" heading, not content
    for br in root.find_all("br"):
        br.replace_with(NavigableString(" "))
    for block in root.find_all(list(_BLOCKS)):
        block.insert_before(NavigableString(_SEP))
        block.append(NavigableString(_SEP))
    paragraphs = [clean_text(p) for p in root.get_text("").translate(_TYPOGRAPHY).split(_SEP)]
    kept = [p for p in paragraphs if p]
    return "\n\n".join(kept) or None
