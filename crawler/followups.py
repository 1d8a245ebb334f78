"""Own the fetches that follow the families: /rec/ edition pages and /pub/ publication pages.

Edition pages give languages, formats and sizes (read once per edition; ITU's 404 means
"no page", recorded). Publications: every product of the /pub/T-TUT and /pub/T-HDB index
pages and every Technical Paper, Report or Handbook a Recommendation links. A publication
that answers 404 is "not found upstream": recorded with a growing retry interval (a day, a
week, then a month), shown as such, and not a failed item, so a healthy night still ends 0.
`notfound.aspx` means "throttled or unknown", never "deleted": what we had is kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crawler import urls
from crawler.fetch import FetchError
from crawler.numbers import study_group_code
from crawler.parse.common import ParseError
from crawler.parse.publication import parse_publication
from crawler.parse.rec_edition import parse_edition_page
from crawler.pipeline import files_key, files_of, publication_type, publication_values
from index.models import PublicationListing

if TYPE_CHECKING:
    from crawler.crawl import Harvest

PUBLICATION_INDEXES = ("T-TUT", "T-HDB")  # /pub/<id>/en: every Technical Paper/Report, Handbook


class FollowUps:
    """Edition pages and publications for one harvest run."""

    def __init__(self, harvest: Harvest) -> None:
        self.h = harvest

    def harvest_edition_files(self) -> None:
        """Read the /rec/ page of every edition whose languages and formats are not known."""
        if not self.h.config.edition_pages:
            return
        needed = self.h.store.documents.editions_needing_files(include_known=self.h.replay)
        for idrec, edition_id in self.h.with_progress(needed, "editions"):
            url = urls.edition_page(edition_id)
            try:
                page = self.h.source.get(url)
            except FetchError as exc:
                if exc.status in (404, 410):
                    # ITU has no page for this edition: known to have no files, not retried
                    # every night (--revalidate of its family does not bring it back either).
                    self.h.warn(f"{url}: no edition page ({exc.reason})")
                    self.h.store.documents.save_edition_files(idrec, [], files_key(edition_id))
                elif not self.h.replay:
                    self.h.counts.fail(url, f"edition page not fetched: {exc.reason}")
                continue
            try:
                parsed = parse_edition_page(page.body, url)
            except ParseError as exc:
                self.h.warn(f"{url}: {exc}")
                continue
            self.h.store.documents.save_edition_files(idrec, files_of(parsed),
                                                      files_key(edition_id))

    def harvest_publications(self) -> None:
        """Read the /pub/ index pages, then every publication not fetched yet or due again."""
        if not self.h.config.publications:
            return
        self.read_publication_indexes()
        done: set[str] = set()
        queue = self.h.store.publications.needed(include_known=self.h.replay)
        for pub_id, url in self.h.with_progress(queue, "publications"):
            self.harvest_publication(pub_id, url, parent=None, done=done)

    def read_publication_indexes(self) -> None:
        """Note every product ITU lists under /pub/T-TUT and /pub/T-HDB (new ones get fetched)."""
        for index_id in PUBLICATION_INDEXES:
            url = urls.publication_index(index_id)
            try:
                page = self.h.source.get(url, conditional=True)
                index = parse_publication(page.body, page.final_url)
            except FetchError as exc:
                if not self.h.replay:
                    self.h.counts.fail(url, exc.reason)
                continue
            except ParseError as exc:
                self.h.warn(f"{url}: {exc}")
                continue
            if index.not_found:
                self.h.warn(f"{url}: ITU answered notfound (throttled?); list kept as it was")
                continue
            self.h.store.publications.save_listings([
                PublicationListing(item.pub_id, publication_type(item.pub_id, item.title),
                                   item.title, study_group_code(item.group), index_id,
                                   urls.publication(item.pub_id))
                for item in index.listed
            ])

    def harvest_publication(self, pub_id: str, url: str, parent: str | None,
                            done: set[str]) -> None:
        """Read one /pub/ page (a family page: each of its editions' pages too)."""
        if pub_id in done:
            return
        done.add(pub_id)
        try:
            page = self.h.source.get(url)
        except FetchError as exc:
            if exc.status in (404, 410):
                # Not found upstream: recorded, asked again after a day, a week, then monthly;
                # a healthy night whose only trouble is such a link still ends 0.
                retry = self.h.store.publications.missing(
                    pub_id, url, publication_type(pub_id, None), count=not self.h.replay)
                self.h.warn(f"{url}: not found upstream (HTTP {exc.status}); next try {retry}")
                self.h.not_found += 1
            elif not self.h.replay:
                self.h.counts.fail(url, f"publication page not fetched: {exc.reason}")
            return
        try:
            pub = parse_publication(page.body, page.final_url)
        except ParseError as exc:
            self.h.warn(f"{url}: {exc}")
            return
        # notfound.aspx means throttled or unknown, never "deleted": keep what we had.
        self.h.store.publications.save(publication_values(pub_id, url, pub, parent),
                                       not_found=pub.not_found)
        if not pub.items:
            for edition in pub.other_editions:  # a family page: read each edition's page
                self.harvest_publication(edition, urls.publication(edition), pub_id, done)
