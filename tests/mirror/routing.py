"""Map a request path to a response: recorded bytes where recorded, generated otherwise.

Recorded responses are served only while the edition's family is served (subset) and not
changed by ``mutate``; everything unknown is a 404. ``/pub/T-TUT[/en]`` and ``/pub/T-HDB[/en]``
are generated index pages (``Catalogue.listed_publications``); ``/pub/<unknown>`` redirects
(302) to ``/en/publications/pages/notfound.aspx`` like ITU's SharePoint.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

from tests.mirror import render_api
from tests.mirror.catalogue import BASE_EPOCH, Catalogue, Edition
from tests.mirror.faults import ROBOTS_BASE
from tests.mirror.names import code_key, family_of, parse_edition_id
from tests.mirror.publications import INDEX_IDS, Publication
from tests.mirror.reference import Recorded, Reference
from tests.mirror.render_legacy import edition_page, summary_fragment
from tests.mirror.render_pub import pub_page
from tests.mirror.render_pub_index import index_page
from tests.mirror.render_recaspx import rec_aspx
from tests.mirror.series import SeriesTitles

JSON = "application/json; charset=utf-8"
HTML_UTF8 = "text/html; charset=utf-8"
_MWS = ("getrechdrdetail", "getreceditions", "getrecsupplements", "getimplguides")
NOT_FOUND = (
    b"<!DOCTYPE html>\r\n<html><head><title>404 - File or directory not found.</title></head>"
    b"<body><h2>404 - File or directory not found.</h2><h3>The resource you are looking for "
    b"might have been removed, had its name changed, or is temporarily unavailable.</h3>"
    b"</body></html>\r\n"
)


@dataclass(slots=True)
class Response:
    """A complete response before conditional-GET handling."""

    status: int
    body: bytes
    content_type: str = "text/html"
    last_modified: int | None = None
    etag: str | None = None
    headers: list[tuple[str, str]] = field(default_factory=list)


def etag_of(body: bytes) -> str:
    """Strong ETag from the body's hash."""
    return '"' + hashlib.blake2b(body, digest_size=10).hexdigest() + '"'


