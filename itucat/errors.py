"""Own the shape every error of the catalogue has: a code, its parameters, an HTTP status.

Each layer derives one base from `CatalogueError` (crawler `CrawlError`, store
`StoreError`, search `SearchError`). The code ("curation.reason_required") and its
parameters travel to the edge, where they are said in the reader's language: the site
looks the code up in app/messages.py, the command line prints the English message the
raiser wrote. Nobody parses the English sentence.
"""

from __future__ import annotations

from typing import Any


class CatalogueError(Exception):
    """An error with a stable code, parameters and the HTTP status that answers it."""

    http_status = 400

    def __init__(self, code: str, message: str, /, *, http_status: int | None = None,
                 **params: Any) -> None:
        self.code = code
        self.params = params
        self.template = message
        if http_status is not None:
            self.http_status = http_status
        super().__init__(message.format(**params) if params else message)

    @property
    def message(self) -> str:
        """The English message (command line, logs)."""
        return str(self)
