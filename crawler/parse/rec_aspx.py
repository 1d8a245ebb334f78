"""Parse ITU-T `rec.aspx` Recommendation detail pages into a `RecPage` (pure, no network).

This module owns everything read from the ASP.NET WebForms page
`https://www.itu.int/ITU-T/recommendations/rec.aspx?rec=<idrec or code>&lang=en`:

* the main info block: code heading (`ITU-T A.13 (09/2019)`), title, summary, PDF link and the
  `td.cell_left` / `td.cell_right` field rows (Citation, Series title, Approval date, ...);
* the tab panels: Editions, Related Supplement(s), Implementer's guide(s) and Related technical
  papers and reports;
* the 2026 "this page will soon be deactivated" banner (`div#announcement-banner`).

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
from collections.abc import Iterable
from urllib.parse import parse_qs, urljoin, urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from crawler.parse.common import (
    ParseError,
    approval_process_code,
    clean_text,
    normalise_status,
    parse_date,
    parse_int,
    status_from_edition_id,
    strip_prefix,
)
from crawler.records import (
    EditionLink,
    ImplementersGuideLink,
    RecHeader,
    RecPage,
    RelatedPublicationLink,
    SupplementLink,
)

log = logging.getLogger("itucat.parse")

BASE_URL = "https://www.itu.int/ITU-T/recommendations/rec.aspx"

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
_TAB_ANCHOR_PREFIX = "__tab_"
_LBL_REC = re.compile(r"lbl_rec$")
_TXT_IDREC = re.compile(r"txt_idrec$")
_WINDOW_OPEN = re.compile(r"window\.open\(\s*['\"]([^'\"]+)['\"]")
_EDITION_ID = re.compile(r"/rec/([A-Z]-REC-[^/?#\s]+)")
_GLUED_URL = re.compile(r"(?i)^https?://[^/?#]*?(https?://)")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
_WS = re.compile(r"[ \t\r\f\v\xa0]+")
_ANY_WS = re.compile(r"\s+")
_XML_PREFIX = re.compile(rb"^\s*<\?xml", re.I)
_LOOKS_LIKE_HTML = re.compile(rb"<[^ +]html", re.I)


def parse_rec_page(body: bytes, url: str) -> RecPage:
    """Parse one rec.aspx detail page; raise ParseError only if it is not such a page at all."""
    soup = _soup(body, url)
    unknown: list[str] = []
    header = _parse_header(soup, url, unknown)
    editions: tuple[EditionLink, ...] = ()
    supplements: tuple[SupplementLink, ...] = ()
    guides: tuple[ImplementersGuideLink, ...] = ()
    publications: tuple[RelatedPublicationLink, ...] = ()
    for kind, text, panel in _tab_panels(soup):
        if kind is None:
            _unknown(unknown, f"tab: {text}", url)
        elif panel is None:
            log.warning("rec.aspx %s: tab %r has no panel", url, text)
        elif kind == "editions":
            editions = tuple(_editions(panel))
        elif kind == "supplements":
            supplements = tuple(_supplements(panel))
        elif kind == "guides":
            guides = tuple(_guides(panel))
        elif kind == "publications":
            publications = tuple(_publications(panel))
    return RecPage(
        header=header,
        editions=editions,
        supplements=supplements,
        implementers_guides=guides,
        related_publications=publications,
        deactivation_banner=soup.find("div", id="announcement-banner") is not None,
        unknown_labels=tuple(unknown),
    )


def _soup(body: bytes, url: str) -> BeautifulSoup:
    """Build the tree, refusing bodies that are not HTML (so bs4 never warns about them)."""
    if not isinstance(body, bytes | bytearray):
        raise ParseError(f"rec.aspx {url}: body is {type(body).__name__}, not bytes")
    # No tag at all (empty, JSON, plain text) or an XML document: not a rec.aspx page. Checking
    # here also spares bs4's "looks like a filename/URL/XML" warnings, which are errors under -W.
    if b"<" not in body or (_XML_PREFIX.match(body) and not _LOOKS_LIKE_HTML.search(body[:500])):
        raise ParseError(f"rec.aspx {url}: body is not HTML")
    # rec.aspx is always served as UTF-8; decoding here (with replacement) keeps a page that was
    # cut inside a multi-byte character from being re-guessed as windows-1252 as a whole.
    # SoupStrainer was measured and saves under 20 %: the form that must be kept is most of
    # the markup, so the whole page is parsed and searches are kept few instead.
    return BeautifulSoup(body.decode("utf-8", errors="replace"), "lxml")


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
            _unknown(unknown, (clean_text(label_td.get_text(" ")) or key).rstrip(":").strip(), url)
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
        pdf_url=_abs(pdf.get("href")) if pdf else None,
        **fields,  # type: ignore[arg-type]
    )


def _label_key(td: Tag) -> str:
    """Normalise a label: "Maintenance&nbsp;responsibility:" -> "maintenance responsibility"."""
    return (clean_text(td.get_text(" ")) or "").rstrip(":").strip().lower()


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
        value = link.get("href") if link else text
        return {target: _abs(value) if value and re.match(r"(?i)https?:|/", value) else value}
    if target == "study_group":
        # The link text names the *current* owner (rec.aspx shows it even on old editions).
        name = clean_text(link.get_text(" ")) if link else text
        return {"study_group": name, "sg_url": _abs(link.get("href")) if link else None}
    return {target: text}


def _rec_name(soup: BeautifulSoup) -> str | None:
    """Read the code heading ("ITU-T A.13 (09/2019)"; 2019 pages wrap it in <font>)."""
    span = soup.find("span", id=_LBL_REC)
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
        value = _query_int(candidate, "rec")
        if value is not None:
            return value
    return None


def _tab_panels(soup: BeautifulSoup) -> list[tuple[str | None, str, Tag | None]]:
    """List (kind, header text, panel) for each tab header, kind None when not understood."""
    anchors = soup.find_all("a", class_="ajax__tab_tab")
    body = soup.find("div", class_="ajax__tab_body")
    panels = body.find_all("div", class_="ajax__tab_panel", recursive=False) if body else []
    by_id = {p.get("id"): p for p in panels}
    out: list[tuple[str | None, str, Tag | None]] = []
    for i, anchor in enumerate(anchors):
        text = clean_text(anchor.get_text(" ")) or ""
        panel = None
        anchor_id = anchor.get("id") or ""
        # The AJAX Control Toolkit renders each header as <a id="__tab_<panel client id>">: that
        # ties header to panel whatever the panel's name, and survives tabs being hidden.
        if isinstance(anchor_id, str) and anchor_id.startswith(_TAB_ANCHOR_PREFIX):
            panel_id = anchor_id[len(_TAB_ANCHOR_PREFIX) :]
            panel = by_id.get(panel_id)
            if panel is None:  # not a direct child of the tab body: search the whole page
                found = soup.find(id=panel_id)
                panel = found if isinstance(found, Tag) else None
        if panel is None and len(panels) == len(anchors):
            # A hidden tab loses both header and panel, so equal counts mean equal order.
            panel = panels[i]
        out.append((_tab_kind(text), text, panel))
    return out


def _tab_kind(text: str) -> str | None:
    """Classify a tab by its header text (case varies: "Related supplement(s)" before 2020)."""
    low = text.lower()
    if "edition" in low:
        return "editions"
    if "supplement" in low:
        return "supplements"
    if "implementer" in low:
        return "guides"
    if "technical paper" in low or "report" in low:
        return "publications"
    return None


def _editions(panel: Tag) -> Iterable[EditionLink]:
    """Yield one EditionLink per Editions-table row (the whole family, in page order)."""
    header, rows = _table(panel)
    ed_col = _col(header, 0, "ed.", "edition")
    status_col = _col(header, 2, "status")
    for cells in rows:
        links = _links(cells)
        link = _row_link(links, "rec.aspx")
        rec_name = clean_text(link.get_text(" ")) if link else None
        if rec_name is None:
            continue
        edition_id = _edition_id(links)
        yield EditionLink(
            idrec=_query_int(link.get("href"), "rec", "id"),
            rec_name=rec_name,
            version=_cell_text(cells, ed_col),
            status=normalise_status(_cell_text(cells, status_col))
            or status_from_edition_id(edition_id),
            title=_title_attr(link),
            summary_url=_summary_url(cells),
            edition_id=edition_id,
        )


def _supplements(panel: Tag) -> Iterable[SupplementLink]:
    """Yield one SupplementLink per row of the Related Supplement(s) tab."""
    header, rows = _table(panel)
    title_col = _col(header, 1, "title")
    status_col = _col(header, 2, "status")
    for cells in rows:
        links = _links(cells)
        link = _row_link(links, "rec.aspx")
        rec_name = clean_text(link.get_text(" ")) if link else None
        if rec_name is None:
            continue
        edition_id = _edition_id(links)
        yield SupplementLink(
            idrec=_query_int(link.get("href"), "id", "rec"),
            rec_name=rec_name,
            title=_cell_text(cells, title_col) or _title_attr(link),
            status=normalise_status(_cell_text(cells, status_col))
            or status_from_edition_id(edition_id),
            summary_url=_summary_url(cells),
            edition_id=edition_id,
        )


def _guides(panel: Tag) -> Iterable[ImplementersGuideLink]:
    """Yield one ImplementersGuideLink per row of the Implementer's guide(s) tab."""
    header, rows = _table(panel)
    title_col = _col(header, 0, "title")
    date_col = _col(header, 1, "approved", "date")
    for cells in rows:
        title = _cell_text(cells, title_col)
        if title is None:
            continue
        link = _row_link(_links(cells), "")
        yield ImplementersGuideLink(
            title=title,
            approval_date=parse_date(_cell_text(cells, date_col)),
            url=_abs(link.get("href")) if link else None,
        )


