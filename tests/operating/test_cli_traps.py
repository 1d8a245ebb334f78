"""Issue 12, points 14-17: the command line without traps, as a terminal user meets it.

Every test runs the real `itucat` in a child process and looks at what a user sees: the
exit status, stdout and stderr, and what was left on disk.
"""

from __future__ import annotations

import io
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

import itucat_cli
from index.store import Store
from tests.operating.conftest import environ, itucat
from tests.shared_paths import REPO_ROOT

# Every command but the ones that make a catalogue (crawl, nightly, restore, users add
# --init) and settings, with arguments it would otherwise accept.
NEED_A_CATALOGUE = [
    ["runs"], ["reparse"], ["export"], ["export", "--format", "csv", "-o", "{out}/x.csv"],
    ["search", "energy"], ["index", "rebuild"], ["index", "update"], ["index", "status"],
    ["serve", "--port", "9"], ["users", "list"], ["users", "add", "bob", "--role", "curator"],
    ["users", "disable", "bob"], ["users", "enable", "bob"],
    ["users", "reset-password", "bob", "--password-stdin"], ["tags", "export"],
    ["tags", "import", "{out}/tags.csv"], ["audit", "verify"], ["backup", "{out}/b.sqlite"],
    ["report", "--year", "2026"], ["pack", "-o", "{out}/p.zip"], ["reach", "sync"],
    ["metrics", "prune"],
]


def _refusal(argv: list[str], data_dir: Path) -> str:
    hint = ("crawl first, or add --init to create an empty catalogue" if argv[:2] ==
            ["users", "add"] else "crawl first")
    return f"itucat {argv[0]}: no catalogue in {data_dir} (run itucat {hint})\n"


def test_no_command_creates_a_catalogue_it_was_not_asked_for(tmp_path, capsys, monkeypatch):
    """Point 14: a mistyped --data-dir says "no catalogue in DIR", exits 2, creates nothing.

    Every command through main() (the code `itucat` runs), a few of them through the real
    command in a child process as well (the terminal's view: stdout empty, one line).
    """
    out = tmp_path / "out"
    out.mkdir()
    (out / "tags.csv").write_text("document_id,facet,value,action,reason\n", encoding="utf-8")
    for i, template in enumerate(NEED_A_CATALOGUE):
        argv = [a.replace("{out}", str(out)) for a in template]
        data_dir = tmp_path / f"mistyped-{i}"
        if i % 2:  # half on a folder that does not exist, half on an empty one
            data_dir.mkdir()
        monkeypatch.setattr("sys.stdin", io.StringIO("a-long-password-1\n"))
        assert itucat_cli.main(["--data-dir", str(data_dir), *argv]) == 2, argv
        said = capsys.readouterr()
        assert said.err == _refusal(argv, data_dir) and said.out == "", (argv, said)
        assert not data_dir.exists() or not any(data_dir.iterdir()), (argv, list(
            data_dir.iterdir()))
    assert sorted(p.name for p in out.iterdir()) == ["tags.csv"]  # no output file either
    for argv in (["runs"], ["users", "list"], ["search", "x"], ["serve"]):
        data_dir = tmp_path / "typo" / argv[0]
        proc = itucat("--data-dir", str(data_dir), *argv)
        assert (proc.returncode, proc.stdout, proc.stderr) == (2, "", _refusal(argv, data_dir))
    assert not (tmp_path / "typo").exists()


def test_settings_needs_no_catalogue_and_users_add_init_creates_one(tmp_path):
    assert itucat("--data-dir", str(tmp_path / "none"), "settings").returncode == 0
    assert not (tmp_path / "none").exists()
    data_dir = tmp_path / "new"
    added = itucat("--data-dir", str(data_dir), "users", "add", "ana", "--role", "admin",
                   "--init", "--password-stdin", stdin="a-long-password-1\n")
    assert added.returncode == 0, added.stderr
    listing = itucat("--data-dir", str(data_dir), "users", "list")
    assert listing.returncode == 0 and listing.stdout.startswith("ana\tadmin\tactive")


def test_an_empty_postgresql_database_holds_no_catalogue(tmp_path):
    """Point 14 on PostgreSQL: "no catalogue" means the schema's tables are absent."""
    from sqlalchemy import create_engine, inspect

    from tests.backends import fresh_database

    with fresh_database() as url:
        env = environ(ITUCAT_STORE__DATABASE_URL=url)
        for argv in (["runs"], ["users", "list"], ["export"]):
            proc = itucat("--data-dir", str(tmp_path / "d"), *argv, env=env)
            assert proc.returncode == 2, proc.stderr
            assert "no catalogue in postgresql" in proc.stderr, proc.stderr
            assert ":***@" in proc.stderr  # the database is named, its password is not
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                assert inspect(conn).get_table_names() == []
        finally:
            engine.dispose()
        assert Store.exists(tmp_path, url) is False
        Store.open(tmp_path, url).close()  # what crawl does first
        assert Store.exists(tmp_path, url) is True


