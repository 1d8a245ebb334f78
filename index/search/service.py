"""Own answering a search: query, filters, facets, ranking, pages, snippets, suggestion.

`SearchService.search()` is what the CLI and the app call. It never raises for a bad
query string: what it could not use is reported in `notices`. By default only current
documents (in force, published) are shown; the status facet still counts superseded and
withdrawn ones, so they are one filter away, and an exact number lookup shows the
document whatever its status.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from index.numbers import keys
from index.search import facets as facet_ops
from index.search._whoosh import filtered
from index.search.compiler import Compiled, Compiler
from index.search.layout import IndexPaths, paths_for
from index.search.matching import match_bits
from index.search.notices import Notice
from index.search.pool import IndexView, SearcherPool
from index.search.query import Parsed, parse
from index.search.records import IndexedDocument, SearchAnswer
from index.search.replacements import CURRENT
from index.search.results import FACET_LABELS, facet_lists, item, payload, value_labels
from index.search.synonyms import Synonyms, load_synonyms
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
        self.pool = SearcherPool(paths, cache_size, check_interval)

    def warm(self) -> float:
        """Open the index and read everything a first query needs; return the seconds."""
        started = time.perf_counter()
        view = self.pool.view()
        view.speller()
        self.search("network", use_cache=False)
        return time.perf_counter() - started

    # -- the search ---------------------------------------------------------------------

    def search(self, text: str = "", filters: Mapping[str, str | Iterable[str]] | None = None,
               sort: str | None = None, page: int = 1, per_page: int = 20,
               facet_limit: int | None = 30, use_cache: bool = True) -> SearchAnswer:
        """Answer one query. The returned dict is shared with the cache: do not modify it."""
        started = time.perf_counter()
        view = self.pool.view()
        chosen = {str(k): _as_list(v) for k, v in (filters or {}).items()}
        page = max(1, int(page))
        per_page = min(MAX_PER_PAGE, max(1, int(per_page)))
        key = (text, tuple(sorted((k, tuple(v)) for k, v in chosen.items())), sort, page,
               per_page, facet_limit)
        if use_cache and (hit := view.cache.get(key)) is not None:
            return hit
        answer = self._search(view, text, chosen, sort, page, per_page, facet_limit)
        answer["took_ms"] = round((time.perf_counter() - started) * 1000, 2)
        if use_cache:
            view.cache.put(key, answer)
        return answer

    def _compiler(self, view: IndexView) -> Compiler:
        compiler = view.compiler
        if not isinstance(compiler, Compiler):
            # It resolves facet values against this version's columns: one per version.
            compiler = Compiler(self.synonyms, self.taxonomy, view.number_terms.__contains__,
                                lambda name, raw: self._resolve(view, name, raw))
            view.compiler = compiler
        return compiler

    def _resolve(self, view: IndexView, name: str, raw: str) -> tuple[list[str], Notice | None]:
        if name == "status" and raw.strip().lower() in ALL_STATUSES:
            return list(view.columns["status"]), None
        return facet_ops.resolve(name, raw, view.columns[name], value_labels(self.taxonomy, name))

    def _matches(self, view: IndexView, compiled: Compiled, cache_key: str) -> int:
        if compiled.query is None:
            return view.live
        bits = view.matches.get(cache_key)
        if bits is None:
            bits = match_bits(view, compiled.query) & view.live
            view.matches.put(cache_key, bits)
        return bits

    def _search(self, view: IndexView, text: str, filters: dict[str, list[str]],
                sort: str | None, page: int, per_page: int,
                facet_limit: int | None) -> SearchAnswer:
        parsed = parse(text, self.synonyms)
        compiled, base, strict = self._base(view, parsed)
        notices = compiled.notices
        selected = self._selected(view, filters, compiled, notices)
        filter_bits = {name: self._union(view, name, values) for name, values in selected.items()}
        if "status" not in selected:
            # Current documents by default; an exact number lookup shows any status.
            filter_bits["status"] = self._union(view, "status", CURRENT) | view.number_bits(
                compiled.numbers)
        final = base
        for bits in filter_bits.values():
            final &= bits
        counts = {name: facet_ops.count(view.columns[name], self._mask(base, filter_bits, name))
                  for name in facet_ops.FACET_NAMES}
        total = final.bit_count()
        if total == 0 and "status" not in selected and base:
            hidden = self._mask(base, filter_bits, "status").bit_count()
            if hidden:
                notices.append(Notice.of("search.hidden_superseded", count=hidden))
        sort = self._sort(sort, compiled, notices)
        docnums = self._page(view, compiled, base, final, sort, page, per_page)
        with view.reading() as searcher:
            payloads = [searcher.stored_fields(d)["payload"] for d in docnums]
        results = [item(p, compiled.highlight, compiled.prefixes) for p in payloads]
        return {
            "query": parsed.text,
            "total": total,
            "page": page,
            "per_page": per_page,
            "pages": (total + per_page - 1) // per_page,
            "sort": sort,
            "filters": {k: [v for v in vs if v != facet_ops.NO_VALUE]
                        for k, vs in selected.items()},
            "results": results,
            "facets": facet_lists(self.taxonomy, counts, selected, facet_limit),
            "suggestion": self._suggest(view, parsed.text, compiled, strict and total > 0),
            "notices": list(dict.fromkeys(notices)),
            "index": {"build": view.version[0], "generation": view.version[1]},
        }

    def _base(self, view: IndexView, parsed: Parsed) -> tuple[Compiled, int, bool]:
        """The query's matches, relaxed step by step when nothing has every word:
        region words first take in developing-country documents, then any word will do."""
        compiler = self._compiler(view)
        compiled = compiler.compile(parsed)
        base = self._matches(view, compiled, "and:" + parsed.text)
        strict = bool(base)
        if base == 0 and compiled.clauses >= 2 and compiled.regions:
            widened = compiler.compile(parsed, widen=True)
            widened_base = self._matches(view, widened, "widen:" + parsed.text)
            if widened_base:
                names = ", ".join(r.label for r in compiled.regions)
                widened.notices.append(Notice.of("search.widened", regions=names))
                compiled, base = widened, widened_base
        if base == 0 and compiled.clauses >= 2:
            relaxed = compiler.compile(parsed, mode="or")
            relaxed_base = self._matches(view, relaxed, "or:" + parsed.text)
            if relaxed_base:
                relaxed.notices.append(Notice.of("search.any_word"))
                compiled, base = relaxed, relaxed_base
        if compiled.query is None and parsed.text.strip("*? ") and not compiled.filters:
            compiled.notices.append(Notice.of("search.common_words"))
        return compiled, base, strict

    def _selected(self, view: IndexView, filters: dict[str, list[str]], compiled: Compiled,
                  notices: list[Notice]) -> dict[str, list[str]]:
        """Facet values chosen by filters and by facet:value terms of the query."""
        selected: dict[str, list[str]] = {}
        for key, values in filters.items():
            name = facet_ops.facet_name(key)
            if name is None:
                notices.append(Notice.of("search.unknown_filter", name=key,
                                         filters=", ".join(FACET_LABELS)))
                continue
            for raw in values:
                found, notice = self._resolve(view, name, raw)
                if notice:
                    notices.append(notice)
                selected.setdefault(name, []).extend(found or [facet_ops.NO_VALUE])
        for name, values in compiled.filters.items():
            selected.setdefault(name, []).extend(values)
        return {k: list(dict.fromkeys(v)) for k, v in selected.items()}

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
    def _union(view: IndexView, name: str, values: Iterable[str]) -> int:
        bits = 0
        column = view.columns[name]
        for value in values:
            bits |= column.get(value, 0)
        return bits

    @staticmethod
    def _page(view: IndexView, compiled: Compiled, base: int, final: int, sort: str,
              page: int, per_page: int) -> list[int]:
        offset = (page - 1) * per_page
        wanted = offset + per_page
        if final == 0:
            return []
        if sort == "relevance":
            # The filters (the default "current only" among them) go to Whoosh as a bitset
            # inside the query: applied before scoring, not checked per scored match.
            query = compiled.query if final == base else filtered(
                compiled.query, final, facet_ops.from_bits)
            with view.reading() as searcher:
                hits = searcher.search(query, limit=wanted)
                return [hit.docnum for hit in hits][offset:]
        docs = facet_ops.from_bits(final)
        if sort == "number":
            ranked = heapq.nsmallest(wanted, docs, key=lambda d: view.sort_num[d])
        elif sort == "oldest":
            ranked = heapq.nsmallest(wanted, docs, key=lambda d: (view.sort_date[d] or 10**9,
                                                                  view.sort_num[d]))
        else:
            ranked = heapq.nlargest(wanted, docs, key=lambda d: (view.sort_date[d], d))
        return ranked[offset:]

    def _suggest(self, view: IndexView, text: str, compiled: Compiled, strict: bool
                 ) -> str | None:
        """A corrected query. When the query as typed found documents, only words unknown
        even after stemming are corrected ("guideline" found "guidelines")."""
        if not compiled.words:
            return None
        speller = view.speller()
        compiler = self._compiler(view)
        replacements = []
        for word in compiled.words:
            low = word.text.lower()
            if (self.synonyms.lookup((low,)) or not word.text.isalpha()
                    or self.taxonomy.query_tag((low,), "region")
                    or self.taxonomy.query_tag((low,), "theme")):
                continue
            if speller.known(low):
                continue
            if strict and view.has_terms(compiler.terms(word.text)):
                continue
            fixed = speller.correct(word.text)
            if fixed and fixed.lower() != low:
                replacements.append((word.span, fixed))
        if not replacements:
            return None
        out = text
        for (start, end), fixed in sorted(replacements, reverse=True):
            out = out[:start] + fixed + out[end:]
        return out

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
