"""Own the synonym and acronym groups (index/synonyms.toml) used to expand queries.

A group may carry `source` (acronyms, itu or readers: lay words readers use that ITU texts
do not, "radiation from phone masts") and `for`: the documents a readers' group exists
for, which the test suite checks exist and are found by the group's words.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SYNONYMS_FILE = Path(__file__).resolve().parent.parent / "synonyms.toml"
MAX_PHRASE_WORDS = 6
GROUP_KEYS = frozenset({"terms", "source", "for", "note"})
SOURCES = frozenset({"", "acronyms", "itu", "readers"})
# Analysed terms of every group by their first token, for scanning a document once.
FirstTokens = dict[str, list[tuple[tuple[str, ...], int]]]


class SynonymError(ValueError):
    """The synonyms file is malformed."""


def words_of(text: str) -> tuple[str, ...]:
    """Lower-case words as the query parser splits them ("IMT-2020" stays one word)."""
    return tuple(w for w in re.split(r"[\s,;]+", text.lower().strip()) if w)


@dataclass(frozen=True)
class Synonyms:
    """Groups of equivalent terms, indexed by their word sequences.

    Each group is also a concept ("syn3"): at index time every document gets the concept
    ids of the groups whose terms occur in it (see `concepts`), so a query for "QoS"
    is one term lookup rather than a slow phrase search for "quality of service".
    """

    groups: tuple[tuple[str, ...], ...]
    index: dict[tuple[str, ...], int]  # words of a term -> group number
    digest: str = ""
    sources: tuple[str, ...] = ()  # per group: acronyms, itu, readers or "" (unsaid)
    documents: tuple[tuple[str, ...], ...] = ()  # per group: the documents it exists for

    @staticmethod
    def concept(group: int) -> str:
        """The index token of a group."""
        return f"syn{group}"

    def analysed(self, analyze: Callable[[str], list[str]]) -> FirstTokens:
        """Analysed terms by their first token: {"qualiti": [(("qualiti", "servic"), 3)]}."""
        first: FirstTokens = {}
        for number, group in enumerate(self.groups):
            for term in group:
                tokens = tuple(analyze(term))
                if tokens:
                    first.setdefault(tokens[0], []).append((tokens, number))
        return first

    def concepts(self, tokens: list[str], first: FirstTokens) -> list[str]:
        """Concept ids of the groups whose terms occur in an analysed token list."""
        found = []
        for i, token in enumerate(tokens):
            for term, group in first.get(token, ()):
                if tuple(tokens[i:i + len(term)]) == term:
                    found.append(self.concept(group))
        return found

    def lookup(self, words: tuple[str, ...]) -> tuple[str, ...] | None:
        """The group a word sequence belongs to, if any."""
        group = self.index.get(tuple(w.lower() for w in words))
        return None if group is None else self.groups[group]

    def longest_at(self, words: list[str], start: int) -> int:
        """Length of the longest synonym term starting at words[start] (0 if none)."""
        for size in range(min(MAX_PHRASE_WORDS, len(words) - start), 0, -1):
            if tuple(w.lower() for w in words[start:start + size]) in self.index:
                return size
        return 0


def parse_synonyms(text: str, name: str = "synonyms.toml") -> Synonyms:
    """Parse synonym groups; a term in two groups is an error (expansion must be unique)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SynonymError(f"{name}: {exc}") from exc
    groups: list[tuple[str, ...]] = []
    index: dict[tuple[str, ...], int] = {}
    sources: list[str] = []
    documents: list[tuple[str, ...]] = []
    for i, entry in enumerate(raw.get("group", [])):
        terms = entry.get("terms")
        if not isinstance(entry, dict) or "terms" not in entry or set(entry) - GROUP_KEYS \
                or not isinstance(terms, list) or len(terms) < 2:
            raise SynonymError(f"{name}: group[{i}] needs a list of two or more terms "
                               f"(and may have {sorted(GROUP_KEYS - {'terms'})})")
        source = entry.get("source", "")
        if source not in SOURCES:
            raise SynonymError(f"{name}: group[{i}]: source must be one of {sorted(SOURCES)}")
        docs = entry.get("for", [])
        if not isinstance(docs, list) or not all(isinstance(d, str) and d for d in docs):
            raise SynonymError(f"{name}: group[{i}]: `for` must list document numbers")
        if source == "readers" and not docs:
            raise SynonymError(f"{name}: group[{i}]: a readers' group names the documents it "
                               "exists for (`for`)")
        sources.append(source)
        documents.append(tuple(docs))
        for term in terms:
            key = words_of(str(term))
            if key in index:
                raise SynonymError(f"{name}: {term!r} is in two groups")
            if len(key) > MAX_PHRASE_WORDS:
                raise SynonymError(f"{name}: {term!r} is longer than {MAX_PHRASE_WORDS} words")
            index[key] = len(groups)
        groups.append(tuple(str(t) for t in terms))
    return Synonyms(tuple(groups), index, hashlib.sha256(text.encode()).hexdigest(),
                    tuple(sources), tuple(documents))


@lru_cache(maxsize=4)
def load_synonyms(path: Path = SYNONYMS_FILE) -> Synonyms:
    """Read the synonyms file once per process."""
    try:
        return parse_synonyms(path.read_text(encoding="utf-8"), path.name)
    except OSError as exc:
        raise SynonymError(f"cannot read {path}: {exc}") from exc
