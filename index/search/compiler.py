"""Own turning a parsed query into a Whoosh query that reaches the public fields only.

Words search title, summary, sub-series titles and tags with field boosts; synonym groups
are one concept term; phrases are AND-ed word pairs; ITU-T numbers hit the number field
first; facet:value terms become filters; a bare topic query lifts the topic's own
sub-series and overviews; region words can widen to developing-country documents.
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
    numbers: list[str] = field(default_factory=list)  # exact number keys asked for
    prefix_only: bool = False  # only number prefixes ("Y.31*"): sort by number
    scored: bool = False  # some clause ranks by text (else: sort by date)
    filters: dict[str, list[str]] = field(default_factory=dict)  # top-level facet:value terms
    regions: list[Rule] = field(default_factory=list)  # region words a search may widen
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
                 resolve: Callable[[str, str], tuple[list[str], Notice | None]]) -> None:
        self.synonyms = synonyms
        self.taxonomy = taxonomy
        self.analyzer = text_analyzer()
        self.known_number = known_number
        self.resolve = resolve

    def compile(self, parsed: Parsed, mode: str = "and", widen: bool = False) -> Compiled:
        """Compile; mode "or" relaxes AND, `widen` lets region words take in documents
        tagged with the region or relevant to developing countries."""
        out = Compiled(None, notices=list(parsed.notices))
        positives: list[Query] = []
        negatives: list[Query] = []
        for child in parsed.root.children:
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
            region = self._tag_named(child, "region")
            if region is not None and region.developing:
                out.regions.append(region)
                if widen and q is not None:
                    q = wq.Or([q, wq.Term(FACET_FIELDS["region"], region.id, boost=SELECT_BOOST),
                               wq.Term(FACET_FIELDS["developing_countries"], "yes",
                                       boost=SELECT_BOOST)])
            if q is not None:
                positives.append(q)
        out.clauses = len(positives)
        if len(parsed.root.children) == 1 and len(positives) == 1:
            theme = self._tag_named(parsed.root.children[0], "theme")
            if theme is not None:
                # A bare topic query: the topic's own sub-series and overviews come first.
                positives = [wq.AndMaybe(positives[0], wq.Or([
                    wq.Term("core", theme.id, boost=CORE_BOOST),
                    wq.Term(FACET_FIELDS["kind"], "overview", boost=OVERVIEW_BOOST)]))]
        kids = parsed.root.children
        numbers_only = bool(kids) and all(isinstance(c, Number) or _series_star(c) for c in kids)
        out.prefix_only = numbers_only and all(
            _series_star(c) or (isinstance(c, Number) and c.star) for c in kids)
        if not positives and not negatives:
            return out
        # "Y.3172 Y.3173": a list of numbers asks for each of them.
        combine = wq.Or if mode == "or" or numbers_only else wq.And
        core: Query = positives[0] if len(positives) == 1 else (
            combine(positives) if positives else wq.Every())
        near = self._proximity(parsed.root.children)
        if near is not None:
            core = wq.AndMaybe(core, near)
        out.query = wq.AndNot(core, wq.Or(negatives)) if negatives else core
        return out

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
        out.numbers.append(key)
        out.highlight.add(key)
        options = [wq.Term("number", key, boost=NUMBER_BOOST), wq.Term("altnum", key, boost=10.0)]
        options += [wq.Term(name, key) for name in fields if name in ("title", "summary")]
        q: Query = wq.Or(options)
        if extra:
            word = self._text(extra, fields, out)
            q = wq.And([q, word]) if word is not None else q
        return q

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