def _publications(panel: Tag) -> Iterable[RelatedPublicationLink]:
    """Yield one RelatedPublicationLink per row of the technical papers and reports tab."""
    header, rows = _table(panel)
    title_col = _col(header, 0, "title")
    year_col = _col(header, 1, "approved", "year", "date")
    for cells in rows:
        title = _cell_text(cells, title_col)
        if title is None:
            continue
        link = _row_link(_links(cells), "")
        url = _abs(link.get("href")) if link else None  # one 2025 row has no link at all
        year = _YEAR.search(_cell_text(cells, year_col) or "")
        yield RelatedPublicationLink(
            title=title,
            year=int(year.group(1)) if year else None,
            url=url,
            pub_id=_pub_id(url),
        )


def _table(panel: Tag) -> tuple[list[str], list[list[Tag]]]:
    """Split a tab's table into lower-cased header texts and data rows (lists of cells)."""
    header: list[str] = []
    rows: list[list[Tag]] = []
    for tr in panel.find_all("tr"):
        cells = tr.find_all("td", recursive=False)
        if len(cells) < 2:
            continue  # spacer rows, e.g. the colspan row holding an HTML comment
        if not header and not rows and not any(c.find(["a", "span"]) for c in cells):
            # The header row is plain text; data rows wrap every value in a span.
            header = [(clean_text(c.get_text(" ")) or "").lower() for c in cells]
            continue
        rows.append(cells)
    return header, rows


