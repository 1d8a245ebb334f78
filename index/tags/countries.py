"""Own the country -> ITU region table (countries.toml): load it strictly, find places in text.

The table maps ITU's 193 Member States (names, variants, adjectives, capitals), regional
organisations and regional words to the six ITU-D regions, with LDC/LLDC/SIDS flags. Two
uses: the region rules (index/tags/rules.py) find the places a title or summary names,
and the query reader (index/search/intent.py) turns "in Kenya" into the Africa filter.

Matching follows the table's own advice: whole words, the longest name first ("Guinea-
Bissau" before "Guinea", "South Sudan" before "Sudan"), acronyms case-sensitively and not
inside hyphenated codes ("ATU-C" is a modem end, not the African Telecommunications
Union), one-word names case-sensitively ("Chile" the state, not the pepper; "Oman" never
inside "woman"); a place named as a meeting venue or in the name of an agreement ("Paris
Agreement", "Dubai, 2012") is not what a text is about (the `[context]` table).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

COUNTRIES_FILE = Path(__file__).resolve().parent / "countries.toml"
FLAGS = frozenset({"ldc", "lldc", "sids", "developing"})
SOURCES = frozenset({"itu-d-regions", "un-ohrlls", "org-membership", "geography"})
PlaceKind = Literal["state", "group", "word"]
# How a place was named: its name or a variant, an adjective, a capital, an acronym.
Form = Literal["name", "adjective", "capital", "acronym"]
_STATE_KEYS = {"iso2", "name", "region", "also", "variants", "adjectives", "capitals", "flags",
               "caution", "source"}
_GROUP_KEYS = {"id", "name", "acronyms", "regions", "flags", "note", "source"}
_WORD_KEYS = {"phrase", "regions", "flags", "note", "source"}
_CONTEXT_KEYS = {"venues", "instruments", "languages", "title_only", "collisions"}
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9\-]*[A-Z0-9]$")  # "U.S." is written as a name
# A year or a date right after a place: the place of a meeting ("Dubai, 2012", "(Geneva,
# 2016)", "in Paris on 12 December 2015"); "a field test in Ghana in 2018" is no meeting.
_DATE = r"(?:\s*[,(]\s*|\s+on\s+\d{1,2}\s+[A-Za-z]+\s+)(?:19|20)\d\d\b"
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014/"  # an acronym inside "ATU‑C" names no body


class CountriesError(ValueError):
    """The countries file is malformed."""


@dataclass(frozen=True)
class Place:
    """A Member State, a regional organisation or a regional word, and its regions."""

    id: str  # "state:KE", "group:atu", "word:sub-saharan africa"
    kind: PlaceKind
    name: str
    regions: tuple[str, ...]  # main region first
    flags: frozenset[str]

    @property
    def developing(self) -> bool:
        """Named for its least developed, landlocked or small-island (or developing) status."""
        return bool(self.flags)


@dataclass(frozen=True)
class PlaceHit:
    """One place named in a text: how it was named, the words, where."""

    place: Place
    form: Form
    match: str
    start: int
    end: int


@dataclass(frozen=True)
class Countries:
    """The compiled table: places, their names as patterns, and the file's digest."""

    regions: Mapping[str, str]  # region id -> label
    places: tuple[Place, ...]
    names: Mapping[str, tuple[Place, Form]]  # every matchable name -> its place
    words: re.Pattern[str]  # one-word names (case-sensitive)
    phrases: re.Pattern[str]  # names of several words (case-insensitive)
    acronyms: re.Pattern[str]  # acronyms (case-sensitive, not inside hyphenated codes)
    venues: frozenset[str]
    after: re.Pattern[str]  # what, right after a name, makes it no subject ("Agreement")
    languages: frozenset[str]  # adjectives that also name a language ("French")
    title_only: frozenset[str]  # names that make a text regional in its title only ("ETSI")
    digest: str

    def find(self, text: str, *, adjectives: bool = True, acronyms: bool = True
             ) -> list[PlaceHit]:
        """Every place a text names, in order, venues and instruments left out."""
        if not text:
            return []
        found: list[tuple[int, int, str]] = []
        patterns = (self.phrases, self.acronyms, self.words) if acronyms else (
            self.phrases, self.words)
        for pattern in patterns:
            for m in pattern.finditer(text):
                if not any(s < m.end() and m.start() < e for s, e, _ in found):
                    found.append((m.start(), m.end(), m.group(0)))
        hits = []
        for start, end, words in sorted(found):
            place, form = self._named(words)
            if form == "adjective" and (not adjectives or words in self.languages):
                continue
            if words in self.venues or self.after.match(text, end):
                continue
            hits.append(PlaceHit(place, form, words, start, end))
        return hits

    def _named(self, words: str) -> tuple[Place, Form]:
        found = self.names.get(words) or self.names.get(_fold_case(words))
        assert found is not None, words  # every pattern alternative is a name
        return found

    def place_named(self, words: str) -> Place | None:
        """The place a query's words name exactly ("kenya", "Sub-Saharan Africa"), if any."""
        text = " ".join(words.split())
        found = self.names.get(text) or self.names.get(_fold_case(text))
        if found is None and text[:1].islower():
            found = self.names.get(text[:1].upper() + text[1:])
            if found is None and " " not in text:
                found = self.names.get(text.capitalize())
        if found is None or found[1] == "adjective" and found[0].name != text and (
                text.capitalize() in self.languages or text in self.languages):
            return None
        return found[0]

    def label(self, region: str) -> str:
        """A region's English label."""
        return self.regions[region]


