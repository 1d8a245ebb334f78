"""Own the multilingual glossary (glossary.toml): load, validate, look up, label.

Each concept of ITU-T's vocabulary has its terms in the six UN languages. The file is
checked strictly (an unknown key, a missing language, a duplicate id, a term of one
language that two concepts share without both marking it `ambiguous`: an error naming the
file and the entry) and compiled once per process into per-language indexes of analysed
terms (index/search/stemmers.py), at three levels: surface, light, stem. `lookup` finds,
in a query's analysed units, the longest glossary terms (greedy, left to right), and
`label` gives a concept's or a taxonomy entry's name in a language.

A change of the file, of the stop words or of the analysis changes `digest`, which the
search index stores: the index re-indexes when it changes.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from index.search.folding import script_of
from index.search.stemmers import LANGUAGES, Keys, Unit, form_keys, load_stop_words

GLOSSARY_FILE = Path(__file__).resolve().parent / "glossary.toml"
ANALYSIS_VERSION = "1"  # bump when stemmers.py changes the keys it computes
LEVELS = ("surface", "light", "stem")
VIA = frozenset({"itu", "unterm", "project"})
_KEYS = frozenset({"id", "source", "via", "note", "ambiguous", "label", *LANGUAGES})
_ID = re.compile(r"^[a-z0-9][a-z0-9.+-]*$")
_SOURCE = re.compile(
    r"^(taxonomy:(topic|region|kind|series):[A-Za-z0-9.\-]+"
    r"|titles:(frequent|[A-Z](,[A-Z])*)|acronyms|readers|catalogue)$"
)
_SCRIPT = {"ar": "arabic", "ru": "cyrillic", "zh": "han"}
LevelIndex = dict[tuple[str, ...], tuple[str, ...]]  # analysed term -> concept ids


class GlossaryError(ValueError):
    """The glossary file is malformed."""


@dataclass(frozen=True)
class Concept:
    """One concept: its terms by language (the first is the display form), and sources."""

    id: str
    forms: Mapping[str, tuple[str, ...]]
    sources: tuple[str, ...]
    via: str  # where the translations come from: itu, unterm or project (see the file)
    ambiguous: frozenset[str] = frozenset()
    note: str = ""
    labels: Mapping[str, str] | None = None  # display names, when not the first terms

    @property
    def english(self) -> str:
        """The English term searched for this concept."""
        return self.forms["en"][0]

    def label(self, lang: str) -> str:
        """The concept's name in a language: its label, or its first term capitalised."""
        if self.labels is not None:
            return self.labels[lang]
        text = self.forms[lang][0]
        return text[:1].upper() + text[1:] if text[:1].islower() else text


@dataclass(frozen=True)
class Match:
    """Glossary terms found in a query: units[start:end] (stop words included) -> concepts."""

    start: int
    end: int
    concepts: tuple[str, ...]  # more than one when the term is marked ambiguous
    level: str  # "surface", "light" or "stem": how exactly it matched


@dataclass(frozen=True)
class Lookup:
    """What a query's units map to, and the units (indexes) no term covered."""

    matches: tuple[Match, ...]
    unmapped: tuple[int, ...]

    @property
    def covered(self) -> int:
        """How many units the matches cover (for language detection)."""
        return sum(m.end - m.start for m in self.matches)


@dataclass(frozen=True)
class Glossary:
    """The compiled glossary."""

    concepts: Mapping[str, Concept]
    digest: str
    indexes: Mapping[str, tuple[LevelIndex, LevelIndex, LevelIndex]]
    by_source: Mapping[str, str]  # "taxonomy:topic:ai-ml" -> concept id
    longest: int  # most content units in one term

    def lookup(self, units: Sequence[Unit], lang: str) -> Lookup:
        """Greedy longest match of glossary terms over a query's non-stop units."""
        content = [i for i, u in enumerate(units) if not u.stop]
        levels = self.indexes[lang]
        matches: list[Match] = []
        unmapped: list[int] = []
        i = 0
        while i < len(content):
            found = None
            for size in range(min(self.longest, len(content) - i), 0, -1):
                chosen = content[i:i + size]
                for level, index in enumerate(levels):
                    ids = index.get(tuple(units[p].keys[level] for p in chosen))
                    if ids:
                        found = Match(chosen[0], chosen[-1] + 1, ids, LEVELS[level])
                        break
                if found:
                    break
            if found is None:
                unmapped.append(content[i])
                i += 1
            else:
                matches.append(found)
                i += size
        return Lookup(tuple(matches), tuple(unmapped))

    def english(self, concept_id: str) -> str:
        """The English term of a concept."""
        return self.concepts[concept_id].english

    def english_terms(self, found: Lookup) -> tuple[str, ...]:
        """The English terms to search for a lookup's matches, in order, once each."""
        terms = (self.english(cid) for match in found.matches for cid in match.concepts)
        return tuple(dict.fromkeys(terms))

    def label(self, key: str, lang: str) -> str | None:
        """A concept's or a taxonomy entry's name in a language, or None when unknown.

        `key`: a concept id; "topic:<id>", "region:<id>", "kind:<id>", "series:<code>"; or a
        bare topic id (a theme id such as "ai-ml", or a sub-series range such as
        "Y.3000-Y.3499", labelled "Y.3000-Y.3499 Réseaux futurs" like the taxonomy's labels).
        """
        if lang not in LANGUAGES:
            lang = "en"
        concept = self.concepts.get(key)
        if concept is None:
            facet, _, ident = key.partition(":") if ":" in key else ("topic", "", key)
            concept_id = self.by_source.get(f"taxonomy:{facet}:{ident}")
            if concept_id is None:
                return None
            text = self.concepts[concept_id].label(lang)
            return f"{ident} {text}" if facet == "topic" and "." in ident else text
        return concept.label(lang)


