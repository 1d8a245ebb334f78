"""Own the `itucat` command line: one parser, one handler per command, one exit code.

A package of its own (not part of itucat/, which holds the configuration and the exit
codes every layer imports), because the command line imports every layer. Each module
adds its commands with `add_parsers(subparsers)`, and each command's parser names its
handler with `set_defaults(func=...)`: `handler(args, config) -> exit status`. Errors
with a code (itucat/errors.py) that reach here are printed as one line, never a trace;
so is any other failure (a disk that cannot be written, a bug): exit 2 ("fatal"), never
1, which means "partial, retried next run". `-v` adds the traceback to the log.

Only the commands that make a catalogue (`crawl`, `nightly`, `restore`, `users add --init`)
may create a store; each parser says so with `set_defaults(catalogue=CREATES)`. Every
other command, on a data directory (or database) without one, says "no catalogue in DIR"
and exits 2 before its handler runs, so a mistyped `--data-dir` creates nothing.
Logging shows warnings; INFO and DEBUG lines (progress, timings) only with `-v`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from itucat.config import Config, ConfigError, load_config, with_overrides
from itucat.errors import CatalogueError
from itucat.exitcodes import ExitStatus

Handler = Callable[[argparse.Namespace, Config], int]
LOCKED_CODES = {"search.index_locked", "crawl.locked"}
# What a command needs of the catalogue (its parser's `catalogue` default).
NEEDS = "needs"  # a catalogue must exist (the default)
CREATES = "creates"  # may create one (crawl, nightly, restore, users add --init)
INDEX = "index"  # reads the search index; the catalogue is checked only without one
NOTHING = "nothing"  # neither (settings)


def parser() -> argparse.ArgumentParser:
    """The whole command line."""
    from itucat_cli import curate, harvest, operations, reach, search, serve

    root = argparse.ArgumentParser(
        prog="itucat", description="ITU-T Catalogue: harvest, store, search and serve "
        "ITU-T outputs.", epilog="`itucat COMMAND -h` describes a command; README.md lists "
        "them all with the exit codes.")
    root.add_argument("--config", type=Path, help="config file (default: config.toml; a "
                      "file named here or by ITUCAT_CONFIG must exist)")
    root.add_argument("--data-dir", help="data directory (env ITUCAT_DATA_DIR; default var/)")
    root.add_argument("-v", "--verbose", action="store_true",
                      help="also log progress and debug lines, and tracebacks")
    root.set_defaults(catalogue=NEEDS)
    sub = root.add_subparsers(dest="command")
    for module in (harvest, search, serve, curate, operations, reach):
        module.add_parsers(sub)
    _name_choices(root)
    return root


def _subcommands(
        parser: argparse.ArgumentParser
) -> argparse._SubParsersAction[argparse.ArgumentParser] | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None


def _name_choices(parser: argparse.ArgumentParser) -> None:
    """Name every command's choices in its usage and errors; check for them in main().

    argparse checks a required subcommand before it looks at unknown options, so
    `itucat --bogus` would say "arguments are required: command" and never name --bogus:
    the subcommands are optional to argparse and `_missing_command` asks for them after
    the unknown options are refused.
    """
    action = _subcommands(parser)
    if action is None:
        return
    action.required = False
    action.metavar = "{" + ",".join(action.choices) + "}"
    for child in action.choices.values():
        _name_choices(child)


def _missing_command(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse (usage, exit 2) a command line that stops before naming a command."""
    action = _subcommands(parser)
    if action is None:
        return
    chosen = getattr(args, action.dest, None)
    if chosen is None:
        parser.error(f"name a command: {action.metavar} (-h describes them)")
    _missing_command(action.choices[chosen], args)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    """The parsed command line; usage and exit 2 (SystemExit) for a bad one."""
    root = parser()
    args, unknown = root.parse_known_args(argv)
    if unknown:
        root.error(f"unrecognized arguments: {' '.join(unknown)}")
    _missing_command(root, args)
    return args


def _no_catalogue(args: argparse.Namespace, config: Config) -> str | None:
    """The line to refuse a command with when it needs a catalogue and there is none."""
    if args.catalogue in (CREATES, NOTHING):
        return None
    from index.store import Store

    if args.catalogue == INDEX:
        from index.search import index_exists

        if index_exists(config.data_dir):
            return None
    if Store.exists(config.data_dir, config.store.database_url):
        return None
    where = Store.location(config.data_dir, config.store.database_url)
    hint = ("run itucat crawl first, or add --init to create an empty catalogue"
            if getattr(args, "users_command", None) == "add" else "run itucat crawl first")
    return f"itucat {args.command}: no catalogue in {where} ({hint})"


def config_of(args: argparse.Namespace) -> Config:
    """The configuration with the global and per-command overrides applied."""
    config = load_config(args.config)
    if args.data_dir:
        config = with_overrides(config, store={"data_dir": args.data_dir})
    if getattr(args, "base_url", None) or getattr(args, "delay", None) is not None:
        config = with_overrides(
            config, crawler={"base_url": getattr(args, "base_url", None),
                             "delay": getattr(args, "delay", None)}
        )
    return config


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = parse(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    handler: Handler = args.func
    try:
        config = config_of(args)
        refusal = _no_catalogue(args, config)
        if refusal:
            print(refusal, file=sys.stderr)
            return int(ExitStatus.FATAL)
        return int(handler(args, config))
    except ConfigError as exc:
        print(f"itucat: configuration error: {exc}", file=sys.stderr)
        return int(ExitStatus.FATAL)
    except CatalogueError as exc:
        print(f"itucat {args.command}: {exc}", file=sys.stderr)
        locked = exc.code in LOCKED_CODES
        return int(ExitStatus.LOCKED if locked else ExitStatus.FATAL)
    except BrokenPipeError:
        return int(ExitStatus.OK)
    except KeyboardInterrupt:
        print(f"itucat {args.command}: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        print(f"itucat {args.command}: cannot use{where}: {exc.strerror or exc}",
              file=sys.stderr)
        logging.getLogger("itucat").debug("traceback", exc_info=True)
        return int(ExitStatus.FATAL)
    except Exception as exc:  # noqa: BLE001 - the one place that turns any failure into exit 2
        print(f"itucat {args.command}: unexpected error: {type(exc).__name__}: {exc} "
              "(nothing more was done; -v shows the traceback)", file=sys.stderr)
        logging.getLogger("itucat").debug("traceback", exc_info=True)
        return int(ExitStatus.FATAL)
