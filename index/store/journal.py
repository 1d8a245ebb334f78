"""Own the public journal's tables: each document's public record, its sets, its changes.

`sync` brings the journal up to date with the store, reading only what changed since
the last sync (documents changed or gone, publications fetched, curator decisions and
audit entries made), except on the first run, which records every document as added.
For each, the public record (index/journal/state.py) is compared with the stored one by
digest; a difference appends journal entries, replaces the record and its sets, and
moves its datestamp (the OAI-PMH datestamp). Two syncs at once are serialised by the
watermark row in `meta`, which each takes first; the second then finds nothing to do.

Reads are per page: changes since a time (the delta API, feeds, by set), records by
datestamp and set (OAI-PMH), one record (GetRecord).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, Select, and_, delete, func, insert, select, update

from index import schema
from index.journal.records import JournalEntry, PublicRecord, StoredRecord
from index.journal.state import diff, digest, facets, public_record
from index.models import Document
from index.store.base import Repository
from index.store.documents import DocumentRepository
from index.store.tags import TagRepository
from index.tags.provenance import apply_decisions
from index.tags.rules import derive_for
from index.tags.taxonomy import Taxonomy, load_taxonomy

WATERMARK = "journal_watermark"
_WRITE_CHUNK = 500


def precise_now() -> str:
    """The journal's clock: UTC with microseconds, fixed width (sorts as text)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def datestamp(stamp: str | None) -> str:
    """A store time ("2026-03-04T10:00:00+00:00") as an OAI-PMH datestamp (…Z, seconds)."""
    if not stamp:
        return "1970-01-01T00:00:00Z"
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return "1970-01-01T00:00:00Z"
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class SyncReport:
    """What one sync did."""

    checked: int
    changed: int
    entries: int


def _in_set(facet: str, value: str | None) -> Select[tuple[str]]:
    """Documents in a set (a facet's value, or any value of it when None)."""
    f = schema.reach_facets.alias()
    query = select(f.c.document_id).where(f.c.facet == facet)
    return query.where(f.c.value == value) if value is not None else query.distinct()


def _changed_at(doc: Document, kind: str) -> str:
    if kind == "gone" and doc.gone_since:
        return datestamp(doc.gone_since)
    if kind == "added" and doc.first_seen:
        return datestamp(doc.first_seen)
    return datestamp(doc.last_changed or doc.first_seen)


