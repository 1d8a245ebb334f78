"""Own a whole harvest command: lock, open store and archive, run, record the run, exit code.

Whatever ends a run, its row in `crawl_runs` is closed with an exit code and, for a
failure, the error: an upstream that cannot be enumerated or a storage fault (read-only
or full disk, a database that went away) is fatal (2), and so is any unexpected exception
(recorded, then raised for the command line to print in one line).
"""

from __future__ import annotations

import logging
import sqlite3
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
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        return Outcome(ExitStatus.FATAL, f"cannot write{where}: {exc.strerror or exc}")


def _locked_run(
    config: Config, command: str, revalidate: int | None, progress: bool | None, replay: bool,
    backfill: int | None,
) -> Outcome:
    store = Store.open(config.data_dir, config.store.database_url)
    try:
        with store.runs.exclusive() as got:
            if not got:
                return Outcome(ExitStatus.LOCKED, "another node runs the crawl (the crawl "
                               "lock is held in the store)")
            return _run_in_store(config, store, command, revalidate, progress, replay,
                                 backfill)
    finally:
        store.close()


def _run_in_store(config: Config, store: Store, command: str, revalidate: int | None,
                  progress: bool | None, replay: bool, backfill: int | None) -> Outcome:
    archive = RawArchive(archive_path(config))
    source = ArchiveSource(archive) if replay else Fetcher(config.crawler, archive)
    run_id = store.runs.start(command, "archive" if replay else config.crawler.base_url)
    started = time.monotonic()
    harvest = Harvest(config.crawler, store, source, progress=progress, replay=replay)
    budget = config.crawler.revalidate if revalidate is None else revalidate
    summaries = config.crawler.backfill if backfill is None else backfill
    try:
        result = harvest.run(revalidate=0 if replay else budget, backfill=summaries)
    except (EnumerationError, FetchError, StoreError, OSError, sqlite3.Error) as exc:
        message = str(exc) if not isinstance(exc, OSError) else (
            f"cannot write{f' {exc.filename}' if exc.filename else ''}: "
            f"{exc.strerror or exc}")
        _close_failed(store, run_id, source.requests, started, message)
        return Outcome(ExitStatus.FATAL, message)
    except BaseException as exc:
        _close_failed(store, run_id, source.requests, started,
                      f"{type(exc).__name__}: {exc}")
        raise
    finally:
        archive.close()
    status = ExitStatus.PARTIAL if result.counts.failed else ExitStatus.OK
    store.runs.finish(run_id, result.counts, requests=result.requests, seconds=result.seconds,
                      exit_code=int(status), backfill=result.backfill.fetched,
                      backfill_remaining=result.backfill.remaining, not_found=result.not_found)
    return Outcome(status, result.summary, result)


def _close_failed(store: Store, run_id: int, requests: int, started: float,
                  error: str) -> None:
    """Close a failed run's row (fatal, with its error), if the store still takes writes."""
    try:
        store.runs.finish(run_id, RunCounts(), requests=requests,
                          seconds=time.monotonic() - started, exit_code=ExitStatus.FATAL,
                          error=error[:2000])
    except StoreError as exc:  # the store itself is what failed: say so in the log
        log.error("could not record the end of run %s: %s", run_id, exc)
