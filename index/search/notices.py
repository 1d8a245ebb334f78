"""Own what the search engine tells a reader about a query: notices, each a code with values.

The engine never fails on a query; what it could not use, or what it did instead, becomes
a `Notice`. The English sentence of each code is here (the command line and the JSON API
show it); the site says the same code in the reader's language (app/messages.py).
"""

from __future__ import annotations

from dataclasses import dataclass

Value = str | int

ENGLISH: dict[str, str] = {
    "query.shortened": "The query was shortened to its first {count} characters.",
    "query.quote_open": "A quote was not closed; the rest of the query is one phrase.",
    "query.unmatched_paren": "An unmatched ')' was ignored.",
    "query.too_many_terms": "Only the first {count} terms of the query were used.",
    "query.short_wildcard": "'{term}': a wildcard needs at least {count} letters before it; "
                            "ignored.",
    "query.short_number_prefix": "'{term}*': a number prefix needs a series letter at least "
                                 "(Y.31*, Y.*); ignored.",
    "query.unknown_field": "There is no field '{name}'; it was searched as words.",
    "facet.no_value": "{facet}: no value given.",
    "facet.no_match": "{facet}: no value matches '{value}' (known: {known}).",
    "search.unknown_filter": "There is no filter '{name}' (filters: {filters}); it was ignored.",
    "search.unknown_sort": "Unknown sort '{sort}'; sorted by relevance.",
    "search.hidden_superseded": "No current document matches; {count} superseded or withdrawn "
                                "ones do (filter status=all to see them).",
    "search.most_words": "{count} documents have all of the words and come first; {more} "
                         "more have most of them.",
    "search.intents_as_words": "No text matches with '{words}' read as filters; those words "
                               "were searched as words.",
    "search.any_word": "No document has all of the words; showing documents with any of them.",
    "search.some_words": "Only {count} documents have most of the words; documents with some "
                         "of them follow.",
    "search.common_words": "The query has only very common words; showing all documents.",
}


@dataclass(frozen=True)
class Notice:
    """One thing the engine tells about a query: a code and its values (hashable, so a
    list of notices can drop repeats)."""

    code: str
    values: tuple[tuple[str, Value], ...] = ()

    @classmethod
    def of(cls, code: str, **params: Value) -> Notice:
        """A notice with named values."""
        if code not in ENGLISH:
            raise KeyError(f"unknown notice code {code!r}")
        return cls(code, tuple(params.items()))

    @property
    def params(self) -> dict[str, Value]:
        """The values by name."""
        return dict(self.values)

    @property
    def text(self) -> str:
        """The notice in English."""
        return ENGLISH[self.code].format(**self.params)

    def __str__(self) -> str:
        return self.text
