"""Read the links of rec.aspx pages: query ids, absolute targets, publication ids.

Both rec.aspx readers (bs4 and lxml, crawler/parse/rec_aspx_tabs.py) resolve every link
through these pure string functions. The same links recur on every page of a series (a
G-series page lists all G supplements), so the two costly ones remember recent answers.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qs, urljoin, urlsplit

from crawler.urls import REC_ASPX

_GLUED_URL = re.compile(r"(?i)^https?://[^/?#]*?(https?://)")


def pub_id(url: str | None) -> str | None:
    """The publication id in https://www.itu.int/pub/<id>[/en] (else the last path segment)."""
    segments = [s for s in urlsplit(url or "").path.split("/") if s]
    if "pub" in segments[:-1]:
        return segments[segments.index("pub") + 1]
    return segments[-1] if segments else None


def query_int(href: object, *keys: str) -> int | None:
    """Integer value of the first of `keys` in a link's query ("./rec.aspx?rec=13853&lang=en")."""
    if not isinstance(href, str) or "?" not in href:
        return None
    return _query_int(str(href), keys)


@lru_cache(maxsize=1 << 14)  # the same supplement links recur on every page of a series
def _query_int(href: str, keys: tuple[str, ...]) -> int | None:
    query = parse_qs(urlsplit(href.strip()).query)
    for key in keys:
        for value in query.get(key, []):
            if value.isdigit():
                return int(value)
    return None


def absolute(href: object) -> str | None:
    """Make a link absolute against the canonical rec.aspx location; None for non-links."""
    if not isinstance(href, str):
        return None
    return _absolute(str(href))


@lru_cache(maxsize=1 << 14)  # the same summary links recur on every page of a series
def _absolute(href: str) -> str | None:
    # Hrefs carry stray whitespace ("...&auth " in 2019-2021 PDF links).
    href = href.strip()
    if not href or href.startswith(("#", "javascript:")):
        return None
    # 2022 pages glue the old prefix onto an absolute link ("http://www.itu.inthttps://www.itu.
    # int/go/tsg15"): the last embedded absolute URL is the real target.
    glued = _GLUED_URL.search(href)
    if glued:
        href = href[glued.start(1) :]
    return urljoin(REC_ASPX, href)
