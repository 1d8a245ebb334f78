"""Own the one import of the Whoosh library, so a compatible fork is a one-line change.

`whoosh3` (pinned in pyproject.toml) installs the `whoosh` package and reads and writes
Whoosh 2.7 index files. Every module of the project imports Whoosh through here (a test
checks it) and uses only the 2.7 API, so moving to another fork means changing the
dependency line (and these imports, if the fork renamed its package). The language
stemmers and stop-word lists of `whoosh.lang` come through here too.
"""

from __future__ import annotations

from collections.abc import Callable

from whoosh import analysis as analysis
from whoosh import fields as fields
from whoosh import index as index
from whoosh import qparser as qparser  # the benchmark's naive baseline only
from whoosh import query as query
from whoosh import searching as searching
from whoosh import sorting as sorting
from whoosh import writing as writing
from whoosh.lang import has_stemmer as has_stemmer
from whoosh.lang import languages as languages
from whoosh.lang import stemmer_for_language as _stemmer_for_language
from whoosh.lang import stopwords_for_language as stopwords_for_language
from whoosh.lang.isri import ISRIStemmer as ISRIStemmer  # Arabic root stemmer
from whoosh.lang.porter2 import stem as _porter2_stem
from whoosh.lang.snowball import FrenchStemmer as FrenchStemmer
from whoosh.lang.snowball import RussianStemmer as RussianStemmer
from whoosh.lang.snowball import SpanishStemmer as SpanishStemmer
from whoosh.lang.stopwords import stoplists as stoplists  # Snowball stop lists by language
from whoosh.query import Query as Query

Stemmer = Callable[[str], str]


def stem(word: str) -> str:
    """Snowball English (porter2), gentler than Porter: the index's own stemmer."""
    return str(_porter2_stem(word))


def stemmer_for_language(language: str) -> Stemmer:
    """The Snowball stemmer of a language code ("fr", "ru", "es", "ar", ...)."""
    found = _stemmer_for_language(language)
    return lambda word: str(found(word))
