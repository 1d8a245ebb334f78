"""Own backups of the store: an online SQLite copy, checking a copy, restoring one.

- `backup_sqlite` copies the live SQLite store with SQLite's online backup API, a few
  hundred pages at a time, so the site and the crawler go on reading and writing; the
  copy is checked before it is put at its destination (never half a file there).
- `check_backup` opens a copy read-only and checks it: SQLite's integrity check, a schema
  this program can read, the audit log's hash chain; it says what the copy holds.
- `restore` puts a checked copy in place of a store: into SQLite through the backup API
  again (readers holding the old file see the new one on their next transaction; the old
  one is kept aside first), into PostgreSQL only when it is empty (a new server of the
  multi-server layout), table by table in one transaction.
PostgreSQL stores are backed up with pg_dump (README: Backups).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, Integer, Table, func, insert, select, text

from index import schema
from index.errors import StoreError, StoreUnavailable
from index.store.database import Store

PAGES_PER_STEP = 256  # pages copied between two pauses of the online backup


@dataclass
class BackupCheck:
    """What a backup holds, and whether it can be restored."""

    path: Path
    schema_version: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    audit_entries: int = 0
    audit_head: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def line(self) -> str:
        """One summary line."""
        counts = " ".join(f"{k}={v}" for k, v in self.counts.items())
        return (f"schema={self.schema_version} {counts} audit={self.audit_entries}"
                f" head={self.audit_head or '-'}")


def _copy_sqlite(source: Path, target: Path) -> None:
    """Copy one SQLite database into another file with the online backup API."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
        dest = sqlite3.connect(target)
        try:
            src.backup(dest, pages=PAGES_PER_STEP, sleep=0.005)
            dest.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            dest.close()
    finally:
        src.close()


def backup_sqlite(store: Store, destination: Path) -> BackupCheck:
    """Copy a running SQLite store to `destination` (a file, or a folder to put it in)."""
    if store.sqlite_path is None:
        raise StoreError("store.backup_postgresql", "the store is PostgreSQL: back it up "
                         "with pg_dump (see README, Backups)")
    if destination.is_dir():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        destination = destination / f"catalogue-{stamp}.sqlite"
    tmp = destination.with_name(destination.name + ".partial")
    tmp.unlink(missing_ok=True)
    try:
        _copy_sqlite(store.sqlite_path, tmp)
        check = check_backup(tmp)
        if not check.ok:
            raise StoreError("store.backup_bad", "the copy failed its check: {problems}",
                             problems="; ".join(check.problems))
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, destination)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    check.path = destination
    return check


def check_backup(path: Path) -> BackupCheck:
    """Check a backup file: integrity, schema, audit chain; what it holds."""
    check = BackupCheck(path)
    if not path.is_file():
        check.problems.append(f"{path} is not a file")
        return check
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        check.problems.append(f"not an SQLite store: {exc}")
        return check
    if verdict != "ok":
        check.problems.append(f"integrity check: {verdict}")
        return check
    try:
        store = Store.open_file_read_only(path)
    except StoreError as exc:
        check.problems.append(str(exc))
        return check
    try:
        check.schema_version = store.schema_version()
        check.counts = {**store.documents.counts(),
                        "users": len(store.accounts.all()), "tags": len(store.tags.all())}
        chain = store.audit.verify()
        check.audit_entries = chain.entries
        check.audit_head = f"{chain.head_id}:{chain.head_hash}" if chain.head_id else ""
        check.problems += [f"audit entry {i}: {p}" for i, p in chain.problems[:5]]
    except StoreError as exc:
        check.problems.append(str(exc))
    finally:
        store.close()
    return check


def restore(store: Store, source: Path) -> BackupCheck:
    """Put a checked backup in place of the store's contents; return the check."""
    check = check_backup(source)
    if not check.ok:
        raise StoreError("store.restore_refused", "{path} was not restored: {problems}",
                         path=str(source), problems="; ".join(check.problems))
    if check.schema_version != schema.SCHEMA_VERSION:
        raise StoreError("store.restore_refused", "{path} has schema {version}; this "
                         "program restores schema {supported} (open it with the program "
                         "that made it, or upgrade a copy first)", path=str(source),
                         version=check.schema_version, supported=schema.SCHEMA_VERSION)
    if store.read_only:
        raise StoreUnavailable("store.read_only", "the store cannot be written")
    if store.sqlite_path is not None:
        _restore_sqlite(store.sqlite_path, source)
    else:
        _restore_into_empty(store, source)
    return check


def _restore_sqlite(live: Path, source: Path) -> None:
    """Keep the current store aside, then copy the backup into it (readers switch over)."""
    if live.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        _copy_sqlite(live, live.with_name(f"catalogue.before-restore-{stamp}.sqlite"))
    src = sqlite3.connect(f"file:{source}?mode=ro&immutable=1", uri=True)
    try:
        dest = sqlite3.connect(live, timeout=30)
        try:
            src.backup(dest)
            dest.execute("PRAGMA journal_mode=WAL")
        finally:
            dest.close()
    finally:
        src.close()


def _restore_into_empty(store: Store, source: Path) -> None:
    """Copy every table of an SQLite backup into an empty PostgreSQL store."""
    backup = Store.open_file_read_only(source)
    try:
        with store.engine.begin() as target:
            for table in schema.metadata.sorted_tables:
                if table is schema.meta:
                    continue
                if target.execute(select(func.count()).select_from(table)).scalar_one():
                    raise StoreError("store.restore_refused", "the store is not empty "
                                     "({table} has rows): restore into a new database",
                                     table=table.name)
            with backup.engine.connect() as source_conn:
                for table in schema.metadata.sorted_tables:
                    if table is schema.meta:
                        continue
                    rows = [dict(r) for r in source_conn.execute(select(table)).mappings()]
                    for start in range(0, len(rows), 2000):
                        target.execute(insert(table), rows[start:start + 2000])
                    _advance_sequence(target, table)
    finally:
        backup.close()


def _advance_sequence(conn: Connection, table: Table) -> None:
    """On PostgreSQL, move an id sequence past the ids just copied."""
    if conn.dialect.name != "postgresql" or "id" not in table.c:
        return
    if not isinstance(table.c.id.type, Integer) or table.c.id.autoincrement is False:
        return
    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                      f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"))
