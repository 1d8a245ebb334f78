"""Own what every repository of the store shares: its connections and the error mapping.

A repository reads with `self._read()` and writes with `self._write()` (one transaction,
committed on success, rolled back on any error). SQLAlchemy's exceptions never leave the
store; `store_error` says what each one means:

- a real write conflict (a constraint refused a row two curators wrote at the same moment,
  SQLite's lock still held after its busy timeout, a PostgreSQL serialization failure or
  deadlock) is `StoreConflict` (409: try again);
- a store that cannot be written (read-only file system or database, full disk, quota) is
  `StoreReadOnly` (503: nothing was changed, the operator must act);
- a store that cannot be reached at all (unreadable file, wrong PostgreSQL password,
  server down) is `StoreUnavailable` (503);
- a value the database cannot hold (NUL in a text on PostgreSQL) is `StoreError` (400).
Nothing above index/ imports SQLAlchemy.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError

from index.errors import StoreConflict, StoreError, StoreReadOnly, StoreUnavailable

log = logging.getLogger("itucat.store")

# SQLSTATEs of PostgreSQL that mean "another transaction got there first: try again".
_PG_CONFLICT = {"40001", "40P01", "55P03"}
# SQLSTATEs that mean "this database cannot be written now".
_PG_READ_ONLY = {"25006", "53100", "53200", "53300", "54000"}
_SQLITE_CONFLICT = ("database is locked", "database table is locked", "database schema is "
                    "locked")
_SQLITE_READ_ONLY = ("readonly", "read-only", "disk is full", "disk i/o error",
                     "no space left", "database or disk is full")


def _reason(exc: BaseException) -> str:
    """The database's own words, on one line (for logs and the command line)."""
    orig = getattr(exc, "orig", None) or exc
    return " ".join(str(orig).split())[:300] or type(orig).__name__


def store_error(exc: BaseException) -> StoreError:
    """The coded store error an SQLAlchemy (or driver) exception means."""
    orig = getattr(exc, "orig", None)
    sqlstate = str(getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None) or "")
    text = _reason(exc).lower()
    reason = _reason(exc)
    if isinstance(exc, IntegrityError) or sqlstate in _PG_CONFLICT or any(
            word in text for word in _SQLITE_CONFLICT):
        return StoreConflict("store.conflict", "the store refused a write made at the same "
                             "moment as another; nothing was changed")
    if sqlstate in _PG_READ_ONLY or any(word in text for word in _SQLITE_READ_ONLY):
        return StoreReadOnly("store.read_only", "the store cannot be written ({reason}); "
                             "nothing was changed", reason=reason)
    if "nul" in text and ("0x00" in text or "character" in text):
        return StoreError("store.bad_text", "a text holds a NUL character, which the store "
                          "refuses")
    return StoreUnavailable("store.unavailable", "the store cannot be reached ({reason})",
                            reason=reason)


def _is_database_error(exc: BaseException) -> bool:
    """A failure of the database (or of handing it a value), not a bug of the caller."""
    if isinstance(exc, DBAPIError):
        return True
    inner = getattr(exc, "orig", exc)
    return isinstance(inner, ValueError) and "NUL" in str(inner)


class Repository:
    """One aggregate's reads and writes over the store's engine."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection for reading; database failures become coded store errors."""
        try:
            with self._engine.connect() as conn:
                yield conn
        except (StatementError, ValueError) as exc:
            if not _is_database_error(exc):
                raise
            error = store_error(exc)
            log.debug("store read failed: %s", _reason(exc))
            raise error from exc

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A transaction; database failures become coded store errors, nothing half-done."""
        try:
            with self._engine.begin() as conn:
                yield conn
        except (StatementError, ValueError) as exc:
            if not _is_database_error(exc):
                raise
            error = store_error(exc)
            log.debug("store write refused: %s", _reason(exc))
            raise error from exc
