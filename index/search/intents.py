"""Own the words of a query that name a filter: they become chips the reader can remove.

"e-waste handbook" asks for handbooks about e-waste, "IoT withdrawn" for withdrawn texts,
"accounting rates in Kenya" for texts for Africa. `IntentReader.read` finds such words at
the top level of a parsed query (index/vocabulary/intents.toml; region words of the
taxonomy; country, capital and regional names of index/tags/countries.toml; a year) and
takes them out of the words to match, as `Intent`s (and context words, "developing
countries", which only rank: most texts on a subject do not say for whom they are). The
service turns each intent into a filter
(index/search/service.py), one per facet (two words of one facet are alternatives):

- type, kind, status, language, year: a plain filter; `title` words also satisfy it
  ("Handbook on ..." Supplements are handbooks too);
- region: a soft filter. Almost every ITU-T text is worldwide, so "e-waste Africa" keeps
  worldwide texts, leaves out texts for other regions, ranks texts for Africa first (then,
  for a region of developing countries, texts relevant to developing countries), and the
  region's words still count in the ranking.

A reader removes a chip with `ignore` (the facet's name): its words are then searched as
words. Quoted phrases and field:value terms are never read as intents.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from index.search.fields import FACET_FIELDS
from index.search.query import Group, Node, Synonym, Word
from index.tags.countries import Countries
from index.tags.taxonomy import Taxonomy

INTENTS_FILE = Path(__file__).resolve().parent.parent / "vocabulary" / "intents.toml"
FACETS = frozenset({"type", "kind", "status", "language"})
SOURCES = frozenset({"catalogue", "readers"})
MAX_WORDS = 4
YEARS = (1960, 2035)
_LEAD = frozenset({"in", "for", "from", "of"})  # "in Kenya", "for Africa"
_EDGE = ".,;:!?¿¡"
_YEAR = re.compile(r"(?:19|20)\d\d")


class IntentsError(ValueError):
    """The intents file is malformed."""


@dataclass(frozen=True)
class Intent:
    """Filter words of a query: a facet, the values they select, and the words."""

    facet: str  # engine facet name: type, kind, status, language, year, region
    values: tuple[str, ...]
    words: tuple[str, ...]  # as they stand in the query, one entry per phrase
    title: tuple[str, ...] = ()  # texts that also satisfy it in a title
    soft: bool = False  # region: worldwide texts stay, the region's texts come first
    developing: bool = False  # region of developing countries: their texts come next


@dataclass(frozen=True)
class IntentVocabulary:
    """Filter words by their lower-case word sequence, and context words."""

    phrases: dict[tuple[str, ...], tuple[str, str, str | None]]  # -> facet, value, title
    digest: str
    context: frozenset[tuple[str, ...]] = frozenset()  # "developing countries": rank only


def parse_intents(text: str, name: str = "intents.toml") -> IntentVocabulary:
    """Parse and check the intents file; raise IntentsError naming the bad entry."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise IntentsError(f"{name}: {exc}") from exc
    if set(raw) - {"intent", "context"}:
        raise IntentsError(f"{name}: unknown section(s) "
                           f"{sorted(set(raw) - {'intent', 'context'})}")
    phrases: dict[tuple[str, ...], tuple[str, str, str | None]] = {}
    context: set[tuple[str, ...]] = set()
    for i, entry in enumerate(raw.get("context", [])):
        words = entry.get("words") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or set(entry) != {"words", "source"} or \
                entry["source"] not in SOURCES or not isinstance(words, list) or not all(
                    isinstance(w, str) and w == w.lower() and w.strip() for w in words):
            raise IntentsError(f"{name}: context[{i}] needs lower-case words and a source")
        context |= {tuple(w.split()) for w in words}
    for i, entry in enumerate(raw.get("intent", [])):
        where = f"{name}: intent[{i}]"
        if not isinstance(entry, dict) or set(entry) - {"words", "facet", "value", "title",
                                                         "source"}:
            raise IntentsError(f"{where}: expected words, facet, value, source (and title)")
        words, facet, value = entry.get("words"), entry.get("facet"), entry.get("value")
        title = entry.get("title")
        if facet not in FACETS:
            raise IntentsError(f"{where}: facet must be one of {sorted(FACETS)}")
        if not isinstance(value, str) or not value:
            raise IntentsError(f"{where}: value must be a facet value")
        if entry.get("source") not in SOURCES:
            raise IntentsError(f"{where}: source must be one of {sorted(SOURCES)}")
        if title is not None and (not isinstance(title, str) or not title.strip()):
            raise IntentsError(f"{where}: title must be words")
        if not isinstance(words, list) or not words or not all(
                isinstance(w, str) and w == w.lower() and w.strip() for w in words):
            raise IntentsError(f"{where}: words must be a list of lower-case phrases")
        for phrase in words:
            key = tuple(phrase.split())
            if len(key) > MAX_WORDS:
                raise IntentsError(f"{where}: {phrase!r} is longer than {MAX_WORDS} words")
            if key in phrases:
                raise IntentsError(f"{where}: {phrase!r} is already an intent")
            phrases[key] = (facet, value, title)
    clash = sorted(" ".join(c) for c in context if c in phrases)
    if clash:
        raise IntentsError(f"{name}: {clash} are both filter and context words")
    return IntentVocabulary(phrases, hashlib.sha256(text.encode()).hexdigest(),
                            frozenset(context))


