"""Own the journal's records: a document's public record, its sets, and one change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

# Kinds of change, in the order a feed explains them.
ADDED, EDITION, SUPERSEDED, WITHDRAWN, GONE, BACK, CHANGED = (
    "added", "edition", "superseded", "withdrawn", "gone", "back", "changed")
KINDS = (ADDED, EDITION, SUPERSEDED, WITHDRAWN, GONE, BACK, CHANGED)
FEED_KINDS = (ADDED, EDITION, SUPERSEDED, WITHDRAWN, GONE, BACK)  # "changed" is for mirrors
SET_FACETS = ("topic", "region", "type", "kind", "dc", "sg")


class LabelledTag(TypedDict):
    """A topic, region or kind on a public record: its id and English label."""

    id: str
    label: str


class PublicEdition(TypedDict):
    """One edition as outside readers see it."""

    label: str
    kind: str
    date: str | None
    status: str | None


class PublicRecord(TypedDict):
    """What the catalogue publishes of one document (OAI-PMH, feeds, the delta API)."""

    number: str
    title: str | None
    type: str
    status: str | None
    approval_date: str | None
    summary: str | None
    study_group: str | None
    series: str | None
    url: str | None
    languages: list[str]
    topics: list[LabelledTag]
    regions: list[LabelledTag]
    kinds: list[LabelledTag]
    developing_countries: bool
    editions: list[PublicEdition]
    successors: list[str]
    gone: bool


@dataclass(frozen=True)
class Change:
    """One change of one document, as the journal keeps it."""

    kind: str  # see KINDS
    edition: str | None = None
    status: str | None = None
    previous: str | None = None


@dataclass(frozen=True)
class JournalEntry:
    """One recorded change with its times: `at` orders the journal (microseconds, UTC)."""

    id: int
    at: str
    changed_at: str
    document_id: str
    kind: str
    edition: str | None
    status: str | None
    previous: str | None


@dataclass(frozen=True)
class StoredRecord:
    """A document's last public record, its datestamp and whether it is gone."""

    document_id: str
    datestamp: str  # "2026-03-04T10:00:00Z"
    gone: bool
    record: PublicRecord
