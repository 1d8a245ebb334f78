"""Own the catalogue store's database: opening, upgrading, and the repositories on it.

Nothing else in the project opens the database: every read and write goes through one
repository per aggregate, reached from `Store` (`store.documents`, `store.publications`,
`store.runs`, `store.lineage`, `store.aliases`, `store.summaries`, `store.accounts`,
`store.tags`, `store.notes`, `store.batches`, `store.audit`, `store.changes`). Every
write that belongs together runs in one transaction (its change-log entries included), so
a killed process leaves either the old or the new state of a family.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, insert, inspect

from index import schema
from index.errors import StoreUnavailable
from index.store.accounts import AccountRepository
from index.store.aliases import AliasRepository
from index.store.audit import AuditRepository
from index.store.batches import BatchRepository
from index.store.changes import ChangeRepository
from index.store.documents import DocumentRepository
from index.store.lineage import LineageRepository
from index.store.notes import NoteRepository
from index.store.publications import PublicationRepository
from index.store.runs import RunRepository
from index.store.summaries import SummaryRepository
from index.store.tags import TagRepository

log = logging.getLogger("itucat.store")
SQLITE_NAME = "catalogue.sqlite"  # the embedded store's file in the data directory


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


class Store:
    """The catalogue store: one repository per aggregate over one database."""

    def __init__(self, engine: Engine, sqlite_path: Path | None = None) -> None:
        self.engine = engine  # for the repositories of index/store/ only
        self.sqlite_path = sqlite_path
        self.documents = DocumentRepository(engine)
        self.publications = PublicationRepository(engine)
        self.runs = RunRepository(engine)
        self.lineage = LineageRepository(engine)
        self.aliases = AliasRepository(engine)
        self.summaries = SummaryRepository(engine)
        self.audit = AuditRepository(engine)
        self.accounts = AccountRepository(engine)
        self.tags = TagRepository(engine)
        self.notes = NoteRepository(engine)
        self.batches = BatchRepository(engine)
        self.changes = ChangeRepository(engine)

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
            raise StoreUnavailable(
                "store.newer_schema", "store schema {version} is newer than this program "
                "({supported})", version=version, supported=schema.SCHEMA_VERSION)
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
