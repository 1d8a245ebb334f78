"""The store backends tests run on: SQLite always, PostgreSQL where a server is reachable.

One parametrised fixture, `backend` (tests/conftest.py), gives "sqlite" or "postgresql".
A module opts into the PostgreSQL variant with `BACKENDS = BOTH`; the others run on
SQLite only, so the suite does not run twice. `.ci/run` starts Debian's PostgreSQL and
sets ITUCAT_TEST_POSTGRES (an admin URL) and ITUCAT_TEST_POSTGRES_REQUIRED=1, so in CI a
missing server fails the PostgreSQL variants instead of skipping them.

`postgres_copy(data_dir)` makes a new, empty database and restores the data directory's
SQLite store into it with the product's own restore (index/store/backup.py); the
database is dropped when the test ends.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

BOTH = ("sqlite", "postgresql")
DEFAULT_ADMIN_URL = "postgresql+psycopg://itucat:itucat@127.0.0.1:5432/postgres"


def admin_url() -> str:
    return os.environ.get("ITUCAT_TEST_POSTGRES", DEFAULT_ADMIN_URL)


def _required() -> bool:
    return os.environ.get("ITUCAT_TEST_POSTGRES_REQUIRED", "") == "1"


def _admin_engine():
    from sqlalchemy import create_engine

    return create_engine(admin_url(), isolation_level="AUTOCOMMIT")


_REACHABLE: list[bool | str] = []


def require_postgres() -> None:
    """Skip (or fail in CI) when no PostgreSQL server takes the test role."""
    if not _REACHABLE:
        try:
            engine = _admin_engine()
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
            engine.dispose()
            _REACHABLE.append(True)
        except Exception as exc:  # noqa: BLE001 - any failure means "no server here"
            _REACHABLE.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
    if _REACHABLE[0] is not True:
        reason = f"no PostgreSQL server for the tests at {admin_url()} ({_REACHABLE[0]})"
        if _required():
            pytest.fail(reason)
        pytest.skip(reason)


def _url(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(admin_url()).set(database=name).render_as_string(hide_password=False)


def _admin(statement: str) -> None:
    """Run one statement on the server's admin connection (CREATE/DROP DATABASE)."""
    engine = _admin_engine()
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(statement)
    finally:
        engine.dispose()


def _create(name: str, template: str) -> None:
    _admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}" ENCODING \'UTF8\'')


def _drop(name: str, attempts: int = 10) -> None:
    # FORCE ends the test's own sessions, but the test role may not end an autovacuum
    # worker that happens to be on the database ("must be a member of the role whose
    # process is being terminated"): that worker is done within moments, so try again.
    from sqlalchemy.exc import DBAPIError

    for attempt in range(attempts):
        try:
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except DBAPIError as exc:
            if "InsufficientPrivilege" not in type(exc.orig).__name__ or attempt + 1 == attempts:
                raise
            time.sleep(0.5)


@contextmanager
def fresh_database(template: str = "template0") -> Iterator[str]:
    """A new PostgreSQL database (a copy of `template`); yields its URL, drops it after."""
    require_postgres()
    name = f"itucat_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    _create(name, template)
    try:
        yield _url(name)
    finally:
        _drop(name)


_TEMPLATES: dict[str, str] = {}


def _template_of(sqlite_file: Path) -> str:
    """A template database holding this SQLite store (made once per content, per process)."""
    from index.store import Store
    from index.store.backup import restore

    digest = hashlib.sha256(sqlite_file.read_bytes()).hexdigest()[:12]
    if digest not in _TEMPLATES:
        name = f"itucat_tpl_{os.getpid()}_{digest}"
        _drop(name)
        _create(name, "template0")
        atexit.register(_drop, name)
        store = Store.open(sqlite_file.parent, _url(name))
        try:
            restore(store, sqlite_file)
        finally:
            store.close()
        _TEMPLATES[digest] = name
    return _TEMPLATES[digest]


@contextmanager
def postgres_copy(data_dir: Path) -> Iterator[str]:
    """A new PostgreSQL store holding a copy of the data directory's SQLite store."""
    require_postgres()
    with fresh_database(_template_of(data_dir / "catalogue.sqlite")) as url:
        yield url
