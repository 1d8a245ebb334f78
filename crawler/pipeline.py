"""Own normalisation: turn parsed records of one family into the catalogue's DocumentData.

Pure functions, no network and no store: grouping the enumeration into families, the
change fingerprint of a family, choosing its current edition, and merging the header
(JSON API first, rec.aspx as fallback) with editions and relations.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from crawler import urls
from crawler.editions import build_editions
from crawler.identity import family_key
from crawler.numbers import (
    document_type,
    parse_rec_name,
    series_of,
    study_group_code,
)
from crawler.records import (
    EditionFiles,
    EditionLink,
    EnumeratedEdition,
    FileItem,
    Publication,
    RecHeader,
    RecPage,
    SupplementLink,
)
from index.lineage_models import LineageLink
from index.models import DocumentData, PublicationData, RelationData

_STATUS_LETTER = re.compile(r"-[ISWP](?=!|$)")
_GUIDE_ID = re.compile(r"/rec/T-REC-([A-Z]\.Imp[\w.]+?)-\d{6}")


def group_families(rows: Iterable[EnumeratedEdition]) -> dict[str, list[EnumeratedEdition]]:
    """Group enumeration rows (one per edition) into documents; duplicates by idrec drop.

    Rows are grouped by family key (crawler.identity: one text, however ITU spells its
    number); a document's id is the number of its current edition as ITU writes it.
    """
    families: dict[str, dict[int, EnumeratedEdition]] = {}
    for row in rows:
        families.setdefault(family_key(row.rec_name), {})[row.idrec] = row
    out: dict[str, list[EnumeratedEdition]] = {}
    for eds in families.values():
        ordered = sorted(eds.values(), key=_edition_order)
        out[parse_rec_name(current_row(ordered).rec_name).family] = ordered
    return out


def family_aliases(doc_id: str, rows: Iterable[EnumeratedEdition]) -> tuple[str, ...]:
    """The other numbers a document's editions carry ("G.780" of "G.780/Y.1351")."""
    names = {parse_rec_name(r.rec_name).family for r in rows} - {doc_id}
    return tuple(sorted(names))


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


def guide_number(url: str | None) -> str | None:
    """The number of an implementers' guide in its /rec/ link ("T-REC-G.Imp712-200004-I")."""
    m = _GUIDE_ID.search(url or "")
    return m.group(1) if m else None


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
                target=guide_number(guide.url) or guide.title[:200],
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


def _own_supplements(family: str, listed: Sequence[EditionLink] | None) -> list[RelationData]:
    """A Recommendation's own supplements, which ITU lists among its editions (E.164 Suppl. 2).

    Newest edition of each first (the list is newest first), as the Supplement tab lists them.
    """
    prefix = f"{family} Suppl."
    found: dict[str, RelationData] = {}
    for link in listed or ():
        name = parse_rec_name(link.rec_name)
        number = name.family
        if name.kind == "edition" and number.startswith(prefix) and number not in found:
            found[number] = RelationData(
                kind="supplement", target=number, label=link.rec_name, title=link.title,
                status=link.status,
                url=urls.edition_page(link.edition_id) if link.edition_id else None)
    return list(found.values())


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
    editions_list: Sequence[EditionLink] | None = None,
    lineage: tuple[LineageLink, ...] | None = None,
    guides: Sequence[RelationData] = (),
    listed_by: str | None = None,
) -> DocumentData:
    """Merge what is known of one family into a DocumentData.

    With no header (its fetch failed) the result is a partial record (source
    "enumeration") that the store merges without erasing earlier header fields.
    Relations are None when neither rec.aspx nor the supplements API answered.
    `editions_list` is ITU's editions list (rec.aspx tab or getRecEditions); `lineage` the
    links it states (None: not read this time); `guides` implementers' guides from the API.
    """
    current = current_row(rows)
    title = (header.title if header else None) or current.title or next(
        (r.title for r in reversed(rows) if r.title), None
    )
    relations: tuple[RelationData, ...] | None = None
    if page is not None:
        relations = _dedupe([*_page_relations(page), *_own_supplements(family, editions_list)])
    elif supplements is not None:
        relations = _dedupe([*_supplement_relations(supplements), *guides,
                             *_own_supplements(family, editions_list)])
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
        editions=build_editions(rows, editions_list, header, current.idrec, header_source),
        relations=relations,
        aliases=family_aliases(family, rows),
        lineage=lineage,
        listed_by=listed_by,
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
