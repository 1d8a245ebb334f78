"""Own the search layer's errors: `SearchError` and its cases, each a code and an HTTP status."""

from __future__ import annotations

from itucat.errors import CatalogueError


class SearchError(CatalogueError):
    """Base of every error the search index raises."""


class IndexMissing(SearchError):
    """No index has been built yet (the site answers 503 until `itucat index rebuild`)."""

    http_status = 503


class IndexLocked(SearchError):
    """Another process is writing the index."""

    http_status = 409
