"""Own splitting a reader's text into tokens with their places: words, identifiers, Han.

Three kinds of token, whatever the language:
- `ident`: a run of non-space characters that holds a digit or a colon ("G.652",
  "T-REC-H.264-201610-S", "5G", "IMT-2020", "802.11", "type:handbook"). Numbers pass
  through a translated query untouched, so they are never cut apart;
- `word`: letters of one script; a hyphen or a dot inside keeps a word whole ("e-santé",
  "Wi-Fi", "bout-en-bout"), an apostrophe or a slash ends it ("l'accès" -> "l", "accès";
  "AI/ML" -> "AI", "ML");
- `han`: one Chinese character; Chinese is written without spaces, so words are found
  later by longest match over the glossary's Chinese terms (see languages.py).
Separators (spaces, ASCII and full-width punctuation, «», the Arabic comma and question
mark) end every token. Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from index.search.folding import HAN_CHAR, MARKS

TokenKind = Literal["ident", "word", "han"]

_SEPARATORS = "\\s,;!?«»\"“”„‟()\\[\\]{}<>、，。；：！？「」『』【】《》〈〉…؟،؛"
_CHUNK = re.compile(f"[^{_SEPARATORS}]+")
_HAN_RUN = re.compile(f"{HAN_CHAR.pattern}+")
_EDGE = ".:'’ʼ-/+*&_`´"  # punctuation a chunk may start or end with that belongs to no word
# A word: letters (with their combining marks), joined by single inner hyphens or dots.
_LETTER = f"(?:[^\\W\\d_]|[{MARKS}])"
_WORD = re.compile(f"{_LETTER}+(?:[-.]{_LETTER}+)*")


@dataclass(frozen=True)
class Token:
    """One token: its text as typed and where it is in the text."""

    kind: TokenKind
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """The tokens of a text, in order, with their character spans."""
    tokens: list[Token] = []
    for chunk in _CHUNK.finditer(text):
        position = chunk.start()
        for piece in _split_han(chunk.group()):
            start = position + piece[0]
            part = piece[1]
            if HAN_CHAR.match(part):
                tokens.extend(Token("han", ch, start + i, start + i + 1)
                              for i, ch in enumerate(part))
            else:
                tokens.extend(_latin_like(part, start))
    return tokens


def _split_han(chunk: str) -> list[tuple[int, str]]:
    """A chunk cut into Han runs and the runs between them, with their offsets."""
    pieces: list[tuple[int, str]] = []
    last = 0
    for run in _HAN_RUN.finditer(chunk):
        if run.start() > last:
            pieces.append((last, chunk[last:run.start()]))
        pieces.append((run.start(), run.group()))
        last = run.end()
    if last < len(chunk):
        pieces.append((last, chunk[last:]))
    return pieces


def _latin_like(part: str, offset: int) -> list[Token]:
    """Tokens of a run without Han characters: one identifier, or its words."""
    stripped = part.strip(_EDGE)
    if not stripped:
        return []
    lead = part.index(stripped)
    if any(ch.isdigit() for ch in stripped) or ":" in stripped:
        return [Token("ident", stripped, offset + lead, offset + lead + len(stripped))]
    return [Token("word", m.group(), offset + lead + m.start(), offset + lead + m.end())
            for m in _WORD.finditer(stripped)]
