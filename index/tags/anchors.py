"""Own the literal anchors of rule patterns: texts one of which every match must contain.

A rule's patterns are tested on every document's title and summary at each index build;
most documents hold none of a rule's words, and a plain substring test (`"tariff" in
text`) rejects them far faster than the regular expressions. This reads the literal start
of a pattern from its source text with a deliberately small grammar: literals, escaped
punctuation, a leading `^` or `\\b`, and groups with alternatives. Anything else ends the
anchor; a pattern whose start cannot be read this way has no anchor (it is always
scanned), so a pattern this cannot read only costs speed, never a missed tag.
"""

from __future__ import annotations

import re

_QUANTIFIERS = "?*+{"
_GROUP_OPEN = re.compile(r"\((?:\?(?:[aiLmsux]*-[imsx]+|[aiLmsux]+)?:|\?:)?")
_SPECIAL = set(".^$*+?{}[]|()\\")
MIN_ANCHOR = 2


class _Reader:
    """A cursor over one pattern's source text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def peek(self, ahead: int = 0) -> str:
        index = self.pos + ahead
        return self.text[index] if index < len(self.text) else ""

    def quantified(self, after: int) -> bool:
        """Whether the item ending at `after` is followed by a quantifier."""
        return after < len(self.text) and self.text[after] in _QUANTIFIERS


def _literal(reader: _Reader) -> tuple[str, int] | None:
    """The literal character at the cursor and the position after it, or None."""
    ch = reader.peek()
    if ch == "\\":
        nxt = reader.peek(1)
        if nxt and not nxt.isalnum():
            return nxt, reader.pos + 2  # \. \- \( ... stand for themselves
        return None  # \w \d \s \b \1 ... are classes, assertions or references
    if ch and ch not in _SPECIAL:
        return ch, reader.pos + 1
    return None


def _group_end(text: str, start: int) -> int | None:
    """The index of the ")" closing the group whose body starts at `start`."""
    depth, i = 0, start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            close = text.find("]", i + 2)  # "[]...]" and "[^]...]" hold a literal "]"
            if close < 0:
                return None
            i = close + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return None


def _branches(body: str) -> list[str]:
    """The top-level alternatives of a group body."""
    out, depth, current, i = [], 0, "", 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            current += body[i:i + 2]
            i += 2
            continue
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "|" and depth == 0:
            out.append(current)
            current = ""
        else:
            current += ch
        i += 1
    out.append(current)
    return out


def lead(pattern: str) -> set[str] | None:
    """Lower-case texts one of which every match of `pattern` starts with, if readable."""
    branches = _branches(pattern)
    if len(branches) > 1:  # "foo|bar": a match starts with either
        either: set[str] = set()
        for branch in branches:
            starts = lead(branch)
            if starts is None:
                return None
            either |= starts
        return either
    reader = _Reader(pattern)
    text = ""
    while reader.pos < len(pattern):
        if not text and (pattern.startswith("\\b", reader.pos) or reader.peek() == "^"):
            reader.pos += 1 if reader.peek() == "^" else 2  # before the first letter only
            continue
        if reader.peek() == "(":
            opened = _GROUP_OPEN.match(pattern, reader.pos)
            end = _group_end(pattern, opened.end()) if opened else None
            if opened is None or end is None or reader.quantified(end + 1):
                break
            inner = lead(pattern[opened.end():end])  # its alternatives, as above
            if inner is None:
                return {text} if len(text) >= MIN_ANCHOR else None
            return {text + i for i in inner}
        found = _literal(reader)
        if found is None or reader.quantified(found[1]):
            break
        text += found[0].lower()
        reader.pos = found[1]
    return {text} if len(text) >= MIN_ANCHOR else None


def anchors(patterns: tuple[re.Pattern[str], ...]) -> tuple[str, ...] | None:
    """Literals to test before scanning; None when some pattern has no literal start."""
    found: set[str] = set()
    for p in patterns:
        start = lead(p.pattern)
        if start is None or any(len(a) < MIN_ANCHOR for a in start):
            return None
        found |= start
    return tuple(sorted(found))
