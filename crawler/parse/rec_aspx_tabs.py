"""Read rec.aspx tabs with lxml directly, and the tab and row rules both rec.aspx readers share.

A BeautifulSoup tree of an 86 KB page costs ~17 ms; lxml's own tree is built and read in 1-2.
Both come from the same libxml2 push parser (bs4's "lxml" builder feeds the whole text to
`etree.HTMLParser`, as `read_relations` does), so they hold the same elements and strings. So
that the two readers cannot drift apart, every rule above the tree is written once, here: tab
header text -> kind, anchor `__tab_<panel id>` -> panel (else page order), header row, columns,
row -> record, text cleaning (links: rec_links.py). A reader supplies a `TreeOps`: how to find
elements and read text as bs4's `get_text(" ")` does (no comments, no scripts).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Mapping
from typing import Any, Protocol, TypeVar

from lxml import etree

from crawler.parse.common import clean_text, normalise_status, parse_date, status_from_edition_id
from crawler.parse.lxml_text import get_text, has_class
from crawler.parse.rec_links import absolute, pub_id, query_int
from crawler.records import (
    EditionLink,
    ImplementersGuideLink,
    RecHeader,
    RecPage,
    RelatedPublicationLink,
    SupplementLink,
)
from crawler.urls import EDITION_IN_LINK

log = logging.getLogger("itucat.parse")

LBL_REC = re.compile(r"lbl_rec$")
_TAB_ANCHOR_PREFIX = "__tab_"
_WINDOW_OPEN = re.compile(r"window\.open\(\s*['\"]([^'\"]+)['\"]")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")
# Tab header word (lower case) -> the RecPage field it fills; first match wins.
_TAB_KINDS = (
    ("edition", "editions"),
    ("supplement", "supplements"),
    ("implementer", "implementers_guides"),
    ("technical paper", "related_publications"),
    ("report", "related_publications"),
)

N = TypeVar("N")
Tab = tuple[str | None, str, N | None]  # (kind or None when not understood, header text, panel)


class TreeOps(Protocol[N]):
    """The questions the shared tab rules ask of a parsed tree (bs4 Tag or lxml element)."""

    def find(self, node: N, tag: str, cls: str) -> N | None: ...  # first <tag class~=cls>
    def find_all(self, node: N, tag: str, cls: str) -> list[N]: ...  # descendants, in order
    def children(self, node: N, tag: str, cls: str) -> list[N]: ...  # direct children only
    def by_id(self, root: N, value: str) -> N | None: ...  # first element with id == value
    def attr(self, node: N, name: str) -> str | None: ...
    def name(self, node: N) -> str: ...
    def parent(self, node: N) -> N | None: ...
    def text(self, node: N) -> str | None: ...  # clean_text(get_text(" "))
    def rows(self, panel: N) -> Iterator[list[N]]: ...  # the <td> children of each inner <tr>
    def marked(self, cell: N) -> bool: ...  # holds an <a> or a <span>
    def links(self, cell: N) -> list[N]: ...  # inner <a href>, in order
    def onclicks(self, cell: N) -> list[str]: ...  # inner onclick values, in order


def read_tabs(
    ops: TreeOps[N], tabs: list[Tab[N]], url: str, unknown: list[str], readers: Mapping[str, Any]
) -> dict[str, tuple[Any, ...]]:
    """RecPage field -> records, for the `tab_panels` that `readers` (field -> row reader) read.

    Unknown tab names are listed in `unknown` as "tab: <name>"; a tab absent from the page
    is absent from the result, and of two tabs of one kind the last wins.
    """
    found: dict[str, tuple[Any, ...]] = {}
    for kind, text, panel in tabs:
        if kind is None:
            note_unknown(unknown, f"tab: {text}", url)
        elif panel is None:
            log.warning("rec.aspx %s: tab %r has no panel", url, text)
        elif kind in readers:
            found[kind] = tuple(readers[kind](ops, panel))
    return found


def tab_panels(ops: TreeOps[N], root: N) -> list[Tab[N]]:
    """List (kind, header text, panel) for each tab header, kind None when not understood."""
    anchors = ops.find_all(root, "a", "ajax__tab_tab")
    body = ops.find(root, "div", "ajax__tab_body")
    panels = ops.children(body, "div", "ajax__tab_panel") if body is not None else []
    by_id = {ops.attr(p, "id"): p for p in panels}
    out: list[Tab[N]] = []
    for i, anchor in enumerate(anchors):
        text = ops.text(anchor) or ""
        panel = None
        anchor_id = ops.attr(anchor, "id") or ""
        # The AJAX Control Toolkit renders each header as <a id="__tab_<panel client id>">: that
        # ties header to panel whatever the panel's name, and survives tabs being hidden.
        if anchor_id.startswith(_TAB_ANCHOR_PREFIX):
            panel_id = anchor_id[len(_TAB_ANCHOR_PREFIX) :]
            panel = by_id.get(panel_id)
            if panel is None:  # not a direct child of the tab body: search the whole page
                panel = ops.by_id(root, panel_id)
        if panel is None and len(panels) == len(anchors):
            # A hidden tab loses both header and panel, so equal counts mean equal order.
            panel = panels[i]
        out.append((tab_kind(text), text, panel))
    return out


def tab_kind(text: str) -> str | None:
    """Classify a tab by its header text (case varies: "Related supplement(s)" before 2020)."""
    low = text.lower()
    return next((kind for word, kind in _TAB_KINDS if word in low), None)


def linked_rows(ops: TreeOps[N], panel: N) -> Iterator[tuple[Any, ...]]:
    """Yield (header, cells, rec.aspx link, its text, edition id) for rows linking rec.aspx."""
    header, rows = _table(ops, panel)
    for cells in rows:
        links = [a for cell in cells for a in ops.links(cell)]
        link = _row_link(ops, links, "rec.aspx")
        rec_name = ops.text(link) if link is not None else None
        if link is not None and rec_name is not None:
            yield header, cells, link, rec_name, _edition_id(ops, links)


def _supplements(ops: TreeOps[N], panel: N) -> Iterator[SupplementLink]:
    """Yield one SupplementLink per row of the Related Supplement(s) tab."""
    columns: tuple[int, int] | None = None  # one header per table: found once
    for header, cells, link, rec_name, edition_id in linked_rows(ops, panel):
        if columns is None:
            columns = column(header, 2, "status"), column(header, 1, "title")
        status = cell_text(ops, cells, columns[0])
        yield SupplementLink(
            idrec=query_int(ops.attr(link, "href"), "id", "rec"),
            rec_name=rec_name,
            title=cell_text(ops, cells, columns[1]) or title_attr(ops, link),
            status=normalise_status(status) or status_from_edition_id(edition_id),
            summary_url=summary_url(ops, cells),
            edition_id=edition_id,
        )


def _titled_rows(ops: TreeOps[N], panel: N, *date_names: str) -> Iterator[tuple[Any, ...]]:
    """Yield (title, date or year cell text, absolute link or None) for rows with a title."""
    header, rows = _table(ops, panel)
    title_col, date_col = column(header, 0, "title"), column(header, 1, *date_names)
    for cells in rows:
        title = cell_text(ops, cells, title_col)
        if title is not None:
            link = _row_link(ops, [a for cell in cells for a in ops.links(cell)], "")
            # One 2025 publication row has no link at all.
            url = absolute(ops.attr(link, "href")) if link is not None else None
            yield title, cell_text(ops, cells, date_col), url


def _guides(ops: TreeOps[N], panel: N) -> Iterator[ImplementersGuideLink]:
    """Yield one ImplementersGuideLink per row of the Implementer's guide(s) tab."""
    for title, date, url in _titled_rows(ops, panel, "approved", "date"):
        yield ImplementersGuideLink(title=title, approval_date=parse_date(date), url=url)


