"""Own normalisation: turn parsed records of one family into the catalogue's DocumentData.

Pure functions, no network and no store: grouping the enumeration into families, the
change fingerprint of a family, choosing its current edition, and merging the header
(JSON API first, rec.aspx as fallback) with editions and relations.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from crawler import urls
from crawler.numbers import (
    document_type,
    parse_rec_name,
    series_of,
    study_group_code,
)
from crawler.records import (
    EditionFiles,
    EnumeratedEdition,
    FileItem,
    Publication,
    RecHeader,
    RecPage,
    SupplementLink,
)
from index.models import DocumentData, EditionData, PublicationData, RelationData

_STATUS_LETTER = re.compile(r"-[ISWP](?=!|$)")


def group_families(rows: Iterable[EnumeratedEdition]) -> dict[str, list[EnumeratedEdition]]:
    """Group enumeration rows (one per edition) by family number; duplicates by idrec drop."""
    families: dict[str, dict[int, EnumeratedEdition]] = {}
    for row in rows:
        family = parse_rec_name(row.rec_name).family
        families.setdefault(family, {})[row.idrec] = row
    return {name: sorted(eds.values(), key=_edition_order) for name, eds in families.items()}


def _edition_order(row: EnumeratedEdition) -> tuple[date, int]:
    stamp = row.approval_date or parse_rec_name(row.rec_name).stamp or date.min
    return stamp, row.idrec


def fingerprint(rows: Iterable[EnumeratedEdition]) -> str:
    """Hash what the enumeration says of a family; a change means "fetch it again"."""
    payload = [
        [r.idrec, r.rec_name, r.title, str(r.approval_date), r.dms_link, r.status]
        for r in sorted(rows, key=lambda r: r.idrec)
    ]
    return hashlib.sha256(json.dumps(payload).encode()).hexdigest()


def current_row(rows: list[EnumeratedEdition]) -> EnumeratedEdition:
    """The edition that speaks for the family: the newest main edition, else the newest row."""
    main = [r for r in rows if parse_rec_name(r.rec_name).kind == "edition"]
    in_force = [r for r in main if r.status == "In force"]
    return (in_force or main or rows)[-1]


def files_key(edition_id: str) -> str:
    """An edition id without its status letter (it changes from -I to -S on supersession)."""
    return _STATUS_LETTER.sub("", edition_id)


def _editions(rows: list[EnumeratedEdition]) -> tuple[EditionData, ...]:
    result = []
    for row in rows:
        name = parse_rec_name(row.rec_name)
        result.append(
            EditionData(
                idrec=row.idrec,
                label=name.label,
                kind=name.kind,
                version=name.version,
                title=row.title,
                approval_date=row.approval_date or name.stamp,
                status=row.status,
                edition_id=row.dms_link,
            )
        )
    return tuple(result)


def _supplement_relations(links: Iterable[SupplementLink]) -> list[RelationData]:
    relations = []
    for link in links:
        relations.append(
            RelationData(
                kind="supplement",
                target=parse_rec_name(link.rec_name).family,
                label=link.rec_name,
                title=link.title,
                status=link.status,
                url=urls.edition_page(link.edition_id) if link.edition_id else None,
            )
        )
    return relations


def _page_relations(page: RecPage) -> list[RelationData]:
    relations = _supplement_relations(page.supplements)
    for guide in page.implementers_guides:
        relations.append(
            RelationData(
                kind="implementers_guide",
                target=guide.title[:200],
                title=guide.title,
                year=guide.approval_date.year if guide.approval_date else None,
                url=guide.url,
            )
        )
    for pub in page.related_publications:
        relations.append(
            RelationData(
                kind="related",
                target=(pub.pub_id or pub.title)[:200],
                title=pub.title,
                year=pub.year,
                url=pub.url,
            )
        )
    return relations


def _dedupe(relations: list[RelationData]) -> tuple[RelationData, ...]:
    unique: dict[tuple[str, str], RelationData] = {}
    for rel in relations:
        unique.setdefault((rel.kind, rel.target), rel)
    return tuple(unique.values())


def build_document(
    family: str,
    rows: list[EnumeratedEdition],
    *,
    header: RecHeader | None,
    page: RecPage | None,
    supplements: list[SupplementLink] | None,
    header_source: str | None,
) -> DocumentData:
    """Merge what is known of one family into a DocumentData.

    With no header (its fetch failed) the result is a partial record (source
    "enumeration") that the store merges without erasing earlier header fields.
    Relations are None when neither rec.aspx nor the supplements API answered.
    """
    current = current_row(rows)
    title = (header.title if header else None) or current.title or next(
        (r.title for r in reversed(rows) if r.title), None
    )
    relations: tuple[RelationData, ...] | None = None
    if page is not None:
        relations = _dedupe(_page_relations(page))
    elif supplements is not None:
        relations = _dedupe(_supplement_relations(supplements))
    study_group = header.study_group if header else None
    return DocumentData(
        id=family,
        type=document_type(family),
        title=title,
        summary=header.summary if header else None,
        series=series_of(family),
        series_titles=header.series_titles if header else (),
        study_group=study_group_code(study_group),
        study_group_name=study_group,
        status=current.status,
        approval_date=current.approval_date or parse_rec_name(current.rec_name).stamp,
        current_idrec=current.idrec,
        provisional_name=header.provisional_name if header else None,
        iso_number=header.iso_number if header else None,
        approval_process=header.approval_process if header else None,
        observation=header.observation if header else None,
        url=(header.handle_url if header else None) or urls.handle(current.idrec),
        pdf_url=header.pdf_url if header else None,
        source=(header_source or "enumeration") if header else "enumeration",
        editions=_editions(rows),
        relations=relations,
    )


def publication_type(pub_id: str, title: str | None) -> str:
    """Tell Technical Paper, Technical Report and Handbook apart by id and title."""
    if "-HDB-" in pub_id:
        return "Handbook"
    text = (title or "").lower()
    if "technical report" in text or "(tr-" in text or re.search(r"\btr\b", text):
        return "Technical Report"
    return "Technical Paper"


def publication_values(pub_id: str, url: str, pub: Publication | None,
                       parent: str | None = None) -> PublicationData:
    """What the store keeps of a fetched /pub/ page."""
    title = pub.title if pub else None
    return PublicationData(
        id=pub_id,
        type=publication_type(pub_id, title),
        url=url,
        title=title,
        year=pub.year if pub else None,
        items=[_file_dict(i) for i in pub.items] if pub else None,
        observation=pub.observation if pub else None,
        parent=parent,
    )


def _file_dict(item: FileItem) -> dict[str, Any]:
    return {
        "language": item.language,
        "format": item.format,
        "size_bytes": item.size_bytes,
        "url": item.url,
        "posted": item.posted.isoformat() if item.posted else None,
        "price": item.price,
    }


def files_of(edition_files: EditionFiles) -> list[dict[str, Any]]:
    """The JSON list of languages and formats of a parsed edition page."""
    return [_file_dict(i) for i in edition_files.files]


__all__ = [
    "build_document",
    "current_row",
    "files_key",
    "files_of",
    "fingerprint",
    "group_families",
    "publication_values",
]
