"""Own the crawl runs: when each harvest ran, what it did, how it ended (store.runs).

`exclusive()` is the crawl lock held in the store itself: on PostgreSQL a session
advisory lock (released by the server if the holder dies), so that of several web nodes
sharing one store only one runs the nightly crawl; on SQLite, a single machine's file,
the data directory's lock file (crawler/lock.py) already is that lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import insert, select, text, update

from index import schema
from index.models import Run, RunCounts, now
from index.store.base import Repository

CRAWL_LOCK = 74_001  # PostgreSQL advisory lock key of the crawl


class RunRepository(Repository):
    """Crawl runs, newest first."""

    @contextmanager
    def exclusive(self) -> Iterator[bool]:
        """Hold the store's crawl lock while the block runs; yields False if another has it."""
        if self._engine.dialect.name != "postgresql":
            yield True
            return
        with self._read() as conn:
            got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                    {"k": CRAWL_LOCK}).scalar())
            conn.commit()
            try:
                yield got
            finally:
                if got:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": CRAWL_LOCK})
                    conn.commit()

    def start(self, command: str, base_url: str) -> int:
        """Record the start of a run; return its id."""
        with self._write() as conn:
            result = conn.execute(
                insert(schema.crawl_runs).values(
                    started_at=now(), command=command, base_url=base_url, completed=False
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

    def finish(
        self,
        run_id: int,
        counts: RunCounts,
        *,
        requests: int,
        seconds: float,
        exit_code: int,
        error: str | None = None,
        backfill: int = 0,
        backfill_remaining: int | None = None,
        not_found: int = 0,
    ) -> None:
        """Record how a run ended (with what its summary backfill did and left)."""
        with self._write() as conn:
            conn.execute(
                update(schema.crawl_runs)
                .where(schema.crawl_runs.c.id == run_id)
                .values(
                    finished_at=now(),
                    new=counts.new,
                    changed=counts.changed,
                    unchanged=counts.unchanged,
                    failed=counts.failed,
                    gone=counts.gone,
                    requests=requests,
                    seconds=round(seconds, 3),
                    exit_code=exit_code,
                    completed=True,
                    error=error,
                    failures=counts.failures or None,
                    backfill=backfill,
                    backfill_remaining=backfill_remaining,
                    not_found=not_found,
                )
            )

    def latest(self, limit: int = 20) -> list[Run]:
        """The latest crawl runs, newest first."""
        c = schema.crawl_runs.c
        with self._read() as conn:
            rows = conn.execute(select(schema.crawl_runs).order_by(c.id.desc()).limit(limit))
            return [Run(**r) for r in rows.mappings()]

