"""Own one harvest run: enumerate, compare with the store, fetch what changed, record the run.

Request budget of a first harvest: 1 robots.txt + 1 enumeration + per family
(getRecHdrDetail + rec.aspx; or, when rec.aspx is gone, getRecSupplements, getRecEditions
and, for Recommendations, getImplGuides) + one request per implementers' guide + one /rec/
page per edition that has one + one /pub/ page per related publication, and at most
`crawler.backfill` older editions' summaries. A night with nothing new costs robots.txt and
conditional GETs of the enumeration and the two /pub/ indexes (and the backfill's share).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol, TypeVar

from crawler import urls
from crawler.backfill import BackfillResult, backfill_summaries
from crawler.errors import CrawlError
from crawler.fetch import FetchError, Page
from crawler.followups import FollowUps
from crawler.guides import GuideHarvester
from crawler.identity import family_key, number_key
from crawler.lineage import editions_links, observation_links
from crawler.numbers import canonical_number, document_type
from crawler.parse.common import ParseError
from crawler.parse.mws import (
    parse_impl_guides,
    parse_rec_editions,
    parse_rec_header,
    parse_rec_supplements,
    parse_search_recs,
)
from crawler.parse.rec_aspx import parse_rec_page, parse_rec_relations
from crawler.pipeline import (
    build_document,
    current_row,
    family_aliases,
    fingerprint,
    group_families,
    guide_number,
)
from crawler.records import (
    EditionLink,
    EnumeratedEdition,
    ImplementersGuideLink,
    RecHeader,
    RecPage,
    SupplementLink,
)
from index.models import RelationData, RunCounts
from index.store import FamilyState, Store
from itucat.config import CrawlerConfig

log = logging.getLogger("itucat.crawl")

RETIRED_AFTER = 20  # families in a row without a rec.aspx page: ITU retired it (this run)
T = TypeVar("T")


class Source(Protocol):
    """Where pages come from: the network (Fetcher) or the raw archive (ArchiveSource)."""

    requests: int

    def get(self, url: str, *, conditional: bool = False) -> Page: ...


class EnumerationError(CrawlError):
    """The enumeration could not be fetched or read: nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "crawl.enumeration_failed")


@dataclass
class RunResult:
    """The outcome of one run."""

    counts: RunCounts
    requests: int
    seconds: float
    warnings: list[str]
    backfill: BackfillResult = BackfillResult(0, 0, 0)
    not_found: int = 0  # items ITU answered 404 for: recorded, retried later, not failures

    @property
    def summary(self) -> str:
        """The one-line summary cron mails to the operator."""
        c = self.counts
        return (
            f"new={c.new} changed={c.changed} unchanged={c.unchanged} failed={c.failed}"
            f" gone={c.gone} requests={self.requests} seconds={self.seconds:.1f}"
            f" backfill={self.backfill.requests} backfill_left={self.backfill.remaining}"
            f" not_found={self.not_found}"
        )


