"""Parse ITU-T `rec.aspx` Recommendation detail pages into a `RecPage` (pure, no network).

This module owns everything read from the ASP.NET WebForms page
`https://www.itu.int/ITU-T/recommendations/rec.aspx?rec=<idrec or code>&lang=en`:

* the main info block: code heading (`ITU-T A.13 (09/2019)`), title, summary, PDF link and the
  `td.cell_left` / `td.cell_right` field rows (Citation, Series title, Approval date, ...);
* the tab panels: Editions, Related Supplement(s), Implementer's guide(s) and Related technical
  papers and reports (the 2026 "this page will soon be deactivated" banner is ignored).

Two entry points: `parse_rec_page` reads everything (BeautifulSoup, ~17 ms a page);
`parse_rec_relations` reads only the relation tabs and the banner (lxml, ~14x faster), for
callers that already have the header from the JSON API. The tab and row rules that both use
live in `rec_aspx_tabs`, so the two give the same relations.

Every layout recorded 2019-2026 is read by the same code because it keys on what a reader sees,
not on ASP.NET control ids: field rows by their label text (the span ids were renumbered between
layouts: `..._Label6` was Citation in 2019 and is Series title since 2023), tabs by their header
text, and table columns by their header text. Where an id must be used it is a stable semantic
fragment, never a `ctlNN` number: the header anchor `__tab_<panel id>` that the AJAX Control
Toolkit renders for each tab, the `lbl_rec` span of the code heading and the `txt_idrec` hidden
field.

Errors: labels, tabs or rows that are not understood never raise; unknown labels are logged on
`itucat.parse` and listed in `RecPage.unknown_labels`. `ParseError` (from `common`) is raised
only when the body is clearly not a rec.aspx detail page at all: not HTML (empty, JSON, XML), or
no main info block (neither the code heading nor one known field label; a `td.title` alone is not
enough, publication pages have one too). A truncated page returns what it still holds.

URLs: relative links are resolved against the canonical page location
`https://www.itu.int/ITU-T/recommendations/rec.aspx` rather than against `url`, so a page fetched
through a mirror still yields www.itu.int links; absolute links are kept as printed (hosts and
schemes are rewritten, if at all, by the crawler later).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString, PreformattedString

from crawler.parse.common import (
    ParseError,
    approval_process_code,
    clean_text,
    normalise_status,
    parse_date,
    parse_int,
    strip_controls,
    strip_prefix,
)
from crawler.parse.rec_aspx_tabs import (
    LBL_REC,
    RELATION_READERS,
    label_key,
    note_unknown,
    read_relations,
    read_tabs,
    tab_panels,
)
from crawler.parse.rec_links import absolute, query_int
from crawler.records import RecHeader, RecPage

log = logging.getLogger("itucat.parse")

# Field label (lower case, no colon, &nbsp; as space) -> RecHeader field it fills.
# "further details" only holds links (patent statements, development history, work programme)
# that no record keeps, so it is known but ignored.
FIELD_LABELS: dict[str, str | None] = {
    "citation": "handle_url",
    "series title": "series_titles",
    "approval date": "approval_date",
    "provisional name": "provisional_name",
    "identical standard": "iso_number",
    "equivalent standard": "iso_number",  # the JSON API's wording, in case the page adopts it
    "approval process": "approval_process",
    "status": "status",
    "observation": "observation",
    "maintenance responsibility": "study_group",
    "further details": None,
}

_PDF_LINK_TITLE = "Persistent link to download the PDF file"
_TXT_IDREC = re.compile(r"txt_idrec$")
_WS = re.compile(r"[ \t\r\f\v\xa0]+")
_ANY_WS = re.compile(r"\s+")
_XML_PREFIX = re.compile(rb"^\s*<\?xml", re.I)
_LOOKS_LIKE_HTML = re.compile(rb"<[^ +]html", re.I)


def parse_rec_page(body: bytes, url: str) -> RecPage:
    """Parse one rec.aspx detail page; raise ParseError only if it is not such a page at all."""
    soup = _soup(body, url)
    unknown: list[str] = []
    header = _parse_header(soup, url, unknown)
    tabs = read_tabs(SOUP, tab_panels(SOUP, soup), url, unknown, RELATION_READERS)
    return RecPage(
        header=header,
        **tabs,
        unknown_labels=tuple(unknown),
    )


def parse_rec_relations(body: bytes, url: str) -> RecPage:
    """Parse only the relation tabs of a rec.aspx page, ~14x faster than parse_rec_page.

    For callers that have the header from the JSON API (getRecHdrDetail) and need only what
    rec.aspx alone lists. Filled as parse_rec_page fills them: `editions` (the whole lineage,
    across renumbering), `supplements`, `implementers_guides`, `related_publications` and
    `unknown_labels` with unknown *tab* names only (field labels are not read). Left empty on
    purpose: `header` is `RecHeader(idrec=None, rec_name="", title=None, summary=None)`.

    Whenever the lxml reader is not certain to agree with parse_rec_page (no tab headers, no
    proven main info block, not HTML, any unexpected error) this returns parse_rec_page's
    result instead, header and editions included; so it raises ParseError exactly where
    parse_rec_page does and never yields less than it.
    """
    try:
        page = read_relations(body, url, FIELD_LABELS) if _is_html(body) else None
    except Exception:  # any surprise in the fast path: the full parser decides
        log.debug("rec.aspx %s: fast tab reader failed, using parse_rec_page", url, exc_info=True)
        page = None
    return page if page is not None else parse_rec_page(body, url)


def _soup(body: bytes, url: str) -> BeautifulSoup:
    """Build the tree, refusing bodies that are not HTML (so bs4 never warns about them)."""
    if not isinstance(body, bytes | bytearray):
        raise ParseError(f"rec.aspx {url}: body is {type(body).__name__}, not bytes")
    # No tag at all (empty, JSON, plain text) or an XML document: not a rec.aspx page. Checking
    # here also spares bs4's "looks like a filename/URL/XML" warnings, which are errors under -W.
    if not _is_html(body):
        raise ParseError(f"rec.aspx {url}: body is not HTML")
    # rec.aspx is always served as UTF-8; decoding here (with replacement) keeps a page that was
    # cut inside a multi-byte character from being re-guessed as windows-1252 as a whole.
    # SoupStrainer was measured and saves under 20 %: the form that must be kept is most of
    # the markup, so the whole page is parsed and searches are kept few instead.
    return BeautifulSoup(body.decode("utf-8", errors="replace"), "lxml")


def _is_html(body: object) -> bool:
    """False for bodies that are no HTML at all: no tag (empty, JSON, text) or an XML document."""
    if not isinstance(body, bytes | bytearray):
        return False
    return b"<" in body and not (
        _XML_PREFIX.match(body) and not _LOOKS_LIKE_HTML.search(body[:500])
    )


def _parse_header(soup: BeautifulSoup, url: str, unknown: list[str]) -> RecHeader:
    """Read the main info block: heading, title, summary, PDF link and labelled field rows."""
    rec_name = _rec_name(soup)
    label_cells = soup.find_all("td", class_="cell_left")
    labels = [(td, _label_key(td)) for td in label_cells]
    # A `td.title` alone proves nothing (publication pages have one too): the main info block is
    # the code heading or at least one field label that this parser knows.
    if rec_name is None and not any(key in FIELD_LABELS for _, key in labels):
        raise ParseError(f"rec.aspx {url}: no main info block (no code heading, no field label)")
    if rec_name is None:
        log.warning("rec.aspx %s: no code heading", url)
    title_td = soup.find("td", class_="title")

    fields: dict[str, object] = {}
    for label_td, key in labels:
        if not key:
            continue
        if key not in FIELD_LABELS:
            label = (clean_text(label_td.get_text(" ")) or key).rstrip(":").strip()
            note_unknown(unknown, label, url)
            continue
        target = FIELD_LABELS[key]
        value_td = label_td.find_next_sibling("td")
        if target is None or target in fields or not isinstance(value_td, Tag):
            continue
        fields.update(_field(target, value_td))

    summary_div = soup.find("div", class_="summary")
    pdf = soup.find("a", title=_PDF_LINK_TITLE)
    return RecHeader(
        idrec=_idrec(soup, url),
        rec_name=rec_name or "",
        title=clean_text(title_td.get_text(" ")) if title_td else None,
        summary=_paragraphs(summary_div) if summary_div else None,
        pdf_url=absolute(pdf.get("href")) if pdf else None,
        **fields,  # type: ignore[arg-type]
    )


def _label_key(td: Tag) -> str:
    """Normalise a label: "Maintenance&nbsp;responsibility:" -> "maintenance responsibility"."""
    return label_key(td.get_text(" "))


def _field(target: str, td: Tag) -> dict[str, object]:
    """Turn one labelled value cell into the RecHeader field(s) it fills."""
    text = clean_text(td.get_text(" "))
    link = td.find("a", href=True)
    if target == "series_titles":
        # One line per level (series, sub-series, sub-sub-series), separated by <br>.
        return {target: tuple(_lines(td))}
    if target == "approval_date":
        return {target: parse_date(text)}
    if target == "approval_process":
        return {target: approval_process_code(text)}
    if target == "status":
        return {target: normalise_status(text)}
    if target == "provisional_name":
        return {target: strip_prefix(text, "Provisional name:")}
    if target == "iso_number":
        # The JSON API prefixes "Equivalent standard:"; the page puts it in the label cell.
        return {target: strip_prefix(text, "Equivalent standard:")}
    if target == "handle_url":
        # The citation is printed as text (http: before 2022, https: since); keep it as printed.
        href = link.get("href") if link else None
        value = href if isinstance(href, str) else (None if link else text)
        return {target: absolute(value) if value and re.match(r"(?i)https?:|/", value) else value}
    if target == "study_group":
        # The link text names the *current* owner (rec.aspx shows it even on old editions).
        name = clean_text(link.get_text(" ")) if link else text
        return {"study_group": name, "sg_url": absolute(link.get("href")) if link else None}
    return {target: text}


def _rec_name(soup: BeautifulSoup) -> str | None:
    """Read the code heading ("ITU-T A.13 (09/2019)"; 2019 pages wrap it in <font>)."""
    span = soup.find("span", id=LBL_REC)
    if span is not None:
        return clean_text(span.get_text(" "))
    # Fallback without the id: the heading closest before the first field label, if it looks
    # like a Recommendation code rather than the site's banner heading.
    first_label = soup.find("td", class_="cell_left")
    h2 = first_label.find_previous("h2") if first_label else None
    text = clean_text(h2.get_text(" ")) if h2 else None
    return text if text and re.search(r"ITU-T|\(\d{2}/\d{4}\)", text) else None


def _idrec(soup: BeautifulSoup, url: str) -> int | None:
    """Read the idrec: hidden `txt_idrec` field, else the form action, else the request URL."""
    for field in soup.find_all("input", attrs={"name": _TXT_IDREC}):
        # The search box in the menu has an empty txt_idrec of its own; skip empty ones.
        value = parse_int(field.get("value"))
        if value is not None:
            return value
    form = soup.find("form", action=True)
    # By-code pages post back to "rec.aspx?rec=H.264": only an integer `rec` is an idrec.
    for candidate in (form.get("action") if form else None, url):
        value = query_int(candidate, "rec")
        if value is not None:
            return value
    return None


class SoupOps:
    """`TreeOps` for BeautifulSoup tags: the tab rules of `rec_aspx_tabs` applied to bs4."""

    def find(self, node: Tag, tag: str, cls: str) -> Tag | None:
        found = node.find(tag, class_=cls)
        return found if isinstance(found, Tag) else None

    def find_all(self, node: Tag, tag: str, cls: str) -> list[Tag]:
        return list(node.find_all(tag, class_=cls))

    def children(self, node: Tag, tag: str, cls: str) -> list[Tag]:
        return list(node.find_all(tag, class_=cls, recursive=False))

    def by_id(self, root: Tag, value: str) -> Tag | None:
        found = root.find(id=value)
        return found if isinstance(found, Tag) else None

    def attr(self, node: Tag, name: str) -> str | None:
        value = node.get(name)
        return value if isinstance(value, str) else None

    def name(self, node: Tag) -> str:
        return node.name

    def parent(self, node: Tag) -> Tag | None:
        return node.parent

    def text(self, node: Tag) -> str | None:
        return clean_text(node.get_text(" "))

    def rows(self, panel: Tag) -> Iterator[list[Tag]]:
        for tr in panel.find_all("tr"):
            yield list(tr.find_all("td", recursive=False))

    def marked(self, cell: Tag) -> bool:
        return cell.find(["a", "span"]) is not None

    def links(self, cell: Tag) -> list[Tag]:
        return list(cell.find_all("a", href=True))

    def onclicks(self, cell: Tag) -> list[str]:
        return [str(el["onclick"]) for el in cell.find_all(onclick=True)]


SOUP = SoupOps()


def _text_with_breaks(tag: Tag) -> str:
    """The tag's text with each <br> as a newline (comments and other markup strings skipped)."""
    parts: list[str] = []
    for node in tag.descendants:
        if isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):
                # Newlines in the HTML source are layout, not content: only <br> breaks a line.
                parts.append(_ANY_WS.sub(" ", strip_controls(str(node))))
        elif isinstance(node, Tag) and node.name == "br":
            parts.append("\n")
    return "".join(parts)


def _lines(tag: Tag) -> list[str]:
    """Non-empty cleaned lines of a <br>-separated cell."""
    return [line for raw in _text_with_breaks(tag).split("\n") if (line := clean_text(raw))]


def _paragraphs(tag: Tag) -> str | None:
    """Summary text with <br> kept as newlines and blank lines (paragraph breaks) kept single."""
    lines = [_WS.sub(" ", raw).strip() for raw in _text_with_breaks(tag).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text or None