class Router:
    """Request dispatch; ``recaspx_gone`` and ``robots_extra`` are switches set by the server."""

    def __init__(
        self, ref: Reference, cat: Catalogue, subset: Callable[[str], bool] | None
    ) -> None:
        self.ref = ref
        self.cat = cat
        self.subset = subset
        self.series = SeriesTitles(ref)
        self.recaspx_gone = False
        self.robots_extra: list[str] = []
        self._etags: dict[object, str] = {}
        self._search_cache: dict[tuple, Response] = {}
        self.codes = {code_key(n): n for n in cat.families}
        self.guide_codes = {code_key(n): n for n in cat.guides}
        self.missing_override: set[str] | None = None  # set_missing_publications

    # -- helpers ------------------------------------------------------------------------------
    def _family_allowed(self, family: str | None) -> bool:
        if family is None:
            return self.subset is None
        fam = self.cat.families.get(family)
        if fam is None:
            return self.subset is None or self.subset(family)
        return family in self.cat.included and not fam.mutated

    def _recorded(self, key: tuple, family: str | None, always: bool = False) -> Response | None:
        rec: Recorded | None = self.ref.recorded.get(key)
        if rec is None or not (always or self._family_allowed(family)):
            return None
        body = self.ref.body(rec)
        etag = self._etags.get(rec.path)
        if etag is None:
            etag = self._etags[rec.path] = etag_of(body)
        when = dt.datetime.fromisoformat(rec.recorded_at.replace("Z", "+00:00"))
        return Response(rec.status, body, rec.content_type, calendar.timegm(when.utctimetuple()),
                        etag)

    def _idrec_family(self, idrec: int) -> str | None:
        ed = self.cat.by_idrec.get(idrec)
        if ed is not None:
            return ed.guide_for or ed.family  # a guide is served with its Recommendation
        return self.cat.recorded_idrec_family.get(idrec)

    @staticmethod
    def _generated(body: bytes, ctype: str, last_modified: int) -> Response:
        return Response(200, body, ctype, last_modified, etag_of(body))

    def _family_lm(self, ed: Edition) -> int:
        fam = self.cat.families.get(ed.family)
        if fam is None:  # an implementers' guide
            return max(e.last_modified for e in self.cat.guides.get(ed.family, [ed]))
        sups = [s.last_modified for s in fam.supplements]
        return max([fam.last_modified, *sups, *(g.last_modified for g in fam.guides)])

    # -- dispatch -----------------------------------------------------------------------------
    def route(self, raw_path: str) -> Response:
        """Answer one GET."""
        parts = urlsplit(raw_path)
        path = unquote(parts.path)
        low = path.lower()
        params = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
        with self.cat.lock:
            if low == "/robots.txt":
                text = "\n".join([*ROBOTS_BASE, *self.robots_extra]) + "\n"
                body = text.encode()
                return Response(200, body, "text/plain", BASE_EPOCH, etag_of(body))
            if low.startswith("/mws/api/recommendations/"):
                return self._mws(low.rsplit("/", 1)[1], params)
            if low == "/itu-t/recommendations/rec.aspx":
                return self._rec_aspx(params)
            if low.startswith("/rec/"):
                return self._edition(path[5:])
            if low.startswith("/pub/"):
                return self._pub(path[5:])
            if low == "/en/publications/pages/notfound.aspx":
                return self._recorded(("notfound",), None, always=True) or self.not_found()
            if low.startswith("/dms_pubrec/itu-t/rec/"):
                return self._summary(path.rsplit("/", 1)[1])
        return self.not_found()

    def is_missing(self, pub: Publication) -> bool:
        """Whether /pub/<id> answers 404 (the catalogue's choice unless overridden)."""
        if self.missing_override is not None:
            return pub.pub_id in self.missing_override
        return pub.missing

    @staticmethod
    def not_found() -> Response:
        """ITU/IIS-style 404."""
        return Response(404, NOT_FOUND, "text/html")

    def _mws(self, endpoint: str, params: dict[str, str]) -> Response:
        if endpoint == "searchrecs":
            key = (self.cat.generation, tuple(sorted(params.items())))
            cached = self._search_cache.get(key)
            if cached is None:
                body = render_api.search_recs(self.cat, params)
                cached = self._generated(body, JSON, self.cat.last_modified)
                if len(self._search_cache) > 16:
                    self._search_cache.clear()
                self._search_cache[key] = cached
            return cached
        idrec_text = params.get("idrec", "")
        if endpoint not in _MWS or not idrec_text.isdigit():
            return self.not_found()
        idrec = int(idrec_text)
        recorded = self._recorded(("mws", endpoint, idrec), self._idrec_family(idrec))
        if recorded:
            return recorded
        ed = self.cat.edition(idrec)
        if ed is None:
            return self.not_found()
        if endpoint == "getrechdrdetail":
            body = render_api.rec_hdr_detail(self.cat, ed, self.series)
        elif endpoint == "getreceditions":
            body = render_api.rec_editions(self.cat, ed)
        elif endpoint == "getimplguides":
            body = render_api.impl_guides(self.cat, ed)
        else:
            body = render_api.rec_supplements(self.cat, ed)
        return self._generated(body, JSON, self._family_lm(ed))

    def _rec_aspx(self, params: dict[str, str]) -> Response:
        if self.recaspx_gone:
            return self.not_found()
        value = (params.get("rec") or params.get("id") or "").strip()
        if value.isdigit():
            idrec = int(value)
            recorded = self._recorded(("rec", idrec), self._idrec_family(idrec))
            ed = self.cat.edition(idrec)
        else:
            key = code_key(value)
            number = self.codes.get(key)
            recorded_idrec = self.ref.code_idrec.get(key)
            family = number or (self._idrec_family(recorded_idrec) if recorded_idrec else None)
            recorded = self._recorded(("rec_code", key), family) if value else None
            fam = self.cat.family(number) if number else None
            ed = fam.latest if fam else None
            if ed is None and key in self.guide_codes:  # an implementers' guide by number
                ed = self.cat.guide(self.guide_codes[key])
        if recorded:
            return recorded
        if ed is None:
            return self.not_found()
        body = rec_aspx(self.cat, ed, self.series)
        return self._generated(body, HTML_UTF8, self._family_lm(ed))

    def _edition(self, ident: str) -> Response:
        ident = ident.strip("/")
        if ident.lower().endswith("/en"):
            ident = ident[:-3]
        ed = self.cat.by_edition_id.get(ident)
        parsed = parse_edition_id(ident)
        family = (ed.guide_for or ed.family) if ed else (
            family_of(parsed.base[6:]) if parsed else None)
        recorded = self._recorded(("edition", ident), family)
        if recorded:
            return recorded
        if ed is None or not self.cat.is_served(ed):
            return self.not_found()
        return self._generated(edition_page(ed, ident), "text/html", ed.last_modified)

    def _pub(self, ident: str) -> Response:
        ident = ident.strip("/")
        if ident.lower().endswith("/en"):
            ident = ident[:-3]
        if ident in INDEX_IDS:  # generated even if recorded one day: it must match the catalogue
            body = index_page(ident, self.cat.listed_publications(ident), self.cat.seed)
            return self._generated(body, HTML_UTF8, BASE_EPOCH)
        recorded = self._recorded(("pub", ident), None, always=ident.startswith("T-"))
        if recorded:
            return recorded
        pub = self.cat.publications.get(ident)
        if pub is not None and self.cat.pub_served(pub) and self.is_missing(pub):
            return self.not_found()  # a broken link at ITU: IIS's 404, not SharePoint's 302
        if pub is None or not self.cat.pub_served(pub):
            location = "/en/publications/pages/notfound.aspx"
            return Response(302, b"", HTML_UTF8, headers=[("Location", location)])
        return self._generated(pub_page(pub, self.cat.seed), HTML_UTF8, BASE_EPOCH)

    def _summary(self, filename: str) -> Response:
        suffix = "SUM-HTM-E.htm"
        ident = filename[: -len(suffix)].rstrip("!") if filename.endswith(suffix) else ""
        ed = self.cat.by_edition_id.get(ident) if ident else None
        parsed = parse_edition_id(ident) if ident else None
        family = ed.family if ed else family_of(parsed.base[6:]) if parsed else None
        recorded = self._recorded(("summary", filename), family)
        if recorded:
            return recorded
        if ed is None or not ed.summary or not self.cat.is_served(ed):
            return self.not_found()
        return self._generated(summary_fragment(ed), "text/html", ed.last_modified)
