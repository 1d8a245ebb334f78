"""Own the Whoosh search engine over the catalogue (derived from the store, rebuildable).

This package's only door for the site and the command line (a test checks it): answer
queries (`SearchService`), build the index from the store (`rebuild`, `update`),
re-index documents at once after a curator's change (`reflect_in_search`,
`reindex_document`), read where the index lives and what its live build holds
(`paths_for`, `index_status`), and name topics, regions and kinds in the reader's
language (`label`, from the multilingual glossary). Whoosh is imported only through `_whoosh`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from index.search.build import (
    BuildReport,
    rebuild,
    reflect_in_search,
    reindex_document,
    update,
)
from index.search.errors import IndexLocked, IndexMissing, SearchError
from index.search.facets import DEVELOPING_NO, DEVELOPING_YES
from index.search.layout import IndexPaths, paths_for, read_state
from index.search.notices import Notice
from index.search.records import (
    FacetValue,
    IndexedDocument,
    SearchAnswer,
    SearchHit,
    TagView,
    answer_json,
)
from index.search.service import SORTS, SearchService


def index_status(data_dir: Path) -> tuple[str, dict[str, Any]] | None:
    """The live build's name and state (hashes, stamps), or None before the first build."""
    build = paths_for(data_dir).current()
    return (build.name, read_state(build)) if build is not None else None


def label(key: str, lang: str) -> str | None:
    """The name of a topic, region, kind or series in a language, from the glossary
    ("topic:ai-ml", "region:africa", "kind:best-practice", "Y.3000-Y.3499"), or None."""
    from index.vocabulary.glossary import load_glossary  # it imports this package: here

    return load_glossary().label(key, lang)


def prepare_vocabulary() -> None:
    """Compile the query vocabulary now (the glossary takes 1-2 s, the spelling variants and
    filter words less): when a site or service starts, never on a reader's first query."""
    from index.search.intents import load_intents
    from index.vocabulary.glossary import load_glossary
    from index.vocabulary.variants import load_variants

    load_glossary()
    load_variants()
    load_intents()


def index_exists(data_dir: Path) -> bool:
    """Whether a search index has been built in this data directory."""
    return paths_for(data_dir).current() is not None


__all__ = ["DEVELOPING_NO", "DEVELOPING_YES", "SORTS", "BuildReport", "FacetValue",
           "IndexLocked", "IndexMissing", "IndexPaths",
           "IndexedDocument", "Notice", "SearchAnswer", "SearchError", "SearchHit",
           "SearchService", "TagView", "answer_json",
           "index_exists", "index_status", "label", "paths_for", "prepare_vocabulary", "rebuild",
           "reflect_in_search",
           "reindex_document", "update"]