# -- parsing ----------------------------------------------------------------------------


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if (not isinstance(value, list) or not value
            or not all(isinstance(v, str) and v.strip() for v in value)):
        raise GlossaryError(f"{where}: expected a non-empty list of non-empty strings")
    return tuple(v.strip() for v in value)


def _concept(entry: Any, where: str) -> Concept:
    if not isinstance(entry, dict):
        raise GlossaryError(f"{where}: expected a table")
    ident = entry.get("id")
    if not isinstance(ident, str) or not _ID.match(ident):
        raise GlossaryError(f"{where}: needs an id of lower-case letters, digits, . + -")
    where = f"{where} ({ident})"
    unknown = set(entry) - _KEYS
    if unknown:
        raise GlossaryError(f"{where}: unknown key(s) {sorted(unknown)}")
    missing = [lang for lang in LANGUAGES if lang not in entry]
    if missing:
        raise GlossaryError(f"{where}: missing language(s) {missing}")
    forms = {lang: _strings(entry[lang], f"{where}.{lang}") for lang in LANGUAGES}
    for lang, script in _SCRIPT.items():
        if not any(script_of(f) == script for f in forms[lang]):
            raise GlossaryError(f"{where}.{lang}: no term is written in {script} script")
    sources = _strings(entry.get("source"), f"{where}.source")
    bad = [s for s in sources if not _SOURCE.match(s)]
    if bad:
        raise GlossaryError(f"{where}.source: unknown source(s) {bad}")
    via = entry.get("via")
    if via not in VIA:
        raise GlossaryError(f"{where}.via: expected one of {sorted(VIA)}, got {via!r}")
    ambiguous = frozenset(_strings(entry["ambiguous"], f"{where}.ambiguous")
                          if "ambiguous" in entry else ())
    every_form = {f for fs in forms.values() for f in fs}
    if ambiguous - every_form:
        raise GlossaryError(f"{where}.ambiguous: not a term of this concept: "
                            f"{sorted(ambiguous - every_form)}")
    note = entry.get("note", "")
    if not isinstance(note, str):
        raise GlossaryError(f"{where}.note: expected a string")
    labels = entry.get("label")
    if labels is not None:
        if (not isinstance(labels, dict) or set(labels) != set(LANGUAGES)
                or not all(isinstance(v, str) and v.strip() for v in labels.values())):
            raise GlossaryError(f"{where}.label: expected a label in each of {list(LANGUAGES)}")
        labels = {lang: str(labels[lang]).strip() for lang in LANGUAGES}
    return Concept(ident, forms, sources, str(via), ambiguous, note, labels)


