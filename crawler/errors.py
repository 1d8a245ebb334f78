"""Own the harvester's error base: `CrawlError`, a coded error (see itucat/errors.py).

Crawl errors end a command with a clear line and an exit code; they never reach the web
app. Their messages are English sentences written once where the problem is found, so a
parser or the fetch layer raises `ParseError("...")` or `FetchError(url, reason)` as
before, and the code says which kind of failure it was.
"""

from __future__ import annotations

from itucat.errors import CatalogueError


class CrawlError(CatalogueError):
    """Base of every error the harvester raises."""

    http_status = 502  # upstream (www.itu.int) did not give what we needed

    def __init__(self, message: str, code: str = "crawl.failed") -> None:
        super().__init__(code, message)
