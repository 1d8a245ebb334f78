"""Own the typed records of lineage (which text replaces which), as crawler and store share them.

Also the records of the rest of issue 9's store side: a document's stored links as export
and search read them (`StoredLink`), and an edition the summary backfill should ask for
(`SummaryGap`).

A lineage link says that a text (a document, and the edition where the change happened) is
replaced by another, with where ITU says so: its editions list (getRecEditions or the
Editions tab of rec.aspx) or the "Formerly ..." observation of a header. Links are kept per
document whose fetch stated them, so a re-fetch replaces exactly what it stated before.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCES = ("getRecEditions", "rec.aspx", "observation")


@dataclass(frozen=True)
class LineageLink:
    """`old_doc` is replaced by `new_doc`; level "document" when `old_doc` ends there.

    Level "edition" links are transitions inside a lineage that the old document survives
    (F.42 (1976) -> D.42/F.42 (1980), and F.42 had later editions of its own).
    """

    old_doc: str
    new_doc: str
    old_idrec: int | None
    new_idrec: int | None
    level: str  # "document" | "edition"
    source: str  # one of SOURCES
    evidence: str  # what ITU says, for readers: "Z.142 (03/2006) -> Z.163 (11/2007)"


@dataclass(frozen=True)
class StoredLink:
    """A document-level link as stored, with the labels of the editions at the transition.

    What `Document.lineage` holds (both ways: the document is `old_doc` or `new_doc`).
    """

    old_doc: str
    new_doc: str
    old_idrec: int | None
    new_idrec: int | None
    source: str
    evidence: str
    old_label: str | None = None
    new_label: str | None = None


@dataclass(frozen=True)
class SummaryGap:
    """An edition whose own summary the backfill should ask ITU for."""

    idrec: int
    document_id: str
    label: str
    summary_url: str | None  # SUM-HTM fragment when ITU's editions list names one


@dataclass(frozen=True)
class LinkView:
    """One side of a stored link as a page shows it: the other document and its state."""

    number: str  # the other document
    label: str | None  # the edition at the transition: "Z.163 (11/2007)"
    year: int | None
    status: str | None  # the other document's current status
    source: str
    evidence: str


@dataclass(frozen=True)
class Successor:
    """The text in force at the end of a chain of replacements (for the banner)."""

    number: str
    label: str | None
    year: int | None
    status: str | None
    hops: int  # 1 = the direct successor is current


@dataclass(frozen=True)
class EditionLineage:
    """Lineage of one edition across documents: the editions it is replaced by / replaces."""

    idrec: int
    replaced_by: tuple[str, ...]  # edition labels of other documents: "Z.163 (11/2007)"
    replaces: tuple[str, ...]


@dataclass(frozen=True)
class LineageView:
    """Everything lineage says about one document (read side, for the site and the API)."""

    number: str
    replaced_by: tuple[LinkView, ...] = ()
    replaces: tuple[LinkView, ...] = ()
    current: Successor | None = None  # where the chain of replacements ends, if elsewhere
    redirect: str | None = None  # the number asked for is an old number of this document
    editions: tuple[EditionLineage, ...] = ()