def test_bad_options_and_commands_print_usage_and_exit_2(tmp_path, capsys):
    """Point 15: the bad option is named; no command or an unknown one is usage, never output."""
    bogus = itucat("--bogus")
    assert bogus.returncode == 2 and bogus.stdout == ""
    assert bogus.stderr.startswith("usage: itucat")
    assert "unrecognized arguments: --bogus" in bogus.stderr
    assert "required" not in bogus.stderr
    unknown = itucat("frobnicate")
    assert unknown.returncode == 2 and unknown.stdout == ""
    assert unknown.stderr.startswith("usage: itucat") and "invalid choice: 'frobnicate'" in (
        unknown.stderr)
    for argv in (["runs", "--bogus"], [], ["sett"], ["users"], ["index"],
                 ["users", "frobnicate"], ["--bogus", "users"]):
        with pytest.raises(SystemExit) as stopped:
            itucat_cli.main(["--data-dir", str(tmp_path), *argv])
        said = capsys.readouterr()
        assert stopped.value.code == 2, argv
        assert said.out == "", argv  # never the settings, never a listing
        assert said.err.startswith("usage: itucat"), (argv, said.err)
        assert "ITUCAT_" not in said.err and "Traceback" not in said.err
        if "--bogus" in argv:
            assert "unrecognized arguments: --bogus" in said.err, argv
        elif argv in ([], ["users"]):
            assert "name a command: {" + ("add,list," if argv else "crawl,") in said.err
    assert list(tmp_path.iterdir()) == []


def test_a_named_config_file_must_exist_and_be_readable(tmp_path, capsys, monkeypatch):
    """Point 15: --config or ITUCAT_CONFIG naming a missing or unreadable file is fatal."""
    proc = itucat("--config", "/nonexistent.toml", "settings")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == ("itucat: configuration error: cannot read the config file "
                           "/nonexistent.toml: No such file or directory\n")
    for argv, named in ((["--config", str(tmp_path)], None),  # a folder cannot be read
                        ([], str(tmp_path / "missing.toml"))):
        if named:
            monkeypatch.setenv("ITUCAT_CONFIG", named)
        assert itucat_cli.main([*argv, "settings"]) == 2
        said = capsys.readouterr()
        assert said.out == "" and said.err.startswith(
            "itucat: configuration error: cannot read the config file "), said.err
    monkeypatch.delenv("ITUCAT_CONFIG")
    good = tmp_path / "c.toml"
    good.write_text("[crawler]\ndelay = 2.5\n", encoding="utf-8")
    assert itucat_cli.main(["--config", str(good), "settings"]) == 0
    assert "crawler.delay" in capsys.readouterr().out


def _on_a_terminal(argv: list[str]) -> tuple[int, str, str]:
    """Run itucat with stderr on a pseudo-terminal (as at a prompt); stdout captured."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "itucat_cli", *argv], cwd=REPO_ROOT,
                                env=environ(), stdout=subprocess.PIPE, stderr=follower,
                                stdin=subprocess.DEVNULL, text=True)
        os.close(follower)
        follower = -1
        out, _ = proc.communicate(timeout=120)
        err = b""
        while select.select([leader], [], [], 0.2)[0]:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed with the child
                break
            if not chunk:
                break
            err += chunk
        return proc.returncode, out, err.decode("utf-8", "replace")
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)


def test_search_on_a_terminal_prints_results_only(catalogue):
    """Point 16: no INFO line without -v; with -v they come back; notices are still said."""
    status, out, err = _on_a_terminal(["--data-dir", str(catalogue), "search", "Y.3172"])
    assert status == 0 and "Y.3172" in out
    assert err == ""
    verbose = itucat("--data-dir", str(catalogue), "-v", "search", "Y.3172")
    assert verbose.returncode == 0 and " INFO " in verbose.stderr
    noted = itucat("--data-dir", str(catalogue), "search", "telex")
    assert noted.returncode == 0 and "status=all" in noted.stderr  # a notice, not a log line
    assert " INFO " not in noted.stderr
    quiet = itucat("--data-dir", str(catalogue), "index", "update")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_piped_passwords_are_read_twice_and_compared(catalogue, capsys, monkeypatch):
    """Point 17: two different lines on stdin are refused; nothing is created."""
    dd = ["--data-dir", str(catalogue)]
    differ = itucat(*dd, "users", "add", "xavier", "--role", "curator",
                    stdin="Apassword-1!\nBpassword-1!\n")
    assert differ.returncode == 2
    assert differ.stderr == "itucat users: the two passwords differ\n"
    same = itucat(*dd, "users", "add", "yusuf", "--role", "curator",
                  stdin="Apassword-1!\nApassword-1!\n")
    assert same.returncode == 0, same.stderr

    def run(*argv: str, stdin: str) -> tuple[int, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))  # a pipe: not a terminal
        status = itucat_cli.main([*dd, *argv])
        return status, capsys.readouterr().err

    status, err = run("users", "add", "xavier", "--role", "curator", stdin="Apassword-1!\n")
    assert status == 2 and "--password-stdin" in err
    status, err = run("users", "add", "xavier", "--role", "curator", "--password-stdin",
                      stdin="Apassword-1!\nBpassword-1!\n")
    assert status == 2 and "exactly one line" in err
    status, err = run("users", "add", "xavier", "--role", "curator", stdin="")
    assert status == 2 and "0 line(s)" in err
    store = Store.open(Path(catalogue))
    try:
        assert store.accounts.get("xavier") is None
        assert store.accounts.authenticate("yusuf", "Apassword-1!") is not None
        assert run("users", "reset-password", "yusuf", "--password-stdin",
                   stdin="Cpassword-1!\n")[0] == 0
        assert store.accounts.authenticate("yusuf", "Cpassword-1!") is not None
        assert store.accounts.authenticate("yusuf", "Apassword-1!") is None
    finally:
        store.close()
