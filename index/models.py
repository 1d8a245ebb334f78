"""Own the catalogue's own records: what the pipeline hands the store, and exports read back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any


def now() -> str:
    """The current UTC time as the store keeps it (ISO 8601, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class EditionData:
    """One edition of a document, as the catalogue keeps it."""

    idrec: int
    label: str
    kind: str
    version: str | None
    title: str | None
    approval_date: date | None
    status: str | None
    edition_id: str | None


@dataclass(frozen=True)
class RelationData:
    """A link from a document to a supplement, implementers' guide or related publication."""

    kind: str  # "supplement" | "implementers_guide" | "related"
    target: str  # document number or publication id
    label: str | None = None
    title: str | None = None
    status: str | None = None
    year: int | None = None
    url: str | None = None


@dataclass(frozen=True)
class DocumentData:
    """One ITU-T output family: header fields, editions and relations.

    Header fields left None by a partial save (header fetch failed) never overwrite what
    the store already knows: a failed fetch must not downgrade a stored record.
    """

    id: str
    type: str
    title: str | None = None
    summary: str | None = None
    series: str | None = None
    series_titles: tuple[str, ...] = ()
    study_group: str | None = None
    study_group_name: str | None = None
    status: str | None = None
    approval_date: date | None = None
    current_idrec: int | None = None
    provisional_name: str | None = None
    iso_number: str | None = None
    approval_process: str | None = None
    observation: str | None = None
    url: str | None = None
    pdf_url: str | None = None
    source: str = "enumeration"
    editions: tuple[EditionData, ...] = ()
    relations: tuple[RelationData, ...] | None = None  # None: unknown, keep the stored ones


@dataclass
class RunCounts:
    """What one crawl run did, for the summary line and the crawl_runs table."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    gone: int = 0
    failures: list[dict[str, Any]] = field(default_factory=list)

    def fail(self, url: str, reason: str) -> None:
        """Count one failed item and remember why (bounded, for the status page)."""
        self.failed += 1
        if len(self.failures) < 200:
            self.failures.append({"url": url, "reason": reason})
