"""Own US/UK spelling variants (variants.toml): one key for both spellings of a word.

`spelling_key("fiber") == spelling_key("fibre") == "fibre"`: applied to every English word
at index time and at query time (before stemming), so that both spellings meet. The key
is ITU's own (Oxford) spelling, so keys stay readable. The file is checked strictly and
compiled once per process; `digest` changes with it (a changed file re-indexes).
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

VARIANTS_FILE = Path(__file__).resolve().parent / "variants.toml"


class VariantsError(ValueError):
    """The variants file is malformed."""


@dataclass(frozen=True)
class StemGroup:
    """Variant stems -> ITU's stems, each followed by one of the endings."""

    name: str
    endings: tuple[str, ...]  # longest first
    pairs: Mapping[str, str]


@dataclass(frozen=True)
class SuffixRule:
    """Regular endings -> ITU's endings, with the words they must not touch."""

    name: str
    base: str
    min_stem: int
    rules: tuple[tuple[str, str], ...]  # (ending, replacement), longest ending first
    exceptions: frozenset[str]
    except_endings: tuple[str, ...]


@dataclass(frozen=True)
class Variants:
    """The compiled variants: words, stem groups and suffix rules, in that order."""

    words: Mapping[str, str]
    stems: tuple[StemGroup, ...]
    suffixes: tuple[SuffixRule, ...]
    digest: str

    def key(self, word: str) -> str:
        """The spelling key of one lower-case English word (the word itself if no rule)."""
        found = self.words.get(word)
        if found is not None:
            return found
        for group in self.stems:
            for ending in group.endings:
                if word.endswith(ending):
                    stem = group.pairs.get(word[:len(word) - len(ending)])
                    if stem is not None:
                        return stem + ending
        for rule in self.suffixes:
            if word.endswith(rule.except_endings):
                continue
            for ending, replacement in rule.rules:
                if word.endswith(ending):
                    stem = word[:-len(ending)]
                    if len(stem) >= rule.min_stem and stem + rule.base not in rule.exceptions:
                        return stem + replacement
                    break  # the longest ending decides
        return word


def _table(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and k.islower() and v.islower() and k != v
            for k, v in raw.items()):
        raise VariantsError(f"{where}: expected a table of distinct lower-case words")
    return dict(raw)


def _words(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(w, str) and w == w.lower() for w in raw):
        raise VariantsError(f"{where}: expected a list of lower-case words")
    return tuple(raw)


def _keys(entry: Any, expected: set[str], where: str) -> dict[str, Any]:
    if not isinstance(entry, dict) or set(entry) != expected:
        got = sorted(entry) if isinstance(entry, dict) else type(entry).__name__
        raise VariantsError(f"{where}: needs exactly the keys {sorted(expected)}, has {got}")
    return entry


def parse_variants(text: str, name: str = "variants.toml") -> Variants:
    """Parse and check variants text; raise VariantsError naming the bad entry."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise VariantsError(f"{name}: {exc}") from exc
    known = {"version", "words", "stems", "suffix"}
    if set(raw) - known:
        raise VariantsError(f"{name}: unknown section(s) {sorted(set(raw) - known)}")
    words = _table(raw.get("words", {}), f"{name}: [words]")
    stems = []
    for i, entry in enumerate(raw.get("stems", [])):
        where = f"{name}: stems[{i}]"
        entry = _keys(entry, {"name", "endings", "pairs"}, where)
        endings = sorted(_words(entry["endings"], f"{where}.endings"), key=len, reverse=True)
        stems.append(StemGroup(str(entry["name"]), tuple(endings),
                               _table(entry["pairs"], f"{where}.pairs")))
    suffixes = []
    for i, entry in enumerate(raw.get("suffix", [])):
        where = f"{name}: suffix[{i}]"
        entry = _keys(entry, {"name", "base", "min_stem", "rules", "except", "except_endings"},
                      where)
        rules = _table(entry["rules"], f"{where}.rules")
        if not isinstance(entry["min_stem"], int) or entry["min_stem"] < 1:
            raise VariantsError(f"{where}.min_stem: expected a positive integer")
        suffixes.append(SuffixRule(
            str(entry["name"]), str(entry["base"]), entry["min_stem"],
            tuple(sorted(rules.items(), key=lambda kv: len(kv[0]), reverse=True)),
            frozenset(_words(entry["except"], f"{where}.except")),
            _words(entry["except_endings"], f"{where}.except_endings")))
    variants = Variants(words, tuple(stems), tuple(suffixes),
                        hashlib.sha256(text.encode()).hexdigest())
    # A key must be its own key, or index and query would disagree after one more pass.
    for word, target in words.items():
        if variants.key(target) != target:
            raise VariantsError(f"{name}: [words] {word} -> {target}, but {target} -> "
                                f"{variants.key(target)}")
    return variants


@lru_cache(maxsize=4)
def load_variants(path: Path = VARIANTS_FILE) -> Variants:
    """Read the variants file once per process."""
    try:
        return parse_variants(path.read_text(encoding="utf-8"), path.name)
    except OSError as exc:
        raise VariantsError(f"cannot read {path}: {exc}") from exc


def spelling_key(word: str) -> str:
    """The key both spellings of an English word share: "fiber", "fibre" -> "fibre"."""
    return load_variants().key(word.lower())
