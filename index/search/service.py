"""Own answering a search: query, filters, facets, ranking, pages, snippets, corrections.

`SearchService.search()` is what the CLI and the app call. It never raises for a bad
query string: what it could not use is reported in `notices`. A query is read first
(understand.py: another UN language mapped to English, filter words taken out as
intents), then matched (most of its words), corrected when a correction finds much more,
filtered and ranked (ranking.py). By default only current documents (in force,
published) are shown; the status facet still counts superseded and withdrawn ones, so
they are one filter away, and an exact number lookup shows the document whatever its
status.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from index.numbers import keys
from index.search import facets as facet_ops
from index.search.compiler import Compiled, Compiler
from index.search.correction import Corrector
from index.search.fields import STOP_WORDS, index_stem
from index.search.finding import Finder, Found
from index.search.layout import IndexPaths, paths_for
from index.search.notices import Notice
from index.search.pool import IndexView, SearcherPool
from index.search.ranking import relevance_page
from index.search.records import IndexedDocument, SearchAnswer
from index.search.results import (
    facet_lists,
    intent_view,
    item,
    payload,
    understood_view,
    value_labels,
)
from index.search.stemmers import stop_words
from index.search.synonyms import Synonyms, load_synonyms
from index.search.understand import QueryReader
from index.tags.taxonomy import Taxonomy, load_taxonomy

SORTS = ("relevance", "newest", "oldest", "number")
MAX_PER_PAGE = 100
ALL_STATUSES = {"all", "any", "*"}


def _as_list(value: str | Iterable[str]) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value]


class SearchService:
    """Search over one index directory; keeps searchers and caches between requests."""

    def __init__(self, paths: IndexPaths | Path, *, taxonomy: Taxonomy | None = None,
                 synonyms: Synonyms | None = None, cache_size: int = 512,
                 check_interval: float = 1.0) -> None:
        if isinstance(paths, Path):
            paths = paths_for(paths)
        self.paths = paths
        self.taxonomy = taxonomy or load_taxonomy()
        self.synonyms = synonyms or load_synonyms()
        # The glossary is compiled here, at start, not by a reader's first query.
        self.reader = QueryReader(self.synonyms, self.taxonomy)
        self.stop_words = stop_words("en")
        self.pool = SearcherPool(paths, cache_size, check_interval)

    def warm(self) -> float:
        """Open the index and read everything a first query needs; return the seconds."""
        started = time.perf_counter()
        view = self.pool.view()
        self._corrector(view).inflection("network")
        self.search("network", use_cache=False)
        return time.perf_counter() - started

    # -- the search ---------------------------------------------------------------------

    def search(self, text: str = "", filters: Mapping[str, str | Iterable[str]] | None = None,
               sort: str | None = None, page: int = 1, per_page: int = 20,
               facet_limit: int | None = 30, use_cache: bool = True, *, lang: str = "en",
               verbatim: bool = False, ignore: Iterable[str] = ()) -> SearchAnswer:
        """Answer one query. The returned dict is shared with the cache: do not modify it.

        `lang`: the reader's page language (it settles which Latin-script language a
        query is in); `verbatim`: search the words as typed (no translation, no filter
        words, no spelling correction); `ignore`: facets whose filter words the reader
        removed (searched as words again).
        """
        started = time.perf_counter()
        view = self.pool.view()
        chosen = {str(k): _as_list(v) for k, v in (filters or {}).items()}
        page = max(1, int(page))
        per_page = min(MAX_PER_PAGE, max(1, int(per_page)))
        skip = tuple(sorted({str(i) for i in ignore}))
        # The answer depends on the language the query is read in, not on the page's: an
        # English query on a Spanish page is the English page's answer.
        read_as = "" if verbatim else self.reader.language(text, lang)
        key = (text, tuple(sorted((k, tuple(v)) for k, v in chosen.items())), sort, page,
               per_page, facet_limit, read_as, verbatim, skip)
        if use_cache and (hit := view.cache.get(key)) is not None:
            return hit
        answer = self._search(view, text, chosen, sort, page, per_page, facet_limit,
                              lang, verbatim, skip)
        answer["took_ms"] = round((time.perf_counter() - started) * 1000, 2)
        if use_cache:
            view.cache.put(key, answer)
        return answer

    def _compiler(self, view: IndexView) -> Compiler:
        compiler = view.compiler
        if not isinstance(compiler, Compiler):
            # It resolves facet values against this version's columns: one per version.
            compiler = Compiler(self.synonyms, self.taxonomy, view.number_terms.__contains__,
                                lambda name, raw: self._resolve(view, name, raw),
                                self.stop_words, lambda: view.number_terms)
            view.compiler = compiler
        return compiler

    def _corrector(self, view: IndexView) -> Corrector:
        corrector = view.corrector
        if not isinstance(corrector, Corrector):
            corrector = Corrector(view.speller(), index_stem, self.synonyms, self.taxonomy,
                                  self.stop_words | STOP_WORDS)
            view.corrector = corrector
        return corrector

    def _resolve(self, view: IndexView, name: str, raw: str) -> tuple[list[str], Notice | None]:
        if name == "status" and raw.strip().lower() in ALL_STATUSES:
            return list(view.columns["status"]), None
        return facet_ops.resolve(name, raw, view.columns[name], value_labels(self.taxonomy, name))

    def _finder(self, view: IndexView) -> Finder:
        return Finder(view, self._compiler(view), self._corrector(view), self.reader,
                      lambda name, raw: self._resolve(view, name, raw))

    def _search(self, view: IndexView, text: str, filters: dict[str, list[str]],
                sort: str | None, page: int, per_page: int, facet_limit: int | None,
                lang: str, verbatim: bool, ignore: tuple[str, ...]) -> SearchAnswer:
        finder = self._finder(view)
        understood = self.reader.read(text, lang, verbatim=verbatim, ignore=ignore)
        found = finder.find(understood, filters, verbatim)
        if found.total == 0 and understood.intents:
            # Filter words that leave nothing are searched as words (and said so).
            words = self.reader.read(text, lang, ignore=[i.facet for i in understood.intents])
            retry = finder.find(words, filters, verbatim)
            if retry.total:
                retry.compiled.notices.append(Notice.of(
                    "search.intents_as_words", words=", ".join(
                        w for i in understood.intents for w in i.words)))
                found = retry
        return self._answer(view, finder, found, sort, page, per_page, facet_limit)

    def _answer(self, view: IndexView, finder: Finder, found: Found, sort: str | None,
                page: int, per_page: int, facet_limit: int | None) -> SearchAnswer:
        compiled, base, final = found.compiled, found.base, found.final
        selected, filter_bits, notices = found.selected, found.filter_bits, compiled.notices
        counts = {name: facet_ops.count(view.columns[name], self._mask(base, filter_bits, name))
                  for name in facet_ops.FACET_NAMES}
        total = found.total
        if total == 0 and "status" not in selected and base:
            hidden = self._mask(base, filter_bits, "status").bit_count()
            if hidden:
                notices.append(Notice.of("search.hidden_superseded", count=hidden))
        if compiled.all_words is not None and total and found.most == found.base:
            every = found.every & final
            if every != final:
                notices.append(Notice.of("search.most_words", count=every.bit_count(),
                                         more=total - every.bit_count()))
        sort = self._sort(sort, compiled, notices)
        docnums = self._page(view, finder, found, sort, page, per_page)
        with view.reading() as searcher:
            payloads = [searcher.stored_fields(d)["payload"] for d in docnums]
        seen: dict[str, bool] = {}  # the page's words, each matched against the terms once
        results = [item(p, compiled.highlight, compiled.prefixes, seen) for p in payloads]
        understood = found.understood
        return {
            "query": found.typed,
            "searched": understood.searched,
            "total": total,
            "page": page,
            "per_page": per_page,
            "pages": (total + per_page - 1) // per_page,
            "sort": sort,
            "filters": {k: [v for v in vs if v != facet_ops.NO_VALUE]
                        for k, vs in selected.items()},
            "results": results,
            "facets": facet_lists(self.taxonomy, counts, selected, facet_limit),
            "suggestion": found.suggestion,
            "corrected": ({"typed": found.corrected, "searched": understood.searched}
                          if found.corrected else None),
            "understood": understood_view(understood),
            "intents": [intent_view(i, value_labels(self.taxonomy, i.facet))
                        for i in understood.intents],
            "notices": list(dict.fromkeys(notices)),
            "index": {"build": view.version[0], "generation": view.version[1]},
        }

    @staticmethod
    def _mask(base: int, filter_bits: dict[str, int], name: str) -> int:
        """The documents a facet counts over: its own selection does not narrow it."""
        mask = base
        for other, bits in filter_bits.items():
            if other != name:
                mask &= bits
        return mask

    @staticmethod
    def _sort(sort: str | None, compiled: Compiled, notices: list[Notice]) -> str:
        if sort not in SORTS:
            if sort is not None:
                notices.append(Notice.of("search.unknown_sort", sort=sort))
            sort = "number" if compiled.prefix_only else (
                "relevance" if compiled.scored else "newest")
        if sort == "relevance" and compiled.query is None:
            sort = "newest"
        return sort

    @staticmethod
    def _page(view: IndexView, finder: Finder, found: Found, sort: str, page: int,
              per_page: int) -> list[int]:
        compiled, final = found.compiled, found.final
        offset = (page - 1) * per_page
        wanted = offset + per_page
        if final == 0:
            return []
        if sort == "relevance" and compiled.query is not None:
            filtered = final != found.base or compiled.all_words is not None
            return relevance_page(view, compiled.query, final, finder.preferences(found),
                                  offset, wanted, filtered)
        docs = facet_ops.from_bits(final)
        if sort == "number":
            ranked = heapq.nsmallest(wanted, docs, key=lambda d: view.sort_num[d])
        elif sort == "oldest":
            ranked = heapq.nsmallest(wanted, docs, key=lambda d: (view.sort_date[d] or 10**9,
                                                                  view.sort_num[d]))
        else:
            ranked = heapq.nlargest(wanted, docs, key=lambda d: (view.sort_date[d], d))
        return ranked[offset:]

    # -- one document -------------------------------------------------------------------

    def document(self, number: str) -> IndexedDocument | None:
        """The full indexed record of one document (with all evidence), by number."""
        view = self.pool.view()
        bits = view.number_bits(keys(number)[:1])
        docs = facet_ops.from_bits(bits)
        if not docs:
            return None
        wanted = number.strip().casefold()
        with view.reading() as searcher:
            payloads = [payload(searcher.stored_fields(d)["payload"]) for d in docs]
        # Joint numbers share keys ("I.463/V.110" answers "V.110" too): prefer the exact id.
        exact = [p for p in payloads if str(p.get("number", "")).casefold() == wanted]
        return (exact or payloads)[0]

    def close(self) -> None:
        """Close the open searcher (the service opens a new one if used again)."""
        self.pool.close()
