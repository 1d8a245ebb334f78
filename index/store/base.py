"""Own what every repository of the store shares: its connections and the error mapping.

A repository reads with `self._read()` and writes with `self._write()` (one transaction,
committed on success, rolled back on any error). A write that a constraint or a lock
refuses, which happens when two curators save the same decision at the same moment,
leaves nothing half-done and comes out as `StoreConflict`, never as SQLAlchemy's own
exception: nothing above index/ imports SQLAlchemy.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from index.errors import StoreConflict

log = logging.getLogger("itucat.store")


class Repository:
    """One aggregate's reads and writes over the store's engine."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def _read(self) -> Connection:
        """A connection for reading (use as a context manager)."""
        return self._engine.connect()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """A transaction; constraint and lock failures become StoreConflict."""
        try:
            with self._engine.begin() as conn:
                yield conn
        except (IntegrityError, OperationalError) as exc:
            log.warning("store write refused: %s", exc)
            raise StoreConflict("store.conflict", "the store refused a write made at the same "
                                "moment as another; nothing was changed") from exc
