"""Own offline replay: answer the crawler's requests from the raw archive, never the network."""

from __future__ import annotations

from crawler.archive import RawArchive
from crawler.fetch import FetchError, Page
from crawler.urls import canonical


class ArchiveSource:
    """A drop-in for Fetcher that serves the newest archived response of each URL."""

    def __init__(self, archive: RawArchive) -> None:
        self.archive = archive
        self.requests = 0  # never touches the network

    def get(self, url: str, *, conditional: bool = False) -> Page:
        """Return the archived response, or raise FetchError as the network would have."""
        url = canonical(url)
        stored = self.archive.latest(url)
        if stored is None:
            raise FetchError(url, "not in the raw archive")
        if stored.status >= 400:
            raise FetchError(url, f"HTTP {stored.status} (archived)", stored.status)
        return Page(url, stored.status, stored.body, stored.content_type,
                    stored.final_url or url)
