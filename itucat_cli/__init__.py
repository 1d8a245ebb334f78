"""Own the `itucat` command line: one parser, one handler per command, one exit code.

A package of its own (not part of itucat/, which holds the configuration and the exit
codes every layer imports), because the command line imports every layer. Each module
adds its commands with `add_parsers(subparsers)`, and each command's parser names its
handler with `set_defaults(func=...)`: `handler(args, config) -> exit status`. Errors
with a code (itucat/errors.py) that reach here are printed as one line, never a trace;
so is any other failure (a disk that cannot be written, a bug): exit 2 ("fatal"), never
1, which means "partial, retried next run". `-v` adds the traceback to the log.
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


def parser() -> argparse.ArgumentParser:
    """The whole command line."""
    from itucat_cli import curate, harvest, operations, reach, search, serve

    root = argparse.ArgumentParser(
        prog="itucat", description="ITU-T Catalogue: harvest, store and export ITU-T outputs."
    )
    root.add_argument("--config", type=Path, help="config file (default: config.toml)")
    root.add_argument("--data-dir", help="data directory (env ITUCAT_DATA_DIR; default var/)")
    root.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = root.add_subparsers(dest="command", required=True)
    for module in (harvest, search, serve, curate, operations, reach):
        module.add_parsers(sub)
    return root


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
    args = parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    handler: Handler = args.func
    try:
        return int(handler(args, config_of(args)))
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
