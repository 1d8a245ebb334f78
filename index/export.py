"""Own the export formats: one document per line (JSON Lines) or per row (CSV)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from crawler import urls
from index.lineage_models import StoredLink
from index.models import Document, Edition, Publication, partial_iso
from index.store import Store
from index.supplements import ordered_supplements

CSV_COLUMNS = [
    "id", "number", "type", "title", "summary", "series", "series_title", "subseries_titles",
    "study_group", "status", "approval_date", "approval_date_precision", "provisional_name",
    "iso_number", "approval_process", "url", "pdf_url", "gone", "replaced_by", "replaces",
    "aliases", "listed_by", "editions", "supplements", "implementers_guides", "related",
    "related_to",
]


def _edition(ed: Edition, previous: str | None, labels: dict[int, str]) -> dict[str, Any]:
    files = ed.files
    precision = ed.date_precision or "day"
    return {
        "number": ed.label,
        "kind": ed.kind,
        "version": ed.version,
        "edition": ed.edition_number,  # ITU's edition number: "3", "2.1"
        "title": ed.title,
        "summary": ed.summary or None,
        "summary_source": ed.summary_source if ed.summary else None,
        "date": partial_iso(ed.approval_date, precision),
        "date_precision": precision,
        "status": ed.status,
        "url": ed.url or (urls.edition_page(ed.edition_id) if ed.edition_id else None),
        "idrec": ed.idrec,
        "supersedes": previous,
        "part_of": labels.get(ed.part_of or -1),
        "languages": sorted({f["language"] for f in files}) if files else None,
        "files": files,
        "withdrawn_upstream": bool(ed.gone_since),
    }


def _editions(eds: Iterable[Edition]) -> list[dict[str, Any]]:
    """Editions oldest first; each main edition supersedes the main edition before it."""
    eds = list(eds)
    result = []
    labels = {ed.idrec: ed.label for ed in eds if ed.idrec is not None}
    previous_main: str | None = None
    for ed in eds:
        result.append(_edition(ed, previous_main if ed.kind == "edition" else None, labels))
        if ed.kind == "edition":
            previous_main = ed.label
    return result


def _lineage(doc_id: str, links: Iterable[StoredLink]
             ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(replaced_by, replaces) of a document, each {number, edition, source, evidence}."""
    replaced_by: dict[str, dict[str, Any]] = {}
    replaces: dict[str, dict[str, Any]] = {}
    for link in links:
        if link.old_doc == doc_id:
            target, side, label = link.new_doc, replaced_by, link.new_label
        else:
            target, side, label = link.old_doc, replaces, link.old_label
        side.setdefault(target, {"number": target, "edition": label,
                                 "source": link.source, "evidence": link.evidence})
    return list(replaced_by.values()), list(replaces.values())


def document_record(doc: Document, pubs: dict[str, Publication]) -> dict[str, Any]:
    """One exported document (also the record part of the API's document answer)."""
    titles = doc.series_titles or []

    def related(kind: str) -> list[dict[str, Any]]:
        out = []
        for r in doc.relations:
            if r.kind != kind:
                continue
            item: dict[str, Any] = {"target": r.target, "label": r.label, "title": r.title,
                                    "status": r.status, "year": r.year, "url": r.url}
            if kind == "related":
                item["not_found_upstream"] = None
            pub = pubs.get(r.target) if kind == "related" else None
            if pub:
                item["type"] = pub.type
                item["items"] = pub.items
                # ITU answered 404 for it: since which day (the crawler asks again later).
                item["not_found_upstream"] = (pub.missing_since or "")[:10] or None
            out.append(item)
        return out

    replaced_by, replaces = _lineage(doc.id, doc.lineage)
    precision = doc.date_precision or ("day" if doc.approval_date else None)

    return {
        "id": doc.id,
        "number": doc.id,
        "type": doc.type,
        "title": doc.title,
        "summary": doc.summary,
        "series": doc.series,
        "series_title": titles[0] if titles else None,
        "subseries_titles": titles[1:],
        "study_group": doc.study_group,
        "status": doc.status,
        "approval_date": partial_iso(doc.approval_date, precision),
        "approval_date_precision": precision,
        "provisional_name": doc.provisional_name,
        "iso_number": doc.iso_number,
        "approval_process": doc.approval_process,
        "url": doc.url,
        "pdf_url": doc.pdf_url,
        "gone": bool(doc.gone_since),
        "replaced_by": replaced_by,
        "replaces": replaces,
        "aliases": list(doc.aliases),
        "listed_by": doc.listed_by,
        "editions": _editions(doc.editions),
        "supplements": ordered_supplements(doc.id, related("supplement")),
        "implementers_guides": related("implementers_guide"),
        "related": related("related"),
        "related_to": [r.target for r in doc.relations if r.kind == "related_to"],
    }


def iter_records(store: Store) -> Iterator[dict[str, Any]]:
    """Every document as an export record, by number."""
    pubs = store.publications.all()
    for doc in store.documents.iter_all():
        yield document_record(doc, pubs)


def write_jsonl(store: Store, out: TextIO) -> int:
    """Write JSON Lines; return the number of documents."""
    count = 0
    for record in iter_records(store):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(store: Store, out: TextIO) -> int:
    """Write CSV (nested lists as JSON text in their cells); return the number of documents."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for record in iter_records(store):
        row = {
            k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
            for k, v in record.items()
        }
        writer.writerow(row)
        count += 1
    return count
