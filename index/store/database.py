"""Own the catalogue store's database: opening, upgrading, and the repositories on it.

Nothing else in the project opens the database: every read and write goes through one
repository per aggregate, reached from `Store` (`store.documents`, `store.publications`,
`store.runs`, `store.lineage`, `store.aliases`, `store.summaries`, `store.accounts`,
`store.tags`, `store.notes`, `store.batches`, `store.audit`; reach: `store.metrics`,
`store.collections`, `store.journal`). Every write that belongs together runs in one
transaction, so a killed process leaves either the old or the new state of a family.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, insert, inspect
from sqlalchemy.exc import ArgumentError, DBAPIError

from index import schema
from index.errors import StoreError, StoreReadOnly, StoreUnavailable
from index.store.accounts import AccountRepository
from index.store.aliases import AliasRepository
from index.store.audit import AuditRepository
from index.store.base import store_error
from index.store.batches import BatchRepository
from index.store.collections import CollectionRepository
from index.store.documents import DocumentRepository
from index.store.journal import JournalRepository
from index.store.lineage import LineageRepository
from index.store.metrics import MetricsRepository
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


def _sqlite_read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _writable(path: Path) -> bool:
    """Whether the SQLite file and its folder (for the WAL and journal files) can be written."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


class Store:
    """The catalogue store: one repository per aggregate over one database."""

    def __init__(self, engine: Engine, sqlite_path: Path | None = None,
                 read_only: bool = False) -> None:
        self.engine = engine  # for the repositories of index/store/ only
        self.sqlite_path = sqlite_path
        self.read_only = read_only  # an SQLite file on a disk that cannot be written
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
        # Reach (issue 11): demand metrics, curated collections, the public journal.
        self.metrics = MetricsRepository(engine)
        self.collections = CollectionRepository(engine)
        self.journal = JournalRepository(engine, self.documents, self.tags)

    @staticmethod
    def exists(data_dir: Path, database_url: str = "") -> bool:
        """Whether there is a store to open (an external database URL always counts)."""
        return bool(database_url) or (data_dir / SQLITE_NAME).exists()

    @classmethod
    def open(cls, data_dir: Path, database_url: str = "") -> Store:
        """Open (creating or upgrading) the store; StoreUnavailable when it cannot be used.

        An SQLite store on a disk that cannot be written (a read-only mount, a read-only
        file) is opened read-only: readers are served, every write is StoreReadOnly.
        """
        try:
            return cls._open(Path(data_dir), database_url)
        except StoreError:
            raise
        except OSError as exc:
            raise StoreUnavailable("store.unavailable", "cannot use the data directory "
                                   "{path} ({reason})", path=str(data_dir),
                                   reason=exc.strerror or str(exc)) from exc
        except ArgumentError as exc:
            raise StoreUnavailable("store.bad_url", "store.database_url is not a database "
                                   "address ({reason})", reason=str(exc)) from exc
        except DBAPIError as exc:
            raise store_error(exc) from exc

    @classmethod
    def open_file_read_only(cls, path: Path) -> Store:
        """Open an SQLite file (a backup) read-only, never upgrading or changing it."""
        engine = create_engine(f"sqlite:///file:{path}?mode=ro&immutable=1&uri=true")
        event.listen(engine, "connect", _sqlite_read_only_pragmas)
        store = cls(engine, None, read_only=True)
        try:
            version = store.schema_version()
        except DBAPIError as exc:
            engine.dispose()
            raise store_error(exc) from exc
        if version > schema.SCHEMA_VERSION or version == 0:
            engine.dispose()
            raise StoreUnavailable("store.newer_schema", "{path} has store schema {version}, "
                                   "which this program cannot read", path=str(path),
                                   version=version)
        return store

    @classmethod
    def _open(cls, data_dir: Path, database_url: str) -> Store:
        sqlite_path = None
        read_only = False
        if not database_url:
            sqlite_path = data_dir / SQLITE_NAME
            if sqlite_path.exists() and not _writable(sqlite_path):
                read_only = True
                database_url = f"sqlite:///file:{sqlite_path}?mode=ro&immutable=1&uri=true"
            else:
                data_dir.mkdir(parents=True, exist_ok=True)
                database_url = f"sqlite:///{sqlite_path}"
        engine = create_engine(database_url)
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect",
                         _sqlite_read_only_pragmas if read_only else _sqlite_pragmas)
        store = cls(engine, sqlite_path, read_only)
        try:
            store.upgrade()
        except BaseException:
            engine.dispose()
            raise
        if read_only:
            log.info("%s cannot be written: the store is open read-only", sqlite_path)
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
        if self.read_only:
            raise StoreReadOnly("store.read_only", "the store cannot be written (schema "
                                "{version} needs an upgrade to {supported} on a writable "
                                "disk)", version=version, supported=schema.SCHEMA_VERSION)
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
