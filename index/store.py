"""Own all access to the catalogue store (SQLite by default, any SQLAlchemy URL later).

Nothing else in the project opens the database. Every write that belongs together runs in
one transaction, so a killed process leaves either the old or the new state of a family.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Engine,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)

from index import schema
from index.models import DocumentData, EditionData, now
from index.store_lineage import LineageStore
from index.store_publications import PublicationStore
from index.store_runs import RunStore

log = logging.getLogger("itucat.store")
SQLITE_NAME = "catalogue.sqlite"  # the embedded store's file in the data directory

_HEADER_FIELDS = [
    f.name for f in fields(DocumentData)
    if f.name not in {"id", "editions", "relations", "aliases", "lineage"}
]
# Edition fields that only a fetch which read them may write (None never erases them).
_EDITION_EXTRAS = {"edition_number", "part_of", "summary", "summary_source", "summary_url"}


class StoreError(RuntimeError):
    """The store cannot be opened or upgraded."""


@dataclass(frozen=True)
class FamilyState:
    """What the store knows of a family, for change detection."""

    family_hash: str | None
    gone_since: str | None
    last_fetched: str | None
    current_idrec: int | None
    listed_by: str | None = None  # not in the enumeration: listed by this Recommendation
    merged_into: str | None = None  # an old number of another document

    @property
    def enumerated(self) -> bool:
        """A document of ITU's enumeration (it can leave it, i.e. be gone)."""
        return self.listed_by is None and self.merged_into is None


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Store(PublicationStore, LineageStore, RunStore):
    """The catalogue store: documents, editions, relations, publications, crawl runs."""

    def __init__(self, engine: Engine, sqlite_path: Path | None = None) -> None:
        self.engine = engine
        self.sqlite_path = sqlite_path

    @staticmethod
    def exists(data_dir: Path, database_url: str = "") -> bool:
        """Whether there is a store to open (an external database URL always counts)."""
        return bool(database_url) or (data_dir / SQLITE_NAME).exists()

    @classmethod
    def open(cls, data_dir: Path, database_url: str = "") -> Store:
        """Open (creating or upgrading) the store."""
        sqlite_path = None
        if not database_url:
            data_dir.mkdir(parents=True, exist_ok=True)
            sqlite_path = data_dir / SQLITE_NAME
            database_url = f"sqlite:///{sqlite_path}"
        engine = create_engine(database_url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine, sqlite_path)
        store.upgrade()
        return store

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    # -- schema -------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The schema version of the database."""
        with self.engine.connect() as conn:
            return schema.current_version(conn)

    def upgrade(self) -> None:
        """Run pending migrations, after copying an existing SQLite file aside."""
        with self.engine.connect() as conn:
            version = schema.current_version(conn)
            has_data = bool(inspect(conn).get_table_names())
        if version > schema.SCHEMA_VERSION:
            raise StoreError(
                f"store schema {version} is newer than this program ({schema.SCHEMA_VERSION})"
            )
        if version == schema.SCHEMA_VERSION:
            return
        if has_data and self.sqlite_path is not None:
            backup = self.sqlite_path.with_suffix(f".v{version}.bak")
            self._backup_sqlite(backup)
            log.info("store schema %s -> %s (backup %s)", version, schema.SCHEMA_VERSION, backup)
        with self.engine.begin() as conn:
            for step in range(version, schema.SCHEMA_VERSION):
                schema.MIGRATIONS[step](conn)
            conn.execute(delete(schema.meta).where(schema.meta.c.key == "schema_version"))
            conn.execute(
                insert(schema.meta).values(key="schema_version", value=str(schema.SCHEMA_VERSION))
            )

    def _backup_sqlite(self, target: Path) -> None:
        assert self.sqlite_path is not None
        source = sqlite3.connect(self.sqlite_path)
        try:
            dest = sqlite3.connect(target)
            with dest:
                source.backup(dest)
            dest.close()
        finally:
            source.close()
        shutil.copymode(self.sqlite_path, target)

    # -- change detection ---------------------------------------------------------------

    def family_states(self) -> dict[str, FamilyState]:
        """Every stored family with its fingerprint and freshness."""
        d = schema.documents.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(d.id, d.family_hash, d.gone_since, d.last_fetched, d.current_idrec,
                       d.listed_by, d.merged_into)
            )
            return {r.id: FamilyState(*r[1:]) for r in rows}

    def mark_gone(self, families: list[str]) -> None:
        """Mark families that left ITU's enumeration (kept, never erased)."""
        if not families:
            return
        d = schema.documents.c
        with self.engine.begin() as conn:
            conn.execute(
                update(schema.documents)
                .where(d.id.in_(families), d.gone_since.is_(None), d.merged_into.is_(None))
                .values(gone_since=now())
            )

    # -- writing documents --------------------------------------------------------------

    def save_document(self, doc: DocumentData, family_hash: str | None) -> bool:
        """Insert or update one family with its editions and relations, atomically.

        Return True when something a reader would see changed. `family_hash` None keeps
        the stored fingerprint, so a family saved from partial data is fetched again.
        """
        d = schema.documents
        stamp = now()
        with self.engine.begin() as conn:
            old = conn.execute(select(d).where(d.c.id == doc.id)).mappings().first()
            values: dict[str, Any] = {"type": doc.type}
            for name in _HEADER_FIELDS:
                value = getattr(doc, name)
                if name == "series_titles":
                    value = list(value) or None
                if value is None and old is not None and doc.source == "enumeration":
                    continue  # partial data never erases what an earlier fetch found
                values[name] = value
            if old is not None and doc.source == "enumeration":
                values["source"] = old["source"]
            changed = old is None or any(old[k] != v for k, v in values.items())
            values["gone_since"] = None
            if family_hash is not None:
                values["family_hash"] = family_hash
                values["last_fetched"] = stamp
            if old is None:
                conn.execute(insert(d).values(id=doc.id, first_seen=stamp, last_changed=stamp,
                                              **values))
            else:
                if changed:
                    values["last_changed"] = stamp
                conn.execute(update(d).where(d.c.id == doc.id).values(**values))
            changed |= self._save_editions(conn, doc.id, doc.editions, stamp)
            if doc.relations is not None:
                changed |= self._save_relations(conn, doc)
            changed |= self._save_identity(conn, doc, stamp)
            changed |= self._save_lineage(conn, doc, stamp)
        return changed

    def _save_editions(self, conn, doc_id: str, eds: tuple[EditionData, ...], stamp: str) -> bool:
        e = schema.editions
        stored = {
            r.idrec: r
            for r in conn.execute(select(e).where(e.c.document_id == doc_id)).mappings()
        }
        changed = False
        seen = set()
        for ed in eds:
            seen.add(ed.idrec)
            values = asdict(ed)
            values.pop("idrec")
            for name in _EDITION_EXTRAS:
                if values[name] is None:
                    values.pop(name)  # not read by this fetch: keep what the store has
            old = stored.get(ed.idrec)
            differs = old is None or old["gone_since"] is not None or any(
                old[k] != v for k, v in values.items())
            if not differs:
                continue
            changed = True
            if values.get("summary") is not None:
                values["summary_checked_at"] = stamp
            if old is None:
                # An idrec moves between documents when ITU renumbers or two spellings of a
                # number become one document: follow it, keeping its files and summary.
                moved = conn.execute(update(e).where(e.c.idrec == ed.idrec).values(
                    document_id=doc_id, gone_since=None, **values)).rowcount
                if not moved:
                    conn.execute(insert(e).values(idrec=ed.idrec, document_id=doc_id, **values))
            else:
                conn.execute(
                    update(e).where(e.c.idrec == ed.idrec).values(gone_since=None, **values)
                )
        missing = [i for i, r in stored.items() if i not in seen and r["gone_since"] is None]
        if missing and eds:
            conn.execute(update(e).where(e.c.idrec.in_(missing)).values(gone_since=stamp))
            changed = True
        return changed

    def _save_relations(self, conn, doc: DocumentData) -> bool:
        r = schema.relations
        old = {
            (row.kind, row.target): dict(row)
            for row in conn.execute(select(r).where(r.c.document_id == doc.id)).mappings()
        }
        new = {}
        for rel in doc.relations or ():
            new[(rel.kind, rel.target)] = {"document_id": doc.id, **asdict(rel)}
        if old == new:
            return False
        conn.execute(delete(r).where(r.c.document_id == doc.id))
        if new:
            conn.execute(insert(r), list(new.values()))
        return True

    # -- edition files and publications -------------------------------------------------

    def editions_needing_files(self, include_known: bool = False) -> list[tuple[int, str]]:
        """Editions with an ITU edition page whose languages and formats are not known yet."""
        e = schema.editions.c
        query = select(e.idrec, e.edition_id).where(
            e.edition_id.is_not(None), e.gone_since.is_(None)
        )
        if not include_known:
            query = query.where(e.files.is_(None))
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(e.idrec))
            return [(r.idrec, r.edition_id) for r in rows]

    def save_edition_files(self, idrec: int, files: list[dict[str, Any]], files_key: str) -> None:
        """Record which languages and formats an edition exists in."""
        e = schema.editions
        with self.engine.begin() as conn:
            conn.execute(
                update(e).where(e.c.idrec == idrec).values(files=files, files_key=files_key)
            )

    # -- revalidation -------------------------------------------------------------------

    def oldest_fetched(self, limit: int, exclude: set[str]) -> list[str]:
        """Families fetched longest ago (for the opt-in revalidation budget)."""
        if limit <= 0:
            return []
        d = schema.documents.c
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(d.id)
                .where(d.gone_since.is_(None), d.family_hash.is_not(None))
                .order_by(d.last_fetched, d.id)
                .limit(limit + len(exclude))
            )
            return [r.id for r in rows if r.id not in exclude][:limit]

    # -- reading ------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Row counts per table (for status output and tests)."""
        with self.engine.connect() as conn:
            return {
                name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in (
                    ("documents", schema.documents),
                    ("editions", schema.editions),
                    ("relations", schema.relations),
                    ("publications", schema.publications),
                    ("crawl_runs", schema.crawl_runs),
                    ("lineage", schema.lineage),
                    ("aliases", schema.aliases),
                )
            }

    def iter_documents(
        self, include_gone: bool = True, include_publications: bool = True
    ) -> Iterator[dict[str, Any]]:
        """Yield every document with its editions and relations, ordered by number.

        Technical Papers, Reports and Handbooks (the publications table) come as documents
        of the same shape: one pseudo-edition carries their files, and their relations
        name the Recommendations that link to them (kind "related_to").
        """
        d, e, r = schema.documents, schema.editions, schema.relations
        with self.engine.connect() as conn:
            eds: dict[str, list[dict[str, Any]]] = {}
            for row in conn.execute(select(e).order_by(e.c.approval_date, e.c.idrec)).mappings():
                eds.setdefault(row["document_id"], []).append(dict(row))
            rels: dict[str, list[dict[str, Any]]] = {}
            for row in conn.execute(select(r).order_by(r.c.kind, r.c.target)).mappings():
                rels.setdefault(row["document_id"], []).append(dict(row))
            extras = self.document_extras(conn)
            # Documents merged into another (old numbers) are aliases, not documents.
            query = select(d).where(d.c.merged_into.is_(None)).order_by(d.c.id)
            if not include_gone:
                query = query.where(d.c.gone_since.is_(None))
            for row in conn.execute(query).mappings():
                doc = dict(row)
                doc["editions"] = eds.get(doc["id"], [])
                doc["relations"] = rels.get(doc["id"], [])
                doc.update(extras.get(doc["id"], {"aliases": [], "lineage": []}))
                yield doc
            if include_publications:
                yield from self._publication_documents(conn, rels)


