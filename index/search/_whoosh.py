"""Own the one import of the Whoosh library, so a compatible fork is a one-line change.

`whoosh3` (pinned in pyproject.toml) installs the `whoosh` package and reads and writes
Whoosh 2.7 index files. Every module of the project imports Whoosh through here (a test
checks it) and uses only the 2.7 API, so moving to another fork means changing the
dependency line (and these imports, if the fork renamed its package). The language
stemmers and stop-word lists of `whoosh.lang` come through here too.
"""

from __future__ import annotations

import pickle
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from whoosh import analysis as analysis
from whoosh import fields as fields
from whoosh import index as index
from whoosh import qparser as qparser  # the benchmark's naive baseline only
from whoosh import query as query
from whoosh import searching as searching
from whoosh import sorting as sorting
from whoosh import writing as writing
from whoosh.lang import has_stemmer as has_stemmer
from whoosh.lang import languages as languages
from whoosh.lang import stemmer_for_language as _stemmer_for_language
from whoosh.lang import stopwords_for_language as stopwords_for_language
from whoosh.lang.isri import ISRIStemmer as ISRIStemmer  # Arabic root stemmer
from whoosh.lang.porter2 import stem as _porter2_stem
from whoosh.lang.snowball import FrenchStemmer as FrenchStemmer
from whoosh.lang.snowball import RussianStemmer as RussianStemmer
from whoosh.lang.snowball import SpanishStemmer as SpanishStemmer
from whoosh.lang.stopwords import stoplists as stoplists  # Snowball stop lists by language
from whoosh.matching import ListMatcher as _ListMatcher
from whoosh.matching import NullMatcher as _NullMatcher
from whoosh.matching import ReadTooFar as _ReadTooFar
from whoosh.matching import RequireMatcher as _RequireMatcher
from whoosh.query import Query as Query
from whoosh.query import Require as _Require
from whoosh.writing import PostingPool as _PostingPool
from whoosh.writing import SegmentWriter as _SegmentWriter

Stemmer = Callable[[str], str]


def stem(word: str) -> str:
    """Snowball English (porter2), gentler than Porter: the index's own stemmer."""
    return str(_porter2_stem(word))


def stemmer_for_language(language: str) -> Stemmer:
    """The Snowball stemmer of a language code ("fr", "ru", "es", "ar", ...)."""
    found = _stemmer_for_language(language)
    return lambda word: str(found(word))


# -- a bitset as a filter applied before scoring ------------------------------------------


class _SortedIds(_ListMatcher):
    """Whoosh's list matcher with a skip_to that bisects (a filter holds thousands)."""

    def __init__(self, ids: list[int], position: int = 0) -> None:
        self._ids, self._i = ids, position
        self._weights = self._values = self._format = self._scorer = None
        self._term = self._terminfo = None
        self._all_weights = 0.0

    def skip_to(self, id: int) -> None:
        if self._i >= len(self._ids):
            raise _ReadTooFar
        if id > self._ids[self._i]:
            self._i = bisect_left(self._ids, id, self._i)

    def copy(self) -> _SortedIds:
        return _SortedIds(self._ids, self._i)


class Bits(Query):
    """The documents of a bitset (a Python int over the index's document numbers), as a
    query that scores nothing: `filtered(query, bits)` intersects it with a query inside
    Whoosh's matchers, so only the documents the filter allows are scored, and Whoosh's
    block-quality skipping still works (a `filter=` set is checked per scored match)."""

    def __init__(self, bits: int, ids_of: Callable[[int], list[int]]) -> None:
        self.bits = bits
        self._ids_of = ids_of

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Bits) and other.bits == self.bits

    def __hash__(self) -> int:
        return hash(self.bits)

    def __repr__(self) -> str:
        return f"Bits({self.bits.bit_count()} documents)"

    def estimate_size(self, ixreader: Any) -> int:
        return self.bits.bit_count()

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        parent = searcher.get_parent()
        offset = 0 if parent is searcher else parent._offset_for_subsearcher(searcher) or 0
        size = searcher.reader().doc_count_all()
        ids = self._ids_of((self.bits >> offset) & ((1 << size) - 1))
        return _SortedIds(ids) if ids else _NullMatcher()


