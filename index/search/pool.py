"""Own open searchers: one view per index version, facet columns, sort keys, a result cache.

Opening a Whoosh index and reading its facet postings costs far more than a query, so a
serving process keeps one IndexView per index version: the facet bitsets, the sort
columns, the number vocabulary and the did-you-mean vocabulary are read once (terms'
bitsets and scores on first use, kept within bounds), and its one Whoosh searcher is read
under a lock (IndexView says why). The view is swapped when the index changes (a rebuild
points CURRENT elsewhere, an update commits a new generation); the check is a stat and a
directory listing, done at most once per `check_interval` seconds.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Generic, TypeVar

from index.search import facets
from index.search._whoosh import index as whoosh_index
from index.search.errors import IndexMissing
from index.search.fields import FACET_FIELDS
from index.search.layout import IndexPaths
from index.search.records import SearchAnswer
from index.search.spelling import Speller
from index.search.vocabulary import vocabulary_of

log = logging.getLogger("itucat.search")
V = TypeVar("V")
TERM_SCORE_POSTINGS = 400_000  # scored postings a view keeps (about 40 MB)


def _text(term: bytes | str) -> str:
    """Lexicon entries come as UTF-8 bytes."""
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _term_bytes(schema: Any, fieldname: str, text: str) -> bytes | None:
    """A term as its field stores it, as Whoosh's Term query converts it (None: no such
    field, or a value the field cannot hold)."""
    if fieldname not in schema:
        return None
    try:
        return bytes(schema[fieldname].to_bytes(text))
    except ValueError:
        return None


class LRU(Generic[V]):
    """A small thread-safe least-recently-used cache of at most `size` entries, or of
    entries whose `weigh`ts add up to at most `size` (a bound in memory, not in count)."""

    def __init__(self, size: int, weigh: Callable[[V], int] | None = None) -> None:
        self.size = size
        self._weigh = weigh
        self._total = 0
        self._data: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._data.get(key)
            if value is not None:
                self._data.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> None:
        if self.size <= 0:
            return
        weigh = self._weigh or (lambda _: 1)
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._total -= weigh(old)
            self._data[key] = value
            self._total += weigh(value)
            while self._total > self.size and len(self._data) > 1:
                _, dropped = self._data.popitem(last=False)
                self._total -= weigh(dropped)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._total = 0


class IndexView:
    """Everything precomputed for one version of the index, and its one searcher.

    The searcher is opened with the view and kept: the facet bitsets hold its document
    numbers, so every read must go through it (a fresh searcher could see a newer
    generation). Whoosh searchers are not thread-safe and its code holds the GIL anyway,
    so reads take the view's lock (`with view.reading() as searcher`).
    """

    def __init__(self, ix: Any, version: tuple[str, int], cache_size: int) -> None:
        self.ix = ix
        self.version = version
        self.lock = threading.RLock()
        self.compiler: Any = None  # compiler.Compiler bound to this version (by the service)
        self.corrector: Any = None  # correction.Corrector of this version's vocabulary
        self.cache: LRU[SearchAnswer] = LRU(cache_size)  # answers, keyed by request
        self.matches: LRU[int] = LRU(cache_size)  # text query -> matching documents (bitset)
        self.terms: LRU[int] = LRU(8192)  # (field, term) -> documents holding it (bitset)
        # (field, term) -> {document: Whoosh's score}, bounded by postings held (~100 B each)
        self.term_scores: LRU[dict[int, float]] = LRU(TERM_SCORE_POSTINGS, weigh=len)
        self._speller: Speller | None = None
        started = time.perf_counter()
        self._searcher = ix.searcher()
        reader = self._searcher.reader()
        self.size = reader.doc_count_all()
        live = (d for d in range(self.size) if not reader.is_deleted(d)) \
            if reader.has_deletions() else range(self.size)
        self.live = facets.to_bits(live, self.size)
        self.columns: dict[str, dict[str, int]] = {
            name: {_text(term): self._postings(reader, fieldname, term)
                   for term in reader.lexicon(fieldname)}
            for name, fieldname in FACET_FIELDS.items()
        }
        self.sort_date = list(reader.column_reader("sort_date"))
        self.sort_num = list(reader.column_reader("sort_num"))
        self.number_terms = {_text(t) for t in reader.lexicon("number")}
        self.number_terms |= {_text(t) for t in reader.lexicon("altnum")}
        self.opened_seconds = time.perf_counter() - started

    def _postings(self, reader: Any, fieldname: str, text: str | bytes) -> int:
        return facets.to_bits(reader.postings(fieldname, text).all_ids(), self.size) & self.live

    @contextmanager
    def reading(self) -> Iterator[Any]:
        """This version's Whoosh searcher, for the duration of a read."""
        with self.lock:
            yield self._searcher

    def close(self) -> None:
        """Close the searcher (after this, the view must not be used)."""
        with self.lock:
            self._searcher.close()

    def speller(self) -> Speller:
        """The did-you-mean vocabulary (read on first use, then kept)."""
        if self._speller is None:
            with self.reading() as searcher:
                if self._speller is None:
                    words = vocabulary_of(Path(self.ix.storage.folder), searcher)
                    # A small catalogue has few repeated words; a large one has typos.
                    self._speller = Speller(words.items(), 2 if self.size >= 1000 else 1)
        return self._speller

    def term_bits(self, fieldname: str, text: str | bytes) -> int:
        """Documents holding a term, read from its posting list once per version."""
        key = (fieldname, text)
        bits = self.terms.get(key)
        if bits is None:
            with self.reading() as searcher:
                reader = searcher.reader()
                bits = self._postings(reader, fieldname, text) if key in reader else 0
            self.terms.put(key, bits)
        return bits

    def scores_of(self, fieldname: str, text: str) -> dict[int, float]:
        """Whoosh's score of a term (unboosted) in each document holding it, read from its
        posting list with the searcher's own scorer once per version (scoring.py)."""
        key = (fieldname, text)
        found = self.term_scores.get(key)
        if found is None:
            found = {}
            with self.reading() as searcher:
                term = _term_bytes(searcher.schema, fieldname, text)
                if term is not None and (fieldname, term) in searcher.reader():
                    matcher = searcher.postings(fieldname, term)
                    while matcher.is_active():
                        found[matcher.id()] = matcher.score()
                        matcher.next()
            self.term_scores.put(key, found)
        return found

    def has_terms(self, terms: list[str]) -> bool:
        """True when every analysed term occurs in some title or summary."""
        with self.reading() as searcher:
            reader = searcher.reader()
            return bool(terms) and all(reader.doc_frequency("title", t)
                                       or reader.doc_frequency("summary", t) for t in terms)

    def number_bits(self, keys: list[str]) -> int:
        """Documents whose number is exactly one of the keys."""
        bits = 0
        for key in keys:
            if key in self.number_terms:
                bits |= self.term_bits("number", key) | self.term_bits("altnum", key)
        return bits


