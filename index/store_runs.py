"""Own the store's record of crawl runs (a mixin of `index.store.Store`): start, finish, list."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, insert, select, update

from index import schema
from index.models import RunCounts, now


class RunStore:
    """Crawl runs; needs `self.engine`."""

    engine: Engine

    def start_run(self, command: str, base_url: str) -> int:
        """Record the start of a run; return its id."""
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(schema.crawl_runs).values(
                    started_at=now(), command=command, base_url=base_url, completed=False
                )
            )
            key = result.inserted_primary_key
            assert key is not None  # an INSERT always names its row
            return int(key[0])

    def finish_run(
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
        """Record how a run ended."""
        with self.engine.begin() as conn:
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

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        """The latest crawl runs, newest first."""
        c = schema.crawl_runs.c
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.crawl_runs).order_by(c.id.desc()).limit(limit))
            return [dict(r) for r in rows.mappings()]
