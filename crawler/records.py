"""Own the typed records that parsers produce and the pipeline consumes.

Parsers are pure functions `(bytes, url) -> record`; every record here is a frozen
dataclass of plain values so that records can be compared, hashed into change
fingerprints and re-created from the raw archive at any time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class EnumeratedEdition:
    """One row of the MyWorkspace `searchRecs` enumeration (one edition)."""

    idrec: int
    rec_name: str  # "A.1 (10/2000)", "A Suppl. 2 (12/2022)", "G.989.2 (2014) Amd. 1 (04/2016)"
    title: str | None
    approval_date: date | None
    dms_link: str | None  # "T-REC-A.1-200010-S" (edition id, with status letter)
    status: str | None  # "In force" | "Superseded" | "Withdrawn"


@dataclass(frozen=True)
class RecHeader:
    """The header fields of one edition (getRecHdrDetail JSON or the rec.aspx main block)."""

    idrec: int | None
    rec_name: str  # "ITU-T H.264 (V14) (08/2021)"
    title: str | None
    summary: str | None
    series_titles: tuple[str, ...] = ()  # series, sub-series, sub-sub-series (outermost first)
    provisional_name: str | None = None  # "H.26L"
    iso_number: str | None = None  # "ISO/IEC 14496-10 (Twinned)"
    approval_process: str | None = None  # "AAP" | "TAP" (or the text when unknown)
    status: str | None = None  # "In force" | "Superseded" | "Withdrawn"
    approval_date: date | None = None
    observation: str | None = None
    # "ITU-T Study Group 21" / "Telecommunication Standardization Advisory Group"
    study_group: str | None = None
    sg_url: str | None = None
    handle_url: str | None = None
    pdf_url: str | None = None


@dataclass(frozen=True)
class EditionLink:
    """One edition listed for a family (getRecEditions row or rec.aspx Editions tab row)."""

    idrec: int | None
    rec_name: str  # "A.13 (2019) Err. 1 (02/2023)"
    version: str | None  # "2", "2.1" (bold/main editions are whole numbers)
    status: str | None
    title: str | None = None
    summary_url: str | None = None
    edition_id: str | None = None  # "T-REC-A.13-201909-I" (the /rec/ page id)


@dataclass(frozen=True)
class SupplementLink:
    """One supplement related to a Recommendation (getRecSupplements row or rec.aspx tab row)."""

    idrec: int | None
    rec_name: str  # "E Suppl. 11 (06/2020)"
    title: str | None
    status: str | None
    summary_url: str | None = None
    edition_id: str | None = None  # "T-REC-E.Sup11-202006-I"


@dataclass(frozen=True)
class ImplementersGuideLink:
    """One implementers' guide listed on rec.aspx (or by getImplGuides, which adds the rest)."""

    title: str
    approval_date: date | None
    url: str | None  # its /rec/ edition page: https://www.itu.int/rec/T-REC-G.Imp712-200004-I
    idrec: int | None = None
    rec_name: str | None = None  # "G.Imp712 (04/2000)"
    status: str | None = None


@dataclass(frozen=True)
class RelatedPublicationLink:
    """One "Related technical papers and reports" row on rec.aspx."""

    title: str
    year: int | None
    url: str | None  # absolute https://www.itu.int/pub/T-TUT-... (None when the row has no link)
    pub_id: str | None  # "T-TUT-HOME-2020-1"


@dataclass(frozen=True)
class RecPage:
    """Everything a rec.aspx page tells about one edition and its family."""

    header: RecHeader
    editions: tuple[EditionLink, ...] = ()
    supplements: tuple[SupplementLink, ...] = ()
    implementers_guides: tuple[ImplementersGuideLink, ...] = ()
    related_publications: tuple[RelatedPublicationLink, ...] = ()
    unknown_labels: tuple[str, ...] = ()  # labels seen but not understood (logged, never fatal)


@dataclass(frozen=True)
class FileItem:
    """One downloadable file of an edition or publication: a language in a format."""

    language: str  # "English", "French", ... (ITU's language names)
    format: str  # "PDF", "Word", "ePub", "Zip", ...
    size_bytes: int | None
    url: str | None
    posted: date | None = None
    price: str | None = None  # "Free of charge", "CHF 38" (publications)


@dataclass(frozen=True)
class EditionFiles:
    """A `/rec/T-REC-...` edition page: which languages and formats exist, and their sizes."""

    edition_id: str  # "T-REC-G.Imp712-200004-I"
    number: str | None  # "G.Imp712"
    title: str | None
    approval_date: date | None
    status: str | None
    files: tuple[FileItem, ...] = ()


@dataclass(frozen=True)
class PublicationListing:
    """One product listed on a /pub/ index page (e.g. /pub/T-TUT/en), under its group."""

    pub_id: str  # "T-TUT-HOME-2020-1" or a family id such as "R-HDB-53"
    title: str | None
    group: str | None  # the group heading it is listed under: "SG12", "SG00"


@dataclass(frozen=True)
class Publication:
    """A `/pub/<id>` page: a Technical Paper or Report, Handbook or other publication."""

    pub_id: str  # "T-TUT-HOME-2020-1", "T-SP-OB.1096-2016"
    title: str | None
    year: str | None  # as printed: "2020", "15.III.2016"
    handle_url: str | None = None
    observation: str | None = None
    items: tuple[FileItem, ...] = ()
    other_editions: tuple[str, ...] = ()  # pub ids of other editions of the same family
    not_found: bool = False  # the notfound.aspx page: throttled or unknown, never "deleted"
    listed: tuple[PublicationListing, ...] = ()  # products of an index page (/pub/T-TUT/en)
