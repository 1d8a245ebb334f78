"""Own the publications aggregate: Technical Papers, Reports and Handbooks from /pub/ pages.

The harvester records what ITU's /pub/ index pages list (`save_listings`) and what each
/pub/ page says (`save`); a "notfound" answer never erases what an earlier fetch found,
and a 404 is "not found upstream" (`missing`): asked again after a growing interval.
Reading them as catalogue documents is `store.documents`' job; the shape a publication
takes there (`publication_document`, its date as precise as ITU prints it) is defined here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select, update

from index import schema
from index.models import (
    Document,
    Edition,
    Publication,
    PublicationData,
    PublicationListing,
    Relation,
    now,
)
from index.store.base import Repository
from index.store.changes import log_changes

# How long to wait before asking again for a publication ITU answered 404 for: after the
# first miss, the second, and every later one.
RETRY_AFTER = (timedelta(days=1), timedelta(days=7), timedelta(days=30))


class PublicationRepository(Repository):
    """Publications by id (store.publications)."""

    def needed(self, include_known: bool = False) -> list[tuple[str, str]]:
        """Publications linked from documents or listed by ITU but not fetched yet.

        One that ITU answered 404 for waits until its `retry_at` (see `missing`).
        """
        r, p = schema.relations.c, schema.publications.c
        linked = select(r.target, r.url).where(r.kind == "related", r.url.is_not(None))
        listed = select(p.id, p.url)
        if not include_known:
            waiting = p.retry_at > now()
            fetched = select(p.id).where(p.fetched_at.is_not(None) | waiting)
            linked = linked.where(r.target.not_in(fetched))
            listed = listed.where(p.fetched_at.is_(None), ~waiting | p.retry_at.is_(None))
        with self._read() as conn:
            found: dict[str, str] = {}
            for pub_id, url in [*conn.execute(listed), *conn.execute(linked)]:
                found.setdefault(pub_id, url)
        return sorted(found.items())

    def save_listings(self, rows: list[PublicationListing]) -> None:
        """Record what ITU's /pub/ index pages list (id, title, study group, index page)."""
        p = schema.publications
        with self._write() as conn:
            known = {r.id: r for r in conn.execute(
                select(p.c.id, p.c.title, p.c.study_group, p.c.listed_in))}
            changed: list[str] = []
            for row in rows:
                if row.id in known:
                    old = known[row.id]
                    values = {k: v for k, v in (("study_group", row.study_group),
                                                ("listed_in", row.listed_in))
                              if v and v != getattr(old, k)}
                    if not old.title and row.title:
                        values["title"] = row.title
                    if values:
                        conn.execute(update(p).where(p.c.id == row.id).values(**values))
                        changed.append(row.id)
                else:
                    conn.execute(insert(p).values(
                        id=row.id, type=row.type, title=row.title, study_group=row.study_group,
                        listed_in=row.listed_in, url=row.url))
                    changed.append(row.id)
            log_changes(conn, changed, "publication")

    def save(self, pub: PublicationData, *, not_found: bool) -> None:
        """Insert or update one publication; a not-found answer never erases what we had."""
        p = schema.publications
        stamp = now()
        with self._write() as conn:
            exists = conn.execute(select(p).where(p.c.id == pub.id)).mappings().first()
            if not_found:
                if exists:
                    conn.execute(update(p).where(p.c.id == pub.id).values(not_found_at=stamp))
                else:
                    conn.execute(insert(p).values(id=pub.id, type=pub.type, url=pub.url,
                                                  title=pub.title, year=pub.year,
                                                  not_found_at=stamp))
                    log_changes(conn, [pub.id], "publication", stamp)
                return
            values = {"id": pub.id, "type": pub.type, "url": pub.url, "title": pub.title,
                      "year": pub.year, "items": pub.items, "observation": pub.observation,
                      "parent": pub.parent}
            row = {k: v for k, v in values.items() if v is not None or k == "items"}
            if exists is None or exists["missing_since"] or exists["fetched_at"] is None \
                    or any(exists[k] != v for k, v in row.items()):
                # What a reader sees of it (or of its family page) changed.
                log_changes(conn, [pub.id, pub.parent or ""], "publication", stamp)
            row.update(fetched_at=stamp, not_found_at=None, missing_since=None,
                       missing_checks=None, retry_at=None)
            if exists:
                conn.execute(update(p).where(p.c.id == pub.id).values(**row))
            else:
                conn.execute(insert(p).values(**row))

    def missing(self, pub_id: str, url: str, pub_type: str, at: datetime | None = None,
                count: bool = True) -> str:
        """Record that ITU answered 404 for a publication; return when to ask again.

        The wait grows with each miss: a day, a week, then a month (RETRY_AFTER), so a
        link ITU has broken costs one request a month instead of one a night. A replay of
        the archive (`count` False) records the miss without moving the schedule.
        """
        p = schema.publications
        when = at or datetime.now(UTC)
        stamp = when.isoformat(timespec="seconds")
        with self._write() as conn:
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
            if row is None or row.missing_since is None:
                log_changes(conn, [pub_id], "publication", stamp)  # newly missing upstream
        return retry

    def all(self) -> dict[str, Publication]:
        """Every publication by id."""
        with self._read() as conn:
            rows = conn.execute(select(schema.publications)).mappings()
            return {r["id"]: Publication(**r) for r in rows}

    def many(self, ids: Iterable[str]) -> dict[str, Publication]:
        """These publications by id (absent ids left out): bounded IN queries."""
        wanted = list(dict.fromkeys(ids))
        p = schema.publications
        out: dict[str, Publication] = {}
        with self._read() as conn:
            for start in range(0, len(wanted), 500):
                rows = conn.execute(select(p).where(p.c.id.in_(wanted[start:start + 500])))
                out.update((r["id"], Publication(**r)) for r in rows.mappings())
        return out

    def family_pages(self, ids: Iterable[str] | None = None) -> list[Publication]:
        """Publications that are family pages (others name them as parent) and have a
        title: `documents.iter_all` leaves them out (of these ids, or of all)."""
        p = schema.publications
        parents = select(p.c.parent).where(p.c.parent.is_not(None)).distinct()
        query = select(p).where(p.c.title.is_not(None), p.c.id.in_(parents)).order_by(p.c.id)
        if ids is not None:
            query = query.where(p.c.id.in_(list(ids)))
        with self._read() as conn:
            return [Publication(**r) for r in conn.execute(query).mappings()]

    def get(self, pub_id: str) -> Publication | None:
        """One publication, or None."""
        p = schema.publications
        with self._read() as conn:
            row = conn.execute(select(p).where(p.c.id == pub_id)).mappings().first()
        return Publication(**row) if row else None


# -- publications shaped as documents ----------------------------------------------------

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


def linked_from(rel: Relation) -> Relation:
    """A document's "related" link, seen from the publication: "related_to" the document."""
    return Relation(rel.target, "related_to", rel.document_id, rel.document_id)


def publication_document(pub: dict[str, Any], relations: Iterable[Relation]) -> Document:
    """A publications row in the shape of a document (for export, the index and pages)."""
    when, precision = publication_date(pub["year"])
    edition = Edition(
        idrec=None, document_id=pub["id"], label=pub["id"], kind="edition", version=None,
        title=pub["title"], approval_date=when, status=None, edition_id=None,
        files=pub["items"], files_key=None, gone_since=None, url=pub["url"],
        date_precision=precision)
    return Document(
        id=pub["id"], type=pub["type"], title=pub["title"], summary=pub["observation"],
        study_group=pub["study_group"], approval_date=when, url=pub["url"], source="pub",
        first_seen=pub["fetched_at"], last_changed=pub["fetched_at"],
        last_fetched=pub["fetched_at"], year=pub["year"], listed_in=pub["listed_in"],
        parent=pub["parent"], editions=(edition,), relations=tuple(relations),
        date_precision=precision, missing_since=pub.get("missing_since"))
