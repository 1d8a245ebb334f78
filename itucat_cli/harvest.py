"""Own the harvest commands: `crawl`, `nightly`, `reparse`, `export`, `runs`, `settings`."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itucat.config import Config, describe
from itucat.exitcodes import ExitStatus

if TYPE_CHECKING:
    from index.models import Run


def add_parsers(sub: Any) -> None:
    """Add the harvest, export and settings commands."""
    for name, text in (
        ("crawl", "harvest www.itu.int (or --base-url) into the store"),
        ("nightly", "the cron entry point: crawl, one summary line, exit 0/1/2/3"),
    ):
        cmd = sub.add_parser(name, help=text, description=text)
        cmd.add_argument("--base-url", help="harvest this host instead (a mirror)")
        cmd.add_argument("--delay", type=float, help="seconds between requests (>= 1 unless local)")
        cmd.add_argument("--revalidate", type=int, metavar="N",
                         help="also re-fetch the N families fetched longest ago (default 0)")
        cmd.add_argument("--backfill", type=int, metavar="N",
                         help="fetch at most N older editions' summaries (default: "
                              "crawler.backfill, 300)")
        cmd.add_argument("--no-progress", action="store_true", help="log lines, no progress bar")
        cmd.set_defaults(func=_harvest)

    sub.add_parser("reparse", help="rebuild every record from the raw archive, no network"
                   ).set_defaults(func=_reparse)

    export = sub.add_parser("export", help="write the catalogue as JSON Lines or CSV")
    export.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    export.set_defaults(func=_export)

    runs = sub.add_parser("runs", help="list the latest crawl runs")
    runs.add_argument("-n", type=int, default=10, help="how many")
    runs.set_defaults(func=_runs)

    sub.add_parser("settings", help="list every setting with its environment variable"
                   ).set_defaults(func=_settings)


def _reparse(args: argparse.Namespace, config: Config) -> int:
    return _harvest(args, config, replay=True)


def _settings(args: argparse.Namespace, config: Config) -> int:
    for key, env, default, text in describe():
        print(f"{key:28} {env:34} {default:14} {text}")
    return int(ExitStatus.OK)


def _harvest(args: argparse.Namespace, config: Config, replay: bool = False) -> int:
    from crawler.runner import run_harvest

    progress = None if not getattr(args, "no_progress", False) else False
    if args.command == "nightly" and not sys.stderr.isatty():
        progress = False
    outcome = run_harvest(config, command=args.command, revalidate=getattr(
        args, "revalidate", None), progress=progress, replay=replay,
        backfill=getattr(args, "backfill", None))
    if outcome.status not in (ExitStatus.OK, ExitStatus.PARTIAL):
        print(f"itucat {args.command}: {outcome.message}", file=sys.stderr)
        return int(outcome.status)
    status, message = outcome.status, outcome.message
    if args.command in ("nightly", "reparse"):
        # The search index follows the store: re-index what this run changed (or, when a
        # rebuild holds the index, queue it for that rebuild: nothing is left stale).
        indexed = _update_index(config)
        message += f" indexed={indexed}"
        # The public journal (feeds, OAI-PMH, delta API) follows the index.
        from itucat_cli.reach import sync_journal

        message += f" journal={sync_journal(config)}"
    print(f"itucat {args.command}: {message}")
    return int(status)


def _update_index(config: Config) -> str:
    """Run `itucat index update`; say how many documents it re-indexed, or "queued"."""
    from index.search import paths_for, update
    from index.store import Store

    store = Store.open(config.data_dir, config.store.database_url)
    try:
        report = update(store, paths_for(config.data_dir), wait=10.0)
    finally:
        store.close()
    if report.mode == "queued":
        logging.getLogger("itucat").info("search index busy: the update is queued for the "
                                         "writer holding it")
        return "queued"
    return str(report.indexed)


def _export(args: argparse.Namespace, config: Config) -> int:
    from index.export import write_csv, write_jsonl
    from index.store import Store

    if not Store.exists(config.data_dir, config.store.database_url):
        print(f"itucat export: no catalogue in {config.data_dir} (run itucat crawl first)",
              file=sys.stderr)
        return int(ExitStatus.FATAL)
    store = Store.open(config.data_dir, config.store.database_url)
    writer = write_jsonl if args.format == "jsonl" else write_csv
    try:
        if args.output:
            tmp = args.output.with_name(args.output.name + ".tmp")
            with tmp.open("w", encoding="utf-8", newline="") as out:
                count = writer(store, out)
            tmp.replace(args.output)  # a failed export never leaves half a file behind
        else:
            count = writer(store, sys.stdout)
    finally:
        store.close()
    print(f"itucat export: {count} documents", file=sys.stderr)
    return int(ExitStatus.OK)


def _runs(args: argparse.Namespace, config: Config) -> int:
    from index.store import Store

    store = Store.open(config.data_dir, config.store.database_url)
    for run in store.runs.latest(args.n):
        print(f"#{run.id} {run.command} {run.started_at} exit={run.exit_code}"
              f" new={run.new} changed={run.changed} unchanged={run.unchanged}"
              f" failed={run.failed} gone={run.gone} requests={run.requests}"
              f" seconds={run.seconds} backfill={run.backfill or 0}"
              f" backfill_left={_left(run)} not_found={run.not_found or 0}"
              f"{' error=' + run.error if run.error else ''}")
    store.close()
    return int(ExitStatus.OK)


def _left(run: Run) -> str:
    """Summaries the backfill still has to fetch after a run ("?" for runs before v4)."""
    return "?" if run.backfill_remaining is None else str(run.backfill_remaining)
