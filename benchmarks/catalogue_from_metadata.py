"""Build a catalogue store from the real ITU-T metadata set (relaton-data-itu), offline.

Benchmarks and the full-catalogue relevance test need the whole real catalogue without a
crawl. The 16,172 edition records of `itu-t-records.jsonl.gz` are grouped into families
with the crawler's own number parser and saved through `Store.save_document`, like the
harvest does. Mapping (the dataset has no ITU status words, no idrec, no files):

- family: `crawler.numbers.parse_rec_name(docid).family`; type from the number;
- status: the edition id's letter in `url` (-I in force, -S superseded, -W or -T
  withdrawn, -P pre-published = in force); no url: relaton's `Withdrawal` -> Withdrawn,
  `Published` -> In force;
- current edition: the newest main edition in force, else the newest main edition;
- summary: the current edition's abstract (else the newest abstract of the family);
- study group: `editorial_group[0].name` (reduced to "SG13" / "TSAG");
- idrec: a stable sequence over the sorted edition ids (the dataset has none).
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from crawler.numbers import document_type, parse_rec_name, series_of, study_group_code
from index.models import DocumentData, EditionData
from index.store import Store

RECORDS = Path("metadata/relaton-data-itu/itu-t-records.jsonl.gz")
_LETTER = re.compile(r"-\d{6}-([A-Z])(?=!|$)")
_STATUS = {"I": "In force", "P": "In force", "S": "Superseded", "W": "Withdrawn", "T": "Withdrawn"}


def read_records(reference: Path) -> list[dict[str, Any]]:
    """Every edition record of the metadata set."""
    with gzip.open(reference / RECORDS, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _status(record: dict[str, Any]) -> str | None:
    url = record.get("url") or ""
    m = _LETTER.search(url)
    if m:
        return _STATUS.get(m.group(1))
    stage = record.get("status_stage")
    if stage == "Withdrawal":
        return "Withdrawn"
    return "In force" if stage == "Published" else None


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _edition_id(url: str | None) -> str | None:
    if not url or "/rec/" not in url:
        return None
    return url.rsplit("/rec/", 1)[1].split("/")[0] or None


def families(records: list[dict[str, Any]]) -> Iterator[DocumentData]:
    """Group edition records into documents, as the harvest would store them."""
    ids = {r["docid"]: i + 1 for i, r in enumerate(sorted(records, key=lambda r: r["docid"]))}
    grouped: dict[str, list[tuple[dict[str, Any], Any]]] = {}
    for record in records:
        name = parse_rec_name(record["docid"])
        grouped.setdefault(name.family, []).append((record, name))
    for family, rows in sorted(grouped.items()):
        rows.sort(key=lambda rn: (_date(rn[0].get("date_published")) or date.min,
                                  ids[rn[0]["docid"]]))
        editions = tuple(
            EditionData(
                idrec=ids[record["docid"]],
                label=name.label,
                kind=name.kind,
                version=name.version,
                title=record.get("title"),
                approval_date=_date(record.get("date_published")) or name.stamp,
                status=_status(record),
                edition_id=_edition_id(record.get("url")),
            )
            for record, name in rows
        )
        main = [(r, n) for r, n in rows if n.kind == "edition"]
        in_force = [(r, n) for r, n in main if _status(r) == "In force"]
        current, _ = (in_force or main or rows)[-1]
        title = current.get("title") or next(
            (r.get("title") for r, _ in reversed(rows) if r.get("title")), None
        )
        summary = current.get("abstract") or next(
            (r.get("abstract") for r, _ in reversed(rows) if r.get("abstract")), None
        )
        groups = current.get("editorial_group") or []
        sg_name = groups[0].get("name") if groups else None
        yield DocumentData(
            id=family,
            type=document_type(family),
            title=title,
            summary=summary,
            series=series_of(family),
            study_group=study_group_code(sg_name),
            study_group_name=sg_name,
            status=_status(current),
            approval_date=_date(current.get("date_published")),
            current_idrec=ids[current["docid"]],
            url=current.get("url"),
            source="metadata",
            editions=editions,
            relations=(),
        )


def build_store(reference: Path, data_dir: Path, limit: int | None = None) -> Store:
    """Create (or refresh) a store in data_dir from the metadata set; return it open."""
    store = Store.open(data_dir)
    for count, doc in enumerate(families(read_records(reference))):
        if limit is not None and count >= limit:
            break
        store.documents.save(doc, "metadata")
    return store
