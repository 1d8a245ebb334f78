"""Own the operators' commands: `itucat audit verify`, `itucat backup`, `itucat restore`.

`audit verify` recomputes the audit log's hash chain (index/chain.py) and prints its head
(`head=ID:HASH`, worth keeping outside the store: `--anchor ID:HASH` later proves that
the log was not rewritten or cut back since). `backup` copies the SQLite store while the
site runs (SQLite's online backup API) and checks the copy; `restore` checks a backup,
then puts it in place of the store (README: "Backups").
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from index.store import Store
from itucat.config import Config
from itucat.exitcodes import ExitStatus


def add_parsers(subparsers: Any) -> None:
    """Add `audit`, `backup` and `restore` to the command line."""
    audit = subparsers.add_parser("audit", help="check the audit log",
                                  description="Check the audit log's hash chain.")
    actions = audit.add_subparsers(dest="audit_command", required=True)
    verify = actions.add_parser("verify", help="recompute the hash chain; print its head")
    verify.add_argument("--anchor", metavar="ID:HASH",
                        help="also check that entry ID still has this hash (a head printed "
                        "by an earlier verify)")
    audit.set_defaults(func=_audit)

    backup = subparsers.add_parser(
        "backup", help="copy the store while the site runs, checked (SQLite)",
        description="Copy the SQLite store with its online backup API (the site and the "
        "crawler go on), check the copy, write it to DEST (a file, or a folder to put "
        "catalogue-<time>.sqlite in). A PostgreSQL store: use pg_dump.")
    backup.add_argument("destination", type=Path)
    backup.set_defaults(func=_backup)
    restore = subparsers.add_parser(
        "restore", help="check a backup, then put it in place of the store",
        description="Check a backup (integrity, schema, audit chain), keep the current "
        "store aside, restore the backup into it (into PostgreSQL only when empty), then "
        "rebuild the search index.")
    restore.add_argument("source", type=Path)
    restore.add_argument("--no-index", action="store_true",
                         help="do not rebuild the search index afterwards")
    restore.set_defaults(func=_restore)


def _anchor(text: str | None) -> tuple[int, str] | None:
    if not text:
        return None
    number, _, digest = text.partition(":")
    if not number.isascii() or not number.isdigit() or len(digest) != 64:
        raise ValueError(f"--anchor needs ID:HASH (a head printed by verify), not {text!r}")
    return int(number), digest.lower()


def _audit(args: argparse.Namespace, config: Config) -> int:
    try:
        anchor = _anchor(args.anchor)
    except ValueError as exc:
        print(f"itucat audit: {exc}", file=sys.stderr)
        return int(ExitStatus.FATAL)
    store = Store.open(config.data_dir, config.store.database_url)
    try:
        report = store.audit.verify(anchor)
    finally:
        store.close()
    head = f"{report.head_id}:{report.head_hash}" if report.head_id else "-"
    for entry_id, problem in report.problems[:50]:
        print(f"itucat audit: entry {entry_id}: {problem}", file=sys.stderr)
    if not report.ok:
        print(f"itucat audit: NOT intact: {len(report.problems)} problem(s) in "
              f"{report.entries} entries", file=sys.stderr)
        return int(ExitStatus.FATAL)
    print(f"itucat audit: intact entries={report.entries} head={head}")
    return int(ExitStatus.OK)


def _backup(args: argparse.Namespace, config: Config) -> int:
    from index.store.backup import backup_sqlite

    if config.store.database_url:
        print("itucat backup: the store is PostgreSQL: back it up with pg_dump, e.g. "
              "pg_dump --format=custom --file=DEST \"$DATABASE_URL\" (README, Backups)",
              file=sys.stderr)
        return int(ExitStatus.FATAL)
    if not Store.exists(config.data_dir):
        print(f"itucat backup: no store in {config.data_dir}", file=sys.stderr)
        return int(ExitStatus.FATAL)
    store = Store.open(config.data_dir)
    try:
        check = backup_sqlite(store, args.destination)
    finally:
        store.close()
    print(f"itucat backup: {check.path} {check.line()}")
    return int(ExitStatus.OK)


def _restore(args: argparse.Namespace, config: Config) -> int:
    from crawler.lock import RunLock
    from index.search import paths_for, rebuild
    from index.store.backup import restore

    with RunLock(config.data_dir / "itucat.lock"):  # no crawl writes meanwhile
        store = Store.open(config.data_dir, config.store.database_url)
        try:
            check = restore(store, args.source)
            print(f"itucat restore: {args.source} restored: {check.line()}")
            if not args.no_index:
                report = rebuild(store, paths_for(config.data_dir))
                print(f"itucat index {report.line()}")
        finally:
            store.close()
    return int(ExitStatus.OK)
