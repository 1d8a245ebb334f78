"""Own the harvest of implementers' guides, which ITU's enumeration does not list.

A Recommendation's guides are listed on its rec.aspx page (Implementer's guide(s) tab, each
row linking the guide's /rec/ page, "T-REC-G.Imp712-200004-I") or by the getImplGuides API.
Each becomes a catalogue document of type "Implementers' guide" (listed_by = the
Recommendation), fetched when it is new or its listing changed:

* with rec.aspx: the guide's own page by number (`rec.aspx?rec=G.Imp712`, ITU's latest
  edition of that number), read whole: header and Editions tab (1 request);
* with the JSON API alone: getRecHdrDetail and getRecEditions of the listed idrec (2).

Its /rec/ edition pages are then read with every other edition's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from crawler import urls
from crawler.fetch import FetchError
from crawler.parse.common import ParseError
from crawler.parse.mws import parse_rec_editions
from crawler.parse.rec_aspx import parse_rec_page
from crawler.pipeline import build_document, guide_number
from crawler.records import EditionLink, EnumeratedEdition, ImplementersGuideLink, RecHeader

if TYPE_CHECKING:
    from crawler.crawl import Harvest

def listing_hash(guide: ImplementersGuideLink) -> str:
    """What a Recommendation says of a guide; a change means "fetch the guide again"."""
    payload = [guide.title, str(guide.approval_date), guide.url, guide.idrec, guide.status]
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()


def _edition_id(url: str | None) -> str | None:
    """"https://www.itu.int/rec/T-REC-G.Imp712-200004-I" -> "T-REC-G.Imp712-200004-I"."""
    if not url or "/rec/" not in url:
        return None
    return url.rsplit("/rec/", 1)[1].split("/")[0].split("?")[0] or None


def rows_from_editions(links: Iterable[EditionLink], header: RecHeader,
                       listed_id: str | None = None) -> list[EnumeratedEdition]:
    """Enumeration-like rows of a guide from its editions list (the header's, when empty).

    ITU's editions list gives a guide no edition id ("Download: -"); the Recommendation's
    listing links the current edition's /rec/ page, so the current row takes that id.
    """
    rows = []
    for link in links:
        if link.idrec is None:
            continue
        current = link.idrec == header.idrec
        rows.append(EnumeratedEdition(
            link.idrec, link.rec_name, link.title, header.approval_date if current else None,
            link.edition_id or (listed_id if current else None), link.status))
    if not rows and header.idrec is not None:
        name = header.rec_name.removeprefix("ITU-T ").strip()
        rows = [EnumeratedEdition(header.idrec, name, header.title, header.approval_date,
                                  listed_id, header.status)]
    return rows


class GuideHarvester:
    """Fetch the guides a harvested Recommendation lists (each once per run)."""

    def __init__(self, harvest: Harvest) -> None:
        self.harvest = harvest
        self.done: set[str] = set()

    def harvest_listed(self, listed_by: str, guides: Iterable[ImplementersGuideLink]) -> None:
        """Fetch each listed guide that is new or whose listing changed."""
        states = self.harvest.states
        for guide in guides:
            number = guide_number(guide.url) or (
                guide.rec_name.split(" (")[0] if guide.rec_name else None)
            if number is None or number in self.done or number in self.harvest.families:
                continue  # no number to file it under, seen this run, or enumerated by ITU
            self.done.add(number)
            digest = listing_hash(guide)
            state = states.get(number)
            if state is not None and state.family_hash == digest and not self.harvest.replay:
                continue
            if self._harvest_one(number, guide, listed_by, digest):
                if state is None:
                    self.harvest.counts.new += 1
                else:
                    self.harvest.counts.changed += 1

    def _harvest_one(self, number: str, guide: ImplementersGuideLink, listed_by: str,
                     digest: str) -> bool:
        h = self.harvest
        if h.config.rec_pages and guide.idrec is None:
            fetched = self._from_rec_aspx(number)
        else:
            fetched = self._from_api(guide.idrec)
        if fetched is None:
            return False
        header, links, source = fetched
        rows = rows_from_editions(links, header, _edition_id(guide.url))
        if not rows:
            h.warn(f"implementers' guide {number}: no edition to file")
            return False
        doc = build_document(number, rows, header=header, page=None, supplements=[],
                             header_source=source, editions_list=links, lineage=(),
                             listed_by=listed_by)
        h.store.documents.save(doc, digest)
        return True

    def _from_rec_aspx(self, number: str) -> tuple[RecHeader, tuple[EditionLink, ...], str] | None:
        h = self.harvest
        url = urls.rec_aspx(number)
        try:
            page = h.source.get(url)
            parsed = parse_rec_page(page.body, url)
        except FetchError as exc:
            if exc.status in (404, 410):
                h.warn(f"{url}: implementers' guide not found upstream")
                h.not_found += 1
            elif not h.replay:
                h.counts.fail(url, f"implementers' guide not fetched: {exc.reason}")
            return None
        except ParseError as exc:
            h.warn(f"{url}: {exc}")
            return None
        return parsed.header, parsed.editions, "rec.aspx"

    def _from_api(self, idrec: int | None) -> tuple[RecHeader, tuple[EditionLink, ...], str] | None:
        h = self.harvest
        if idrec is None:
            return None
        header, _source = h.header(idrec)
        if header is None:
            if not h.replay:
                h.counts.fail(urls.header(idrec),
                              "implementers' guide header not fetched")
            return None
        url = urls.rec_editions(idrec)
        page = h.get_or_none(url)
        links: tuple[EditionLink, ...] = ()
        if page is not None:
            try:
                links = tuple(parse_rec_editions(page.body, url))
            except ParseError as exc:
                h.warn(f"{url}: {exc}")
        return header, links, "mws"
