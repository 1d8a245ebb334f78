"""Own the translation of the search engine's notices (English sentences with values).

The engine explains what it did with a query in English; each known sentence is matched
here and re-said in the reader's language with the same values. An unknown sentence is
shown as the engine wrote it (escaped like any text).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from flask_babel import gettext

_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"No current document matches; (?P<n>\d+) superseded or withdrawn ones do"),
     lambda m: gettext("No current document matches; %(count)s superseded or withdrawn "
                       "ones do.", count=m["n"])),
    (re.compile(r"No document has all of the words; (?P<r>.+?) was widened"),
     lambda m: gettext("No document has all of the words; %(region)s was widened to "
                       "documents relevant to developing countries.", region=m["r"])),
    (re.compile(r"No document has all of the words; showing documents with any of them"),
     lambda m: gettext("No document has all of the words; showing documents with any "
                       "of them.")),
    (re.compile(r"The query has only very common words"),
     lambda m: gettext("The query has only very common words; showing all documents.")),
    (re.compile(r"There is no filter '(?P<k>.*)' \("),
     lambda m: gettext("There is no filter “%(name)s”; it was ignored.", name=m["k"])),
    (re.compile(r"Unknown sort '(?P<s>.*)'"),
     lambda m: gettext("Unknown sort “%(name)s”; sorted by relevance.", name=m["s"])),
    (re.compile(r"^(?P<f>\w+): no value matches '(?P<v>.*)' \(known"),
     lambda m: gettext("No value of %(facet)s matches “%(value)s”.", facet=m["f"],
                       value=m["v"])),
    (re.compile(r"^(?P<f>\w+): no value given"),
     lambda m: gettext("No value given for %(facet)s.", facet=m["f"])),
    (re.compile(r"The query was shortened to its first (?P<n>\d+) characters"),
     lambda m: gettext("The query was shortened to its first %(count)s characters.",
                       count=m["n"])),
    (re.compile(r"A quote was not closed"),
     lambda m: gettext("A quote was not closed; the rest of the query is one phrase.")),
    (re.compile(r"An unmatched '\)' was ignored"),
     lambda m: gettext("An unmatched “)” was ignored.")),
    (re.compile(r"Only the first (?P<n>\d+) terms of the query were used"),
     lambda m: gettext("Only the first %(count)s terms of the query were used.",
                       count=m["n"])),
    (re.compile(r"'(?P<t>.*)': a wildcard needs at least (?P<n>\d+) letters"),
     lambda m: gettext("“%(term)s”: a wildcard needs at least %(count)s letters before "
                       "it; ignored.", term=m["t"], count=m["n"])),
    (re.compile(r"There is no field '(?P<f>.*)'; it was searched as words"),
     lambda m: gettext("There is no field “%(name)s”; it was searched as words.",
                       name=m["f"])),
]


def translate_notice(text: str) -> str:
    """One engine notice in the reader's language."""
    for pattern, say in _PATTERNS:
        match = pattern.search(text)
        if match:
            return say(match)
    return text
