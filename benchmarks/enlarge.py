"""Own the benchmarks' synthetic enlargement of a catalogue (N× its documents).

How a copy is made (documented for the figures "at 4× the catalogue"):
- every stored document (not publications, not old numbers merged into another) is saved
  again N-1 times through `store.documents.save`, as the harvest saves a family, under the
  number `<number>-x<k>` (k = 1..N-1), so the number index grows without colliding;
- its title, summary, status, study group, dates and editions are the original's, so
  every posting list grows N× (what makes a query's cost grow); each copy's summary gets
  one marker word `copy<k>` so the copies are not byte-identical rows;
- editions get new idrecs (original + k × 10,000,000); relations are not copied (their
  targets would not exist), publications neither (the row counts stay comparable).
"""

from __future__ import annotations

from dataclasses import fields as dc_fields
from typing import Any

from index.models import DocumentData, EditionData
from index.store import Store

IDREC_STEP = 10_000_000
_HEADER = {f.name for f in dc_fields(DocumentData)} - {
    "id", "editions", "relations", "lineage", "aliases", "listed_by"}


def copies_of(doc: Any, k: int) -> DocumentData:
    """The k-th synthetic copy of one stored Document."""
    values: dict[str, Any] = {name: getattr(doc, name) for name in _HEADER}
    values["series_titles"] = tuple(doc.series_titles or ())
    values["summary"] = f"{doc.summary or ''} copy{k}".strip()
    values["current_idrec"] = (doc.current_idrec + k * IDREC_STEP
                               if doc.current_idrec is not None else None)
    editions = tuple(
        EditionData(idrec=(e.idrec or 0) + k * IDREC_STEP, label=e.label, kind=e.kind,
                    version=e.version, title=e.title, approval_date=e.approval_date,
                    status=e.status, edition_id=None)
        for e in doc.editions)
    return DocumentData(id=f"{doc.id}-x{k}", editions=editions, relations=(), **values)


def enlarge(store: Store, factor: int) -> int:
    """Add factor-1 copies of every document; return the number of documents saved."""
    originals = [d for d in store.documents.iter_all(include_publications=False)]
    saved = 0
    for k in range(1, factor):
        for doc in originals:
            store.documents.save(copies_of(doc, k), doc.family_hash)
            saved += 1
    return saved
