"""Own what the site reads: the search service and the store, with per-index-version caches.

Search answers and tags with provenance come from the index (`SearchService`); editions,
files, relations and crawl runs from the store (read-only). Results derived from the whole
catalogue (curated documents, sitemap ids, publications) are cached until the index
changes, so a page costs one search or one document read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from app import storeview
from index.export import document_record
from index.lineage_models import LineageView
from index.search.layout import IndexMissing
from index.search.provenance import load_decisions
from index.search.service import SearchService
from index.search.sources import read_one
from index.store import Store
from index.store_publications import publication_document
from itucat.config import Config


class CatalogueUnavailable(RuntimeError):
    """No index has been built yet in the data directory."""


class Catalogue:
    """The catalogue as the site sees it (one per app, shared by threads)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.data_dir = Path(config.data_dir)
        self._service: SearchService | None = None
        self._store: Store | None = None
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str], Any] = {}

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

    def close(self) -> None:
        """Release the store and this thread's searcher."""
        if self._service is not None:
            self._service.close()
        if self._store is not None:
            self._store.close()

    # -- reading ------------------------------------------------------------------------

    def search(self, text: str = "", filters: Mapping[str, list[str]] | None = None,
               sort: str | None = None, page: int = 1, per_page: int = 20,
               facet_limit: int | None = 30) -> dict[str, Any]:
        """One search answer (see index/search/results.py for its shape)."""
        try:
            return self.service.search(text, filters or {}, sort=sort, page=page,
                                       per_page=per_page, facet_limit=facet_limit)
        except IndexMissing as exc:
            raise CatalogueUnavailable(str(exc)) from exc

    def facet(self, name: str) -> list[dict[str, Any]]:
        """Every value of a facet with its count over all current documents."""
        return self.cached(f"facet:{name}",
                           lambda: self.search("", facet_limit=None)["facets"].get(name, []))

    def publications(self) -> dict[str, dict[str, Any]]:
        """Technical Papers, Reports and Handbooks by id."""
        return self.cached("publications", self.store.publications)

    def document(self, number: str) -> dict[str, Any] | None:
        """One document: the index payload (tags, provenance) joined with the store record."""
        payload = self._payload(number)
        if payload is None:
            return None
        doc_id = payload["number"]
        pubs = self.publications()
        row = read_one(self.store, doc_id)
        if doc_id in pubs:
            linked = storeview.related_to(self.store, doc_id)
            row = publication_document(pubs[doc_id], linked)
        record = document_record(row, pubs) if row and "approval_process" in row else None
        for key in ("summary", "series", "provisional_name", "iso_number"):
            if payload.get(key) is None and record:
                payload[key] = record.get(key)
        return {"payload": payload, "record": record}

    def _payload(self, number: str) -> dict[str, Any] | None:
        """The index payload of a number; the exact document when several share it.

        `SearchService.document("V.110")` may answer the joint "I.463/V.110", which shares
        the number; the exact document is then taken from a search hit (its tags lack the
        rule evidence, which only `document()` returns).
        """
        try:
            payload = self.service.document(number)
        except IndexMissing as exc:
            raise CatalogueUnavailable(str(exc)) from exc
        if payload is None or payload["number"].lower() == number.lower():
            return payload
        answer = self.search(number, {"status": ["all"]}, per_page=10, facet_limit=0)
        for hit in answer["results"]:
            if hit["number"].lower() == number.lower():
                return {**{k: v for k, v in hit.items() if k not in ("title_html", "snippet")},
                        "summary": None, "series": None, "provisional_name": None,
                        "iso_number": None}
        return payload

    def lineage(self, number: str) -> LineageView:
        """What replaced a document and what it replaced (keyed reads, no index needed).

        An old number of a document (a spelling ITU used, an annex filed on its own before)
        answers with `redirect` set to the document it now belongs to.
        """
        target = self.store.resolve_alias(number)
        view = self.store.lineage_view(target or number)
        return replace(view, redirect=target) if target and target != number else view

    def curated_relevant(self, limit: int = 10) -> list[dict[str, Any]]:
        """Documents a curator marked relevant to developing countries, newest decision first."""
        def make() -> list[dict[str, Any]]:
            with self.store.engine.connect() as conn:
                decisions = load_decisions(conn)
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
        def make() -> list[str]:
            # Old numbers merged into another document redirect: not pages of their own.
            ids = [i for i, s in self.store.family_states().items() if s.merged_into is None]
            ids += [p for p in self.publications() if p not in set(ids)]
            return sorted(ids)
        return self.cached("ids", make)

    def runs(self, limit: int = 5) -> list[dict[str, Any]]:
        """The latest crawl runs, newest first."""
        return self.store.runs(limit)

    def changed_since(self, stamp: str, limit: int = 50) -> list[dict[str, Any]]:
        """Documents whose record changed at or after a time (newest first)."""
        return storeview.changed_since(self.store, stamp, limit)