class Harvest:
    """One run of the harvester against a source, writing into the store."""

    def __init__(
        self,
        config: CrawlerConfig,
        store: Store,
        source: Source,
        *,
        progress: bool | None = None,
        replay: bool = False,
    ) -> None:
        self.config = config
        self.store = store
        self.source = source
        self.replay = replay  # re-parse everything from the archive: no change detection
        self.progress = sys.stderr.isatty() if progress is None else progress
        self.counts = RunCounts()
        self.warnings: list[str] = []
        self.not_found = 0
        self.families: dict[str, list[EnumeratedEdition]] = {}
        self.states: dict[str, FamilyState] = {}
        self.keys: dict[str, str] = {}  # family key -> document id (crawler.identity)
        self.guides = GuideHarvester(self)
        self.recaspx_missing = 0  # families in a row without a rec.aspx page

    # -- the run ------------------------------------------------------------------------

    def run(self, revalidate: int = 0, backfill: int = 0) -> RunResult:
        """Enumerate, fetch new and changed families, then edition pages and publications."""
        started = time.monotonic()
        families = self.families = self._enumerate()
        self.keys = {family_key(rows[0].rec_name): name for name, rows in families.items()}
        aliases = {a for name, rows in families.items() for a in family_aliases(name, rows)}
        states = self.states = self.store.documents.family_states()
        todo: list[str] = []
        for name, rows in families.items():
            state = states.get(name)
            if state is None:
                self.counts.new += 1
                todo.append(name)
            elif self.replay or state.family_hash != fingerprint(rows):
                self.counts.changed += 1
                todo.append(name)
            else:
                self.counts.unchanged += 1
        # Old numbers of current documents are aliases, and guides are not in the enumeration.
        gone = [n for n, s in states.items() if n not in families and n not in aliases
                and s.enumerated and s.gone_since is None]
        listed = sum(1 for s in states.values() if not s.gone_since and s.enumerated)
        if gone and len(families) < 0.5 * listed:
            message = (f"enumeration lists {len(families)} families, the store {len(states)}:"
                       " not marking any family gone on so partial an answer")
            self.warn(message)
            self.counts.fail(urls.ENUMERATION, message)
        else:
            self.store.documents.mark_gone(gone)
            self.counts.gone = len(gone)
        extra = self.store.documents.oldest_fetched(revalidate, set(todo)) if revalidate else []
        for name in self.with_progress(todo + extra, "families"):
            self._harvest_family(name, families[name])
        followups = FollowUps(self)
        followups.harvest_edition_files()
        followups.harvest_publications()
        filled = backfill_summaries(self.store, self.source, backfill, replay=self.replay)
        return RunResult(self.counts, self.source.requests, time.monotonic() - started,
                         self.warnings, filled, self.not_found)

    def warn(self, message: str) -> None:
        log.warning(message)
        self.warnings.append(message)

    def with_progress(self, items: list[T], what: str) -> Iterator[T]:
        if not items:
            return iter(())
        if self.progress:
            from tqdm import tqdm

            return iter(tqdm(items, desc=what, unit=what[:-1], file=sys.stderr))
        return self._log_progress(items, what)

    def _log_progress(self, items: list[T], what: str) -> Iterator[T]:
        step = max(1, len(items) // 10)
        for i, item in enumerate(items, 1):
            yield item
            if i % step == 0 or i == len(items):
                log.info("%s: %d/%d", what, i, len(items))

    # -- enumeration ----------------------------------------------------------------------

    def _enumerate(self) -> dict[str, list[EnumeratedEdition]]:
        try:
            page = self.source.get(urls.ENUMERATION, conditional=True)
            total, rows = parse_search_recs(page.body, page.url)
        except (FetchError, ParseError) as exc:
            raise EnumerationError(f"cannot enumerate ITU-T outputs: {exc}") from exc
        if not rows:
            raise EnumerationError("the enumeration lists no editions: refusing to go on")
        if total is not None and total != len(rows):
            self.warn(f"enumeration says Total={total} but lists {len(rows)} editions")
        log.info("enumeration: %d editions%s", len(rows), " (not modified)"
                 if page.not_modified else "")
        return group_families(rows)

    # -- one family ---------------------------------------------------------------------

    def _harvest_family(self, name: str, rows: list[EnumeratedEdition]) -> None:
        """Fetch one family's header, relations and lineage; store it, complete or partial."""
        current = current_row(rows)
        header, header_source = self.header(current.idrec)
        page, page_final = None, True
        if self.config.rec_pages:
            # With the API's header in hand only the page's tabs are read (the fast path).
            page, page_final = self._rec_page(current.idrec, tabs_only=header is not None)
        if header is None and page is not None:
            header, header_source = page.header, "rec.aspx"
        supplements: list[SupplementLink] | None = None
        guides: list[ImplementersGuideLink] = list(page.implementers_guides) if page else []
        listed: tuple[EditionLink, ...] | None = page.editions or None if page else None
        source, ok = "rec.aspx", True
        if page is None and page_final:
            # rec.aspx is switched off or retired by ITU: the JSON API replaces its tabs.
            supplements, guides, listed, ok = self._api_tabs(name, current.idrec)
            source = "getRecEditions"
        lineage = None
        if listed is not None:
            lineage = editions_links(listed, self._doc_of, source, current.rec_name)
            lineage += observation_links(name, header.observation if header else None,
                                         self._resolve)
        # A passing rec.aspx failure leaves relations None: the stored ones are kept.
        complete = header is not None and page_final and ok
        doc = build_document(name, rows, header=header, page=page, supplements=supplements,
                             header_source=header_source, editions_list=listed,
                             lineage=lineage, guides=_guide_relations(guides))
        self.store.documents.save(doc, fingerprint(rows) if complete else None)
        if not complete:
            self.counts.fail(urls.rec_aspx(current.idrec), f"family {name} incomplete")
        if guides:
            self.guides.harvest_listed(name, guides)

    def _doc_of(self, rec_name: str) -> str | None:
        """The catalogue document of an edition name in ITU's editions list (None: unknown)."""
        return self.keys.get(family_key(rec_name))

    def _resolve(self, number: str) -> str | None:
        """The catalogue document of a number named in a text ("Formerly Z.142")."""
        return self.keys.get(number_key(canonical_number(number)))

    def _api_tabs(self, name: str, idrec: int) -> tuple[
            list[SupplementLink] | None, list[ImplementersGuideLink],
            tuple[EditionLink, ...] | None, bool]:
        """Supplements, guides and editions from the JSON API (rec.aspx off or retired)."""
        supplements: list[SupplementLink] | None = []
        guides: list[ImplementersGuideLink] = []
        ok = True
        if document_type(name) == "Recommendation":
            supplements, ok = self._supplements(idrec)
            found, guides_ok = self._api_list(urls.impl_guides(idrec), parse_impl_guides)
            guides, ok = list(found or []), ok and guides_ok
        editions, editions_ok = self._api_list(urls.rec_editions(idrec), parse_rec_editions)
        listed = tuple(editions) if editions else None
        return supplements, guides, listed, ok and editions_ok

    def _api_list(self, url: str, parse: Callable[[bytes, str], list[T]]
                  ) -> tuple[list[T] | None, bool]:
        """A JSON list endpoint: (rows, True), ([], True) when ITU has none, (None, False)."""
        try:
            page = self.source.get(url)
        except FetchError as exc:
            if exc.status in (404, 410):
                return [], True  # not offered for this text
            log.info("fetch failed: %s", exc)
            return None, False
        try:
            return parse(page.body, url), True
        except ParseError as exc:
            self.warn(f"{url}: {exc}")
            return None, False

    def get_or_none(self, url: str) -> Page | None:
        """Fetch a URL; None (logged) when it cannot be fetched."""
        try:
            return self.source.get(url)
        except FetchError as exc:
            log.info("fetch failed: %s", exc)
            return None

    def header(self, idrec: int) -> tuple[RecHeader | None, str | None]:
        """An edition's header from getRecHdrDetail, with its source ("mws"), or (None, None)."""
        url = urls.header(idrec)
        page = self.get_or_none(url)
        if page is None:
            return None, None
        try:
            header = parse_rec_header(page.body, url)
        except ParseError as exc:
            self.warn(f"{url}: {exc}")
            return None, None
        return header, "mws"

    def _rec_page(self, idrec: int, tabs_only: bool) -> tuple[RecPage | None, bool]:
        """rec.aspx, and whether its absence is final (ITU retired the page) or passing.

        After RETIRED_AFTER families in a row without a rec.aspx page (404, 410, or no
        longer a rec.aspx page) and none with one, the page is taken as retired for the rest
        of the run: the JSON API answers alone, without a wasted request per family.
        """
        if self.recaspx_missing >= RETIRED_AFTER:
            return None, True
        url = urls.rec_aspx(idrec)
        try:
            page = self.source.get(url)
        except FetchError as exc:
            gone = exc.status in (404, 410)
            if not gone:
                log.info("fetch failed: %s", exc)
            else:
                self._recaspx_absent(url)
            return None, gone
        try:
            parse = parse_rec_relations if tabs_only else parse_rec_page
            parsed = parse(page.body, url)
        except ParseError as exc:
            # A page that is not a rec.aspx page any more (e.g. the retirement notice).
            self.warn(f"{url}: {exc}")
            self._recaspx_absent(url)
            return None, True
        self.recaspx_missing = -1_000_000  # it answers: never taken as retired this run
        return parsed, True

    def _recaspx_absent(self, url: str) -> None:
        self.recaspx_missing += 1
        if self.recaspx_missing == RETIRED_AFTER:
            self.warn(f"rec.aspx answered no page for {RETIRED_AFTER} families in a row (last:"
                      f" {url}): taken as retired for this run, the JSON API answers alone")

    def _supplements(self, idrec: int) -> tuple[list[SupplementLink] | None, bool]:
        url = urls.supplements(idrec)
        page = self.get_or_none(url)
        if page is None:
            return None, False
        try:
            return parse_rec_supplements(page.body, url), True
        except ParseError as exc:
            self.warn(f"{url}: {exc}")
            return None, False

def _guide_relations(guides: Iterable[ImplementersGuideLink]) -> list[RelationData]:
    """Relations to the guides the JSON API lists (rec.aspx's come with its page)."""
    out = []
    for guide in guides:
        if guide.idrec is None:
            continue  # from rec.aspx: pipeline._page_relations files them
        number = guide_number(guide.url) or (guide.rec_name or guide.title).split(" (")[0]
        out.append(RelationData(kind="implementers_guide", target=number[:200],
                                label=guide.rec_name, title=guide.title, status=guide.status,
                                year=guide.approval_date.year if guide.approval_date else None,
                                url=guide.url))
    return out
