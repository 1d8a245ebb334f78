"""Own turning a parsed query into a Whoosh query that reaches the public fields only.

Words search title, summary, sub-series titles and tags with field boosts; synonym groups
are one concept term; phrases are AND-ed word pairs; ITU-T numbers hit the number field
first; facet:value terms become filters; a bare topic query lifts the topic's own
sub-series and overviews. Plain words need not all match: 1 or 2 words all, 3 and more at
least ~70 % of them (`required`), documents with every word ranked first (`all_words`);
English stop words ("how", "what", "the") count for none of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from index import numbers
from index.search._whoosh import Query
from index.search._whoosh import query as wq
from index.search.facets import NO_VALUE
from index.search.fields import (
    FACET_FIELDS,
    FIELD_BOOSTS,
    PHRASE_FIELDS,
    PUBLIC_FIELDS,
    TEXT_FIELDS,
    shingles,
    text_analyzer,
    title_key,
)
from index.search.notices import Notice
from index.search.query import (
    FieldTerm,
    Group,
    Node,
    Not,
    Number,
    Parsed,
    Phrase,
    Synonym,
    Word,
    number_node,
)
from index.search.synonyms import Synonyms
from index.tags.taxonomy import Rule, Taxonomy

MIN_WILDCARD_PREFIX = 3
MOST = 0.7  # share of the words a document must hold when the query has 3 or more
NUMBER_BOOST = 40.0  # an exact number match outranks any text match
# Not zero: Whoosh divides by boosts when it skips low-scoring blocks.
SELECT_BOOST = 0.001
CORE_BOOST = 3.0  # a bare topic query ("qos") lifts the documents of the topic's sub-series
OVERVIEW_BOOST = 1.5  # ... and overviews and vocabularies
PHRASE_BOOST = 2.0  # words typed side by side rank higher where they stand side by side


@dataclass
class Compiled:
    """The Whoosh query of a parsed query and facts the search needs about it."""

    query: Query | None  # whoosh query; None means "every document"
    clauses: int = 0  # positive top-level clauses (for the OR fallback)
    required: int = 0  # of them, how many a document must match (all, most, or 1)
    all_words: Query | None = None  # every clause: ranked first when fewer are required
    title_keys: list[str] = field(default_factory=list)  # a one-clause query as a title
    parts: list[Query] = field(default_factory=list)  # the clauses of all_words
    numbers: list[str] = field(default_factory=list)  # exact number keys asked for
    prefix_only: bool = False  # only number prefixes ("Y.31*"): sort by number
    scored: bool = False  # some clause ranks by text (else: sort by date)
    filters: dict[str, list[str]] = field(default_factory=dict)  # top-level facet:value terms
    words: list[Word] = field(default_factory=list)  # plain words, for did-you-mean
    highlight: set[str] = field(default_factory=set)  # analysed terms to mark in snippets
    prefixes: set[str] = field(default_factory=set)
    notices: list[Notice] = field(default_factory=list)


def _series_star(node: Node) -> bool:
    """A word that is a whole series: "Y*", "Y.*"."""
    return isinstance(node, Word) and re.fullmatch(r"[A-Za-z]\.?\*", node.text) is not None


class Compiler:
    """Turn a parse tree into a Whoosh query against the public fields only."""

    def __init__(self, synonyms: Synonyms, taxonomy: Taxonomy, known_number: Callable[[str], bool],
                 resolve: Callable[[str, str], tuple[list[str], Notice | None]],
                 stop_words: frozenset[str] = frozenset(),
                 number_keys: Callable[[], Iterable[str]] = tuple) -> None:
        self.synonyms = synonyms
        self.taxonomy = taxonomy
        self.analyzer = text_analyzer()
        self.known_number = known_number
        self.resolve = resolve
        self.stop_words = stop_words  # English query words that carry no subject
        self.number_keys = number_keys  # every number key of the index (whole series)

    def compile(self, parsed: Parsed, mode: str = "most",
                optional: Sequence[Node] | None = None) -> Compiled:
        """Compile; mode "all" needs every word, "most" ~70 % of them, "or" any one.
        `optional` words only add to the ranking (a region's name, now a filter)."""
        out = Compiled(None, notices=list(parsed.notices))
        positives: list[Query] = []
        negatives: list[Query] = []
        children = self._content(parsed.root.children)
        for child in children:
            target = PUBLIC_FIELDS.get(child.name) if isinstance(child, FieldTerm) else None
            if isinstance(child, FieldTerm) and target and target[0] == "facet":
                # A top-level facet term is a filter, exactly like a facet the reader clicked.
                values = self._facet_values(target[1], child.value, out)
                out.filters.setdefault(target[1], []).extend(values or [NO_VALUE])
                continue
            if isinstance(child, Not):
                q = self._node(child.child, out, TEXT_FIELDS)
                if q is not None:
                    negatives.append(q)
                continue
            q = self._node(child, out, TEXT_FIELDS)
            if q is not None:
                positives.append(q)
        out.clauses = len(positives)
        if len(children) == 1 and len(positives) == 1:
            out.title_keys = self._title_keys(children[0])
            theme = self._tag_named(children[0], "theme")
            if theme is not None:
                # A bare topic query: the topic's own sub-series and overviews come first.
                positives = [wq.AndMaybe(positives[0], wq.Or([
                    wq.Term("core", theme.id, boost=CORE_BOOST),
                    wq.Term(FACET_FIELDS["kind"], "overview", boost=OVERVIEW_BOOST)]))]
        kids = children
        numbers_only = bool(kids) and all(isinstance(c, Number) or _series_star(c) for c in kids)
        out.prefix_only = numbers_only and all(
            _series_star(c) or (isinstance(c, Number) and c.star) for c in kids)
        if not positives and not negatives:
            return out
        core = self._core(positives, mode, numbers_only, out)
        boosts = [q for node in optional or [] if (q := self._node(node, out, TEXT_FIELDS))]
        near = self._proximity(children)
        if near is not None:
            boosts.append(near)
        if boosts:
            core = wq.AndMaybe(core, boosts[0] if len(boosts) == 1 else wq.Or(boosts))
        out.query = wq.AndNot(core, wq.Or(negatives)) if negatives else core
        return out

    def _title_keys(self, node: Node) -> list[str]:
        """What a whole title would be if it were the query (or a synonym of it)."""
        if isinstance(node, Synonym):
            texts = [" ".join(node.words), *node.group]
        elif isinstance(node, Word | Phrase):
            texts = [node.text]
        else:
            return []
        keys = [title_key(self.terms(t)) for t in texts]
        return list(dict.fromkeys(k for k in keys if k))

    def _content(self, children: list[Node]) -> list[Node]:
        """The clauses that carry a subject: English stop words count for nothing, unless
        the query is only stop words ("the who")."""
        content = [c for c in children if not (isinstance(c, Word)
                                                and c.text.lower() in self.stop_words)]
        return content if content else children

    @staticmethod
    def required(clauses: int) -> int:
        """How many of the clauses a document must match: all of 1 or 2, ~70 % beyond."""
        return clauses if clauses <= 2 else max(2, int(MOST * clauses + 0.5))

    def _core(self, positives: list[Query], mode: str, numbers_only: bool,
              out: Compiled) -> Query:
        """The clauses combined: all, most (minmatch, counted on bitsets) or any."""
        if not positives:
            return wq.Every()
        if len(positives) == 1:
            out.required = 1
            return positives[0]
        if numbers_only or mode == "or":  # "Y.3172 Y.3173": a list of numbers asks for each
            out.required = 1
            return wq.Or(positives)
        out.required = len(positives) if mode == "all" else self.required(len(positives))
        if out.required == len(positives):
            return wq.And(positives)
        out.all_words = wq.And(positives)
        out.parts = list(positives)
        # Whoosh ignores minmatch; match_bits honours it, and the service filters on them.
        return wq.Or(positives, minmatch=out.required)

    def _proximity(self, children: list[Node]) -> Query | None:
        """Phrases for runs of plain words, as an optional boost ("digital divide")."""
        runs, run = [], []
        for child in [*children, None]:
            if isinstance(child, Word) and "*" not in child.text and "?" not in child.text:
                run.append(child.text)
                continue
            if len(run) >= 2:
                runs.append(run)
            run = []
        phrases = []
        for words in runs:
            terms = self.terms(" ".join(words))
            if len(terms) >= 2:
                phrases += [self._phrase("title_sh", terms, PHRASE_BOOST * 2),
                            self._phrase("summary_sh", terms, PHRASE_BOOST)]
        return wq.Or(phrases) if phrases else None

    def _tag_named(self, node: Node, group: str) -> Rule | None:
        """The theme or region a whole clause names, if it does."""
        if isinstance(node, Word):
            return self.taxonomy.query_tag((node.text,), group)
        if isinstance(node, Phrase):
            return self.taxonomy.query_tag(tuple(node.text.split()), group)
        if isinstance(node, Synonym):
            for term in (" ".join(node.words), *node.group):
                found = self.taxonomy.query_tag(tuple(term.split()), group)
                if found is not None:
                    return found
        return None

    # One node -> one Whoosh query (or None when nothing searchable is left).
    def _node(self, node: Node, out: Compiled, fields: tuple[str, ...]) -> Query | None:
        if isinstance(node, Group):
            parts = [q for c in node.children if (q := self._node(c, out, fields)) is not None]
            if not parts:
                return None
            return parts[0] if len(parts) == 1 else (wq.And if node.op == "and" else wq.Or)(parts)
        if isinstance(node, Not):
            inner = self._node(node.child, out, fields)
            return wq.Not(inner) if inner is not None else None
        if isinstance(node, Word):
            key = numbers.canonical(node.text)
            if fields == TEXT_FIELDS and self.known_number(key):
                # An identifier that is no ITU-T number pattern: "T-TUT-QOS-2023-2",
                # a provisional name "Y.IMT2020-ML-Arch".
                out.numbers.append(key)
                text = self._text(node.text, fields, out)
                exact = wq.Or([wq.Term("number", key, boost=NUMBER_BOOST),
                               wq.Term("altnum", key, boost=NUMBER_BOOST)])
                return wq.Or([exact, text]) if text is not None else exact
            if "*" not in node.text and "?" not in node.text:
                out.words.append(node)  # a candidate for did-you-mean
            return self._text(node.text, fields, out)
        if isinstance(node, Phrase):
            return self._text(node.text, fields, out, phrase=True)
        if isinstance(node, Synonym):
            return self._synonym(node, fields, out)
        if isinstance(node, Number):
            return self._number(node, out, fields)
        return self._field(node, out)

    def _synonym(self, node: Synonym, fields: tuple[str, ...], out: Compiled) -> Query | None:
        group = self.synonyms.index.get(tuple(w.lower() for w in node.words))
        if group is None or fields != TEXT_FIELDS:
            return self._text(" ".join(node.words), fields, out)
        for term in node.group:  # mark every form of the concept in snippets
            out.highlight.update(self.terms(term))
        out.scored = True
        concept = self.synonyms.concept(group)
        return wq.Or([wq.Term("concept_title", concept, boost=FIELD_BOOSTS["concept_title"]),
                      wq.Term("concept_text", concept, boost=FIELD_BOOSTS["concept_text"])])

    def text_query(self, text: str, fields: tuple[str, ...]) -> Query | None:
        """Words as a query on some fields (phrases as word pairs), e.g. a filter word's
        title text ("technical report" in titles)."""
        return self._text(text, fields, Compiled(None), phrase=True)

    def terms(self, text: str) -> list[str]:
        """The analysed terms of a text, as the index holds them."""
        return [t.text for t in self.analyzer(text, mode="query")]

    def _text(self, text: str, fields: tuple[str, ...], out: Compiled,
              phrase: bool = False) -> Query | None:
        if not phrase and ("*" in text or "?" in text):
            return self._wildcard(text, fields, out)
        terms = self.terms(text)
        if not terms:
            return None
        out.highlight.update(terms)
        out.scored = True
        per_field: list[Query] = []
        for name in fields:
            boost = FIELD_BOOSTS.get(name, 1.0)
            if len(terms) == 1:
                per_field.append(wq.Term(name, terms[0], boost=boost))
            elif name in PHRASE_FIELDS:
                per_field.append(self._phrase(PHRASE_FIELDS[name], terms, boost))
        if not per_field:
            return None
        return per_field[0] if len(per_field) == 1 else wq.Or(per_field)

    @staticmethod
    def _phrase(fieldname: str, terms: list[str], boost: float) -> Query:
        """A phrase as word pairs: "quality of service" -> qualiti~servic."""
        pairs = [wq.Term(fieldname, pair, boost=boost) for pair in shingles(terms)]
        return pairs[0] if len(pairs) == 1 else wq.And(pairs)

    def _wildcard(self, text: str, fields: tuple[str, ...], out: Compiled) -> Query | None:
        pattern = text.lower()
        series = re.fullmatch(r"([a-z])\.?\*", pattern)
        if series and series.group(1).upper() in numbers.SERIES:  # "Y.*": the whole series
            return self._number(Number(text, series.group(1) + ".", series.group(1) + ".",
                                       None, True), out, ())
        literal = re.split(r"[*?]", pattern, maxsplit=1)[0]
        if len(literal) < MIN_WILDCARD_PREFIX:
            if pattern.strip("*?"):
                out.notices.append(Notice.of("query.short_wildcard", term=text,
                                             count=MIN_WILDCARD_PREFIX))
            return None
        out.prefixes.add(literal)
        out.scored = True
        if re.fullmatch(r"[^*?]+\*", pattern):
            return wq.Or([wq.Prefix(name, literal) for name in fields])
        return wq.Or([wq.Wildcard(name, pattern) for name in fields])

    def _number(self, node: Number, out: Compiled, fields: tuple[str, ...]) -> Query:
        out.scored = True
        if node.block:
            return self._block(node)
        if node.star:
            if len(node.key) < 2:
                out.notices.append(Notice.of("query.short_number_prefix",
                                             term=node.text.rstrip("*")))
                return wq.NullQuery
            out.prefixes.add(node.key)
            return wq.Or([wq.Prefix("number", node.key, boost=NUMBER_BOOST),
                          wq.Prefix("altnum", node.key)])
        key, extra = node.key, None
        if node.suffix and not self.known_number(key) and self.known_number(node.base):
            key, extra = node.base, node.suffix  # "Y.3172 A": the A was a word, not a suffix
        guide = numbers.without_implementers_guide(key)
        if guide and not self.known_number(key) and self.known_number(guide):
            key = guide  # "G.Imp712": the implementers' guide is listed on G.712's page
        out.numbers.append(key)
        out.highlight.add(key)
        options = [wq.Term("number", key, boost=NUMBER_BOOST), wq.Term("altnum", key, boost=10.0)]
        options += [wq.Term(name, key) for name in fields if name in ("title", "summary")]
        q: Query = wq.Or(options)
        if extra:
            word = self._text(extra, fields, out)
            q = wq.And([q, word]) if word is not None else q
        return q

    def _block(self, node: Number) -> Query:
        """A whole series ("Y.3000-series": Y.3000 to Y.3999; "G.984 series": G.984.x)."""
        series, _, digits = node.key.partition(".")
        pattern = numbers.block_pattern(series, digits)
        found = sorted(k for k in self.number_keys() if pattern.match(k))
        if not found:
            return wq.NullQuery
        return wq.Or([wq.Term("number", k, boost=NUMBER_BOOST) for k in found])

    def _field(self, node: FieldTerm, out: Compiled) -> Query | None:
        target = PUBLIC_FIELDS.get(node.name)
        if target is None:
            out.notices.append(Notice.of("query.unknown_field", name=node.name))
            return self._text(f"{node.name} {node.value}", TEXT_FIELDS, out, phrase=node.phrase)
        kind, name = target
        if kind == "text":
            return self._text(node.value, (name,), out, phrase=node.phrase)
        if kind == "number":
            m = numbers.QUERY_NUMBER.fullmatch(node.value.strip())
            if m:
                return self._number(number_node(m), out, ())
            key = numbers.canonical(node.value)
            star = key.endswith("*")
            bare = key.rstrip("*")
            return self._number(Number(node.value, bare, bare, None, star), out, ())
        values = self._facet_values(name, node.value, out)
        if not values:
            return wq.NullQuery
        # A facet condition inside OR/NOT selects documents but adds (almost) no score.
        terms = [wq.Term(FACET_FIELDS[name], v, boost=SELECT_BOOST) for v in values]
        return terms[0] if len(terms) == 1 else wq.Or(terms)

    def _facet_values(self, name: str, raw: str, out: Compiled) -> list[str]:
        values, notice = self.resolve(name, raw)
        if notice:
            out.notices.append(notice)
        return values
