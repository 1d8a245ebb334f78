"""Own one harvest run: enumerate, compare with the store, fetch what changed, record the run.

Request budget of a first harvest: 1 robots.txt + 1 enumeration + per family
(getRecHdrDetail + rec.aspx, or getRecSupplements when rec.aspx is gone) + one /rec/
page per edition that has one + one /pub/ page per related publication. A night with
nothing new costs robots.txt and a conditional GET of the enumeration.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol, TypeVar

from crawler import urls
from crawler.errors import CrawlError
from crawler.fetch import FetchError, Page
from crawler.numbers import document_type, study_group_code
from crawler.parse.common import ParseError
from crawler.parse.mws import parse_rec_header, parse_rec_supplements, parse_search_recs
from crawler.parse.publication import parse_publication
from crawler.parse.rec_aspx import parse_rec_page, parse_rec_relations
from crawler.parse.rec_edition import parse_edition_page
from crawler.pipeline import (
    build_document,
    current_row,
    files_key,
    files_of,
    fingerprint,
    group_families,
    publication_type,
    publication_values,
)
from crawler.records import EnumeratedEdition, RecHeader, RecPage, SupplementLink
from index.models import PublicationListing, RunCounts
from index.store import Store
from itucat.config import CrawlerConfig

log = logging.getLogger("itucat.crawl")

PUBLICATION_INDEXES = ("T-TUT", "T-HDB")  # /pub/<id>/en: every Technical Paper/Report, Handbook
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

    @property
    def summary(self) -> str:
        """The one-line summary cron mails to the operator."""
        c = self.counts
        return (
            f"new={c.new} changed={c.changed} unchanged={c.unchanged} failed={c.failed}"
            f" gone={c.gone} requests={self.requests} seconds={self.seconds:.1f}"
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

    # -- the run ------------------------------------------------------------------------

    def run(self, revalidate: int = 0) -> RunResult:
        """Enumerate, fetch new and changed families, then edition pages and publications."""
        started = time.monotonic()
        families = self._enumerate()
        states = self.store.documents.family_states()
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
        gone = [n for n, s in states.items() if n not in families and s.gone_since is None]
        if gone and len(families) < 0.5 * sum(1 for s in states.values() if not s.gone_since):
            message = (f"enumeration lists {len(families)} families, the store {len(states)}:"
                       " not marking any family gone on so partial an answer")
            self._warn(message)
            self.counts.fail(urls.ENUMERATION, message)
        else:
            self.store.documents.mark_gone(gone)
            self.counts.gone = len(gone)
        extra = self.store.documents.oldest_fetched(revalidate, set(todo)) if revalidate else []
        for name in self._progress(todo + extra, "families"):
            self._harvest_family(name, families[name])
        self._harvest_edition_files()
        self._harvest_publications()
        return RunResult(self.counts, self.source.requests, time.monotonic() - started,
                         self.warnings)

    def _warn(self, message: str) -> None:
        log.warning(message)
        self.warnings.append(message)

    def _progress(self, items: list[T], what: str) -> Iterator[T]:
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
            self._warn(f"enumeration says Total={total} but lists {len(rows)} editions")
        log.info("enumeration: %d editions%s", len(rows), " (not modified)"
                 if page.not_modified else "")
        return group_families(rows)

    # -- one family ---------------------------------------------------------------------

    def _harvest_family(self, name: str, rows: list[EnumeratedEdition]) -> None:
        """Fetch one family's header and relations; store it, complete or partial."""
        current = current_row(rows)
        header, header_source = self._header(current.idrec)
        page, page_final = None, True
        if self.config.rec_pages:
            # With the API's header in hand only the page's tabs are read (the fast path).
            page, page_final = self._rec_page(current.idrec, tabs_only=header is not None)
        if header is None and page is not None:
            header, header_source = page.header, "rec.aspx"
        supplements: list[SupplementLink] | None = None
        supplements_ok = True
        if page is None and page_final:
            # rec.aspx is switched off or retired by ITU: the supplements API replaces it.
            if document_type(name) == "Recommendation":
                supplements, supplements_ok = self._supplements(current.idrec)
            else:
                supplements = []
        # A passing rec.aspx failure leaves relations None: the stored ones are kept.
        complete = header is not None and page_final and supplements_ok
        doc = build_document(name, rows, header=header, page=page, supplements=supplements,
                             header_source=header_source)
        self.store.documents.save(doc, fingerprint(rows) if complete else None)
        if not complete:
            self.counts.fail(urls.rec_aspx(current.idrec), f"family {name} incomplete")

    def _get(self, url: str) -> Page | None:
        try:
            return self.source.get(url)
        except FetchError as exc:
            log.info("fetch failed: %s", exc)
            return None

    def _header(self, idrec: int) -> tuple[RecHeader | None, str | None]:
        url = urls.header(idrec)
        page = self._get(url)
        if page is None:
            return None, None
        try:
            header = parse_rec_header(page.body, url)
        except ParseError as exc:
            self._warn(f"{url}: {exc}")
            return None, None
        return header, "mws"

    def _rec_page(self, idrec: int, tabs_only: bool) -> tuple[RecPage | None, bool]:
        """rec.aspx, and whether its absence is final (ITU retired the page) or passing."""
        url = urls.rec_aspx(idrec)
        try:
            page = self.source.get(url)
        except FetchError as exc:
            gone = exc.status in (404, 410)
            if not gone:
                log.info("fetch failed: %s", exc)
            return None, gone
        try:
            parse = parse_rec_relations if tabs_only else parse_rec_page
            return parse(page.body, url), True
        except ParseError as exc:
            # A page that is not a rec.aspx page any more (e.g. the retirement notice).
            self._warn(f"{url}: {exc}")
            return None, True

    def _supplements(self, idrec: int) -> tuple[list[SupplementLink] | None, bool]:
        url = urls.supplements(idrec)
        page = self._get(url)
        if page is None:
            return None, False
        try:
            return parse_rec_supplements(page.body, url), True
        except ParseError as exc:
            self._warn(f"{url}: {exc}")
            return None, False

    # -- edition pages and publications --------------------------------------------------

    def _harvest_edition_files(self) -> None:
        if not self.config.edition_pages:
            return
        needed = self.store.documents.editions_needing_files(include_known=self.replay)
        for idrec, edition_id in self._progress(needed, "editions"):
            url = urls.edition_page(edition_id)
            try:
                page = self.source.get(url)
            except FetchError as exc:
                if exc.status in (404, 410):
                    # ITU has no page for this edition: known to have no files, not retried
                    # every night (--revalidate of its family does not bring it back either).
                    self._warn(f"{url}: no edition page ({exc.reason})")
                    self.store.documents.save_edition_files(idrec, [], files_key(edition_id))
                elif not self.replay:
                    self.counts.fail(url, f"edition page not fetched: {exc.reason}")
                continue
            try:
                parsed = parse_edition_page(page.body, url)
            except ParseError as exc:
                self._warn(f"{url}: {exc}")
                continue
            self.store.documents.save_edition_files(idrec, files_of(parsed), files_key(edition_id))

    def _harvest_publications(self) -> None:
        if not self.config.publications:
            return
        self._read_publication_indexes()
        done: set[str] = set()
        queue = self.store.publications.needed(include_known=self.replay)
        for pub_id, url in self._progress(queue, "publications"):
            self._harvest_publication(pub_id, url, parent=None, done=done)

    def _read_publication_indexes(self) -> None:
        """Note every product ITU lists under /pub/T-TUT and /pub/T-HDB (new ones get fetched)."""
        for index_id in PUBLICATION_INDEXES:
            url = urls.publication_index(index_id)
            try:
                page = self.source.get(url, conditional=True)
                index = parse_publication(page.body, page.final_url)
            except FetchError as exc:
                if not self.replay:
                    self.counts.fail(url, exc.reason)
                continue
            except ParseError as exc:
                self._warn(f"{url}: {exc}")
                continue
            if index.not_found:
                self._warn(f"{url}: ITU answered notfound (throttled?); list kept as it was")
                continue
            self.store.publications.save_listings([
                PublicationListing(item.pub_id, publication_type(item.pub_id, item.title),
                                   item.title, study_group_code(item.group), index_id,
                                   urls.publication(item.pub_id))
                for item in index.listed
            ])

    def _harvest_publication(self, pub_id: str, url: str, parent: str | None,
                             done: set[str]) -> None:
        if pub_id in done:
            return
        done.add(pub_id)
        page = self._get(url)
        if page is None:
            if not self.replay:
                self.counts.fail(url, "publication page not fetched")
            return
        try:
            pub = parse_publication(page.body, page.final_url)
        except ParseError as exc:
            self._warn(f"{url}: {exc}")
            return
        # notfound.aspx means throttled or unknown, never "deleted": keep what we had.
        self.store.publications.save(publication_values(pub_id, url, pub, parent),
                                     not_found=pub.not_found)
        if not pub.items:
            for edition in pub.other_editions:  # a family page: read each edition's page
                self._harvest_publication(edition, urls.publication(edition), pub_id, done)