def _compile(concepts: list[Concept], name: str) -> tuple[
        dict[str, tuple[LevelIndex, LevelIndex, LevelIndex]], int]:
    """Per-language indexes of analysed terms; a shared surface term must be ambiguous."""
    indexes: dict[str, tuple[LevelIndex, LevelIndex, LevelIndex]] = {}
    clashes: list[str] = []
    longest = 1
    for lang in LANGUAGES:
        # level -> analysed term -> {concept id: the form written in the file}
        found: list[dict[tuple[str, ...], dict[str, str]]] = [{}, {}, {}]
        for concept in concepts:
            for form in concept.forms[lang]:
                keys, extra = form_keys(form, lang)
                if not keys:
                    clashes.append(f"concept {concept.id}.{lang}: {form!r} has only stop words")
                    continue
                longest = max(longest, len(keys))
                for level in range(3):
                    terms = [tuple(k[level] for k in keys)] + (list(extra) if level == 2 else [])
                    for term in terms:
                        owners = found[level].setdefault(term, {})
                        if len(form) < len(owners.get(concept.id, form + " ")):
                            owners[concept.id] = form  # its shortest term (see _stem_owner)
        by_id = {c.id: c for c in concepts}
        levels: list[LevelIndex] = []
        for level, table in enumerate(found):
            index: LevelIndex = {}
            for term, owners in table.items():
                shared = len(owners) > 1
                knowing = all(form in by_id[cid].ambiguous for cid, form in owners.items())
                if shared and not knowing:
                    if level == 0:
                        described = ", ".join(f"{cid} ({form!r})" for cid, form in owners.items())
                        clashes.append(f"the {lang} term {' '.join(term)!r} belongs to "
                                       f"several concepts: {described}")
                        continue
                    owner = _stem_owner(owners, lang)
                    if owner is None:
                        continue
                    owners = {owner: owners[owner]}
                index[term] = tuple(owners)
            levels.append(index)
        indexes[lang] = (levels[0], levels[1], levels[2])
    if clashes:
        raise GlossaryError(f"{name}: " + "; ".join(clashes)
                            + " (remove such terms, or mark a shared term `ambiguous` in each "
                            "concept that has it)")
    return indexes, longest


def _stem_owner(owners: dict[str, str], lang: str) -> str | None:
    """Which concept keeps a light key or stem that several concepts' terms share.

    Snowball stems join a word's inflections and also its derivations ("mobile",
    "mobility" -> "mobil"): the concept whose term is strictly the shortest, the base word,
    keeps the stem, so "mobiles" still finds "mobile". ISRI reduces Arabic words to roots,
    which joins unrelated words ("الرقمية" digital, "الترقيم" numbering -> "رقم"): there, and
    on a tie, nobody keeps it, and those words match on their surface and light keys only.
    """
    if lang == "ar":
        return None
    ranked = sorted(owners, key=lambda cid: len(owners[cid]))
    if len(owners[ranked[0]]) < len(owners[ranked[1]]):
        return ranked[0]
    return None


def parse_glossary(text: str, name: str = "glossary.toml") -> Glossary:
    """Parse, check and compile glossary text; raise GlossaryError naming the bad entry."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GlossaryError(f"{name}: {exc}") from exc
    if set(raw) - {"concept"}:
        raise GlossaryError(f"{name}: unknown section(s) {sorted(set(raw) - {'concept'})}")
    entries = raw.get("concept", [])
    if not isinstance(entries, list):
        raise GlossaryError(f"{name}: concept must be an array of tables ([[concept]])")
    concepts = [_concept(e, f"{name}: concept[{i}]") for i, e in enumerate(entries)]
    seen: dict[str, int] = {}
    by_source: dict[str, str] = {}
    for i, concept in enumerate(concepts):
        if concept.id in seen:
            raise GlossaryError(f"{name}: concept[{i}]: duplicate id {concept.id!r} "
                                f"(first at concept[{seen[concept.id]}])")
        seen[concept.id] = i
        for source in concept.sources:
            if source.startswith("taxonomy:"):
                if source in by_source:
                    raise GlossaryError(f"{name}: concept[{i}] ({concept.id}): {source} is "
                                        f"already the source of {by_source[source]}")
                by_source[source] = concept.id
    indexes, longest = _compile(concepts, name)
    return Glossary({c.id: c for c in concepts}, glossary_digest(text), indexes, by_source,
                    longest)


def glossary_digest(text: str) -> str:
    """What an index built with this glossary text depends on (its text and analysis)."""
    return hashlib.sha256(
        f"{ANALYSIS_VERSION}\0{load_stop_words().digest}\0{text}".encode()).hexdigest()


@lru_cache(maxsize=4)
def glossary_file_digest(path: Path = GLOSSARY_FILE) -> str:
    """`Glossary.digest` of the glossary file, without compiling it (a second of
    stemming): `index update` compares digests before it knows it has work to do."""
    try:
        return glossary_digest(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GlossaryError(f"cannot read {path}: {exc}") from exc


@lru_cache(maxsize=4)
def load_glossary(path: Path = GLOSSARY_FILE) -> Glossary:
    """Read and compile the glossary once per process."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GlossaryError(f"cannot read {path}: {exc}") from exc
    return parse_glossary(text, path.name)


__all__ = ["Concept", "Glossary", "GlossaryError", "Keys", "Lookup", "Match",
           "load_glossary", "parse_glossary"]
