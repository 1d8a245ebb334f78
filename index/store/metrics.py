"""Own the demand metrics' tables: raw events (kept `metrics.retention_days`), daily counts.

`record` writes a batch of events in one transaction: the raw rows, the daily counts they
add to (an upsert per (day, metric, key, UI language), on SQLite and PostgreSQL alike),
and, for a document opened from a search, the mark on that search. `prune` drops raw rows
older than the retention; daily counts are kept for ever, so a year's figures survive.
Reads sum daily counts over a period (the dashboard, the annual report).

A view opened from a search page (the site sees it in its own Referer) marks the latest
search of the same words in the same UI language, within 30 minutes, that has no result
opened yet: no cookie or id joins the two, so when two readers search the same words at
the same time the mark may land on the other one's search, which keeps the counts right.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from index import schema
from index.metrics.records import (
    DailyCount,
    DownloadEvent,
    Event,
    PackEvent,
    SearchEvent,
    ViewEvent,
)
from index.store.base import Repository

OPEN_WINDOW = timedelta(minutes=30)
Key = tuple[str, str, str, str]  # day, metric, key, UI language
FILTER_METRICS = {"region": "search_region", "topic": "search_topic", "kind": "search_kind",
                  "type": "search_type", "dc": "search_dc"}


def _counts(events: Iterable[Event], low: int) -> Counter[Key]:
    """What a batch adds to the daily counts."""
    out: Counter[Key] = Counter()
    for e in events:
        if isinstance(e, SearchEvent):
            out[(e.day, "searches", e.via, e.ui_lang)] += 1
            for name, metric in FILTER_METRICS.items():
                for value in e.filters.get(name, []):
                    out[(e.day, metric, value[:240], e.ui_lang)] += 1
            if e.via == "search" and e.query:
                if e.results == 0:
                    out[(e.day, "zero", e.query, e.ui_lang)] += 1
                elif e.results <= low:
                    out[(e.day, "low", e.query, e.ui_lang)] += 1
        elif isinstance(e, ViewEvent):
            out[(e.day, "views", e.via, e.ui_lang)] += 1
            out[(e.day, "view_doc", e.document_id, e.ui_lang)] += 1
        elif isinstance(e, DownloadEvent):
            out[(e.day, "downloads", f"{e.language}|{e.format}", e.ui_lang)] += 1
            out[(e.day, "download_doc", e.document_id, e.ui_lang)] += 1
        elif isinstance(e, PackEvent):
            out[(e.day, "packs", e.kind, e.ui_lang)] += 1
    return out


def _add_counts(conn: Connection, counts: Counter[Key]) -> None:
    """Add to the daily counts (insert, or add to the existing row)."""
    d = schema.metric_daily
    rows = [{"day": k[0], "metric": k[1], "key": k[2], "ui_lang": k[3], "count": n}
            for k, n in sorted(counts.items())]
    if not rows:
        return
    name = conn.dialect.name
    if name in ("sqlite", "postgresql"):
        dialect: Any = sqlite if name == "sqlite" else postgresql
        stmt = dialect.insert(d)
        stmt = stmt.on_conflict_do_update(
            index_elements=[d.c.day, d.c.metric, d.c.key, d.c.ui_lang],
            set_={"count": d.c.count + stmt.excluded.count})
        conn.execute(stmt, rows)
        return
    for row in rows:  # any other database: update, else insert
        where = ((d.c.day == row["day"]) & (d.c.metric == row["metric"])
                 & (d.c.key == row["key"]) & (d.c.ui_lang == row["ui_lang"]))
        done = conn.execute(update(d).where(where).values(count=d.c.count + row["count"]))
        if not done.rowcount:
            conn.execute(insert(d).values(**row))


def _mark_opened(conn: Connection, view: ViewEvent) -> bool:
    """Mark the search this view was opened from; True when one was found."""
    s = schema.metric_searches.c
    since = (datetime.fromisoformat(view.at) - OPEN_WINDOW).isoformat(timespec="seconds")
    found = conn.execute(
        select(s.id).where(s.via == "search", s.query == view.query, s.ui_lang == view.ui_lang,
                           s.opened.is_(None), s.at >= since, s.at <= view.at)
        .order_by(s.id.desc()).limit(1)).scalar()
    if found is None:
        return False
    conn.execute(update(schema.metric_searches).where(s.id == found)
                 .values(opened=view.document_id))
    return True


class MetricsRepository(Repository):
    """Demand metrics (store.metrics): aggregate facts only."""

    def record(self, events: list[Event], low_results: int = 3) -> None:
        """Write a batch of events, their daily counts and search marks, in one transaction."""
        searches = [e for e in events if isinstance(e, SearchEvent)]
        views = [e for e in events if isinstance(e, ViewEvent)]
        downloads = [e for e in events if isinstance(e, DownloadEvent)]
        counts = _counts(events, low_results)
        with self._write() as conn:
            if searches:
                conn.execute(insert(schema.metric_searches), [
                    {"at": e.at, "day": e.day, "via": e.via, "query": e.query,
                     "ui_lang": e.ui_lang, "filters": e.filters or None, "results": e.results}
                    for e in searches])
            if downloads:
                conn.execute(insert(schema.metric_downloads), [
                    {"at": e.at, "day": e.day, "document_id": e.document_id,
                     "language": e.language, "format": e.format, "ui_lang": e.ui_lang}
                    for e in downloads])
            for view in views:
                conn.execute(insert(schema.metric_views).values(
                    at=view.at, day=view.day, document_id=view.document_id,
                    ui_lang=view.ui_lang, via=view.via, query=view.query))
                if view.via == "search" and view.query is not None and _mark_opened(conn, view):
                    counts[(view.day, "opened", "", view.ui_lang)] += 1
            _add_counts(conn, counts)

    def prune(self, retention_days: int, today: str | None = None) -> int:
        """Drop raw rows older than the retention (daily counts stay); return how many."""
        day = datetime.fromisoformat(today) if today else datetime.now(UTC)
        cutoff = (day - timedelta(days=retention_days)).date().isoformat()
        removed = 0
        with self._write() as conn:
            for table in (schema.metric_searches, schema.metric_views,
                          schema.metric_downloads):
                removed += conn.execute(delete(table).where(table.c.day < cutoff)).rowcount
        return removed

    # -- reading ------------------------------------------------------------------------

    def daily(self, metrics: Iterable[str], start: str, end: str) -> list[DailyCount]:
        """Daily counts of some metrics from `start` to `end` (days, inclusive)."""
        d = schema.metric_daily.c
        with self._read() as conn:
            rows = conn.execute(
                select(d.day, d.metric, d.key, d.ui_lang, d["count"])
                .where(d.metric.in_(list(metrics)), d.day >= start, d.day <= end)
                .order_by(d.day, d.metric, d.key, d.ui_lang))
            return [DailyCount(*row) for row in rows]

    def totals(self, metric: str, start: str, end: str) -> dict[tuple[str, str], int]:
        """(key, UI language) -> count of one metric over a period."""
        d = schema.metric_daily.c
        with self._read() as conn:
            rows = conn.execute(
                select(d.key, d.ui_lang, func.sum(d["count"]))
                .where(d.metric == metric, d.day >= start, d.day <= end)
                .group_by(d.key, d.ui_lang))
            return {(r[0], r[1]): int(r[2]) for r in rows}

    def first_day(self) -> str | None:
        """The first day any count was recorded."""
        with self._read() as conn:
            return conn.execute(select(func.min(schema.metric_daily.c.day))).scalar()

    def raw_counts(self) -> dict[str, int]:
        """Raw rows per table (the status of the retention)."""
        with self._read() as conn:
            return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                    for t in (schema.metric_searches, schema.metric_views,
                              schema.metric_downloads)}

    def year_activity(self, year: int) -> dict[str, int]:
        """What the catalogue gained in a year: editions approved, curator decisions made,
        collections made (the annual report)."""
        e, a = schema.editions.c, schema.audit_log.c
        start, end = f"{year}-01-01", f"{year}-12-31"
        with self._read() as conn:
            editions = conn.execute(select(func.count()).select_from(schema.editions).where(
                e.approval_date >= datetime.fromisoformat(start).date(),
                e.approval_date <= datetime.fromisoformat(end).date())).scalar_one()
            decisions = conn.execute(select(func.count()).select_from(schema.audit_log).where(
                a.action == "tag", a.at >= start, a.at < f"{year + 1}-01-01")).scalar_one()
            made = conn.execute(select(func.count()).select_from(schema.audit_log).where(
                a.action == "collection.create", a.at >= start,
                a.at < f"{year + 1}-01-01")).scalar_one()
        return {"editions_approved": int(editions), "curator_decisions": int(decisions),
                "collections_made": int(made)}
