"""Parse `/pub/<id>` pages (SharePoint `publications.aspx`) into `Publication` records.

Owns every layout the publications site serves under `/pub/`:

* leaf pages (`T-SP-OB.1096-2016`, `R-HDB-43-2013`, `R-REG-RR-2020`): `td.title` with title,
  "Year:" and "Persistent link:", and a `table.itemtable` of items (language, format icon,
  price, DOWNLOAD or ADD TO CART);
* ITU-R text leaf pages (`R-RES-R.1-8-2019`, `R-REP-BO.1227-1-1994`): the same
  "Available languages and formats" table as `/rec/` edition pages (sizes, posted dates);
* family pages (`R-HDB-43`, `R-RES-R.1`, `R-REP-BO.1227`): title, observation and links to
  the editions ("Other editions:" or a Main / Previous versions table) -> `other_editions`;
* index and series-list pages (`R-HDB`, `R-QUE-SG01`, and the ITU-T lists `T-TUT`, `T-HDB`):
  title, and the products they list (`a.producttitle` under `<strong>SG01</strong>` group
  rows) -> `listed`; their links are other publications, never `other_editions`;
* `notfound.aspx`, where ITU redirects unknown *and* throttled ids -> `not_found=True`.

Only `div.col-22.content` is read, so the right sidebar's "QUICK LINKS" catalogue PDF is never
taken for an item. Items without a download link (paper, CD, DVD) are kept with `url=None`
because their price is the only place a print edition is announced.
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
    make_soup,
)
from crawler.parse.rec_edition import FORMATS_MARKER, parse_download_table
from crawler.records import FileItem, Publication, PublicationListing
from crawler.urls import PUB_BASE, PUB_IN_PATH

_NOT_FOUND = re.compile(r"The\s+Publication\s+selected\s+is\s+not\s+available", re.I)
_POPUP = re.compile(r"popup\(\s*'([^']+)'\s*,\s*'([^']+)'")
_YEAR_IN_HEADING = re.compile(r"\((\d{4})\)\s*$")
_PERSISTENT = re.compile(r"Persistent\s+link\s*:\s*(\S+)", re.I)
_WS_IN_HREF = re.compile(r"\s+")


def _parent(href: object) -> str | None:
    """The `parent=` id of a publications.aspx link (hrefs carry "&#xA;&#x9;" whitespace)."""
    if not isinstance(href, str):
        return None
    try:
        query = parse_qs(urlsplit(_WS_IN_HREF.sub("", href)).query)
    except ValueError:
        return None
    if "media" in query:
        return None  # same publication in another medium (paper, CD), not another edition
    parent = query.get("parent")
    return parent[0] if parent and parent[0] else None


def pub_id_from_url(url: str) -> str | None:
    """Read the pub id of `/pub/T-SP-OB.1096-2016[/en]` or `publications.aspx?parent=...`."""
    if not isinstance(url, str) or not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    m = PUB_IN_PATH.search(unquote(parts.path))
    if m:
        return m.group(1)
    return _parent(url)


def _pub_id_from_page(content: Tag) -> str | None:
    """Fallback id: the medium links ("media=electronic&parent=X") or the item popups."""
    for a in content.find_all("a", href=True):
        href = _WS_IN_HREF.sub("", str(a.get("href")))
        if "media=" in href:
            parent = parse_qs(urlsplit(href).query).get("parent")
            if parent:
                return parent[0]
        m = _POPUP.search(href)
        if m:
            return m.group(2)
    return None


def _item_code(row: Tag) -> tuple[str | None, str | None]:
    """(format, language) from the item's info popup code, e.g. 'R-REG-RR-2020-ZPF-E'."""
    for a in row.find_all("a", href=True):
        m = _POPUP.search(_WS_IN_HREF.sub("", str(a.get("href"))))
        if m:
            parts = m.group(1).split("-")
            if len(parts) >= 2:
                return FORMAT_CODES.get(parts[-2]), LANGUAGE_CODES.get(parts[-1])
    return None, None


def _itemtable_items(content: Tag) -> list[FileItem]:
    """Read `table.itemtable` rows: language (blank = row above), format, price, link."""
    items: list[FileItem] = []
    language: str | None = None
    for table in content.select("table.itemtable"):
        rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
        for tr in rows:
            tds = tr.find_all("td", recursive=False)
            if len(tds) < 4:
                continue  # the ITEM DETAIL / ARTICLE / PRICE header uses <th>
            lang_div = tr.select_one("div.itemlang")
            row_language = language_name(lang_div.get_text(" ")) if lang_div else None
            if row_language:
                language = row_language
            code_format, code_language = _item_code(tr)
            desc = tr.select_one("div.itemdesc")
            img = desc.find("img") if desc is not None else None
            desc_text = desc.get_text(" ") if desc is not None else None
            fmt = (
                format_name(img.get("alt") if img is not None else None)
                or format_name(desc_text)
                or code_format
                or clean_text(desc_text)
                or "Unknown"
            )
            # Columns ITEM DETAIL | ARTICLE | PRICE | action; older rows add an empty 5th cell.
            link = tds[3].find("a", href=True)
            items.append(
                FileItem(
                    language=row_language or language or code_language or "Unknown",
                    format=fmt,
                    size_bytes=None,
                    url=absolute_url(link.get("href"), PUB_BASE) if link is not None else None,
                    price=clean_text(tds[2].get_text(" ")),
                )
            )
    return items


