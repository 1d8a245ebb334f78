"""Own the metric events: what one search, view, download click or pack download records.

Each event is a frozen record of aggregate facts. There is deliberately no field for an
address, a user agent, a cookie or a session: nothing personal can be written because
nothing personal can be expressed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime


def stamp() -> str:
    """The current UTC time, to the second (metrics need no finer time)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class SearchEvent:
    """One search (page 1 of the results page) or browse page: words, filters, results."""

    via: str  # "search" | "browse"
    query: str  # normalised words (wording.normalise); "" for a browse page
    ui_lang: str
    filters: dict[str, list[str]]  # public filter name -> values
    results: int
    at: str = field(default_factory=stamp)

    @property
    def day(self) -> str:
        """The UTC day of the event."""
        return self.at[:10]


@dataclass(frozen=True)
class ViewEvent:
    """One document page seen; `query` names the search it was opened from, if any."""

    document_id: str
    ui_lang: str
    via: str  # "search" | "browse" | "collection" | "other"
    query: str | None = None
    at: str = field(default_factory=stamp)

    @property
    def day(self) -> str:
        """The UTC day of the event."""
        return self.at[:10]


@dataclass(frozen=True)
class DownloadEvent:
    """One click on a download link, forwarded to ITU's file (language and format kept)."""

    document_id: str
    language: str  # ITU's name: "French"
    format: str  # "PDF", "Word", ...
    ui_lang: str
    at: str = field(default_factory=stamp)

    @property
    def day(self) -> str:
        """The UTC day of the event."""
        return self.at[:10]


@dataclass(frozen=True)
class PackEvent:
    """One offline pack downloaded from the site (kind: search, topic, region, collection)."""

    kind: str
    ui_lang: str
    at: str = field(default_factory=stamp)

    @property
    def day(self) -> str:
        """The UTC day of the event."""
        return self.at[:10]


Event = SearchEvent | ViewEvent | DownloadEvent | PackEvent


@dataclass(frozen=True)
class DailyCount:
    """One row of the daily counts: a metric's key on one day in one UI language."""

    day: str
    metric: str
    key: str
    ui_lang: str
    count: int
