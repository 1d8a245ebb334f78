"""Own what a query matches: its words (most of them), a correction, its filters, its order.

`Finder.find` takes a query as read (understand.py) and answers which documents it matches
and how they are to be ordered, for the service to count, page and present:

- the words: documents with most of them (compiler.py: all of 1-2 words, ~70 % beyond);
  when fewer than `FILL` documents have most of them, documents with some of them follow
  (a reader's question in plain words may share only some words with a title), and when
  none has any the reader is told;
- a correction: when the words as typed find at most `FEW` documents with all of them and
  the corrected words (correction.py) find more than twice as many, the corrected query
  is searched and the reader is told ("Showing results for ... search instead for ...");
  otherwise the correction is offered ("Did you mean");
- the filters: the reader's, the query's facet:value terms, the filter words (intents.py);
  current documents by default;
- the order (ranking.py preferences): the exact number typed in force, then in any status;
  documents with all the words; with most of them; texts for the region named (then, for a
  one-subject query and a region of developing countries, texts relevant to developing
  countries). Region and context words ("developing countries") also count in the score,
  never as a condition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from index.search import facets as facet_ops
from index.search._whoosh import Query
from index.search.compiler import Compiled, Compiler
from index.search.correction import Corrector
from index.search.intents import Intent
from index.search.matching import coverage, match_bits
from index.search.notices import Notice
from index.search.pool import IndexView
from index.search.query import Node, parse
from index.search.replacements import CURRENT
from index.search.results import FACET_LABELS
from index.search.understand import QueryReader, Understood

FEW = 3  # a query whose words find this few current documents is worth correcting
FILL = 5  # fewer current documents with most of the words: those with some follow
_LEAD = frozenset({"in", "for", "from", "of"})  # "in Kenya" ranks as "Kenya"
DEVELOPING = ("confirmed", "suggested")
Resolve = Callable[[str, str], tuple[list[str], Notice | None]]


@dataclass
class Found:
    """What a query matches: the query read, compiled, its matches and its filters."""

    typed: str  # the query as the reader typed it
    understood: Understood  # as searched (the corrected query's, when corrected)
    compiled: Compiled
    base: int  # documents the words match (with the ones that follow, when filled)
    every: int  # documents with every word
    most: int  # documents with most of the words
    levels: list[int] = field(default_factory=list)  # with n, n-1, ... 2 of the n words
    suggestion: str | None = None  # a correction to offer ("Did you mean")
    corrected: str | None = None  # the query as typed, when its correction was searched
    selected: dict[str, list[str]] = field(default_factory=dict)
    filter_bits: dict[str, int] = field(default_factory=dict)
    final: int = 0
    total: int = 0


class Finder:
    """Match queries on one index version."""

    def __init__(self, view: IndexView, compiler: Compiler, corrector: Corrector,
                 reader: QueryReader, resolve: Resolve) -> None:
        self.view = view
        self.compiler = compiler
        self.corrector = corrector
        self.reader = reader
        self.resolve = resolve
        self.current = self.union("status", CURRENT)

    def union(self, name: str, values: Iterable[str]) -> int:
        """The documents holding any of the values of a facet."""
        bits = 0
        column = self.view.columns[name]
        for value in values:
            bits |= column.get(value, 0)
        return bits

    def matches(self, query: Query | None) -> int:
        """The documents a compiled query matches (kept per index version)."""
        if query is None:
            return self.view.live
        key = str(query)
        bits = self.view.matches.get(key)
        if bits is None:
            bits = match_bits(self.view, query) & self.view.live
            self.view.matches.put(key, bits)
        return bits

    # -- the words ----------------------------------------------------------------------

    def words(self, understood: Understood, typed: str) -> Found:
        """The documents the words match (most of them; some of them when too few)."""
        parsed = understood.parsed
        optional = self.optional(understood)
        compiled = self.compiler.compile(parsed, optional=optional)
        most = self.matches(compiled.query)
        levels = self.levels(compiled)
        every = levels[0] if levels else most
        base = most
        short = (most & self.current).bit_count() < FILL and compiled.clauses >= 3
        if (most == 0 and compiled.clauses >= 2) or short:
            relaxed = self.compiler.compile(parsed, mode="or", optional=optional)
            relaxed.all_words, relaxed.parts = compiled.all_words, compiled.parts
            some = self.matches(relaxed.query)
            if some != most:
                relaxed.notices.append(Notice.of("search.any_word") if most == 0 else
                                       Notice.of("search.some_words",
                                                 count=(most & self.current).bit_count()))
                compiled, base = relaxed, some
        if compiled.query is None and parsed.text.strip("*? ") and not compiled.filters \
                and not understood.intents:
            compiled.notices.append(Notice.of("search.common_words"))
        return Found(typed, understood, compiled, base, every, most, levels)

    def optional(self, understood: Understood) -> list[Node]:
        """Words that only rank: a region's name, context words; for a region of developing
        countries, "developing countries" (its texts say so)."""
        texts = [phrase for i in understood.intents if i.soft for phrase in i.words]
        texts += list(understood.context)
        if any(i.developing for i in understood.intents):
            texts.append("developing countries")
        out: list[Node] = []
        for text in dict.fromkeys(texts):
            words = " ".join(w for w in text.split() if w.lower() not in _LEAD)
            out += parse(words, self.reader.synonyms).root.children  # as a query reads them
        return out

    def levels(self, compiled: Compiled) -> list[int]:
        """Documents with all the words, all but one, ... down to two of them."""
        if not compiled.parts:
            return []
        counts = coverage([self.matches(q) for q in compiled.parts])
        return [counts[j] for j in range(len(compiled.parts), 1, -1)]

    def find(self, understood: Understood, filters: dict[str, list[str]],
             verbatim: bool) -> Found:
        """Everything a query matches, corrected when a correction finds much more."""
        found = self.words(understood, understood.typed)
        compiled = found.compiled
        if not verbatim and understood.translation is None and compiled.words:
            fixed = self.corrector.correct(understood.parsed.text, compiled.words,
                                           bool(found.most))
            typed_all = (found.every & self.current).bit_count()
            if fixed is not None and typed_all <= FEW:
                other = self.words(self.reader.read(
                    fixed, ignore=[i.facet for i in understood.intents]), understood.typed)
                if (other.every & self.current).bit_count() > max(FEW, 2 * typed_all):
                    other.corrected = understood.parsed.text
                    found, fixed = other, None
            found.suggestion = fixed
        self.filter(found, filters)
        return found

    # -- the filters --------------------------------------------------------------------

    def filter(self, found: Found, filters: dict[str, list[str]]) -> None:
        """The filters: the reader's, the query's facet:value terms, the filter words."""
        compiled = found.compiled
        selected = self.selected(filters, compiled)
        filter_bits = {name: self.union(name, values) for name, values in selected.items()}
        if "status" not in selected and not any(
                i.facet == "status" for i in found.understood.intents):
            # Current documents by default ("withdrawn" asks for others); an exact number
            # lookup shows any status.
            filter_bits["status"] = self.current | self.view.number_bits(compiled.numbers)
        for intent in found.understood.intents:
            filter_bits[f"intent:{intent.facet}"] = self.intent_bits(intent)
        final = found.base
        for bits in filter_bits.values():
            final &= bits
        found.selected, found.filter_bits, found.final = selected, filter_bits, final
        found.total = final.bit_count()

    def selected(self, filters: dict[str, list[str]], compiled: Compiled
                 ) -> dict[str, list[str]]:
        """Facet values chosen by filters and by facet:value terms of the query."""
        notices = compiled.notices
        selected: dict[str, list[str]] = {}
        for key, values in filters.items():
            name = facet_ops.facet_name(key)
            if name is None:
                notices.append(Notice.of("search.unknown_filter", name=key,
                                         filters=", ".join(FACET_LABELS)))
                continue
            for raw in values:
                found, notice = self.resolve(name, raw)
                if notice:
                    notices.append(notice)
                selected.setdefault(name, []).extend(found or [facet_ops.NO_VALUE])
        for name, values in compiled.filters.items():
            selected.setdefault(name, []).extend(values)
        return {k: list(dict.fromkeys(v)) for k, v in selected.items()}

    def intent_bits(self, intent: Intent) -> int:
        """The documents a filter word selects (a region's: its own and worldwide texts)."""
        bits = self.union(intent.facet, intent.values)
        if intent.soft:
            bits |= self.union(intent.facet, ["global"])
        for words in intent.title:
            q = self.compiler.text_query(words, ("title",))
            if q is not None:
                bits |= match_bits(self.view, q)
        return bits

    # -- the order ----------------------------------------------------------------------

    def preferences(self, found: Found) -> list[int]:
        """What comes first, in order (see the module docstring)."""
        compiled = found.compiled
        prefer = []
        if compiled.numbers:
            exact = self.view.number_bits(compiled.numbers)
            prefer += [exact & self.current, exact]
        prefer += self.titled(found)
        # Documents with more of the words first: all, most, then (when documents with
        # some of them follow) each level down to two words.
        prefer += found.levels
        for intent in found.understood.intents:
            if intent.soft:
                prefer.append(self.union(intent.facet, intent.values))
                if intent.developing and compiled.clauses == 1:
                    # One subject for a region of developing countries ("IoT Africa"):
                    # texts for developing countries are that region's concern. A longer
                    # query says more of what it wants; its words rank it.
                    prefer.append(self.union("developing_countries", DEVELOPING))
        return prefer

    def titled(self, found: Found) -> list[int]:
        """Documents whose whole title is what the query says ("HEVC": H.265, "High
        efficiency video coding"; not H.265.1, its conformance specification)."""
        compiled = found.compiled
        if compiled.clauses != 1 or not compiled.title_keys:
            return []
        bits = 0
        for key in compiled.title_keys:
            bits |= self.view.term_bits("title_key", key)
        return [bits] if bits else []
