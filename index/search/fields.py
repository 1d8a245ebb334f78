"""Own the Whoosh schema: which fields exist, how they are analysed, which are public.

Text fields use one stemming analyzer (so "tariffs" finds "tariff"), which first gives
US and UK spellings one key (index/vocabulary/variants.py: "fiber" and "fibre" meet);
facet fields are comma-separated keywords read into per-searcher bitsets; `payload`
holds the display record. PUBLIC_FIELDS is the only door from the query syntax to the
schema: a field that is not named there (payload, hash, sort keys) cannot be reached by
a query. The did-you-mean words are not a field: they are counted beside the index
(vocabulary.py), with `spell_analyzer`.
"""

from __future__ import annotations

from functools import lru_cache

from index.search._whoosh import analysis, fields, stem
from index.search.onepass import OnePass
from index.vocabulary.variants import spelling_key

# Whoosh's stop words plus the "ITU" and "T" of "ITU-T", which every summary contains.
STOP_WORDS = frozenset(analysis.STOP_WORDS | {"itu", "t"})
SCHEMA_VERSION = 5  # bump when fields change: `itucat index update` then rebuilds

TEXT_FIELDS = ("title", "summary", "series_title", "tags")
PHRASE_FIELDS = {"title": "title_sh", "summary": "summary_sh"}  # where phrases are looked up
# Query-time boosts: a word in the title counts most, a word in a sub-series title least.
FIELD_BOOSTS = {"title": 4.0, "tags": 1.5, "summary": 1.0, "series_title": 0.5,
                "concept_title": 4.0, "concept_text": 1.0}

FACET_FIELDS = {
    "type": "f_type",
    "topic": "f_topic",
    "region": "f_region",
    "study_group": "f_sg",
    "status": "f_status",
    "year": "f_year",
    "decade": "f_decade",
    "language": "f_lang",
    "developing_countries": "f_dc",
    "kind": "f_kind",
    "series": "f_series",
}

# Names a reader may write before a colon, mapped to (kind, target).
PUBLIC_FIELDS: dict[str, tuple[str, str]] = {
    "title": ("text", "title"),
    "summary": ("text", "summary"),
    "abstract": ("text", "summary"),
    "number": ("number", "number"),
    "num": ("number", "number"),
    "rec": ("number", "number"),
    "type": ("facet", "type"),
    "topic": ("facet", "topic"),
    "theme": ("facet", "topic"),
    "region": ("facet", "region"),
    "sg": ("facet", "study_group"),
    "group": ("facet", "study_group"),
    "study_group": ("facet", "study_group"),
    "status": ("facet", "status"),
    "year": ("facet", "year"),
    "decade": ("facet", "decade"),
    "lang": ("facet", "language"),
    "language": ("facet", "language"),
    "dc": ("facet", "developing_countries"),
    "developing": ("facet", "developing_countries"),
    "developing_countries": ("facet", "developing_countries"),
    "kind": ("facet", "kind"),
    "series": ("facet", "series"),
}


@lru_cache(maxsize=200_000)
def index_stem(word: str) -> str:
    """The index's key of one lower-case word: its US/UK spelling key, stemmed."""
    return stem(spelling_key(word))


def text_analyzer() -> analysis.Analyzer:
    """Words, lower-cased, stop words dropped, spelling-keyed, stemmed; single letters kept
    ("e-waste"). Whoosh's chain, run in one pass (onepass.py: the same terms).

    Snowball English (porter2) rather than Porter: Porter makes "community" and
    "communication" one stem, and "generic" and "general". The spelling key comes before
    the stemmer, so "fiber", "fibers" and "fibre" all become "fibr".
    """
    return OnePass(_stemming_chain())


def _stemming_chain() -> analysis.Analyzer:
    return analysis.StemmingAnalyzer(stoplist=STOP_WORDS, minsize=1, stemfn=index_stem,
                                     cachesize=-1)


# Word pairs ("qualiti~servic"): a phrase becomes an AND of pair terms, which posting lists
# answer at once, instead of a position check of every candidate in Python.
SHINGLE_SEP = "~"


def shingle_analyzer() -> analysis.Analyzer:
    """The text analyzer followed by adjacent word pairs."""
    return OnePass(_stemming_chain() | analysis.ShingleFilter(size=2, sep=SHINGLE_SEP))


def title_key(terms: list[str]) -> str:
    """The key of a whole title (or of a query that may be one) from its analysed terms."""
    return SHINGLE_SEP.join(terms)


def shingles(terms: list[str]) -> list[str]:
    """The pair terms of an analysed phrase."""
    return [f"{a}{SHINGLE_SEP}{b}" for a, b in zip(terms, terms[1:], strict=False)]


def spell_analyzer() -> analysis.Analyzer:
    """Plain alphabetic words for the did-you-mean vocabulary (no stemming, no index field:
    vocabulary.py counts them)."""
    return (analysis.RegexTokenizer(r"[A-Za-z][a-z]{2,}") | analysis.LowercaseFilter()
            | analysis.StopFilter(stoplist=STOP_WORDS, minsize=3))


def build_schema() -> fields.Schema:
    """The index schema."""
    text = text_analyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        number=fields.KEYWORD(lowercase=True, scorable=True),
        altnum=fields.KEYWORD(lowercase=True, scorable=True),
        title=fields.TEXT(analyzer=text, phrase=False),
        summary=fields.TEXT(analyzer=text, phrase=False),
        title_sh=fields.TEXT(analyzer=shingle_analyzer(), phrase=False),
        # The whole title as one key ("high~effici~video~code"): a query that is a title.
        title_key=fields.KEYWORD(commas=True, scorable=False),
        summary_sh=fields.TEXT(analyzer=shingle_analyzer(), phrase=False),
        series_title=fields.TEXT(analyzer=text, phrase=False),
        tags=fields.TEXT(analyzer=text, phrase=False),
        concept_title=fields.KEYWORD(scorable=True),
        core=fields.KEYWORD(commas=True, scorable=False),
        concept_text=fields.KEYWORD(scorable=True),
        payload=fields.STORED(),
        sort_date=fields.NUMERIC(int, bits=32, sortable=True),
        sort_num=fields.ID(sortable=True),
        **{name: fields.KEYWORD(commas=True, lowercase=False, scorable=False, stored=False)
           for name in FACET_FIELDS.values()},
    )
