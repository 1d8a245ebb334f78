"""Own the records a search hands out: answers, hits, facet values, indexed documents.

They are JSON-shaped (TypedDicts) because that is what they are: the stored payload of an
index entry read back, and the answer the command line (`--json`) and the JSON API print
as it is. `answer_json` is the one serialiser (notices become their English sentences);
the site reads the same records and says notices in the reader's language.

The JSON contract:
{"query", "searched", "total", "page", "per_page", "pages", "sort", "filters", "results": [
   {"number", "title", "type", "status", "approval_date", "topics", "regions", "kinds",
    "languages", "study_group", "developing_countries": {"relevant", "signal", "source",
    "score", "evidence"}, "replaced_by", "url", "gone", "title_html", "snippet"}],
 "facets": {name: [{"value", "label", "count", "selected"}]}, "suggestion",
 "corrected": {"typed", "searched"} | null,
 "understood": {"language", "typed", "searched", "mappings": [{"typed", "english"}],
                "unmapped"} | null,
 "intents": [{"facet", "values", "labels", "words", "soft"}], "notices",
 "index": {"build", "generation"}, "took_ms"}
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

from index.search.notices import Notice
from index.search.replacements import Replacement


class Evidence(TypedDict):
    """One rule hit, as shown (see index/tags/provenance.py)."""

    rule: str
    label: str
    field: str
    match: str
    context: str | None


class CuratorNote(TypedDict):
    """Who decided, when and why."""

    who: str
    when: str
    why: str | None


class TagView(TypedDict):
    """A topic, region or kind on a document with its provenance (Tag.to_json())."""

    id: str
    label: str
    source: str  # "rule" | "curator"
    evidence: NotRequired[list[Evidence]]  # left out of search hits
    curator: NotRequired[CuratorNote]


class RelevanceView(TypedDict):
    """Relevance to developing countries, its source and evidence (Relevance.to_json()).

    `signal`: "confirmed" (a curator said so), "suggested" (a rule did), or None."""

    relevant: bool
    signal: str | None
    source: str | None
    score: float
    evidence: list[Evidence]
    curator: NotRequired[CuratorNote]


class IndexedDocument(TypedDict):
    """The display record stored with each index entry (SearchService.document())."""

    number: str
    title: str | None
    type: str | None
    status: str
    approval_date: str | None  # as precise as ITU gives it: "2020", "2016-04", "2016-04-13"
    approval_date_precision: NotRequired[str | None]  # "year" | "month" | "day"
    url: str | None
    summary: str | None
    series: str | None
    study_group: str | None
    provisional_name: str | None
    iso_number: str | None
    languages: list[str]
    topics: list[TagView]
    regions: list[TagView]
    kinds: list[TagView]
    developing_countries: RelevanceView
    replaced_by: list[Replacement]
    gone: bool


class SearchHit(TypedDict):
    """One result of a search, with its highlighted title and snippet (HTML)."""

    number: str
    title: str | None
    type: str | None
    status: str
    approval_date: str | None
    topics: list[TagView]
    regions: list[TagView]
    kinds: list[TagView]
    languages: list[str]
    study_group: str | None
    developing_countries: RelevanceView
    replaced_by: list[Replacement]
    url: str | None
    gone: bool
    title_html: str
    snippet: str


class FacetValue(TypedDict):
    """One value of a facet with its count, label and whether the search selected it."""

    value: str
    label: str
    count: int
    selected: bool


class MappingView(TypedDict):
    """One typed phrase of a translated query and the English term searched for it."""

    typed: str
    english: str


class UnderstoodView(TypedDict):
    """A query in another UN language, as searched: "rural broadband" from «haut débit
    rural»; `unmapped`: words no glossary term covered (left out of the search)."""

    language: str
    typed: str
    searched: str
    mappings: list[MappingView]
    unmapped: list[str]


class IntentView(TypedDict):
    """Words of the query that became a filter (a chip the reader can remove by facet)."""

    facet: str
    values: list[str]
    labels: list[str]
    words: list[str]
    soft: bool  # region: worldwide texts stay, the region's own texts come first


class CorrectionView(TypedDict):
    """The query as typed and the corrected query whose results are shown."""

    typed: str
    searched: str


class IndexVersion(TypedDict):
    """The index build and generation an answer came from."""

    build: str
    generation: int


class SearchAnswer(TypedDict):
    """The whole answer to one query (shared with the cache: never modify one)."""

    query: str  # as typed
    searched: str  # the words searched (English; without filter words)
    total: int
    page: int
    per_page: int
    pages: int
    sort: str
    filters: dict[str, list[str]]
    results: list[SearchHit]
    facets: dict[str, list[FacetValue]]
    suggestion: str | None
    corrected: CorrectionView | None
    understood: UnderstoodView | None
    intents: list[IntentView]
    notices: list[Notice]
    index: IndexVersion
    took_ms: NotRequired[float]


def answer_json(answer: SearchAnswer) -> dict[str, Any]:
    """The answer as JSON values (notices as their English sentences)."""
    return {**answer, "notices": [n.text for n in answer["notices"]]}