def _publications(ops: TreeOps[N], panel: N) -> Iterator[RelatedPublicationLink]:
    """Yield one RelatedPublicationLink per row of the technical papers and reports tab."""
    for title, year_text, url in _titled_rows(ops, panel, "approved", "year", "date"):
        year = _YEAR.search(year_text or "")
        yield RelatedPublicationLink(
            title=title, year=int(year.group(1)) if year else None, url=url, pub_id=pub_id(url)
        )


def _edition_rows(ops: TreeOps[N], panel: N) -> Iterator[EditionLink]:
    """Yield one EditionLink per Editions-table row (the whole lineage, in page order)."""
    columns: tuple[int, int] | None = None  # one header per table: found once
    for header, cells, link, rec_name, edition_id in linked_rows(ops, panel):
        if columns is None:
            columns = column(header, 2, "status"), column(header, 0, "ed.", "edition")
        status = cell_text(ops, cells, columns[0])
        yield EditionLink(
            idrec=query_int(ops.attr(link, "href"), "rec", "id"),
            rec_name=rec_name,
            version=cell_text(ops, cells, columns[1]),
            status=normalise_status(status) or status_from_edition_id(edition_id),
            title=title_attr(ops, link),
            summary_url=summary_url(ops, cells),
            edition_id=edition_id,
        )


