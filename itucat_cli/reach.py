"""Own the reach commands: `report`, `pack`, `reach sync`, `metrics prune`.

`itucat report --year Y` prints the year's figures for TSAG, each with its definition
(HTML, CSV or JSON); `itucat pack` writes the same offline pack as the site's; `itucat
reach sync` brings the public journal (feeds, OAI-PMH, delta API) up to date, which
`itucat nightly` also does after re-indexing; `itucat metrics prune` drops raw metric rows
older than `metrics.retention_days` (the site does it hourly too).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from itucat.config import Config
from itucat.exitcodes import ExitStatus

LANGS = ["ar", "en", "es", "fr", "ru", "zh"]


def add_parsers(sub: Any) -> None:
    """Add `report`, `pack`, `reach` and `metrics` to the command line."""
    report = sub.add_parser("report", help="the year's figures for the annual report to TSAG",
                            description="Demand and catalogue figures of one calendar year, "
                            "each with its definition.")
    report.add_argument("--year", type=int, required=True, help="calendar year, e.g. 2026")
    report.add_argument("--format", choices=["html", "csv", "json"], default="html")
    report.add_argument("--lang", choices=LANGS, default="en", help="language of the words")
    report.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    report.set_defaults(func=_report)

    pack = sub.add_parser("pack", help="write an offline pack (ZIP) of a search or collection",
                          description="The same ZIP as the site's offline pack: static HTML "
                          "that works from a USB stick, CSV and JSON, ITU's download sizes.")
    pack.add_argument("query", nargs="*", help="search words (empty: every document)")
    pack.add_argument("--filter", action="append", default=[], metavar="KEY=VALUE",
                      help="as on the site: topic, region, type, sg, dc, kind, status, year, "
                      "language (repeatable)")
    pack.add_argument("--collection", help="a curated collection's id instead of a search")
    pack.add_argument("--lang", choices=LANGS, default="en", help="language of the pages")
    pack.add_argument("-o", "--output", type=Path, required=True, help="the ZIP to write")
    pack.set_defaults(func=_pack)

    reach = sub.add_parser("reach", help="the public journal of changes (feeds, OAI-PMH, "
                           "delta API)")
    actions = reach.add_subparsers(dest="reach_command", required=True)
    sync = actions.add_parser("sync", help="record what changed publicly since the last sync")
    sync.add_argument("--full", action="store_true", help="check every document (after a "
                      "taxonomy change)")
    reach.set_defaults(func=_sync)

    metrics = sub.add_parser("metrics", help="demand metrics upkeep")
    metric_actions = metrics.add_subparsers(dest="metrics_command", required=True)
    metric_actions.add_parser("prune", help="drop raw rows older than metrics.retention_days")
    metrics.set_defaults(func=_prune)


def _need_store(config: Config, command: str) -> bool:
    from index.store import Store

    if Store.exists(config.data_dir, config.store.database_url):
        return True
    print(f"itucat {command}: no catalogue in {config.data_dir} (run itucat crawl first)",
          file=sys.stderr)
    return False


def _write(text: str | bytes, output: Path | None) -> None:
    if output is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        else:
            sys.stdout.write(text)
        return
    tmp = output.with_name(output.name + ".tmp")
    if isinstance(text, bytes):
        tmp.write_bytes(text)
    else:
        tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)  # a half-written file never takes the name


def _report(args: argparse.Namespace, config: Config) -> int:
    if not 1990 <= args.year <= 2100:
        print("itucat report: --year must be a year from 1990 to 2100", file=sys.stderr)
        return int(ExitStatus.FATAL)
    if not _need_store(config, "report"):
        return int(ExitStatus.FATAL)
    from app import create_app

    app = create_app(config, SECRET_KEY="itucat-report", TESTING=True)
    from app.curate.insights.report import render_report  # after the app, as above

    try:
        with app.test_request_context(f"/{args.lang}/", environ_overrides={
                "itucat.lang": args.lang}):
            body = render_report(args.year, args.format)
    finally:
        app.extensions["itucat_catalogue"].close()
    _write(body, args.output)
    return int(ExitStatus.OK)


def _pack(args: argparse.Namespace, config: Config) -> int:
    from werkzeug.datastructures import MultiDict
    from werkzeug.exceptions import HTTPException

    pairs: list[tuple[str, str]] = []
    for item in args.filter:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            print(f"itucat pack: --filter needs KEY=VALUE, got {item}", file=sys.stderr)
            return int(ExitStatus.FATAL)
        pairs.append((key.strip(), value.strip()))
    if args.collection:
        pairs = [("collection", args.collection)]
    elif args.query:
        pairs.append(("q", " ".join(args.query)))
    if not _need_store(config, "pack"):
        return int(ExitStatus.FATAL)
    from app import create_app

    app = create_app(config, SECRET_KEY="itucat-pack", TESTING=True)
    from app.packs.build import build_pack  # after the app: its modules import in order
    from app.packs.spec import PackSpec

    try:
        with app.test_request_context(f"/{args.lang}/packs", environ_overrides={
                "itucat.lang": args.lang}):
            try:
                pack = build_pack(PackSpec.from_args(MultiDict(pairs), args.lang))
            except HTTPException as exc:
                what = "no such collection" if exc.code == 404 else exc.description
                print(f"itucat pack: {what}", file=sys.stderr)
                return int(ExitStatus.FATAL)
    finally:
        app.extensions["itucat_catalogue"].close()
    _write(pack.data, args.output)
    print(f"itucat pack: {args.output} documents={pack.documents} bytes={len(pack.data)} "
          f"catalogue_date={pack.catalogue_date}" + (" truncated" if pack.truncated else ""))
    return int(ExitStatus.OK)


def sync_journal(config: Config, full: bool = False) -> int:
    """Bring the public journal up to date; return how many entries it appended."""
    from index.journal.lineage import successors_from
    from index.search import SearchService, index_exists
    from index.store import Store

    store = Store.open(config.data_dir, config.store.database_url)
    service = SearchService(config.data_dir, cache_size=0) if index_exists(
        config.data_dir) else None
    try:
        return store.journal.sync(successors_from(service), full=full).entries
    finally:
        if service is not None:
            service.close()
        store.close()


def _sync(args: argparse.Namespace, config: Config) -> int:
    if not _need_store(config, "reach"):
        return int(ExitStatus.FATAL)
    entries = sync_journal(config, args.full)
    print(f"itucat reach sync: entries={entries}")
    return int(ExitStatus.OK)


def _prune(args: argparse.Namespace, config: Config) -> int:
    from index.store import Store

    if not _need_store(config, "metrics"):
        return int(ExitStatus.FATAL)
    store = Store.open(config.data_dir, config.store.database_url)
    try:
        removed = store.metrics.prune(config.metrics.retention_days)
    finally:
        store.close()
    print(f"itucat metrics prune: removed={removed} kept_days={config.metrics.retention_days}")
    return int(ExitStatus.OK)
