"""Own the crawl runs: when each harvest ran, what it did, how it ended (store.runs)."""

from __future__ import annotations

from sqlalchemy import insert, select, update

from index import schema
from index.models import Run, RunCounts, now
from index.store.base import Repository


class RunRepository(Repository):
    """Crawl runs, newest first."""

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

