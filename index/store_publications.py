"""Own the store's publications: Technical Papers, Reports and Handbooks from /pub/ pages.

A mixin of `index.store.Store` (still the one door to the store): writes of what ITU's
/pub/ pages say, and the read-side projection of a publication into the document shape
that export and the search index share.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import Engine, insert, select, update

from index import schema
from index.models import now


class PublicationStore:
    """Publication reads and writes; needs `self.engine`."""

    engine: Engine

    def publications_needed(self, include_known: bool = False) -> list[tuple[str, str]]:
        """Publications linked from documents or listed by ITU but not fetched yet."""
        r, p = schema.relations.c, schema.publications.c
        linked = select(r.target, r.url).where(r.kind == "related", r.url.is_not(None))
        listed = select(p.id, p.url)
        if not include_known:
            fetched = select(p.id).where(p.fetched_at.is_not(None))
            linked = linked.where(r.target.not_in(fetched))
            listed = listed.where(p.fetched_at.is_(None))
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

    def save_publication(self, values: dict[str, Any], *, not_found: bool) -> None:
        """Insert or update one publication; a not-found answer never erases what we had."""
        p = schema.publications
        stamp = now()
        with self.engine.begin() as conn:
            exists = conn.execute(select(p.c.id).where(p.c.id == values["id"])).first()
            if not_found:
                if exists:
                    conn.execute(update(p).where(p.c.id == values["id"]).values(
                        not_found_at=stamp))
                else:
                    base = {k: values.get(k) for k in ("id", "type", "url", "title", "year")}
                    conn.execute(insert(p).values(**base, not_found_at=stamp))
                return
            row: dict[str, Any] = {k: v for k, v in values.items()
                                   if v is not None or k == "items"}
            row.update(fetched_at=stamp, not_found_at=None)
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



def _year_date(year: str | None) -> date | None:
    match = re.search(r"(19|20)\d{2}", year or "")
    return date(int(match.group(0)), 1, 1) if match else None


def publication_document(pub: dict[str, Any], relations: list[dict[str, Any]]) -> dict[str, Any]:
    """A publications row in the shape of a documents row (for export and the index)."""
    when = _year_date(pub["year"])
    edition = {
        "idrec": None, "document_id": pub["id"], "label": pub["id"], "kind": "edition",
        "version": None, "title": pub["title"], "approval_date": when, "status": None,
        "edition_id": None, "files": pub["items"], "files_key": None,
        "gone_since": None, "url": pub["url"],
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
        "editions": [edition], "relations": relations,
    }