# Every tab both readers read. The Editions tab is ITU's whole lineage (Z.163's lists Z.142):
# the lineage and the edition numbers come from it even when the header comes from the API.
RELATION_READERS: dict[str, Any] = dict(
    editions=_edition_rows, supplements=_supplements, implementers_guides=_guides,
    related_publications=_publications,
)


def _table(ops: TreeOps[N], panel: N) -> tuple[list[str], list[list[N]]]:
    """Split a tab's table into lower-cased header texts and data rows (lists of cells)."""
    header: list[str] = []
    rows: list[list[N]] = []
    for cells in ops.rows(panel):
        if len(cells) < 2:
            continue  # spacer rows, e.g. the colspan row holding an HTML comment
        if not header and not rows and not any(ops.marked(c) for c in cells):
            # The header row is plain text; data rows wrap every value in a span.
            header = [(ops.text(c) or "").lower() for c in cells]
            continue
        rows.append(cells)
    return header, rows


def column(header: list[str], default: int, *names: str) -> int:
    """Index of the first header cell containing one of `names`, else the usual position."""
    for i, text in enumerate(header):
        if any(name in text for name in names):
            return i
    return default


def cell_text(ops: TreeOps[N], cells: list[N], index: int) -> str | None:
    """Cleaned text of one cell, None when the row is short (truncated page) or the cell is "-"."""
    return ops.text(cells[index]) if 0 <= index < len(cells) else None


def _row_link(ops: TreeOps[N], links: list[N], href_part: str) -> N | None:
    """First link of the row whose href contains `href_part` (any link when empty)."""
    for a in links:
        if href_part.lower() in (ops.attr(a, "href") or "").lower():
            return a
    return None


def title_attr(ops: TreeOps[N], link: N) -> str | None:
    """The first non-empty title attribute on the link or its enclosing elements in the cell."""
    node: N | None = link
    while node is not None and ops.name(node) != "td":
        title = clean_text(ops.attr(node, "title"))
        if title:
            return title
        node = ops.parent(node)
    return None


def summary_url(ops: TreeOps[N], cells: list[N]) -> str | None:
    """The `window.open('...SUM-HTM-E.htm')` target of the row's Summary cell, absolute."""
    for cell in cells:
        for onclick in ops.onclicks(cell):
            m = _WINDOW_OPEN.search(onclick)
            if m and "SUM-HTM" in m.group(1).upper():
                return absolute(m.group(1))
    return None


def _edition_id(ops: TreeOps[N], links: list[N]) -> str | None:
    """The `/rec/T-REC-...` page id of the row's Download link ("T-REC-A.13-202302-I!Err1")."""
    for a in links:
        m = EDITION_IN_LINK.search(ops.attr(a, "href") or "")
        if m:
            return m.group(1)
    return None


def label_key(text: str | None) -> str:
    """Normalise a label: "Maintenance&nbsp;responsibility:" -> "maintenance responsibility"."""
    return (clean_text(text) or "").rstrip(":").strip().lower()


