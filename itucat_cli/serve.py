"""Own the `itucat serve` command: the site on a development server.

In production run `gunicorn -c gunicorn.conf.py "app:create_app()"` instead.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from itucat.config import Config
from itucat.exitcodes import ExitStatus


def add_parsers(subparsers: Any) -> None:
    """Add `serve` to the command line."""
    text = "serve the public catalogue site (development server; use gunicorn in production)"
    serve = subparsers.add_parser("serve", help=text, description=text + ": "
                                  'gunicorn -c gunicorn.conf.py "app:create_app()"')
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on "
                       "(default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=5000, help="port (default 5000)")
    serve.add_argument("--debug", action="store_true",
                       help="reload on code changes and show tracebacks (never in production)")
    serve.set_defaults(func=_serve)


def _serve(args: argparse.Namespace, config: Config) -> int:
    from index.search import index_exists

    if not index_exists(config.data_dir):
        print(f"itucat serve: no search index in {config.data_dir} (run `itucat crawl` and "
              "`itucat index rebuild` first); pages will answer 503 until then",
              file=sys.stderr)
    from app import create_app

    app = create_app(config)
    print(f"itucat serve: http://{args.host}:{args.port}/ (data in {config.data_dir})",
          file=sys.stderr)
    try:
        app.run(host=args.host, port=args.port, debug=args.debug, use_reloader=args.debug,
                threaded=True)
    except OSError as exc:
        print(f"itucat serve: cannot listen on {args.host}:{args.port}: {exc}",
              file=sys.stderr)
        return int(ExitStatus.FATAL)
    return int(ExitStatus.OK)