def _fold_case(text: str) -> str:
    return text.casefold()


# -- parsing ----------------------------------------------------------------------------


def _strings(entry: Mapping[str, Any], key: str, where: str, *, required: bool = True
             ) -> tuple[str, ...]:
    value = entry.get(key, [] if not required else None)
    if value is None or not isinstance(value, list) or not all(
            isinstance(v, str) and v.strip() == v and v for v in value):
        raise CountriesError(f"{where}.{key}: expected a list of non-empty strings")
    return tuple(value)


def _check_keys(entry: Any, allowed: set[str], required: set[str], where: str) -> None:
    if not isinstance(entry, dict):
        raise CountriesError(f"{where}: expected a table")
    unknown = set(entry) - allowed
    if unknown:
        raise CountriesError(f"{where}: unknown key(s) {sorted(unknown)}")
    missing = required - set(entry)
    if missing:
        raise CountriesError(f"{where}: missing key(s) {sorted(missing)}")


def _source(entry: Mapping[str, Any], where: str) -> None:
    parts = {p.strip() for p in str(entry.get("source", "")).split(",")}
    if not parts or parts - SOURCES:
        raise CountriesError(f"{where}.source: expected some of {sorted(SOURCES)}, "
                             f"got {entry.get('source')!r}")


def _regions(values: Iterable[str], known: Mapping[str, str], where: str) -> tuple[str, ...]:
    values = tuple(values)
    bad = [v for v in values if v not in known]
    if bad:
        raise CountriesError(f"{where}: unknown region(s) {bad} (regions: {sorted(known)})")
    return values


def _flags(entry: Mapping[str, Any], where: str) -> frozenset[str]:
    flags = frozenset(_strings(entry, "flags", where))
    if flags - FLAGS:
        raise CountriesError(f"{where}.flags: unknown flag(s) {sorted(flags - FLAGS)}")
    return flags


