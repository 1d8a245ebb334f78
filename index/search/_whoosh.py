"""Own the one import of the Whoosh library, so a compatible fork is a one-line change.

`whoosh3` (pinned in pyproject.toml) installs the `whoosh` package and reads and writes
Whoosh 2.7 index files. Every module of index/search imports Whoosh through here and uses
only the 2.7 API, so moving to another fork means changing the dependency line (and this
import, if the fork renamed its package).
"""

from __future__ import annotations

import whoosh as _whoosh  # the one line to change for a fork with another package name
from whoosh import (  # noqa: F401
    analysis,
    fields,
    index,
    qparser,  # the benchmark's naive baseline only; our queries are built by query.py
    query,
    searching,
    sorting,
    writing,
)
from whoosh.filedb.filestore import FileStorage  # noqa: F401
from whoosh.lang.isri import ISRIStemmer  # noqa: F401 - Arabic root stemmer (stemmers.py)
from whoosh.lang.porter2 import stem  # noqa: F401 - Snowball English, gentler than Porter
from whoosh.lang.snowball import FrenchStemmer, RussianStemmer, SpanishStemmer  # noqa: F401
from whoosh.lang.stopwords import stoplists  # noqa: F401 - Snowball stop lists by language

VERSION: str = getattr(_whoosh, "versionstring", lambda: "?")()
