"""Own a whole harvest command: lock, open store and archive, run, record the run, exit code."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from crawler.archive import RawArchive
from crawler.crawl import EnumerationError, Harvest, RunResult
from crawler.fetch import Fetcher, FetchError
from crawler.lock import LockHeld, RunLock
from crawler.replay import ArchiveSource
from index.models import RunCounts
from index.store import Store, StoreError
from itucat.config import Config, ConfigError
from itucat.exitcodes import ExitStatus

log = logging.getLogger("itucat.run")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Outcome:
    """How a command ended: exit status, what happened, the one-line summary."""

    status: ExitStatus
    message: str
    result: RunResult | None = None


def check_politeness(config: Config) -> None:
    """Refuse a delay under 1 s against anything but a local mirror."""
    host = urlsplit(config.crawler.base_url).hostname or ""
    if config.crawler.delay < 1.0 and host not in LOCAL_HOSTS:
        raise ConfigError(
            f"crawler.delay {config.crawler.delay} s is below 1 s: allowed only against a"
            " local mirror (127.0.0.1/localhost)"
        )
    if config.crawler.delay < 0:
        raise ConfigError("crawler.delay must not be negative")


def archive_path(config: Config) -> Path:
    """Where the raw archive lives."""
    return config.data_dir / "raw-archive.sqlite"


def run_harvest(
    config: Config,
    *,
    command: str = "crawl",
    revalidate: int | None = None,
    progress: bool | None = None,
    replay: bool = False,
    backfill: int | None = None,
) -> Outcome:
    """Run one harvest (or an offline re-parse) under the lock and record it in the store.

    `revalidate` and `backfill` override crawler.revalidate and crawler.backfill.
    """
    try:
        if not replay:
            check_politeness(config)
        if backfill is not None and backfill < 0:
            raise ConfigError("--backfill must be 0 or more")
        with RunLock(config.data_dir / "itucat.lock"):
            return _locked_run(config, command, revalidate, progress, replay, backfill)
    except LockHeld as exc:
        return Outcome(ExitStatus.LOCKED, str(exc))
    except (ConfigError, StoreError) as exc:
        return Outcome(ExitStatus.FATAL, str(exc))


def _locked_run(
    config: Config, command: str, revalidate: int | None, progress: bool | None, replay: bool,
    backfill: int | None,
) -> Outcome:
    store = Store.open(config.data_dir, config.store.database_url)
    archive = RawArchive(archive_path(config))
    source = ArchiveSource(archive) if replay else Fetcher(config.crawler, archive)
    run_id = store.runs.start(command, "archive" if replay else config.crawler.base_url)
    started = time.monotonic()
    harvest = Harvest(config.crawler, store, source, progress=progress, replay=replay)
    budget = config.crawler.revalidate if revalidate is None else revalidate
    summaries = config.crawler.backfill if backfill is None else backfill
    try:
        result = harvest.run(revalidate=0 if replay else budget, backfill=summaries)
    except (EnumerationError, FetchError) as exc:
        store.runs.finish(run_id, RunCounts(), requests=source.requests,
                         seconds=time.monotonic() - started, exit_code=ExitStatus.FATAL,
                         error=str(exc))
        return Outcome(ExitStatus.FATAL, str(exc))
    finally:
        archive.close()
    status = ExitStatus.PARTIAL if result.counts.failed else ExitStatus.OK
    store.runs.finish(run_id, result.counts, requests=result.requests, seconds=result.seconds,
                      exit_code=int(status), backfill=result.backfill.fetched,
                      backfill_remaining=result.backfill.remaining, not_found=result.not_found)
    store.close()
    return Outcome(status, result.summary, result)