def _other_editions(content: Tag, own_id: str) -> tuple[str, ...]:
    """Edition ids a family page links to: a.edition, "Other editions:" and version tables."""
    links: list[Tag] = []
    for a in content.find_all("a", href=True):
        classes: list[str] = list(a.get("class") or [])
        if "edition" in classes or "observation" in classes:
            links.append(a)
    for table in content.find_all("table"):
        # The ITU-R family layout: a table with "Main" / "Previous versions" section rows.
        cells = {clean_text(td.get_text(" ")) for td in table.find_all("td")}
        if cells & {"Main", "Previous versions"}:
            links.extend(a for a in table.find_all("a", href=True) if a not in links)
    seen: list[str] = []
    for a in links:
        parent = _parent(a.get("href"))
        if parent and parent != own_id and parent not in seen:
            seen.append(parent)
    return tuple(seen)


def _title_block(content: Tag) -> tuple[str | None, str | None, str | None]:
    """(title, year, handle_url) from the leaf `td.title` block, each None when absent."""
    cell = content.select_one("td.title")
    if cell is None:
        return None, None, None
    strong = cell.find(["strong", "b"])
    title = clean_text(strong.get_text(" ")) if strong is not None else None
    year = handle = None
    for line in cell.get_text("\n").splitlines():
        text = clean_text(line)
        if not text:
            continue
        if text.lower().startswith("year:"):
            year = clean_text(text[5:])
        m = _PERSISTENT.search(text)
        if m:
            handle = m.group(1)
    return title, year, handle


def _observation(content: Tag) -> str | None:
    """The publication's description: `td.observation`, else a top-level span.observation."""
    if _is_index(content):
        return None  # index pages use the class for headings such as "Related links:"
    for el in content.select("td.observation, span.observation"):
        if el.find_parent("li") is not None:
            continue  # index pages describe *other* publications in their list items
        text = clean_text(el.get_text(" "))
        if text:
            return text
    return None


def _is_index(content: Tag) -> bool:
    """Index pages have neither a leaf `td.title` block nor a family `td.bigproducttitle`."""
    return content.select_one("td.title, td.bigproducttitle") is None


def _group_heading(el: Tag) -> str | None:
    """The text of a group heading: a `strong`/`b` alone in its table cell ("SG01")."""
    cell = el.parent
    if cell is None or cell.name != "td" or el.find_parent(["li", "a"]) is not None:
        return None
    text = clean_text(el.get_text(" "))
    return text if text and text == clean_text(cell.get_text(" ")) else None


def _listings(content: Tag, own_id: str) -> tuple[PublicationListing, ...]:
    """Products of an index page: each `a.producttitle` with a publication id, under the
    nearest preceding group heading. Leaf pages' "Publication Notice" producttitle links
    (`javascript:popup_notice(...)`) carry no id and are skipped; exact repeats are dropped.
    """
    if not _is_index(content):
        return ()
    listed: dict[PublicationListing, None] = {}
    group: str | None = None
    for el in content.find_all(["strong", "b", "a"]):
        if el.name != "a":
            group = _group_heading(el) or group
            continue
        if "producttitle" not in (el.get("class") or []):
            continue
        href = el.get("href")
        pub_id = pub_id_from_url(_WS_IN_HREF.sub("", href)) if isinstance(href, str) else None
        if pub_id and pub_id != own_id:
            listed[PublicationListing(pub_id, clean_text(el.get_text(" ")), group)] = None
    return tuple(listed)


def _heading(soup: BeautifulSoup) -> str | None:
    """The SharePoint page heading (`div.page-heading h1`), else the document title."""
    h1 = soup.select_one("div.page-heading h1") or soup.find("h1")
    text = clean_text(h1.get_text(" ")) if h1 is not None else None
    if text is None and soup.title is not None:
        text = clean_text(soup.title.get_text(" "))
    return text


def parse_publication(body: bytes, url: str) -> Publication:
    """Parse a `/pub/<id>` page (leaf, family, index) or notfound.aspx into a Publication."""
    if not body or not bytes(body).strip():
        raise ParseError(f"{url}: empty body")
    if is_truncated_html(bytes(body)):
        raise ParseError(f"{url}: truncated HTML (no closing </html>)")
    soup = make_soup(decode_html(bytes(body), default="utf-8"))
    url_id = pub_id_from_url(url)
    page_title = soup.title.get_text(" ") if soup.title is not None else ""
    if "notfound.aspx" in str(url).lower() or _NOT_FOUND.search(page_title):
        return Publication(pub_id=url_id or "", title=None, year=None, not_found=True)
    content = soup.select_one("div.col-22.content")
    if content is None:
        if soup.find(string=_NOT_FOUND) is not None:
            return Publication(pub_id=url_id or "", title=None, year=None, not_found=True)
        raise ParseError(f"{url}: no publications content block: not a /pub page")
    pub_id = url_id or _pub_id_from_page(content)
    if not pub_id:
        raise ParseError(f"{url}: cannot tell the publication id from the URL or the page")
    title, year, handle = _title_block(content)
    if title is None:
        big = content.select_one("td.bigproducttitle")
        title = clean_text(big.get_text(" ")) if big is not None else None
    if title is None:
        title = _heading(soup)
    if year is None:
        # ITU-R text pages head with "Resolution 1-8 (2019)" / "Report BO.1227-1 (1994)".
        first = content.find(["b", "strong"])
        m = _YEAR_IN_HEADING.search(clean_text(first.get_text(" ")) or "") if first else None
        year = m.group(1) if m else None
    if handle is None:
        m = _PERSISTENT.search(content.get_text(" "))
        handle = m.group(1) if m else None
    items = _itemtable_items(content)
    if content.find(string=FORMATS_MARKER) is not None:
        items.extend(parse_download_table(content, PUB_BASE))
    return Publication(
        pub_id=pub_id,
        title=title,
        year=year,
        handle_url=handle,
        observation=_observation(content),
        items=tuple(items),
        other_editions=_other_editions(content, pub_id),
        listed=_listings(content, pub_id),
    )