class JournalRepository(Repository):
    """Public records, their sets and the journal of changes (store.journal)."""

    def __init__(self, engine: Engine, documents: DocumentRepository, tags: TagRepository
                 ) -> None:
        super().__init__(engine)
        self._documents = documents
        self._tags = tags

    # -- keeping it up to date -------------------------------------------------------------

    def watermark(self) -> str | None:
        """When the last sync started (None before the first)."""
        with self._read() as conn:
            return conn.execute(select(schema.meta.c.value)
                                .where(schema.meta.c.key == WATERMARK)).scalar()

    def _candidates(self, since: str) -> list[str]:
        d, p, t, a = (schema.documents.c, schema.publications.c, schema.tags.c,
                      schema.audit_log.c)
        found: set[str] = set()
        with self._read() as conn:
            found |= {r[0] for r in conn.execute(select(d.id).where(
                (d.last_changed >= since) | (d.gone_since >= since)))}
            found |= {r[0] for r in conn.execute(select(p.id).where(p.fetched_at >= since))}
            found |= {r[0] for r in conn.execute(select(t.document_id).where(
                t.created_at >= since))}
            found |= {r[0] for r in conn.execute(select(a.document_id).where(
                a.at >= since, a.document_id.is_not(None)))}
        return sorted(found)

    def _documents_of(self, ids: list[str] | None) -> Iterator[Document]:
        if ids is None:
            yield from self._documents.iter_all()
            return
        for doc_id in ids:
            doc = self._documents.get(doc_id)
            if doc is not None and doc.id == doc_id:
                yield doc

    def sync(self, successors: Callable[[str], list[str]] | None = None, *, full: bool = False,
             taxonomy: Taxonomy | None = None) -> SyncReport:
        """Record what changed publicly since the last sync (`full`: check every document).

        `successors(number) -> [numbers]` names what replaced a superseded text
        (index/journal/lineage.py); None knows no successors.
        """
        taxonomy = taxonomy or load_taxonomy()
        started = datestamp(precise_now()).replace("Z", "+00:00")
        mark = self.watermark()
        ids = None if full or mark is None else self._candidates(mark)
        decisions = self._tags.curator_decisions(ids)
        lookup = successors or (lambda _number: [])
        fresh: dict[str, tuple[Document, PublicRecord]] = {}
        for doc in self._documents_of(ids):
            tags = apply_decisions(derive_for(taxonomy, doc), decisions.get(doc.id, []),
                                   taxonomy.labels)
            fresh[doc.id] = (doc, public_record(doc, tags, lookup(doc.id)))
        self._ensure_watermark()
        changed = entries = 0
        with self._write() as conn:
            # Take the watermark row first: a second sync waits here, then finds nothing.
            conn.execute(update(schema.meta).where(schema.meta.c.key == WATERMARK)
                         .values(value=started))
            at = precise_now()
            stored = self._digests(conn, list(fresh))
            inserts: list[dict[str, object]] = []
            facet_rows: list[dict[str, object]] = []
            change_rows: list[dict[str, object]] = []
            for doc_id in sorted(fresh):
                doc, record = fresh[doc_id]
                new_digest = digest(record)
                old = stored.get(doc_id)
                if old is not None and old[0] == new_digest:
                    continue
                changes = diff(old[1] if old else None, record)
                changed += 1
                when = _changed_at(doc, changes[0].kind) if changes else datestamp(at)
                if old is not None and when <= old[2]:
                    when = datestamp(at)  # curators, rules or lineage changed it: now
                change_rows += [{"at": at, "changed_at": when, "document_id": doc_id,
                                 "kind": c.kind, "edition": c.edition, "status": c.status,
                                 "previous": c.previous} for c in changes]
                values: dict[str, object] = {"document_id": doc_id, "status": record["status"],
                          "gone_since": doc.gone_since, "datestamp": when,
                          "digest": new_digest, "record": record}
                if old is None:
                    inserts.append(values)
                else:
                    conn.execute(update(schema.reach_records)
                                 .where(schema.reach_records.c.document_id == doc_id)
                                 .values(**{k: v for k, v in values.items()
                                            if k != "document_id"}))
                    conn.execute(delete(schema.reach_facets)
                                 .where(schema.reach_facets.c.document_id == doc_id))
                facet_rows += [{"document_id": doc_id, "facet": k, "value": v}
                               for k, v in sorted(set(facets(record)))]
            # Many rows at once (executemany): the first sync writes the whole catalogue.
            for table, rows in ((schema.reach_records, inserts),
                                (schema.reach_facets, facet_rows),
                                (schema.reach_changes, change_rows)):
                for start in range(0, len(rows), _WRITE_CHUNK * 4):
                    conn.execute(insert(table), rows[start:start + _WRITE_CHUNK * 4])
            entries = len(change_rows)
        return SyncReport(len(fresh), changed, entries)

    def _ensure_watermark(self) -> None:
        if self.watermark() is not None:
            return
        try:
            with self._write() as conn:
                conn.execute(insert(schema.meta).values(key=WATERMARK, value=""))
        except Exception:  # noqa: BLE001 - another sync made it at the same moment
            pass

    @staticmethod
    def _digests(conn: Connection, ids: list[str]
                 ) -> dict[str, tuple[str, PublicRecord, str]]:
        r = schema.reach_records.c
        out: dict[str, tuple[str, PublicRecord, str]] = {}
        for start in range(0, len(ids), _WRITE_CHUNK):
            rows = conn.execute(select(r.document_id, r.digest, r.record, r.datestamp)
                                .where(r.document_id.in_(ids[start:start + _WRITE_CHUNK])))
            out |= {row[0]: (row[1], row[2], row[3]) for row in rows}
        return out

    # -- reading the journal ---------------------------------------------------------------

    def latest_id(self) -> int:
        """The id of the newest journal entry (0: none)."""
        with self._read() as conn:
            return int(conn.execute(select(func.max(schema.reach_changes.c.id))).scalar() or 0)

    def changes(self, *, since: str | None = None, after: tuple[str, int] | None = None,
                kinds: Iterable[str] | None = None, documents: Iterable[str] | None = None,
                sets: Iterable[tuple[str, str | None]] = (), limit: int = 100,
                newest_first: bool = False
                ) -> list[JournalEntry]:
        """Journal entries, oldest first (or newest first), filtered and paged by (at, id)."""
        c = schema.reach_changes.c
        query = select(
            c.id, c.at, c.changed_at, c.document_id, c.kind, c.edition, c.status, c.previous)
        if since is not None:
            query = query.where(c.at > since)
        if after is not None:
            at, entry_id = after
            query = query.where((c.at > at) | and_(c.at == at, c.id > entry_id))
        if kinds is not None:
            query = query.where(c.kind.in_(list(kinds)))
        if documents is not None:
            query = query.where(c.document_id.in_(list(documents)))
        for facet, value in sets:
            query = query.where(c.document_id.in_(_in_set(facet, value)))
        order = (c.at.desc(), c.id.desc()) if newest_first else (c.at, c.id)
        with self._read() as conn:
            rows = conn.execute(query.order_by(*order).limit(limit))
            return [JournalEntry(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7])
                    for row in rows]

    # -- reading records ------------------------------------------------------------------

    def record(self, doc_id: str) -> StoredRecord | None:
        """One document's public record."""
        r = schema.reach_records.c
        with self._read() as conn:
            row = conn.execute(select(r.document_id, r.datestamp, r.gone_since, r.record)
                               .where(r.document_id == doc_id)).first()
        return StoredRecord(row[0], row[1], bool(row[2]), row[3]) if row else None

    def records(self, doc_ids: Iterable[str]) -> dict[str, StoredRecord]:
        """Public records by number (missing numbers are left out)."""
        r = schema.reach_records.c
        wanted = list(dict.fromkeys(doc_ids))
        out: dict[str, StoredRecord] = {}
        with self._read() as conn:
            for start in range(0, len(wanted), _WRITE_CHUNK):
                rows = conn.execute(select(r.document_id, r.datestamp, r.gone_since, r.record)
                                    .where(r.document_id.in_(wanted[start:start + 500])))
                out |= {row[0]: StoredRecord(row[0], row[1], bool(row[2]), row[3])
                        for row in rows}
        return out

    def page(self, *, start: str | None = None, until: str | None = None,
             sets: Iterable[tuple[str, str | None]] = (), after: tuple[str, str] | None = None,
             limit: int = 100) -> list[StoredRecord]:
        """Records by (datestamp, number), within [start, until], in every given set."""
        r = schema.reach_records.c
        query = select(r.document_id, r.datestamp, r.gone_since, r.record)
        if start is not None:
            query = query.where(r.datestamp >= start)
        if until is not None:
            query = query.where(r.datestamp <= until)
        if after is not None:
            query = query.where((r.datestamp > after[0])
                                | and_(r.datestamp == after[0], r.document_id > after[1]))
        for facet, value in sets:
            query = query.where(r.document_id.in_(_in_set(facet, value)))
        with self._read() as conn:
            rows = conn.execute(query.order_by(r.datestamp, r.document_id).limit(limit))
            return [StoredRecord(row[0], row[1], bool(row[2]), row[3]) for row in rows]

    def count(self, *, start: str | None = None, until: str | None = None,
              sets: Iterable[tuple[str, str | None]] = ()) -> int:
        """How many records `page` would walk through in all."""
        r = schema.reach_records.c
        query = select(func.count()).select_from(schema.reach_records)
        if start is not None:
            query = query.where(r.datestamp >= start)
        if until is not None:
            query = query.where(r.datestamp <= until)
        for facet, value in sets:
            query = query.where(r.document_id.in_(_in_set(facet, value)))
        with self._read() as conn:
            return int(conn.execute(query).scalar_one())

    def set_values(self) -> dict[str, list[tuple[str, int]]]:
        """Every set value with its number of records, by facet (OAI-PMH ListSets)."""
        f = schema.reach_facets.c
        out: dict[str, list[tuple[str, int]]] = {}
        with self._read() as conn:
            rows = conn.execute(select(f.facet, f.value, func.count())
                                .group_by(f.facet, f.value).order_by(f.facet, f.value))
            for facet, value, count in rows:
                out.setdefault(facet, []).append((value, int(count)))
        return out

    def catalogue_date(self) -> str:
        """The time of the latest change to anything the catalogue publishes."""
        return catalogue_date(self._engine)

    def earliest(self) -> str | None:
        """The earliest datestamp of any record."""
        with self._read() as conn:
            return conn.execute(select(func.min(schema.reach_records.c.datestamp))).scalar()


def catalogue_date(engine: Engine) -> str:
    """The time of the latest change to anything the catalogue publishes (packs carry it):
    documents, editions' families, publications, curator decisions and curator changes."""
    d, p, t, a = (schema.documents.c, schema.publications.c, schema.tags.c, schema.audit_log.c)
    with engine.connect() as conn:
        stamps = [conn.execute(select(func.max(column))).scalar()
                  for column in (d.last_changed, d.gone_since, p.fetched_at, t.created_at, a.at)]
    return datestamp(max((s for s in stamps if s), default=None))
