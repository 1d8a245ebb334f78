"""Own the queue of editions without their own summary, which the backfill fills (store.summaries).

The current edition's summary comes with its family's header; every older edition's is
asked for by the crawler's backfill, at most `crawler.backfill` a run, newest first (the
oldest gaps come last). An answer without a summary is recorded too ("none"), so that an
edition is asked once; a re-fetch of the family never brings a filled gap back.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select, update

from index import schema
from index.lineage_models import SummaryGap
from index.models import now
from index.store.base import Repository
from index.store.changes import log_changes


class SummaryRepository(Repository):
    """Editions' own summaries still to ask ITU for (store.summaries)."""

    def gaps(self, limit: int) -> list[SummaryGap]:
        """Editions without their own summary not asked yet, newest first (oldest gaps last)."""
        if limit <= 0:
            return []
        e, d = schema.editions.c, schema.documents.c
        query = (select(e.idrec, e.document_id, e.label, e.summary_url)
                 .join(schema.documents, d.id == e.document_id)
                 .where(*_gap_filter())
                 .order_by(e.approval_date.desc(), e.idrec.desc()).limit(limit))
        with self._read() as conn:
            return [SummaryGap(r.idrec, r.document_id, r.label, r.summary_url)
                    for r in conn.execute(query)]

    def gap_count(self) -> int:
        """How many editions still lack their own summary (what the backfill has left)."""
        e, d = schema.editions.c, schema.documents.c
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(schema.editions)
                                    .join(schema.documents, d.id == e.document_id)
                                    .where(*_gap_filter())).scalar_one())

    def save(self, idrec: int, summary: str | None, source: str,
             title: str | None = None) -> None:
        """Record what the backfill found (summary None: ITU has none; asked, not again)."""
        e = schema.editions
        values: dict[str, Any] = {"summary_checked_at": now(), "summary_source": source,
                                  "summary": summary}
        with self._write() as conn:
            conn.execute(update(e).where(e.c.idrec == idrec).values(**values))
            owner = conn.execute(select(e.c.document_id).where(e.c.idrec == idrec)).scalar()
            log_changes(conn, [owner or ""], "summary")
            if title:
                conn.execute(update(e).where(e.c.idrec == idrec, e.c.title.is_(None))
                             .values(title=title))


def _gap_filter() -> list[ColumnElement[bool]]:
    e, d = schema.editions.c, schema.documents.c
    return [e.summary.is_(None), e.summary_checked_at.is_(None), e.gone_since.is_(None),
            d.merged_into.is_(None)]
