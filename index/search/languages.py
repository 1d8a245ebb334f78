"""Own reading a query in any of the six UN languages into the English the catalogue holds.

ITU-T's titles and summaries are in English, so a reader's French, Spanish, Arabic,
Russian or Chinese words are mapped through the glossary (index/vocabulary/glossary.toml)
to English terms. `translate_query(text, ui_lang)` is the entry point; it is pure.

- Script: the letters decide (Arabic -> ar, Cyrillic -> ru, Han -> zh; other scripts are
  passed through unchanged). Latin script is English, French or Spanish: each is scored by
  how many words its glossary terms cover, its stop words ("le", "los", "the") and its
  accents (any accent counts against English, an English index would not match it; è ç ê
  -> French, ñ á í ó ú ¿ -> Spanish). A tie goes to the reader's page language ("rural",
  "protocoles" and "IA" are terms in two or three of them), then to English.
- English queries pass through unchanged (the search engine has its own analysis).
- Numbers and identifiers ("G.652", "5G", "H.264", "T-REC-Y.3172") pass through untouched
  in every language, as do Latin-script words in an Arabic, Russian or Chinese query
  ("IoT", "Wi-Fi") and capitalised names or acronyms in a French or Spanish one ("Kenya",
  "IPv6"). Other words the glossary does not know are reported as unmapped, not searched:
  an English index cannot match them. When nothing at all maps, the query is searched as
  typed.
- Chinese is segmented by greedy longest match over the glossary's Chinese terms, then
  stop words are removed from what is left. Why not a general segmenter (jieba, rjieba):
  the documents are English, so only Chinese words the glossary knows can find anything;
  a general dictionary's word boundaries do not follow the glossary's terms (it may cut
  "服务质量" or join "农村宽带" differently), so the glossary would still have to be
  matched on characters; and it would add a dependency and its dictionary's load time and
  memory to every worker for no better result. Longest match over the glossary is what
  jieba itself does with a user dictionary, without the rest.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.search.folding import Script, script_of
from index.search.stemmers import LANGUAGES, Unit, analyse, stop_words

if TYPE_CHECKING:  # the glossary's analysis imports this package: imported when used
    from index.vocabulary.glossary import Glossary, Lookup


def _glossary() -> Glossary:
    from index.vocabulary.glossary import load_glossary

    return load_glossary()

_BY_SCRIPT: dict[str, str] = {"arabic": "ar", "cyrillic": "ru", "han": "zh"}
_LATIN_LANGUAGES = ("en", "fr", "es")
_FRENCH_MARKS = frozenset("àâæçèêëîïôœùûÿ")
_SPANISH_MARKS = frozenset("ñáíóú¿¡")
MAX_QUERY_CHARS = 500


@dataclass(frozen=True)
class Mapping:
    """One typed phrase and the English term it was searched as."""

    typed: str  # "haut débit", as the reader typed it
    english: str  # "broadband"
    concept: str  # the glossary concept id


@dataclass(frozen=True)
class QueryTranslation:
    """What a query was read as, and what to search for."""

    text: str  # the query as typed (normalised, bounded)
    language: str  # "en", "fr", "es", "ar", "ru", "zh", or "und" (another script)
    script: Script
    english: str  # the query to search: English terms and what passed through
    mappings: tuple[Mapping, ...] = ()
    unmapped: tuple[str, ...] = ()  # words no glossary term covered (not searched)
    passed: tuple[str, ...] = ()  # numbers, names and acronyms kept as typed

    @property
    def translated(self) -> bool:
        """True when glossary terms were mapped (show "Searched for: …")."""
        return bool(self.mappings)

    @property
    def searched_for(self) -> str:
        """The English terms and kept words, for "Searched for: rural broadband"."""
        return self.english


def detect_language(text: str, ui_lang: str = "en", glossary: Glossary | None = None) -> str:
    """The language of a query: its script, then evidence for English, French or Spanish."""
    script = script_of(text)
    if script in _BY_SCRIPT:
        return _BY_SCRIPT[script]
    if script != "latin":
        return "und"
    glossary = glossary or _glossary()
    lowered = text.lower()
    scores: dict[str, float] = {}
    for lang in _LATIN_LANGUAGES:
        units = analyse(text, lang)
        stops = sum(1 for u in units if u.stop)
        scores[lang] = 2.0 * glossary.lookup(units, lang).covered + stops
    accented = sum(not ch.isascii() and ch.isalpha() for ch in lowered)
    scores["fr"] += accented + 2.0 * sum(ch in _FRENCH_MARKS for ch in lowered)
    scores["es"] += accented + 2.0 * sum(ch in _SPANISH_MARKS for ch in lowered)
    best = max(scores.values())
    tied = [lang for lang in _LATIN_LANGUAGES if scores[lang] == best]
    if ui_lang in tied:
        return ui_lang
    return "en" if "en" in tied else tied[0]


def translate_query(text: str, ui_lang: str = "en",
                    glossary: Glossary | None = None) -> QueryTranslation:
    """Read a query in any UN language; map its terms to English through the glossary."""
    text = unicodedata.normalize("NFKC", str(text)).strip()[:MAX_QUERY_CHARS]
    script = script_of(text)
    if ui_lang not in LANGUAGES:
        ui_lang = "en"
    glossary = glossary or _glossary()
    lang = detect_language(text, ui_lang, glossary) if text else "en"
    if lang in ("en", "und"):
        return QueryTranslation(text, lang, script, text)
    units = analyse(text, lang)
    found = glossary.lookup(units, lang)
    return _assemble(text, lang, script, units, found, glossary)


def _assemble(text: str, lang: str, script: Script, units: list[Unit], found: Lookup,
              glossary: Glossary) -> QueryTranslation:
    """The English query, in typed order: mapped terms and passed words."""
    pieces: list[tuple[int, str]] = []  # (start unit, English text)
    mappings: list[Mapping] = []
    for match in found.matches:
        typed = text[units[match.start].start:units[match.end - 1].end]
        terms = [glossary.english(cid) for cid in match.concepts]
        mappings.extend(Mapping(typed, term, cid) for term, cid in zip(terms, match.concepts,
                                                                       strict=True))
        unique = list(dict.fromkeys(terms))
        pieces.append((match.start, unique[0] if len(unique) == 1
                       else "(" + " OR ".join(unique) + ")"))
    passed_units = [i for i in found.unmapped if _passes(units[i], lang)]
    left = [i for i in found.unmapped if i not in set(passed_units)]
    passed = _runs(text, units, passed_units, sep="-")
    for start, word in passed:
        pieces.append((start, word))
    unmapped = [word for _, word in _runs(text, units, left, sep="")]
    if lang == "zh":
        unmapped = [rest for word in unmapped for rest in _without_zh_stop_words(word)]
    if not mappings:
        english = text  # nothing translated: search the words as typed
    else:
        english = " ".join(dict.fromkeys(piece for _, piece in sorted(pieces)))
    return QueryTranslation(text, lang, script, english, tuple(mappings), tuple(unmapped),
                            tuple(word for _, word in passed))


def _passes(unit: Unit, lang: str) -> bool:
    """Whether an unmapped unit is searched as typed (numbers, names, acronyms)."""
    if unit.kind == "ident":
        return True
    if lang in ("ar", "ru", "zh"):
        return unit.script == "latin"  # "IoT", "Wi-Fi" in an Arabic, Russian, Chinese query
    return unit.script == "latin" and any(ch.isupper() for ch in unit.text)


def _runs(text: str, units: list[Unit], chosen: list[int], sep: str) -> list[tuple[int, str]]:
    """Chosen units joined where only `sep` separates them in the text ("Wi" "-" "Fi")."""
    runs: list[tuple[int, int, int]] = []  # first unit, start char, end char
    for i in chosen:
        unit = units[i]
        if runs and i > 0 and runs[-1][2] == units[i - 1].end and \
                text[units[i - 1].end:unit.start] == sep and i - 1 in chosen:
            runs[-1] = (runs[-1][0], runs[-1][1], unit.end)
        else:
            runs.append((i, unit.start, unit.end))
    return [(first, text[start:end]) for first, start, end in runs]


def _without_zh_stop_words(run: str) -> list[str]:
    """A run of Chinese characters no glossary term covered, without its stop words."""
    stops = stop_words("zh")
    longest = max((len(s) for s in stops), default=1)
    kept: list[str] = []
    current = ""
    i = 0
    while i < len(run):
        for size in range(min(longest, len(run) - i), 0, -1):
            if run[i:i + size] in stops:
                if current:
                    kept.append(current)
                current = ""
                i += size
                break
        else:
            current += run[i]
            i += 1
    if current:
        kept.append(current)
    return kept