@lru_cache(maxsize=4)
def load_intents(path: Path = INTENTS_FILE) -> IntentVocabulary:
    """Read the intents file once per process."""
    try:
        return parse_intents(path.read_text(encoding="utf-8"), path.name)
    except OSError as exc:
        raise IntentsError(f"cannot read {path}: {exc}") from exc


def _bare(text: str) -> str:
    return text.strip(_EDGE).lower()


class IntentReader:
    """Find filter words in parsed queries (one per service: the tables are built once)."""

    def __init__(self, vocabulary: IntentVocabulary, taxonomy: Taxonomy) -> None:
        self.vocabulary = vocabulary
        self.places: Countries | None = taxonomy.places
        self.regions: dict[tuple[str, ...], tuple[str, ...]] = {}
        for rule in taxonomy.regions:
            for words in rule.queries:
                self.regions.setdefault(words, (rule.id,))
        self.developing = frozenset(r.id for r in taxonomy.regions if r.developing)
        assert set(FACET_FIELDS) >= FACETS | {"region", "year"}

    def read(self, root: Group, ignore: Iterable[str] = ()
             ) -> tuple[Group, list[Intent], list[str]]:
        """The query without its filter and context words, the intents the filter words
        stand for, and the context words (they only rank)."""
        if root.op != "and":
            return root, [], []
        skip = set(ignore)
        kept: list[Node] = []
        found: dict[str, Intent] = {}
        context: list[str] = []
        children = root.children
        i = 0
        while i < len(children):
            child = children[i]
            if isinstance(child, Synonym) and tuple(
                    _bare(w) for w in child.words) in self.vocabulary.context:
                context.append(" ".join(child.words))  # "developing countries", a synonym
                i += 1
                continue
            run = self._run(children, i)
            size = self._context(run) if run else 0
            if size:
                context.append(" ".join(w.text for w in run[:size]))
                i += size
                continue
            match = self._longest(run, skip) if run else None
            if match is None:
                kept.append(children[i])
                i += 1
                continue
            size, intent = match
            found[intent.facet] = _merge(found.get(intent.facet), intent)
            i += size
        if not kept and not any(x.soft is False for x in found.values()):
            # Only region or context words: they are the subject ("Africa"), not a filter.
            return root, [], []
        return Group("and", kept), list(found.values()), context

    def _context(self, run: list[Word]) -> int:
        """How many words of a run are context words ("developing countries"), or 0."""
        words = tuple(_bare(w.text) for w in run)
        for size in range(min(MAX_WORDS, len(words)), 0, -1):
            if words[:size] in self.vocabulary.context:
                return size
        return 0

    @staticmethod
    def _run(children: Sequence[Node], start: int) -> list[Word]:
        run: list[Word] = []
        for child in children[start:start + MAX_WORDS + 1]:
            if not isinstance(child, Word) or "*" in child.text or "?" in child.text:
                break
            run.append(child)
        return run

    def _longest(self, run: list[Word], skip: set[str]) -> tuple[int, Intent] | None:
        words = [_bare(w.text) for w in run]
        for size in range(min(MAX_WORDS + 1, len(words)), 0, -1):
            intent = self._intent(tuple(words[:size]), run[:size])
            if intent is not None and intent.facet not in skip:
                return size, intent
        return None

    def _intent(self, key: tuple[str, ...], typed: list[Word]) -> Intent | None:
        text = (" ".join(w.text.strip(_EDGE) for w in typed),)
        found = self.vocabulary.phrases.get(key)
        if found is not None:
            facet, value, title = found
            return Intent(facet, (value,), text, (title,) if title else ())
        if len(key) == 1 and _YEAR.fullmatch(key[0]) and YEARS[0] <= int(key[0]) <= YEARS[1]:
            return Intent("year", (key[0],), text)
        lead = key[1:] if len(key) > 1 and key[0] in _LEAD else key
        regions = self._regions(lead, typed[len(key) - len(lead):])
        if not regions:
            return None
        return Intent("region", regions, text, soft=True,
                      developing=bool(self.developing & set(regions)))

    def _regions(self, key: tuple[str, ...], typed: list[Word]) -> tuple[str, ...]:
        if not key:
            return ()
        if key in self.regions:
            return self.regions[key]
        if self.places is None:
            return ()
        words = " ".join(w.text.strip(_EDGE) for w in typed)
        place = self.places.place_named(words)
        # A lower-case single word names a state only by its own name ("kenya"), never by a
        # capital or an adjective ("male" voice is no Maldives).
        if place is None or (len(key) == 1 and words.islower()
                             and place.name.lower() != words):
            return ()
        return place.regions


def _merge(old: Intent | None, new: Intent) -> Intent:
    """Two filter words of one facet are alternatives ("Europe Mediterranean")."""
    if old is None:
        return new
    return Intent(old.facet, tuple(dict.fromkeys(old.values + new.values)),
                  old.words + new.words, tuple(dict.fromkeys(old.title + new.title)),
                  old.soft, old.developing or new.developing)
