"""Own the catalogue's own records: what the pipeline hands the store, and exports read back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from index.lineage_models import LineageLink


def now() -> str:
    """The current UTC time as the store keeps it (ISO 8601, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def partial_iso(value: Any, precision: str | None) -> Any:
    """A date as precise as ITU gave it: "2020" (year), "2016-04" (month), "2016-04-13"."""
    if not isinstance(value, date):
        return value
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


@dataclass(frozen=True)
class EditionData:
    """One edition of a document, as the catalogue keeps it.

    The fields after `edition_id` come from ITU's editions list or the header; None means
    "not known from this fetch" and never erases what the store already has.
    """

    idrec: int
    label: str
    kind: str
    version: str | None
    title: str | None
    approval_date: date | None
    status: str | None
    edition_id: str | None
    edition_number: str | None = None  # ITU's "Ed." column / getRecEditions Version: "3", "2.1"
    date_precision: str = "day"  # "day" (ITU's date) or "month" (from the name's "(04/2016)")
    part_of: int | None = None  # idrec of the main edition an annex, appendix, amendment is of
    summary: str | None = None  # its own summary, when this fetch read it (the header's)
    summary_source: str | None = None  # "mws" | "rec.aspx" | "SUM-HTM"
    summary_url: str | None = None  # ITU's SUM-HTM fragment of this edition, when listed


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
    # v4: other numbers of this text (redirects), lineage this fetch stated (None: unknown,
    # keep the stored), the Recommendation listing it when it is not in ITU's enumeration.
    aliases: tuple[str, ...] = ()
    lineage: tuple[LineageLink, ...] | None = None
    listed_by: str | None = None


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