def _col(header: list[str], default: int, *names: str) -> int:
    """Index of the first header cell containing one of `names`, else the usual position."""
    for i, text in enumerate(header):
        if any(name in text for name in names):
            return i
    return default


def _cell_text(cells: list[Tag], index: int) -> str | None:
    """Cleaned text of one cell, None when the row is short (truncated page) or the cell is "-"."""
    return clean_text(cells[index].get_text(" ")) if 0 <= index < len(cells) else None


def _links(cells: list[Tag]) -> list[Tag]:
    """All <a href> elements of a row, in document order."""
    return [a for cell in cells for a in cell.find_all("a", href=True)]


def _row_link(links: list[Tag], href_part: str) -> Tag | None:
    """First link of the row whose href contains `href_part` (any link when empty)."""
    for a in links:
        if href_part.lower() in str(a["href"]).lower():
            return a
    return None


def _title_attr(link: Tag) -> str | None:
    """The first non-empty title attribute on the link or its enclosing elements in the cell."""
    node: Tag | None = link
    while isinstance(node, Tag) and node.name != "td":
        title = clean_text(node.get("title"))
        if title:
            return title
        node = node.parent
    return None


def _summary_url(cells: list[Tag]) -> str | None:
    """The `window.open('...SUM-HTM-E.htm')` target of the row's Summary cell, absolute."""
    for cell in cells:
        for el in cell.find_all(onclick=True):
            m = _WINDOW_OPEN.search(str(el["onclick"]))
            if m and "SUM-HTM" in m.group(1).upper():
                return _abs(m.group(1))
    return None


def _edition_id(links: list[Tag]) -> str | None:
    """The `/rec/T-REC-...` page id of the row's Download link ("T-REC-A.13-202302-I!Err1")."""
    for a in links:
        m = _EDITION_ID.search(str(a["href"]))
        if m:
            return m.group(1)
    return None


def _pub_id(url: str | None) -> str | None:
    """The publication id in https://www.itu.int/pub/<id>[/en] (else the last path segment)."""
    if not url:
        return None
    segments = [s for s in urlsplit(url).path.split("/") if s]
    if "pub" in segments and segments.index("pub") + 1 < len(segments):
        return segments[segments.index("pub") + 1]
    return segments[-1] if segments else None


def _query_int(href: object, *keys: str) -> int | None:
    """Integer value of the first of `keys` in a link's query ("./rec.aspx?rec=13853&lang=en")."""
    if not isinstance(href, str) or "?" not in href:
        return None
    query = parse_qs(urlsplit(href.strip()).query)
    for key in keys:
        for value in query.get(key, []):
            if value.isdigit():
                return int(value)
    return None


def _abs(href: object) -> str | None:
    """Make a link absolute against the canonical rec.aspx location; None for non-links."""
    if not isinstance(href, str):
        return None
    # Hrefs carry stray whitespace ("...&auth " in 2019-2021 PDF links).
    href = href.strip()
    if not href or href.startswith(("#", "javascript:")):
        return None
    # 2022 pages glue the old prefix onto an absolute link ("http://www.itu.inthttps://www.itu.
    # int/go/tsg15"): the last embedded absolute URL is the real target.
    glued = _GLUED_URL.search(href)
    if glued:
        href = href[glued.start(1) :]
    return urljoin(BASE_URL, href)


def _text_with_breaks(tag: Tag) -> str:
    """The tag's text with each <br> as a newline (comments and other markup strings skipped)."""
    parts: list[str] = []
    for node in tag.descendants:
        if isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):
                # Newlines in the HTML source are layout, not content: only <br> breaks a line.
                parts.append(_ANY_WS.sub(" ", str(node)))
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


def _unknown(unknown: list[str], label: str, url: str) -> None:
    """Record a label that no rule reads, once, and warn so that layout changes are noticed."""
    if label not in unknown:
        unknown.append(label)
        log.warning("rec.aspx %s: unknown label %r", url, label)
