"""Own the `itucat serve` command: the site on a development server (plain http).

In production run `gunicorn -c gunicorn.conf.py "app:create_app()"` behind HTTPS instead,
where session cookies are Secure (curate.secure_cookies = auto). The development server
speaks plain http, so on a loopback address (127.0.0.1, ::1, localhost) `auto` sends
them without Secure: a browser that does not treat 127.0.0.1 as secure, or curl, could
not sign in otherwise. Elsewhere (`--host 0.0.0.0`) they stay Secure, and it says so.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from typing import Any

from itucat.config import Config, with_overrides
from itucat.exitcodes import ExitStatus


def add_parsers(subparsers: Any) -> None:
    """Add `serve` to the command line."""
    text = "serve the public catalogue site (development server; use gunicorn in production)"
    serve = subparsers.add_parser("serve", help=text, description=text + ": "
                                  'gunicorn -c gunicorn.conf.py "app:create_app()". Plain http: '
                                  "on a loopback address session cookies are not Secure "
                                  "(curate.secure_cookies auto), so curators can sign in.")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on "
                       "(default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=5000, help="port (default 5000)")
    serve.add_argument("--debug", action="store_true",
                       help="reload on code changes and show tracebacks (never in production)")
    serve.set_defaults(func=_serve)


def is_loopback(host: str) -> bool:
    """Whether an address to listen on is reachable from this machine only."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def cookie_mode(config: Config, host: str) -> tuple[Config, str]:
    """The configuration to serve plain http on `host` with, and the line that says why."""
    from app.curate.settings import curate_config

    mode = curate_config(config).secure_cookies
    if mode == "auto" and is_loopback(host):
        return (with_overrides(config, curate={"secure_cookies": "off"}),
                "plain http on loopback: session cookies are not Secure, so curators can "
                "sign in here (gunicorn with gunicorn.conf.py keeps them Secure)")
    if mode == "off":
        return config, "session cookies are not Secure (curate.secure_cookies = off)"
    return config, ("session cookies are Secure: curators sign in only through HTTPS in "
                    "front of this server (or set ITUCAT_CURATE__SECURE_COOKIES=off on a "
                    "trusted network)")


def _serve(args: argparse.Namespace, config: Config) -> int:
    from index.search import index_exists

    if not index_exists(config.data_dir):
        print(f"itucat serve: no search index in {config.data_dir} (run `itucat index "
              "rebuild` first); pages will answer 503 until then", file=sys.stderr)
    from app import create_app

    config, cookies = cookie_mode(config, args.host)
    app = create_app(config)
    print(f"itucat serve: http://{args.host}:{args.port}/ (data in {config.data_dir})",
          file=sys.stderr)
    print(f"itucat serve: {cookies}", file=sys.stderr)
    try:
        app.run(host=args.host, port=args.port, debug=args.debug, use_reloader=args.debug,
                threaded=True)
    except OSError as exc:
        print(f"itucat serve: cannot listen on {args.host}:{args.port}: {exc}",
              file=sys.stderr)
        return int(ExitStatus.FATAL)
    return int(ExitStatus.OK)
