"""Own the wording of readers' queries: normalising what is recorded, grouping similar needs.

`normalise` is applied before anything is recorded: case folded (NFKC), control characters
and punctuation between words dropped, spaces collapsed, at most 200 characters; number
punctuation inside a word stays ("Y.3172", "IMT-2020").

Grouping zero- and low-result queries by similar wording takes two steps:

1. a key of our own (`group_key`): accents folded, function words dropped
   (wording.toml and the `add` lists of index/vocabulary/stopwords.toml), English US/UK
   spellings folded (index/vocabulary/variants.py), a plural "s" folded, the words sorted.
   "Rural broadband", "broadband for rural areas" and "rural broad-band" share no key with
   a typo, but word order, case, accents, plurals and spelling variants are handled
   exactly and cheaply;
2. RapidFuzz's `token_sort_ratio` on those keys (>= 85) then joins keys one typo or one
   letter apart ("brodband rural"), which no key can. It is a well-kept C++ library made
   for exactly this (edit distance on short strings), so the grouping costs milliseconds
   for the few hundred wordings a dashboard shows.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from index.vocabulary.variants import spelling_key

MAX_QUERY = 200
SIMILAR = 85  # token_sort_ratio from which two keys are one need
MAX_GROUPED = 500  # wordings grouped at most (the most frequent first)
_WORD = re.compile(r"\w+(?:[.\-/]\w+)*")
_HERE = Path(__file__).resolve().parent
_STOPWORDS = _HERE.parent / "vocabulary" / "stopwords.toml"


# What a reader may type that could name a person: e-mail addresses, web addresses and
# phone-like runs of 8 digits or more not inside an ITU-T number ("E.164 2016" stays).
_PERSONAL = re.compile(r"\S+@\S+|\b(?:https?://|www\.)\S+|(?<![\w.])\+?\d[\d\s().-]{6,}\d")
_DIGITS = re.compile(r"\d")


def _personal(match: re.Match[str]) -> str:
    text = match.group(0)
    if "@" in text or "://" in text or text.lower().startswith("www."):
        return " "
    return " " if len(_DIGITS.findall(text)) >= 8 else text


def normalise(text: str) -> str:
    """The words of a query as they are recorded: case folded, and never an e-mail
    address, a web address or a phone-like number a reader may have typed."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = _PERSONAL.sub(_personal, folded)
    return " ".join(_WORD.findall(folded))[:MAX_QUERY].strip()


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Words the grouping key leaves out, in every language."""
    words: set[str] = set()
    own = tomllib.loads((_HERE / "wording.toml").read_text(encoding="utf-8"))
    for values in own["words"].values():
        words |= {_fold(w) for w in values}
    if _STOPWORDS.exists():
        for table in tomllib.loads(_STOPWORDS.read_text(encoding="utf-8")).values():
            if isinstance(table, dict):
                words |= {_fold(w) for w in table.get("add", []) if isinstance(w, str)}
    return frozenset(words)


def _fold(word: str) -> str:
    """Accents off ("débit" -> "debit"), lower case."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _plural(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def group_key(query: str) -> str:
    """The key queries of the same wording share (see the module docstring)."""
    skip = function_words()
    words = set()
    for raw in _WORD.findall(normalise(query)):
        word = _fold(raw)
        if word in skip:
            continue
        word = _plural(word)
        if word.isascii() and word.isalpha():
            word = spelling_key(word)
        words.add(word)
    return " ".join(sorted(words))


@dataclass
class NeedGroup:
    """Queries of similar wording in one UI language that found nothing or little."""

    ui_lang: str
    key: str
    count: int = 0
    wordings: dict[str, int] = field(default_factory=dict)  # wording -> searches

    @property
    def label(self) -> str:
        """The most frequent wording (ties: the shortest, then alphabetical)."""
        return min(self.wordings, key=lambda w: (-self.wordings[w], len(w), w))

    def sorted_wordings(self) -> list[tuple[str, int]]:
        """Every wording with its number of searches, most frequent first."""
        return sorted(self.wordings.items(), key=lambda item: (-item[1], item[0]))


def group_needs(rows: Iterable[tuple[str, str, int]]) -> list[NeedGroup]:
    """Group (wording, UI language, searches) rows by similar wording, per language.

    The most frequent wordings are grouped first (at most MAX_GROUPED); each joins the
    first group of its language whose key is similar enough, else starts a group.
    """
    ordered = sorted(rows, key=lambda r: (-r[2], r[1], r[0]))[:MAX_GROUPED]
    groups: list[NeedGroup] = []
    by_lang: dict[str, list[NeedGroup]] = {}
    for wording, lang, count in ordered:
        key = group_key(wording) or wording
        found = None
        for group in by_lang.get(lang, []):
            if group.key == key or fuzz.token_sort_ratio(group.key, key) >= SIMILAR:
                found = group
                break
        if found is None:
            found = NeedGroup(lang, key)
            groups.append(found)
            by_lang.setdefault(lang, []).append(found)
        found.count += count
        found.wordings[wording] = found.wordings.get(wording, 0) + count
    groups.sort(key=lambda g: (-g.count, g.ui_lang, g.key))
    return groups
