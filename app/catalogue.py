"""Own what the site reads: the search service and the store, with per-index-version caches.

Search answers and tags with provenance come from the index (`SearchService`); editions,
files, relations, lineage, old numbers and crawl runs from the store (read-only). Results
derived from the whole catalogue (curated documents, sitemap ids, publications) are cached
until the index changes, so a page costs one search or one document read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from index.export import document_record
from index.lineage_models import LineageView
from index.models import Change, Publication, Run
from index.search import FacetValue, IndexedDocument, SearchAnswer, SearchHit, SearchService
from index.store import Store
from itucat.config import Config


@dataclass(frozen=True)
class DocumentPage:
    """One document as its page shows it: the index payload (tags with provenance), the
    store's record (editions, files, relations; the export record), if the store has it,
    and its lineage (what replaced it, what it replaced, the text in force at the end)."""

    payload: IndexedDocument
    record: dict[str, Any] | None
    lineage: LineageView | None = None


def _from_hit(hit: SearchHit) -> IndexedDocument:
    """A search hit as a payload (its tags lack the rule evidence)."""
    return {"number": hit["number"], "title": hit["title"], "type": hit["type"],
            "status": hit["status"], "approval_date": hit["approval_date"], "url": hit["url"],
            "summary": None, "series": None, "study_group": hit["study_group"],
            "provisional_name": None, "iso_number": None, "languages": hit["languages"],
            "topics": hit["topics"], "regions": hit["regions"], "kinds": hit["kinds"],
            "developing_countries": hit["developing_countries"],
            "replaced_by": hit["replaced_by"], "gone": hit["gone"]}


class Catalogue:
    """The catalogue as the site sees it (one per app, shared by threads)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.data_dir = Path(config.data_dir)
        self._service: SearchService | None = None
        self._store: Store | None = None
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], Any] = {}
        self._before_close: list[Callable[[], None]] = []

    # -- plumbing -------------------------------------------------------------------------

    @property
    def service(self) -> SearchService:
        """The search service (opened on first use)."""
        with self._lock:
            if self._service is None:
                self._service = SearchService(self.data_dir)
            return self._service

    @property
    def store(self) -> Store:
        """The catalogue store (opened on first use)."""
        with self._lock:
            if self._store is None:
                self._store = Store.open(self.data_dir, self.config.store.database_url)
            return self._store

    def version(self) -> str:
        """The live index version ("build:generation"): the key of every derived cache.

        Read from a (cached) empty search, whose answer names the index it came from.
        """
        index = self.search("", per_page=1, facet_limit=0).get("index", {})
        return f"{index.get('build')}:{index.get('generation')}"

    def cached(self, name: str, make: Callable[[], Any]) -> Any:
        """A value computed once per index version."""
        key = (name, self.version())
        if key not in self._cache:
            value = make()
            with self._lock:
                for old in [k for k in self._cache if k[0] == name]:
                    del self._cache[old]
                self._cache[key] = value
        return self._cache[key]

    def before_close(self, step: Callable[[], None]) -> None:
        """Run `step` when the catalogue closes, before the store does (a writer thread
        that must finish first, or it would open a connection no one closes)."""
        self._before_close.append(step)

    def close(self) -> None:
        """Release the store and this thread's searcher (after the `before_close` steps)."""
        for step in self._before_close:
            step()
        if self._service is not None:
            self._service.close()
        if self._store is not None:
            self._store.close()

    # -- reading ------------------------------------------------------------------------

    def search(self, text: str = "", filters: Mapping[str, list[str]] | None = None,
               sort: str | None = None, page: int = 1, per_page: int = 20,
               facet_limit: int | None = 30, *, lang: str = "en", verbatim: bool = False,
               ignore: list[str] | None = None) -> SearchAnswer:
        """One search answer (see index/search/records.py for its shape); `lang` is the
        reader's page language, `verbatim` and `ignore` as SearchService.search says."""
        return self.service.search(text, filters or {}, sort=sort, page=page,
                                   per_page=per_page, facet_limit=facet_limit, lang=lang,
                                   verbatim=verbatim, ignore=ignore or ())

    def facet(self, name: str) -> list[FacetValue]:
        """Every value of a facet with its count over all current documents."""
        return self.cached(f"facet:{name}",
                           lambda: self.search("", facet_limit=None)["facets"].get(name, []))

    def publications(self) -> dict[str, Publication]:
        """Technical Papers, Reports and Handbooks by id."""
        return self.cached("publications", self.store.publications.all)

    def document(self, number: str) -> DocumentPage | None:
        """One document: the index payload (tags, provenance) joined with the store record."""
        payload = self._payload(number)
        if payload is None:
            return None
        doc = self.store.documents.get(payload["number"])
        # Only the publications this document links to: a page never reads the catalogue.
        pubs = self.store.publications.many(
            r.target for r in doc.relations if r.kind == "related") if doc else {}
        record = document_record(doc, pubs) if doc else None
        if record:  # what a payload made from a search hit lacks, the store has
            if payload["summary"] is None:
                payload["summary"] = record["summary"]
            if payload["series"] is None:
                payload["series"] = record["series"]
            if payload["provisional_name"] is None:
                payload["provisional_name"] = record["provisional_name"]
            if payload["iso_number"] is None:
                payload["iso_number"] = record["iso_number"]
        return DocumentPage(payload, record, self.store.lineage.view(payload["number"]))

    def _payload(self, number: str) -> IndexedDocument | None:
        """The index payload of a number; the exact document when several share it.

        `SearchService.document("V.110")` may answer the joint "I.463/V.110", which shares
        the number; the exact document is then taken from a search hit (its tags lack the
        rule evidence, which only `document()` returns).
        """
        payload = self.service.document(number)
        if payload is None or payload["number"].lower() == number.lower():
            return payload
        answer = self.search(number, {"status": ["all"]}, per_page=10, facet_limit=0)
        for hit in answer["results"]:
            if hit["number"].lower() == number.lower():
                return _from_hit(hit)
        return payload

    def redirect(self, number: str) -> str | None:
        """The document an old number of it leads to (a spelling ITU used, an annex filed on
        its own before); None when the number is no old number (keyed read, no index)."""
        target = self.store.aliases.resolve(number)
        return target if target and target != number else None

    def lineage(self, number: str) -> LineageView:
        """What replaced a document and what it replaced (keyed reads, no index needed).

        An old number of a document answers with `redirect` set to the document it now
        belongs to.
        """
        target = self.redirect(number)
        view = self.store.lineage.view(target or number)
        return replace(view, redirect=target) if target else view

    def curated_relevant(self, limit: int = 10) -> list[IndexedDocument]:
        """Documents a curator marked relevant to developing countries, newest decision first."""
        def make() -> list[IndexedDocument]:
            decisions = self.store.tags.curator_decisions()
            marked = []
            for doc_id, items in decisions.items():
                latest = [d for d in items if d.facet == "developing_countries"]
                if not latest:
                    continue
                last = max(latest, key=lambda d: d.when)
                if last.value.lower() in {"yes", "true", "1"}:
                    marked.append((last.when, doc_id))
            out = []
            for _when, doc_id in sorted(marked, reverse=True):
                payload = self.service.document(doc_id)
                if payload is not None:
                    out.append(payload)
                if len(out) >= 50:
                    break
            return out
        return self.cached("curated", make)[:limit]

    def document_ids(self) -> list[str]:
        """Every document number in the index (for the sitemap)."""
        return self.cached("ids", self.store.documents.ids)

    def runs(self, limit: int = 5) -> list[Run]:
        """The latest crawl runs, newest first."""
        return self.store.runs.latest(limit)

    def count_changed_since(self, stamp: str) -> int:
        """How many documents changed at or after `stamp`."""
        return self.store.documents.count_changed_since(stamp)

    def changed_since(self, stamp: str, limit: int = 50, offset: int = 0) -> list[Change]:
        """Documents whose record changed at or after a time (newest first)."""
        return self.store.documents.changed_since(stamp, limit, offset)

    def counts(self) -> dict[str, int]:
        """Row counts of the store's catalogue tables (the status page)."""
        return self.store.documents.counts()
