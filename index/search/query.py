"""Own reading a reader's query into a syntax tree: lexing, parsing, synonym groups.

The grammar is small and forgiving, and never raises: words are ANDed; "quoted phrases";
OR, AND, NOT, a leading - or +; (groups); field:value for the public fields only; ITU-T
numbers in any usual spelling ("y 3172", "Rec. ITU-T Y.3172", "Y.31*"). Anything it
cannot use (an unknown field, a stray parenthesis, an unbalanced quote, control
characters, 10 KB of text) becomes a plain word or a notice, never an exception.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from index import numbers
from index.search.notices import Notice
from index.search.synonyms import Synonyms

MAX_QUERY_CHARS = 500
MAX_TERMS = 24
MAX_DEPTH = 6

_FIELD = re.compile(r"([A-Za-z_]{1,30}):(?=\S)")
_WORD = re.compile(r'[^\s()"]+')
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")


# -- syntax tree ------------------------------------------------------------------------


@dataclass
class Word:
    text: str
    span: tuple[int, int] = (0, 0)


@dataclass
class Phrase:
    text: str


@dataclass
class Number:
    text: str  # as typed
    key: str  # canonical, with any suffix
    base: str  # canonical, without the suffix ("y.3172" for "Y.3172 A")
    suffix: str | None
    star: bool
    block: bool = False  # a whole (sub-)series: "Y.3000-series", "G.984 series"


@dataclass
class FieldTerm:
    name: str
    value: str
    phrase: bool


@dataclass
class Synonym:
    words: list[str]
    group: tuple[str, ...]


@dataclass
class Not:
    child: Node


@dataclass
class Group:
    op: str  # "and" | "or"
    children: list[Node]


Node = Word | Phrase | Number | FieldTerm | Synonym | Not | Group
Token = tuple[Any, ...]  # ("WORD", text, span), ("PHRASE", text), ("LP",), ...


@dataclass
class Parsed:
    """A parsed query: the tree and what the parser had to tell the reader."""

    root: Group
    notices: list[Notice] = field(default_factory=list)
    text: str = ""


# -- lexing ---------------------------------------------------------------------------


def clean(text: str) -> tuple[str, list[Notice]]:
    """Normalise a raw query: Unicode NFKC, no control characters, bounded length."""
    notices: list[Notice] = []
    text = unicodedata.normalize("NFKC", str(text))
    text = _CONTROL.sub(" ", text)
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(Notice.of("query.shortened", count=MAX_QUERY_CHARS))
    return text.strip(), notices


def _lex(text: str, notices: list[Notice]) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                notices.append(Notice.of("query.quote_open"))
                end = n
            tokens.append(("PHRASE", text[i + 1:end]))
            i = end + 1
        elif ch in "()":
            tokens.append(("LP" if ch == "(" else "RP",))
            i += 1
        elif ch in "-+" and i + 1 < n and not text[i + 1].isspace() and (
            i == 0 or text[i - 1].isspace() or text[i - 1] == "("
        ):
            tokens.append(("NEG" if ch == "-" else "PLUS",))
            i += 1
        else:
            found = _identifier(text, i)
            if found is not None:
                tokens.append(found[0])
                i = found[1]
                continue
            m = numbers.QUERY_NUMBER.match(text, i)
            if m and m.group(0).strip():
                tokens.append(("NUMBER", m))
                i = m.end()
                continue
            m = _FIELD.match(text, i)
            if m:
                name, j = m.group(1), m.end()
                if text[j] == '"':
                    end = text.find('"', j + 1)
                    end = n if end < 0 else end
                    tokens.append(("FIELD", name, text[j + 1:end], True))
                    i = end + 1
                else:
                    w = _WORD.match(text, j)
                    value = w.group(0) if w else ""
                    tokens.append(("FIELD", name, value, False))
                    i = j + len(value)
                continue
            m = _WORD.match(text, i)
            assert m is not None  # every other character starts a word
            word = m.group(0)
            if word in ("AND", "OR", "NOT", "&&", "||"):
                tokens.append(("OP", {"&&": "AND", "||": "OR"}.get(word, word)))
            else:
                tokens.append(("WORD", word, (i, m.end())))
            i = m.end()
    return tokens


def _identifier(text: str, i: int) -> tuple[Token, int] | None:
    """An identifier that is not a plain number at position i, and where it ends:
    an ISO/IEC twin number, an itu.int edition id, a series supplement, a whole series."""
    m = numbers.ISO_NUMBER.match(text, i)
    if m:
        key = m.group("number")
        return ("ALTNUM", Number(m.group(0), key, key, None, False)), m.end()
    m = numbers.TREC_NUMBER.match(text, i)
    if m:
        key = numbers.canonical(m.group("number"))
        return ("ID", Number(m.group(0), key, key, None, False)), m.end()
    m = numbers.SUPPLEMENT_TO_SERIES.match(text, i)
    if m:
        key = numbers.series_supplement_key(m)
        return ("ID", Number(m.group(0), key, key, None, False)), m.end()
    m = numbers.SERIES_OF.match(text, i)
    if m:
        key = numbers.canonical(f"{m.group('series')}.{m.group('digits')}")
        return ("ID", Number(m.group(0), key, key, None, True, block=True)), m.end()
    return None


# -- parsing --------------------------------------------------------------------------


class _Parser:
    def __init__(self, tokens: list[Token], notices: list[Notice]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.notices = notices
        self.terms = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def sequence(self, depth: int) -> Group:
        children: list[Node] = []
        while (tok := self.peek()) is not None:
            if tok[0] == "RP":
                self.take()
                if depth > 0:
                    break
                self.notices.append(Notice.of("query.unmatched_paren"))
                continue
            if tok[0] == "OP" and tok[1] == "AND":
                self.take()
                continue
            node = self.disjunction(depth)
            if node is not None:
                children.append(node)
        return Group("and", children)

    def disjunction(self, depth: int) -> Node | None:
        left = self.unary(depth)
        options = [left] if left is not None else []
        while (tok := self.peek()) is not None and tok[0] == "OP" and tok[1] == "OR":
            self.take()
            right = self.unary(depth)
            if right is not None:
                options.append(right)
        if len(options) > 1:
            return Group("or", options)
        return options[0] if options else None

    def unary(self, depth: int) -> Node | None:
        negate = False
        while (tok := self.peek()) is not None and (
            tok[0] in ("NEG", "PLUS") or (tok[0] == "OP" and tok[1] == "NOT")
        ):
            self.take()
            if tok[0] != "PLUS":
                negate = not negate
        node = self.atom(depth)
        return Not(node) if negate and node is not None else node

    def atom(self, depth: int) -> Node | None:
        tok = self.peek()
        if tok is None:
            return None
        self.take()
        kind = tok[0]
        if kind == "LP":
            if depth >= MAX_DEPTH:
                return None  # deeper nesting adds nothing a reader could want
            group = self.sequence(depth + 1)
            return group if group.children else None
        if kind in ("RP", "OP"):
            return None
        self.terms += 1
        if self.terms > MAX_TERMS:
            if self.terms == MAX_TERMS + 1:
                self.notices.append(Notice.of("query.too_many_terms", count=MAX_TERMS))
            return None
        if kind == "PHRASE":
            return Phrase(tok[1]) if tok[1].strip() else None
        if kind == "FIELD":
            return FieldTerm(tok[1].lower(), tok[2], tok[3])
        if kind in ("ALTNUM", "ID"):
            number: Number = tok[1]
            return number
        if kind == "NUMBER":
            return number_node(tok[1])
        return Word(tok[1], tok[2])


def number_node(m: re.Match[str]) -> Number:
    """The tree node of a number found in a query."""
    text = m.group(0)
    suffix = m.group("suffix")
    body = text[: m.start("suffix") - m.start()] if suffix else text
    star = bool(m.group("star"))
    if star:
        text, body = text.rstrip("*"), body.rstrip("*")
    return Number(text, numbers.canonical(text), numbers.canonical(body),
                  suffix.strip() if suffix else None, star)


def _expand_synonyms(group: Group, synonyms: Synonyms) -> Group:
    """Replace runs of plain words that form a synonym term by a Synonym node."""
    out: list[Node] = []
    children = group.children
    i = 0
    while i < len(children):
        child = children[i]
        if isinstance(child, Group):
            out.append(_expand_synonyms(child, synonyms))
            i += 1
            continue
        if not isinstance(child, Word) or "*" in child.text or "?" in child.text:
            out.append(child)
            i += 1
            continue
        run: list[str] = []
        j = i
        while j < len(children) and group.op == "and":
            word = children[j]
            if not isinstance(word, Word):
                break
            run.append(word.text)
            j += 1
        run = run or [child.text]
        size = synonyms.longest_at(run, 0)
        if size:
            words = run[:size]
            out.append(Synonym(words, synonyms.lookup(tuple(words)) or ()))
            i += size
        else:
            out.append(child)
            i += 1
    return Group(group.op, out)


def parse(text: str, synonyms: Synonyms) -> Parsed:
    """Parse a raw query string; never raises."""
    cleaned, notices = clean(text)
    tokens = _lex(cleaned, notices)
    root = _Parser(tokens, notices).sequence(0)
    return Parsed(_expand_synonyms(root, synonyms), notices, cleaned)
