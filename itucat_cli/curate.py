"""Own the `itucat users` and `itucat tags` commands (curator accounts, tag CSV).

Passwords are never an argument, which other users could see in `ps`: they are prompted
twice on a terminal; piped, standard input is read as the prompts would be (two lines,
which must match); with `--password-stdin`, standard input holds exactly one line.
`users add --init` may create an empty catalogue (the first admin before the first crawl);
without it, like every command but crawl, nightly and restore, it needs one.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from index.errors import AccountError
from index.store import Store
from index.store.accounts import check_name
from itucat.config import Config
from itucat.exitcodes import ExitStatus
from itucat_cli import CREATES, NEEDS


def add_parsers(subparsers: Any) -> None:
    """Add `users` and `tags` to the command line."""
    users = subparsers.add_parser("users", help="manage curator accounts",
                                  description="Manage the accounts of curators and admins.")
    actions = users.add_subparsers(dest="users_command", required=True)
    add = actions.add_parser("add", help="create an account (password prompted or on stdin)",
                             description="Create an account. The password is prompted twice, "
                             "or read from piped stdin: two lines that must match, or exactly "
                             "one with --password-stdin.")
    add.add_argument("name")
    add.add_argument("--role", choices=["curator", "admin"], required=True)
    add.add_argument("--init", dest="catalogue", action="store_const", const=CREATES,
                     default=NEEDS, help="create an empty catalogue if there is none (the "
                     "first account before the first crawl)")
    _password_stdin(add)
    actions.add_parser("list", help="list accounts")
    for name, text in (("disable", "disable an account; its sessions end at once"),
                       ("enable", "enable a disabled account"),
                       ("reset-password", "set a new password (prompted or on stdin); "
                                          "the user's sessions end")):
        cmd = actions.add_parser(name, help=text, description=text)
        cmd.add_argument("name")
        if name == "reset-password":
            _password_stdin(cmd)

    tags = subparsers.add_parser("tags", help="export or import curator tags as CSV",
                                 description="Curator tag decisions as CSV.")
    tag_actions = tags.add_subparsers(dest="tags_command", required=True)
    export = tag_actions.add_parser("export", help="write every curator decision as CSV")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    imp = tag_actions.add_parser(
        "import", help="check every row, then apply all or nothing (idempotent)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--as", dest="actor", help="name recorded in the audit log "
                     "(default: cli:<login name>)")
    users.set_defaults(func=_with_store(_users))
    tags.set_defaults(func=_with_store(_tags))


def _password_stdin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--password-stdin", action="store_true",
                        help="read the password from stdin: exactly one line (scripts)")


def _with_store(command: Callable[[argparse.Namespace, Store, Config], int]
                ) -> Callable[[argparse.Namespace, Config], int]:
    """A handler that opens the store for `command` and always closes it."""
    def handler(args: argparse.Namespace, config: Config) -> int:
        store = Store.open(config.data_dir, config.store.database_url)
        try:
            return command(args, store, config)
        finally:
            store.close()
    return handler


def cli_actor() -> str:
    """Who runs the command, as the audit log records it."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def read_password(stdin: TextIO | None = None, once: bool = False) -> str:
    """A new password: prompted twice on a terminal, else read from stdin.

    Piped, stdin is read as the two prompts would be: two lines that must be the same
    (so `printf 'a\\nb\\n' | itucat users add x` is refused, not given the first). With
    `once` (--password-stdin), stdin must hold exactly one line.
    """
    stdin = stdin or sys.stdin
    if stdin.isatty() and not once:
        first = getpass.getpass("Password: ")
        if getpass.getpass("Repeat it: ") != first:
            raise AccountError("account.passwords_differ", "the two passwords differ")
        return first
    lines = stdin.read().splitlines()
    wanted = 1 if once else 2
    if len(lines) != wanted:
        how = ("--password-stdin reads exactly one line" if once else "piped, the password "
               "is read twice, as at the prompts: two lines (or use --password-stdin and "
               "one line)")
        raise AccountError("account.password_lines", "stdin held {count} line(s): {how}",
                           count=len(lines), how=how)
    if lines[-1] != lines[0]:
        raise AccountError("account.passwords_differ", "the two passwords differ")
    return lines[0]


def _users(args: argparse.Namespace, store: Store, config: Config) -> int:
    actor = cli_actor()
    if args.users_command == "list":
        for user in store.accounts.all():
            state = "active" if user.active else "disabled"
            print(f"{user.name}\t{user.role}\t{state}\tcreated {user.created_at}"
                  f"\tlast sign-in {user.last_login or '-'}")
        return int(ExitStatus.OK)
    if args.users_command == "add":
        check_name(args.name)
        if store.accounts.get(args.name):
            raise AccountError("account.exists", "user {name!r} exists already", name=args.name)
        user = store.accounts.add(args.name, args.role, read_password(once=args.password_stdin),
                                  actor=actor)
        print(f"itucat users: added {user.name} ({user.role})", file=sys.stderr)
    elif args.users_command == "reset-password":
        store.accounts.reset_password(args.name, read_password(once=args.password_stdin),
                                      actor=actor)
        print(f"itucat users: new password for {args.name}; their sessions ended",
              file=sys.stderr)
    else:
        active = args.users_command == "enable"
        store.accounts.set_active(args.name, active, actor=actor)
        print(f"itucat users: {args.name} {'enabled' if active else 'disabled'}",
              file=sys.stderr)
    return int(ExitStatus.OK)


def _tags(args: argparse.Namespace, store: Store, config: Config) -> int:
    from index.search import reflect_in_search
    from index.tagcsv import export_tags, import_tags

    if args.tags_command == "export":
        if args.output:
            tmp = args.output.with_name(args.output.name + ".tmp")
            with tmp.open("w", encoding="utf-8", newline="") as out:
                count = export_tags(store, out)
            os.replace(tmp, args.output)  # never half a file
        else:
            count = export_tags(store, sys.stdout)
        print(f"itucat tags: exported {count} decisions", file=sys.stderr)
        return int(ExitStatus.OK)
    try:
        handle = args.file.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        print(f"itucat tags: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return int(ExitStatus.FATAL)
    with handle:
        report = import_tags(store, handle, actor=args.actor or cli_actor(),
                             source=args.file.name)
    if not report.ok:
        for line, problem in report.errors[:200]:
            print(f"{args.file.name}:{line}: {problem}", file=sys.stderr)
        more = len(report.errors) - 200
        print(f"itucat tags: nothing imported: {len(report.errors)} problem(s)"
              f"{f' ({more} not shown)' if more > 0 else ''}", file=sys.stderr)
        return int(ExitStatus.FATAL)
    if report.documents:
        reflect_in_search(store, config.data_dir, report.documents)
    batch = f" batch={report.batch_id}" if report.batch_id else ""
    print(f"itucat tags: rows={report.rows} changed={report.changed} "
          f"unchanged={report.unchanged}{batch}")
    return int(ExitStatus.OK)
