"""Own the catalogue's records: what the pipeline hands the store, and what the store hands back.

Defined once and used from the store through search and export to the site and the API;
nothing above the store reads a database row.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from index.lineage_models import LineageLink, StoredLink


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


# -- what the store hands back: the catalogue's records as every layer above reads them ----

FileList = list[dict[str, Any]]  # [{language, format, size_bytes, url, posted, price?}]


@dataclass(frozen=True)
class Edition:
    """One stored edition (or a publication's one pseudo-edition carrying its files)."""

    idrec: int | None
    document_id: str
    label: str
    kind: str  # edition | amendment | corrigendum | ... (publications: "edition")
    version: str | None
    title: str | None
    approval_date: date | None
    status: str | None
    edition_id: str | None  # "T-REC-G.989.2-201604-S!Amd1": its /rec/ page
    files: FileList | None  # None: not known yet
    files_key: str | None
    gone_since: str | None
    url: str | None = None  # publications: the /pub/ page
    # v4: ITU's edition number, how exact the date is ("day" | "month" | "year"; None: day),
    # the main edition an annex/appendix/amendment is part of, and its own summary.
    edition_number: str | None = None
    date_precision: str | None = None
    part_of: int | None = None  # idrec
    summary: str | None = None
    summary_source: str | None = None  # "mws" | "rec.aspx" | "SUM-HTM" | "none" (asked)
    summary_url: str | None = None
    summary_checked_at: str | None = None  # when the backfill last asked ITU


@dataclass(frozen=True)
class Relation:
    """A stored link from a document: supplement, implementers' guide, related, related_to."""

    document_id: str
    kind: str  # supplement | implementers_guide | related | related_to (reverse of related)
    target: str
    label: str | None = None
    title: str | None = None
    status: str | None = None
    year: int | None = None
    url: str | None = None


@dataclass(frozen=True)
class Document:
    """One catalogue document as stored: header, editions and relations.

    Technical Papers, Reports and Handbooks (the publications table) come in the same shape
    (`source` "pub", one pseudo-edition with their files, `related_to` relations naming the
    Recommendations that link to them); `year`, `listed_in` and `parent` are theirs only.
    """

    id: str
    type: str
    title: str | None = None
    summary: str | None = None
    series: str | None = None
    series_titles: list[str] | None = None
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
    source: str | None = None  # "mws" | "rec.aspx" | "enumeration" | "pub"
    family_hash: str | None = None
    first_seen: str | None = None
    last_changed: str | None = None
    last_fetched: str | None = None
    gone_since: str | None = None
    editions: tuple[Edition, ...] = ()
    relations: tuple[Relation, ...] = ()
    year: str | None = None  # publications: the year ITU prints
    listed_in: str | None = None  # publications: the /pub/ index page listing it
    parent: str | None = None  # publications: the family page it is an edition of
    # v4: an implementers' guide is not in ITU's enumeration (the Recommendation listing it);
    # a document filed under an old number of another is merged into it (an alias).
    listed_by: str | None = None
    merged_into: str | None = None
    aliases: tuple[str, ...] = ()  # old numbers that lead here
    lineage: tuple[StoredLink, ...] = ()  # document-level links, both ways
    date_precision: str | None = None  # publications: how exact ITU's "Year:" is
    missing_since: str | None = None  # publications: ITU answered 404 since then

    @property
    def is_publication(self) -> bool:
        """Technical Papers, Reports and Handbooks: no ITU-T series, no edition status."""
        return self.source == "pub" or self.type in PUBLICATION_TYPES


PUBLICATION_TYPES = frozenset({"Technical Paper", "Technical Report", "Handbook"})


@dataclass(frozen=True)
class Publication:
    """One stored publication row (what ITU's /pub/ pages and index pages said of it)."""

    id: str
    type: str
    url: str
    title: str | None = None
    year: str | None = None
    items: FileList | None = None
    fetched_at: str | None = None
    not_found_at: str | None = None
    study_group: str | None = None
    listed_in: str | None = None
    parent: str | None = None
    observation: str | None = None
    # v4: ITU answered 404 ("not found upstream"): since when, how often, when to ask again
    missing_since: str | None = None
    missing_checks: int | None = None
    retry_at: str | None = None


@dataclass(frozen=True)
class PublicationListing:
    """What a /pub/ index page says of one product (the crawler hands these to the store)."""

    id: str
    type: str
    title: str | None
    study_group: str | None
    listed_in: str
    url: str


@dataclass(frozen=True)
class PublicationData:
    """What one fetched /pub/ page says (the crawler hands this to the store)."""

    id: str
    type: str
    url: str
    title: str | None = None
    year: str | None = None
    items: FileList | None = None
    observation: str | None = None
    parent: str | None = None


@dataclass(frozen=True)
class Run:
    """One recorded crawl run."""

    id: int
    started_at: str = ""
    finished_at: str | None = None
    command: str = ""
    base_url: str | None = None
    new: int | None = 0
    changed: int | None = 0
    unchanged: int | None = 0
    failed: int | None = 0
    gone: int | None = 0
    requests: int | None = 0
    seconds: float | None = None
    exit_code: int | None = None
    completed: bool | None = False
    error: str | None = None
    failures: list[dict[str, Any]] | None = None
    backfill: int | None = None  # v4: edition summaries the backfill asked for
    backfill_remaining: int | None = None  # editions still without their own summary
    not_found: int | None = None  # items ITU answered 404 for (not failures)

    def to_json(self) -> dict[str, Any]:
        """The run as the status API shows it (the crawl_runs row)."""
        return asdict(self)


@dataclass(frozen=True)
class Change:
    """A document first seen or changed since a time (the status page)."""

    id: str
    title: str | None
    type: str
    status: str | None
    first_seen: str
    last_changed: str
    gone_since: str | None

    def to_json(self) -> dict[str, Any]:
        """The change as the status API shows it."""
        return asdict(self)


@dataclass(frozen=True)
class LoggedChange:
    """One entry of the store's change log: a document changed, why, when (seq orders)."""

    seq: int
    document_id: str
    reason: str  # crawl | files | gone | curation | lineage | publication | summary
    at: str


@dataclass(frozen=True)
class ChangePage:
    """Change-log entries after a cursor, oldest first; `cursor` is where to go on."""

    entries: tuple[LoggedChange, ...]
    cursor: int  # the last seq read (the `after` of the next call)
    more: bool  # True when `limit` cut the page short

    @property
    def documents(self) -> list[str]:
        """The distinct documents of the page, in the order they first changed."""
        return list(dict.fromkeys(e.document_id for e in self.entries))
