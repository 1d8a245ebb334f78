"""Own what a document's public record is, its sets, its digest, and how two records differ.

Successors ("texts that became superseded, with their successor") come from one function
the caller passes (index/journal/lineage.py), so that the source of lineage can change
without touching this module.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date

from index.journal.records import (
    ADDED,
    BACK,
    CHANGED,
    EDITION,
    GONE,
    SUPERSEDED,
    WITHDRAWN,
    Change,
    LabelledTag,
    PublicEdition,
    PublicRecord,
)
from index.models import Document
from index.tags.provenance import DerivedTags, Tag

CURRENT = frozenset({"In force", "Published"})


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _tags(tags: list[Tag]) -> list[LabelledTag]:
    return sorted(({"id": t.value, "label": t.label} for t in tags), key=lambda t: t["id"])


def _languages(doc: Document) -> list[str]:
    current = [e for e in doc.editions if e.idrec == doc.current_idrec and e.files]
    chosen = current or [e for e in doc.editions if e.files]
    found = {str(f.get("language")) for e in chosen for f in e.files or () if f.get("language")}
    return sorted(found - {"Unknown"})


def public_record(doc: Document, tags: DerivedTags, successors: list[str]) -> PublicRecord:
    """The public record of a document (its tags as search shows them)."""
    status = doc.status or ("Published" if doc.is_publication else None)
    editions: list[PublicEdition] = [
        {"label": e.label, "kind": e.kind, "date": _iso(e.approval_date), "status": e.status}
        for e in doc.editions if not e.gone_since]
    return {
        "number": doc.id, "title": doc.title, "type": doc.type, "status": status,
        "approval_date": _iso(doc.approval_date), "summary": doc.summary,
        "study_group": doc.study_group, "series": doc.series, "url": doc.url,
        "languages": _languages(doc), "topics": _tags(tags.topics),
        "regions": _tags(tags.regions), "kinds": _tags(tags.kinds),
        "developing_countries": tags.developing.relevant,
        "editions": editions,
        "successors": sorted(successors) if status not in CURRENT else [],
        "gone": bool(doc.gone_since),
    }


def digest(record: PublicRecord) -> str:
    """A fingerprint of the public record."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def facets(record: PublicRecord) -> Iterator[tuple[str, str]]:
    """The sets a record belongs to, as (facet, value): topics, regions, type, ..."""
    for name, key in (("topic", "topics"), ("region", "regions"), ("kind", "kinds")):
        for tag in record[key]:  # type: ignore[literal-required]
            yield name, tag["id"][:120]
    yield "type", record["type"][:120]
    yield "dc", "yes" if record["developing_countries"] else "no"
    if record["study_group"]:
        yield "sg", record["study_group"][:120]


def _status_change(status: str | None, previous: str | None) -> Change | None:
    if status == previous:
        return None
    if status == "Superseded":
        return Change(SUPERSEDED, status=status, previous=previous)
    if status == "Withdrawn":
        return Change(WITHDRAWN, status=status, previous=previous)
    return Change(CHANGED, status=status, previous=previous)


def diff(old: PublicRecord | None, new: PublicRecord) -> list[Change]:
    """What changed from one public record to the next (empty: nothing public)."""
    if old is None:
        return [Change(GONE, status=new["status"])] if new["gone"] else [
            Change(ADDED, status=new["status"])]
    out: list[Change] = []
    if new["gone"] != old["gone"]:
        out.append(Change(GONE if new["gone"] else BACK, status=new["status"],
                          previous=old["status"]))
    known = {e["label"] for e in old["editions"]}
    for ed in new["editions"]:
        if ed["label"] not in known:
            out.append(Change(EDITION, edition=ed["label"], status=ed["status"]))
    status = _status_change(new["status"], old["status"])
    if status is not None and not (status.kind == CHANGED and out):
        out.append(status)
    if not out and digest(old) != digest(new):
        out.append(Change(CHANGED, status=new["status"], previous=old["status"]))
    return out
