"""Own the store's publications: Technical Papers, Reports and Handbooks from /pub/ pages.

A mixin of `index.store.Store` (still the one door to the store): writes of what ITU's
/pub/ pages say, and the read-side projection of a publication into the document shape
that export and the search index share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select, update

from index import schema
from index.models import now

# How long to wait before asking again for a publication ITU answered 404 for: after the
# first miss, the second, and every later one.
RETRY_AFTER = (timedelta(days=1), timedelta(days=7), timedelta(days=30))


class PublicationStore:
    """Publication reads and writes; needs `self.engine`."""

    engine: Engine

    def publications_needed(self, include_known: bool = False) -> list[tuple[str, str]]:
        """Publications linked from documents or listed by ITU but not fetched yet.

        One that ITU answered 404 for waits until its `retry_at` (see publication_missing).
        """
        r, p = schema.relations.c, schema.publications.c
        linked = select(r.target, r.url).where(r.kind == "related", r.url.is_not(None))
        listed = select(p.id, p.url)
        if not include_known:
            waiting = p.retry_at > now()
            fetched = select(p.id).where(p.fetched_at.is_not(None) | waiting)
            linked = linked.where(r.target.not_in(fetched))
            listed = listed.where(p.fetched_at.is_(None), ~waiting | p.retry_at.is_(None))
        with self.engine.connect() as conn:
            found: dict[str, str] = {}
            for pub_id, url in [*conn.execute(listed), *conn.execute(linked)]:
                found.setdefault(pub_id, url)
        return sorted(found.items())

    def save_listings(self, rows: list[dict[str, Any]]) -> None:
        """Record what ITU's /pub/ index pages list (id, title, study_group, listed_in)."""
        p = schema.publications
        with self.engine.begin() as conn:
            known = {r.id: r for r in conn.execute(select(p.c.id, p.c.title))}
            for row in rows:
                if row["id"] in known:
                    values = {k: row[k] for k in ("study_group", "listed_in") if row.get(k)}
                    if not known[row["id"]].title and row.get("title"):
                        values["title"] = row["title"]
                    if values:
                        conn.execute(update(p).where(p.c.id == row["id"]).values(**values))
                else:
                    conn.execute(insert(p).values(**row))

    def publication_missing(self, pub_id: str, url: str, pub_type: str,
                            at: datetime | None = None, count: bool = True) -> str:
        """Record that ITU answered 404 for a publication; return when to ask again.

        The wait grows with each miss: a day, a week, then a month (RETRY_AFTER), so a
        link ITU has broken costs one request a month instead of one a night. A replay of
        the archive (`count` False) records the miss without moving the schedule.
        """
        p = schema.publications
        when = at or datetime.now(UTC)
        stamp = when.isoformat(timespec="seconds")
        with self.engine.begin() as conn:
            row = conn.execute(select(p.c.missing_checks, p.c.missing_since, p.c.retry_at)
                               .where(p.c.id == pub_id)).first()
            if not count and row is not None and row.retry_at:
                return str(row.retry_at)
            checks = (row.missing_checks or 0) + 1 if row else 1
            wait = RETRY_AFTER[min(checks, len(RETRY_AFTER)) - 1]
            retry = (when + wait).isoformat(timespec="seconds")
            values = {"missing_checks": checks, "retry_at": retry,
                      "missing_since": (row.missing_since if row else None) or stamp}
            if row is None:
                conn.execute(insert(p).values(id=pub_id, type=pub_type, url=url, **values))
            else:
                conn.execute(update(p).where(p.c.id == pub_id).values(**values))
        return retry

    def save_publication(self, values: dict[str, Any], *, not_found: bool) -> None:
        """Insert or update one publication; a not-found answer never erases what we had."""
        p = schema.publications
        stamp = now()
        with self.engine.begin() as conn:
            exists = conn.execute(select(p.c.id).where(p.c.id == values["id"])).first()
            if not_found:
                row = {"not_found_at": stamp}
                if exists:
                    conn.execute(update(p).where(p.c.id == values["id"]).values(**row))
                else:
                    base = {k: values.get(k) for k in ("id", "type", "url", "title", "year")}
                    conn.execute(insert(p).values(**base, **row))
                return
            row = {k: v for k, v in values.items() if v is not None or k == "items"}
            row.update(fetched_at=stamp, not_found_at=None, missing_since=None,
                       missing_checks=None, retry_at=None)
            if exists:
                conn.execute(update(p).where(p.c.id == values["id"]).values(**row))
            else:
                conn.execute(insert(p).values(**row))

    def publications(self) -> dict[str, dict[str, Any]]:
        """Every publication by id."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.publications)).mappings()
            return {r["id"]: dict(r) for r in rows}

    def _publication_documents(
        self, conn: Any, rels: dict[str, list[dict[str, Any]]]
    ) -> Iterator[dict[str, Any]]:
        linked_from: dict[str, list[dict[str, Any]]] = {}
        for doc_id, rows in rels.items():
            for rel in rows:
                if rel["kind"] == "related":
                    linked_from.setdefault(rel["target"], []).append(
                        {"document_id": rel["target"], "kind": "related_to", "target": doc_id,
                         "label": doc_id, "title": None, "status": None, "year": None,
                         "url": None})
        p = schema.publications
        rows = [dict(x) for x in conn.execute(select(p).order_by(p.c.id)).mappings()]
        parents = {x["parent"] for x in rows if x["parent"]}
        for pub in rows:
            if pub["id"] in parents or pub["fetched_at"] is None and pub["title"] is None:
                continue  # family pages are represented by their editions
            yield publication_document(pub, linked_from.get(pub["id"], []))



_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
          "X": 10, "XI": 11, "XII": 12}
_DAY_ROMAN = re.compile(r"^(?:(\d{1,2})\.)?([IVX]{1,4})\.((?:19|20)\d{2})$")
_ISO = re.compile(r"^((?:19|20)\d{2})(?:-(\d{2})(?:-(\d{2}))?)?$")


def publication_date(text: str | None) -> tuple[date | None, str | None]:
    """(date, precision) of a /pub/ page's "Year:" as ITU prints it, never more precise.

    "2020" -> year; "III.2016" -> month; "15.III.2016" (ITU's Roman month) or "2016-03-15"
    -> day. The date's missing parts are 1 (for sorting only; precision says what is known).
    """
    value = (text or "").strip()
    try:
        m = _DAY_ROMAN.match(value)
        if m and m.group(2) in _ROMAN:
            day = int(m.group(1)) if m.group(1) else 1
            return (date(int(m.group(3)), _ROMAN[m.group(2)], day),
                    "day" if m.group(1) else "month")
        m = _ISO.match(value)
        if m:
            parts = [int(p) for p in m.groups() if p]
            return date(parts[0], *(parts[1:] + [1, 1])[:2]), ("year", "month", "day")[
                len(parts) - 1]
    except ValueError:
        return None, None
    m = re.search(r"(?:19|20)\d{2}", value)
    return (date(int(m.group(0)), 1, 1), "year") if m else (None, None)


def publication_document(pub: dict[str, Any], relations: list[dict[str, Any]]) -> dict[str, Any]:
    """A publications row in the shape of a documents row (for export and the index)."""
    when, precision = publication_date(pub["year"])
    edition = {
        "idrec": None, "document_id": pub["id"], "label": pub["id"], "kind": "edition",
        "version": None, "title": pub["title"], "approval_date": when, "status": None,
        "edition_id": None, "files": pub["items"], "files_key": None,
        "gone_since": None, "url": pub["url"], "date_precision": precision,
    }
    return {
        "id": pub["id"], "type": pub["type"], "title": pub["title"],
        "summary": pub["observation"], "series": None, "series_titles": None,
        "study_group": pub["study_group"], "study_group_name": None, "status": None,
        "approval_date": when, "current_idrec": None, "provisional_name": None,
        "iso_number": None, "approval_process": None, "observation": None,
        "url": pub["url"], "pdf_url": None, "source": "pub",
        "family_hash": None, "first_seen": pub["fetched_at"], "last_changed": pub["fetched_at"],
        "last_fetched": pub["fetched_at"], "gone_since": None,
        "year": pub["year"], "listed_in": pub["listed_in"], "parent": pub["parent"],
        "date_precision": precision, "missing_since": pub.get("missing_since"),
        "editions": [edition], "relations": relations,
    }
