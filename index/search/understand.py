"""Own reading what a reader asked: the query's language and English, its tree, its filters.

`QueryReader.read(text, lang)` runs, in order: the glossary mapping of a query in another
UN language into English (index/search/languages.py; the "Searched for: rural broadband —
from «haut débit rural»" the page shows), the parser (index/search/query.py) and the
filter words (index/search/intents.py). `verbatim` skips the mapping and the filter words:
the reader's "search the words as typed". The glossary is compiled when the reader is
made (1-2 s, at service start), never by a reader's first query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index import numbers
from index.search.intents import Intent, IntentReader, load_intents
from index.search.languages import QueryTranslation, detect_language, translate_query
from index.search.query import Parsed, clean, parse
from index.search.synonyms import Synonyms
from index.tags.taxonomy import Taxonomy

if TYPE_CHECKING:  # the glossary's analysis imports this package: imported when used
    from index.vocabulary.glossary import Glossary


@dataclass(frozen=True)
class Understood:
    """A query as the engine read it."""

    typed: str  # as the reader typed it (normalised and bounded like every query)
    searched: str  # what is searched: the English of a translated query, else as typed
    parsed: Parsed  # the tree searched, without the filter words
    translation: QueryTranslation | None = None  # set when glossary terms were mapped
    intents: tuple[Intent, ...] = ()
    context: tuple[str, ...] = ()  # words that only rank ("developing countries")


class QueryReader:
    """Read queries with one compiled glossary and one intent table."""

    def __init__(self, synonyms: Synonyms, taxonomy: Taxonomy,
                 glossary: Glossary | None = None) -> None:
        from index.vocabulary.glossary import load_glossary

        self.synonyms = synonyms
        self.glossary = glossary or load_glossary()
        self.intents = IntentReader(load_intents(), taxonomy)

    def language(self, text: str, lang: str = "en") -> str:
        """The language a query is read in (its script, or its words; the page's on a tie):
        what its answer depends on, rather than the page's language."""
        return detect_language(numbers.compact(text), lang, self.glossary) if text.strip() \
            else "en"

    def read(self, text: str, lang: str = "en", *, verbatim: bool = False,
             ignore: Iterable[str] = ()) -> Understood:
        """Translate (unless verbatim), parse, and take out the filter words."""
        typed = clean(text)[0]
        # Numbers are one token each for the translation ("L Suppl 36" is no French "l").
        translation = None if verbatim or not text.strip() else translate_query(
            numbers.compact(text), lang, self.glossary)
        if translation is not None and not translation.translated:
            translation = None
        searched = translation.english if translation is not None else text
        parsed = parse(searched, self.synonyms)
        if verbatim:
            return Understood(typed, parsed.text, parsed)
        root, intents, context = self.intents.read(parsed.root, ignore)
        tree = Parsed(root, parsed.notices, parsed.text)
        return Understood(typed, parsed.text, tree, translation, tuple(intents),
                          tuple(context))