def note_unknown(unknown: list[str], label: str, url: str) -> None:
    """Record a label that no rule reads, once, and warn so that layout changes are noticed."""
    if label not in unknown:
        unknown.append(label)
        log.warning("rec.aspx %s: unknown label %r", url, label)


# --- The lxml reader ----------------------------------------------------------------------------


class LxmlOps:
    """`TreeOps` for lxml, as bs4 finds and reads; iter() scans (XPath measured no faster)."""

    def find(self, node: Any, tag: str, cls: str) -> Any:
        return next((e for e in node.iterdescendants(tag) if has_class(e, cls)), None)

    def find_all(self, node: Any, tag: str, cls: str) -> list[Any]:
        return [e for e in node.iterdescendants(tag) if has_class(e, cls)]

    def children(self, node: Any, tag: str, cls: str) -> list[Any]:
        return [e for e in node if e.tag == tag and has_class(e, cls)]

    def by_id(self, root: Any, value: str) -> Any:
        return next((e for e in root.iter(etree.Element) if e.get("id") == value), None)

    def attr(self, node: Any, name: str) -> str | None:
        value = node.get(name)
        return value if isinstance(value, str) else None

    def name(self, node: Any) -> str:
        return node.tag if isinstance(node.tag, str) else ""

    def parent(self, node: Any) -> Any:
        return node.getparent()

    def text(self, node: Any) -> str | None:
        return clean_text(get_text(node))

    def rows(self, panel: Any) -> Iterator[list[Any]]:
        for tr in panel.iterdescendants("tr"):
            yield [c for c in tr if c.tag == "td"]

    def marked(self, cell: Any) -> bool:
        return next(cell.iterdescendants("a", "span"), None) is not None

    def links(self, cell: Any) -> list[Any]:
        return [a for a in cell.iterdescendants("a") if a.get("href") is not None]

    def onclicks(self, cell: Any) -> list[str]:
        elements = cell.iterdescendants(etree.Element)  # not comments (nor PIs in old libxml2)
        return [v for el in elements if (v := el.get("onclick")) is not None]


LXML = LxmlOps()


def read_relations(body: bytes, url: str, known_labels: Mapping[str, object]) -> RecPage | None:
    """Read the relation tabs and banner of an HTML body; None where parse_rec_page must decide.

    None (never a guess) for a page without tab headers, without a proven main info block
    (`known_labels` prove one; parse_rec_page may raise ParseError there), with ruby/template
    markup (bs4 files its text apart) or after </html>. The header stays empty.
    """
    text = body.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):  # bs4 drops a leading BOM before it feeds lxml
        text = text[1:]
    parser = etree.HTMLParser(recover=True, huge_tree=False)  # what bs4's "lxml" builder uses
    parser.feed(text)
    root = parser.close()
    if root is None or next(root.iter("rt", "rp", "template"), None) is not None:
        return None  # (lxml skips tag names the document never uses: this check costs nothing)
    # Content after </html> opens a second top-level <html>: bs4 searches it, lxml keeps it
    # beside the root, outside every scan here.
    if next(root.itersiblings(etree.Element), None) is not None:
        return None
    panels = tab_panels(LXML, root)  # one entry per `a.ajax__tab_tab` anchor
    if not panels or not _has_main_block(root, known_labels):
        return None
    unknown: list[str] = []
    tabs = read_tabs(LXML, panels, url, unknown, RELATION_READERS)
    return RecPage(
        header=RecHeader(idrec=None, rec_name="", title=None, summary=None),
        **tabs,
        unknown_labels=tuple(unknown),
    )


def _has_main_block(root: Any, known_labels: Mapping[str, object]) -> bool:
    """True when parse_rec_page surely finds a main info block (so it raises no ParseError)."""
    # parse_rec_page takes the first span whose id ends in lbl_rec as the code heading.
    heading = next((s for s in root.iter("span") if LBL_REC.search(s.get("id") or "")), None)
    if heading is not None and LXML.text(heading) is not None:
        return True
    labels = LXML.find_all(root, "td", "cell_left")
    return any(label_key(LXML.text(td)) in known_labels for td in labels)