class _Names:
    """Names collected from the file.

    Two places may share a name only when it says the same regions ("Congolese" for both
    Congos, "least developed countries" a word and a group): the first keeps it. Otherwise
    the name would tag a text with a region it may not be about: an error.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self.names: dict[str, tuple[Place, Form]] = {}

    def add(self, text: str, place: Place, form: Form, where: str) -> None:
        other = self.names.get(text)
        if other is not None and other[0].id != place.id:
            if set(other[0].regions) != set(place.regions):
                raise CountriesError(f"{self.file}: {where}: {text!r} also names "
                                     f"{other[0].id}, of other regions")
            return
        if other is None or form == "name":
            self.names[text] = (place, form)
        if " " in text:  # names of several words are matched whatever their case
            self.names.setdefault(_fold_case(text), (place, form))


def _state(entry: Any, i: int, regions: Mapping[str, str], names: _Names) -> Place:
    where = f"state[{i}]"
    _check_keys(entry, _STATE_KEYS, _STATE_KEYS - {"also", "caution"}, where)
    if not re.fullmatch(r"[A-Z]{2}", str(entry["iso2"])):
        raise CountriesError(f"{names.file}: {where}.iso2: expected two capital letters")
    where = f"state[{i}] ({entry['iso2']})"
    _source(entry, where)
    main = _regions([str(entry["region"])], regions, f"{where}.region")
    also = _regions(_strings(entry, "also", where, required=False), regions, f"{where}.also")
    place = Place(f"state:{entry['iso2']}", "state", str(entry["name"]), main + also,
                  _flags(entry, where))
    for text in (str(entry["name"]), *_strings(entry, "variants", where)):
        names.add(text, place, "acronym" if _ACRONYM.match(text) else "name", where)
    for text in _strings(entry, "adjectives", where):
        names.add(text, place, "adjective", where)
    for text in _strings(entry, "capitals", where):
        names.add(text, place, "capital", where)
    return place


def _group(entry: Any, i: int, regions: Mapping[str, str], names: _Names) -> Place:
    where = f"group[{i}]"
    _check_keys(entry, _GROUP_KEYS, _GROUP_KEYS - {"note"}, where)
    where = f"group[{i}] ({entry['id']})"
    _source(entry, where)
    place = Place(f"group:{entry['id']}", "group", str(entry["name"]),
                  _regions(_strings(entry, "regions", where), regions, f"{where}.regions"),
                  _flags(entry, where))
    names.add(place.name, place, "name", where)
    for text in _strings(entry, "acronyms", where):
        names.add(text, place, "acronym" if _ACRONYM.match(text) else "name", where)
    return place


def _word(entry: Any, i: int, regions: Mapping[str, str], names: _Names) -> Place:
    where = f"word[{i}]"
    _check_keys(entry, _WORD_KEYS, _WORD_KEYS - {"note"}, where)
    phrase = str(entry["phrase"])
    where = f"word[{i}] ({phrase})"
    _source(entry, where)
    place = Place(f"word:{phrase.casefold()}", "word", phrase,
                  _regions(_strings(entry, "regions", where), regions, f"{where}.regions"),
                  _flags(entry, where))
    if not place.regions and not place.flags:
        raise CountriesError(f"{names.file}: {where}: names no region and no flag")
    names.add(phrase, place, "name", where)
    return place


def _alternation(texts: Iterable[str]) -> str:
    """A pattern matching what `a|b|c` of the texts, longest first, matches, written as a
    trie: a flat alternation of 700 names made the engine try every name at every
    position of a text (7 % of an index rebuild); here a common prefix is read once.
    At each point the longer continuation is tried first (greedy), then the shorter name,
    so the longest name still wins and the engine backtracks to the shorter ones in the
    same order as through the sorted alternation."""
    trie: dict[str, Any] = {}
    for text in set(texts):
        node = trie
        for char in text:
            node = node.setdefault(char, {})
        node[""] = {}  # a name ends here
    return _trie_pattern(trie)


def _trie_pattern(node: dict[str, Any]) -> str:
    branches = [re.escape(char) + _trie_pattern(child)
                for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if "" not in node:
        return body
    return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"


def parse_countries(text: str, name: str = "countries.toml") -> Countries:
    """Parse and check the table; raise CountriesError naming the file and the entry."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CountriesError(f"{name}: {exc}") from exc
    known = {"regions", "state", "group", "word", "context"}
    if set(raw) - known:
        raise CountriesError(f"{name}: unknown section(s) {sorted(set(raw) - known)}")
    regions = raw.get("regions")
    if not isinstance(regions, dict) or not regions or not all(
            isinstance(v, str) for v in regions.values()):
        raise CountriesError(f"{name}: [regions] must map region ids to labels")
    names = _Names(name)
    try:
        places = [_state(e, i, regions, names) for i, e in enumerate(raw.get("state", []))]
        places += [_group(e, i, regions, names) for i, e in enumerate(raw.get("group", []))]
        places += [_word(e, i, regions, names) for i, e in enumerate(raw.get("word", []))]
        context = raw.get("context", {})
        _check_keys(context, _CONTEXT_KEYS, set(), "[context]")
        venues = _strings(context, "venues", "[context]", required=False)
        instruments = _strings(context, "instruments", "[context]", required=False)
        languages = _strings(context, "languages", "[context]", required=False)
        title_only = _strings(context, "title_only", "[context]", required=False)
        collisions = set(_strings(context, "collisions", "[context]", required=False))
    except CountriesError as exc:
        message = str(exc)
        raise CountriesError(message if message.startswith(name) else f"{name}: {message}"
                             ) from None
    ids = [p.id for p in places]
    if len(ids) != len(set(ids)):
        twice = sorted({i for i in ids if ids.count(i) > 1})
        raise CountriesError(f"{name}: duplicate ids {twice}")
    entries = dict(names.names)
    acronyms = [t for t, (_, form) in entries.items()
                if form == "acronym" and _ACRONYM.match(t) and t not in collisions]
    for collision in collisions:
        entries.pop(collision, None)
    words = [t for t in entries if " " not in t and t not in set(acronyms)]
    phrases = [t for t in entries if " " in t and t == _fold_case(t)]
    return Countries(
        regions=dict(regions), places=tuple(places), names=entries,
        words=re.compile(rf"(?<![\w])(?:{_alternation(words)})(?![\w])"),
        phrases=re.compile(rf"(?<![\w])(?:{_alternation(phrases)})(?![\w])", re.I),
        acronyms=re.compile(rf"(?<![\w{_DASHES}])(?:{_alternation(acronyms)})(?![\w{_DASHES}])"),
        venues=frozenset(venues),
        # Instruments are capitalised after the place ("Paris Agreement"), unlike "an Africa
        # framework for ...".
        after=re.compile(rf"{_DATE}|\s*(?:{_alternation(instruments)})\b" if instruments
                         else _DATE),
        languages=frozenset(languages),
        title_only=frozenset(title_only),
        digest=hashlib.sha256(text.encode()).hexdigest(),
    )


@lru_cache(maxsize=4)
def load_countries(path: Path = COUNTRIES_FILE) -> Countries:
    """Read and compile the table once per process."""
    try:
        return parse_countries(path.read_text(encoding="utf-8"), path.name)
    except OSError as exc:
        raise CountriesError(f"cannot read {path}: {exc}") from exc
