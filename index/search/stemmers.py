"""Own per-language analysis: tokens -> units with search keys at three levels, stop words.

Each unit of a text (a word, an identifier, one Chinese character) gets three keys, from
the most exact to the most forgiving, and the glossary is matched on each in that order:
- `surface`: the folded word (folding.py): "Réseaux" -> "reseaux", "الأمن" -> "الامن";
- `light`: Arabic only, the surface without the clitics و ف ب ك ل fused with the article
  ال ("والشبكات" -> "شبكات"); other languages: the surface;
- `stem`: Snowball for English (porter2), French, Spanish and Russian; ISRI for Arabic
  (on the light key); Chinese characters are their own stem.

Checked on real ITU-T words (tests/search/test_languages.py), the stemmers are right on
French, Spanish and Russian vocabulary, with two things handled here:
- Snowball's French and Spanish rules expect accents ("sécurité" -> "secur", but
  "securite" -> "securit"); readers often type without them. The query's stem is taken
  from the word as typed, and the glossary indexes the stems of both its accented and its
  unaccented spelling (`form_keys`), so both ways of typing meet;
- ISRI reduces Arabic words to roots, which is wrong or too coarse on ITU vocabulary:
  "الطيف" (spectrum) -> "لطف" (the root of "kindness") when the article is not taken off
  first (hence the light key before stemming); "الرقمية" (digital) and "الترقيم"
  (numbering) both -> "رقم"; "المناطق" (areas) and "النطاق" (band) both -> "نطق"; "المالية"
  (financial) -> "الة". So Arabic is matched on surface and light keys first, and a stem
  that two glossary concepts share is not used at all (glossary.py).
Stop words come from index/vocabulary/stopwords.toml.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from index.search import _whoosh
from index.search.folding import fold, word_script
from index.search.tokens import Token, tokenize

LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")
STOPWORDS_FILE = Path(__file__).resolve().parent.parent / "vocabulary" / "stopwords.toml"
_SCRIPT_OF_LANGUAGE = {"en": "latin", "fr": "latin", "es": "latin", "ar": "arabic",
                       "ru": "cyrillic", "zh": "han"}
# Clitics fused with the article, longest first; only taken off when 3 letters remain.
_ARABIC_ARTICLES = ("وبال", "وال", "فال", "بال", "كال", "لل", "ال")
Keys = tuple[str, str, str]  # surface, light, stem
_W: Any = _whoosh  # Whoosh has no type hints: its stemmers and stop lists are untyped


class StopWordsError(ValueError):
    """The stop-words file is malformed."""


@dataclass(frozen=True)
class Unit:
    """One analysed unit of a text: where it was typed and its keys."""

    text: str  # as typed
    start: int
    end: int
    keys: Keys
    kind: str  # "word", "ident" (holds a digit: passed through untouched) or "han"
    stop: bool = False
    script: str = "latin"


def _stemmers() -> dict[str, Callable[[str], str]]:
    return {
        "en": _W.stem,
        "fr": _W.FrenchStemmer().stem,
        "es": _W.SpanishStemmer().stem,
        "ru": _W.RussianStemmer().stem,
        "ar": _W.ISRIStemmer().stem,
    }


_STEM: dict[str, Callable[[str], str]] = {}


def _stemmer(lang: str) -> Callable[[str], str] | None:
    if not _STEM:
        _STEM.update(_stemmers())
    return _STEM.get(lang)


def arabic_light(key: str) -> str:
    """An Arabic key without the article and the clitics fused with it."""
    for article in _ARABIC_ARTICLES:
        if key.startswith(article) and len(key) - len(article) >= 3:
            return key[len(article):]
    return key


@lru_cache(maxsize=65536)
def word_keys(word: str, lang: str) -> Keys:
    """The three keys of one word in a language (a word of another script is not stemmed)."""
    surface = fold(word)
    script = word_script(word)
    if script != _SCRIPT_OF_LANGUAGE[lang]:
        return (surface, surface, surface)
    if lang == "ar":
        light = arabic_light(surface)
        stemmer = _stemmer(lang)
        return (surface, light, stemmer(light) if stemmer and len(light) > 3 else light)
    stemmer = _stemmer(lang)
    if stemmer is None:
        return (surface, surface, surface)
    typed = word.lower().replace("ё", "е")
    return (surface, surface, fold(stemmer(typed)))


@lru_cache(maxsize=65536)
def folded_stem(word: str, lang: str) -> str:
    """The stem of a word's unaccented spelling (what a reader typing without accents gets)."""
    stemmer = _stemmer(lang)
    if lang == "ar" or stemmer is None or word_script(word) != _SCRIPT_OF_LANGUAGE[lang]:
        return word_keys(word, lang)[2]
    return fold(stemmer(fold(word)))


