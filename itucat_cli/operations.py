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
