"""Own the publications aggregate: Technical Papers, Reports and Handbooks from /pub/ pages.

The harvester records what ITU's /pub/ index pages list (`save_listings`) and what each
/pub/ page says (`save`); a "notfound" answer never erases what an earlier fetch found.
Reading them as catalogue documents is `store.documents`' job (`publication_document`).
"""

from __future__ import annotations

from sqlalchemy import insert, select, update

from index import schema
from index.models import Publication, PublicationData, PublicationListing, now
from index.store.base import Repository


class PublicationRepository(Repository):
    """Publications by id (store.publications)."""

    def needed(self, include_known: bool = False) -> list[tuple[str, str]]:
        """Publications linked from documents or listed by ITU but not fetched yet."""
        r, p = schema.relations.c, schema.publications.c
        linked = select(r.target, r.url).where(r.kind == "related", r.url.is_not(None))
        listed = select(p.id, p.url)
        if not include_known:
            fetched = select(p.id).where(p.fetched_at.is_not(None))
            linked = linked.where(r.target.not_in(fetched))
            listed = listed.where(p.fetched_at.is_(None))
        with self._read() as conn:
            found: dict[str, str] = {}
            for pub_id, url in [*conn.execute(listed), *conn.execute(linked)]:
                found.setdefault(pub_id, url)
        return sorted(found.items())

    def save_listings(self, rows: list[PublicationListing]) -> None:
        """Record what ITU's /pub/ index pages list (id, title, study group, index page)."""
        p = schema.publications
        with self._write() as conn:
            known = {r.id: r for r in conn.execute(select(p.c.id, p.c.title))}
            for row in rows:
                if row.id in known:
                    values = {k: v for k, v in (("study_group", row.study_group),
                                                ("listed_in", row.listed_in)) if v}
                    if not known[row.id].title and row.title:
                        values["title"] = row.title
                    if values:
                        conn.execute(update(p).where(p.c.id == row.id).values(**values))
                else:
                    conn.execute(insert(p).values(
                        id=row.id, type=row.type, title=row.title, study_group=row.study_group,
                        listed_in=row.listed_in, url=row.url))

    def save(self, pub: PublicationData, *, not_found: bool) -> None:
        """Insert or update one publication; a not-found answer never erases what we had."""
        p = schema.publications
        stamp = now()
        with self._write() as conn:
            exists = conn.execute(select(p.c.id).where(p.c.id == pub.id)).first()
            if not_found:
                if exists:
                    conn.execute(update(p).where(p.c.id == pub.id).values(not_found_at=stamp))
                else:
                    conn.execute(insert(p).values(id=pub.id, type=pub.type, url=pub.url,
                                                  title=pub.title, year=pub.year,
                                                  not_found_at=stamp))
                return
            values = {"id": pub.id, "type": pub.type, "url": pub.url, "title": pub.title,
                      "year": pub.year, "items": pub.items, "observation": pub.observation,
                      "parent": pub.parent}
            row = {k: v for k, v in values.items() if v is not None or k == "items"}
            row.update(fetched_at=stamp, not_found_at=None)
            if exists:
                conn.execute(update(p).where(p.c.id == pub.id).values(**row))
            else:
                conn.execute(insert(p).values(**row))

    def all(self) -> dict[str, Publication]:
        """Every publication by id."""
        with self._read() as conn:
            rows = conn.execute(select(schema.publications)).mappings()
            return {r["id"]: Publication(**r) for r in rows}

    def get(self, pub_id: str) -> Publication | None:
        """One publication, or None."""
        p = schema.publications
        with self._read() as conn:
            row = conn.execute(select(p).where(p.c.id == pub_id)).mappings().first()
        return Publication(**row) if row else None