class _RequireFixed(_RequireMatcher):
    """Whoosh's Require matcher, whose skip_to_quality can leave both sides on the same
    document and then trips the intersection's `assert a_id != b_id`: checked first."""

    def __init__(self, a: Any, b: Any) -> None:
        super().__init__(a, b)  # type: ignore[no-untyped-call]

    def skip_to_quality(self, minquality: float) -> int:
        skipped = int(self.a.skip_to_quality(minquality))
        if self.a.is_active() and self.b.is_active() and self.a.id() != self.b.id():
            self.child._find_next()
        return skipped


class _Filtered(_Require):
    """Require with the fixed matcher."""

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        return _RequireFixed(self.a.matcher(searcher, context),
                             self.b.matcher(searcher, searcher.boolean_context()))


def filtered(query: Any, bits: int, ids_of: Callable[[int], list[int]]) -> Any:
    """`query` limited to the documents of `bits`, scored by `query` alone."""
    return _Filtered(query, Bits(bits, ids_of))


# -- a writer whose posting pool spills in chunks -----------------------------------------


class _ChunkedPostingPool(_PostingPool):
    """Whoosh's posting pool, writing its sorted runs to disk as pickled chunks of postings.

    A rebuild holds more postings than its memory bound, so the pool spills sorted runs and
    merges them at the end. Whoosh pickles and unpickles each posting with its own call,
    one file write or read per posting: on the 1x catalogue (1.1 million postings) that was
    a fifth of the rebuild's CPU. Chunks make it one call per chunk. The merge holds one
    chunk per open run, and opens at most MERGED_AT_ONCE runs (more are merged in rounds),
    so chunks are sized for those to fit in the pool's own bound together.
    """

    MERGED_AT_ONCE = 128  # SortingPool.items' maxfiles
    POSTING_BYTES = 150  # Whoosh's least estimate of one posting's memory (PostingPool.add)

    def _chunk(self) -> int:
        return max(16, int(self.limit) // (self.MERGED_AT_ONCE * self.POSTING_BYTES))

    def _write_run(self, f: Any, items: Iterable[Any]) -> None:
        found, size = iter(items), self._chunk()
        while chunk := list(islice(found, size)):
            pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
        f.close()

    def items(self, maxfiles: int = MERGED_AT_ONCE) -> Any:
        """The postings in order (the bound on open runs is the one chunks are sized by)."""
        return super().items(maxfiles)

    def _read_run(self, path: str) -> Iterator[Any]:
        f = self._open_run(path)  # type: ignore[no-untyped-call]
        try:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)  # type: ignore[no-untyped-call]


class _ListedLengths:
    """A segment's per-document reader whose field lengths are read into a list, once per
    field: the flush asks for the length of each posting's document (730,000 asks on the
    1x catalogue, each a column read and a byte decoding)."""

    def __init__(self, reader: Any, documents: int) -> None:
        self._reader = reader
        self._documents = documents

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)

    def doc_field_length_reader(self, fieldname: str, default: int = 0) -> Any:
        read = self._reader.doc_field_length_reader(fieldname, default)
        return [read(docnum) for docnum in range(self._documents)].__getitem__


class ChunkedWriter(_SegmentWriter):
    """Whoosh's segment writer with the chunked posting pool and listed field lengths
    (the same index files)."""

    def __init__(self, ix: Any, limitmb: int = 128, **kwargs: Any) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)  # type: ignore[no-untyped-call]
        self.pool = _ChunkedPostingPool(  # type: ignore[no-untyped-call]
            self._tempstorage, self.newsegment, limitmb=limitmb)

    def per_document_reader(self) -> Any:
        # The new segment's documents are numbered from 0 to docnum (merged ones too).
        return _ListedLengths(super().per_document_reader(),  # type: ignore[no-untyped-call]
                              self.docnum)