class SearcherPool:
    """The current IndexView of an index directory, refreshed when the index changes."""

    def __init__(self, paths: IndexPaths, cache_size: int = 512,
                 check_interval: float = 1.0) -> None:
        self.paths = paths
        self.cache_size = cache_size
        self.check_interval = check_interval
        self._view: IndexView | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def _latest(self) -> tuple[Path, tuple[str, int], Any]:
        build = self.paths.current()
        if build is None:
            raise IndexMissing("search.no_index", "no search index in {root}; run `itucat index "
                               "rebuild`", root=str(self.paths.root))
        view = self._view
        ix = view.ix if view is not None and view.version[0] == build.name else \
            whoosh_index.open_dir(str(build))
        return build, (build.name, ix.latest_generation()), ix

    def view(self) -> IndexView:
        """The view of the newest index (opened or swapped as needed)."""
        now = time.monotonic()
        view = self._view
        if view is not None and now - self._checked < self.check_interval:
            return view
        with self._lock:
            self._checked = now
            build, version, ix = self._latest()
            if self._view is None or self._view.version != version:
                if self._view is not None and ix is self._view.ix:
                    ix = whoosh_index.open_dir(str(build))  # a new generation of the same build
                self._view = IndexView(ix, version, self.cache_size)
                log.info("search index %s generation %s opened in %.2fs", *version,
                         self._view.opened_seconds)
            return self._view


    def close(self) -> None:
        """Close the current view (the next request opens a new one)."""
        with self._lock:
            if self._view is not None:
                self._view.close()
                self._view = None

    def refresh(self) -> None:
        """Look for a new index version on the next request (after a local re-index)."""
        self._checked = 0.0
