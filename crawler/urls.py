"""Own ITU's addresses: every www.itu.int URL and URL pattern the catalogue knows, in one place.

Callers always speak canonical `https://www.itu.int/...` URLs; the fetch layer maps them
to a mirror when `crawler.base_url` points elsewhere. A leaf module (nothing but the
standard library), so the export in index/ can name edition pages the same way.
"""

from __future__ import annotations

import re

ITU = "https://www.itu.int"
ITU_HOST = re.compile(r"^https?://(?:www\.)?itu\.int(?=/|$)", re.IGNORECASE)
ROBOTS = f"{ITU}/robots.txt"

# The MyWorkspace JSON API.
MWS = f"{ITU}/mws/api/recommendations"
ENUMERATION = (
    f"{MWS}/searchRecs?series=-1&type_of_text=-1&sg=-1&main_edition_flag=0&rows=100000"
    "&page=1&status=Z&sort_order=asc"
)

# Pages, and the bases their relative links are resolved against.
REC_ASPX = f"{ITU}/ITU-T/recommendations/rec.aspx"  # rec.aspx (links resolve against it)
REC_BASE = f"{ITU}/rec/"  # /rec/<edition id> pages and their download links
PUB_BASE = f"{ITU}/"  # /pub/ pages' links
REC_PREFIX = re.compile(r"^https?://(?:www\.)?itu\.int/rec/", re.I)
EDITION_IN_PATH = re.compile(r"/rec/([A-Z]-REC-[^/?#]+)", re.I)  # of a parsed URL path
EDITION_IN_LINK = re.compile(r"/rec/([A-Z]-REC-[^/?#\s]+)")  # in an href as printed
PUB_IN_PATH = re.compile(r"/pub/([^/?#]+)", re.I)


def canonical(url: str) -> str:
    """Map any itu.int spelling (http, no www) to https://www.itu.int/..."""
    return ITU_HOST.sub(ITU, url.strip())


def header(idrec: int) -> str:
    """getRecHdrDetail: the header of an edition."""
    return f"{MWS}/getRecHdrDetail?idrec={idrec}&lang=en"


def supplements(idrec: int) -> str:
    """getRecSupplements: the supplements of a Recommendation (rec.aspx's replacement)."""
    return f"{MWS}/getRecSupplements?idrec={idrec}&lang=en"


def rec_editions(idrec: int) -> str:
    """getRecEditions: ITU's whole lineage of a text, across renumbering (the Editions tab)."""
    return f"{MWS}/getRecEditions?idrec={idrec}&lang=en"


def impl_guides(idrec: int) -> str:
    """getImplGuides: the implementers' guides of a Recommendation (rec.aspx's tab)."""
    return f"{MWS}/getImplGuides?idrec={idrec}&lang=en"


def rec_aspx(idrec: int | str) -> str:
    """The rec.aspx page of an edition (or, by number, ITU's latest edition: "G.Imp712")."""
    return f"{REC_ASPX}?rec={idrec}&lang=en"


def edition_page(edition_id: str) -> str:
    """The /rec/ page of an edition ("T-REC-A.1-200010-S")."""
    return f"{REC_BASE}{edition_id}"


def publication(pub_id: str) -> str:
    """The /pub/ page of a Technical Paper, Report or Handbook."""
    return f"{ITU}/pub/{pub_id}"


def publication_index(index_id: str) -> str:
    """A /pub/ index page listing every product of a kind ("T-TUT", "T-HDB")."""
    return f"{ITU}/pub/{index_id}/en"


def handle(idrec: int) -> str:
    """ITU's persistent link for an edition."""
    return f"https://handle.itu.int/11.1002/1000/{idrec}"