def analyse(text: str, lang: str) -> list[Unit]:
    """The units of a text in a language, stop words flagged (never removed here).

    A hyphenated word gives one unit per part ("e-santé" -> "e", "santé"), none of them
    a stop word, so that the Spanish "e" (and) never removes the "e" of "e-salud".
    """
    stops = stop_words(lang)
    units: list[Unit] = []
    for token in tokenize(text):
        units.extend(_units(token, lang, stops))
    return units


def _units(token: Token, lang: str, stops: frozenset[str]) -> list[Unit]:
    if token.kind == "ident":
        key = token.text.casefold()
        return [Unit(token.text, token.start, token.end, (key, key, key), "ident")]
    if token.kind == "han":
        return [Unit(token.text, token.start, token.end, (token.text,) * 3, "han", False, "han")]
    parts = token.text.split("-") if "-" in token.text else [token.text]
    units = []
    offset = token.start
    for part in parts:
        if part:
            keys = word_keys(part, lang)
            # An acronym typed in capitals ("AI", "ET") is never a stop word ("ai", "et").
            stop = len(parts) == 1 and keys[0] in stops and not (part.isupper() and len(part) > 1)
            units.append(Unit(part, offset, offset + len(part), keys, "word", stop,
                              word_script(part)))
        offset += len(part) + 1
    return units


def form_keys(text: str, lang: str) -> tuple[tuple[Keys, ...], tuple[tuple[str, ...], ...]]:
    """A glossary term's keys without its stop words, and its extra stem sequences.

    The extra stems are those of the unaccented spelling (see the module docstring).
    """
    units = [u for u in analyse(text, lang) if not u.stop]
    keys = tuple(u.keys for u in units)
    extra = tuple(folded_stem(u.text, lang) if u.kind == "word" else u.keys[2] for u in units)
    stems = tuple(k[2] for k in keys)
    return keys, ((extra,) if extra != stems else ())


# -- stop words -------------------------------------------------------------------------


@dataclass(frozen=True)
class StopWords:
    """Stop words by language, folded, and the digest of the file they come from."""

    words: dict[str, frozenset[str]]
    digest: str


def parse_stop_words(text: str, name: str = "stopwords.toml") -> StopWords:
    """Parse the stop-words file strictly; raise StopWordsError naming the bad entry."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise StopWordsError(f"{name}: {exc}") from exc
    if set(raw) != set(LANGUAGES):
        raise StopWordsError(f"{name}: needs exactly the sections {sorted(LANGUAGES)}, "
                             f"has {sorted(raw)}")
    words: dict[str, frozenset[str]] = {}
    for lang in LANGUAGES:
        entry = raw[lang]
        if set(entry) != {"base", "source", "add", "keep"}:
            raise StopWordsError(f"{name}: [{lang}] needs exactly base, source, add and keep")
        base = str(entry["base"])
        if base == "none":
            found: set[str] = set()
        elif base.startswith("whoosh:") and base[7:] in _W.stoplists:
            found = set(_W.stoplists[base[7:]])
        else:
            raise StopWordsError(f"{name}: [{lang}] unknown base {base!r}")
        for key in ("add", "keep"):
            if not all(isinstance(w, str) and w.strip() for w in entry[key]):
                raise StopWordsError(f"{name}: [{lang}].{key} must list non-empty words")
        found |= set(entry["add"])
        found -= set(entry["keep"])
        words[lang] = frozenset(fold(w) for w in found)
    return StopWords(words, hashlib.sha256(text.encode()).hexdigest())


@lru_cache(maxsize=4)
def load_stop_words(path: Path = STOPWORDS_FILE) -> StopWords:
    """Read the stop-words file once per process."""
    try:
        return parse_stop_words(path.read_text(encoding="utf-8"), path.name)
    except OSError as exc:
        raise StopWordsError(f"cannot read {path}: {exc}") from exc


def stop_words(lang: str) -> frozenset[str]:
    """The folded stop words of a language."""
    return load_stop_words().words.get(lang, frozenset())
