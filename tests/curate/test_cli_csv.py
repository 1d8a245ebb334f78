"""`itucat users` and `itucat tags`: passwords never as arguments, all-or-nothing import."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select

import itucat_cli
import itucat_cli.curate as cli
from index import schema
from index.errors import AccountError
from index.search import SearchService
from index.store.tags import TAG_COLUMNS
from index.tagcsv import export_tags, import_tags, neutralise, restore
from index.tags.changes import TagChange
from tests.shared_paths import REPO_ROOT

HEADER = ",".join(TAG_COLUMNS[:5])


def child(data_dir, *argv, stdin=""):
    """Run a users/tags command in a child process (as `itucat` will, once wired)."""
    env = {**os.environ, "ITUCAT_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "itucat_cli", "--data-dir", str(data_dir),
                           *argv], input=stdin, capture_output=True, text=True, cwd=REPO_ROOT,
                          env=env, timeout=60, check=False)


@pytest.fixture
def run(capsys, monkeypatch):
    """Run a users/tags command in this process; returns returncode, stdout and stderr."""
    def call(data_dir, *argv, stdin=""):
        capsys.readouterr()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = itucat_cli.main(["--data-dir", str(data_dir), *argv])
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(argv, code, out, err)
    return call


def audit_count(store):
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(schema.audit_log)).scalar_one()


def test_users_commands_read_passwords_from_stdin_only(data_dir, store, run):
    added = child(data_dir, "users", "add", "ana", "--role", "admin",
                  stdin="a-long-password\n")
    assert added.returncode == 0, added.stderr
    assert "a-long-password" not in added.stdout + added.stderr
    assert store.accounts.authenticate("ana", "a-long-password").role == "admin"
    with store.engine.connect() as conn:
        stored = conn.execute(select(schema.users.c.password_hash)).scalar_one()
    assert stored.startswith("scrypt:") and "a-long-password" not in stored
    assert run(data_dir, "users", "add", "ana", "--role", "curator",
               stdin="another-password\n").returncode == 2
    assert run(data_dir, "users", "add", "bo", "--role", "curator", stdin="short\n"
               ).returncode == 2
    with pytest.raises(SystemExit, match="2"):  # argparse refuses an unknown role
        run(data_dir, "users", "add", "x", "--role", "root", stdin="long-enough-pw\n")
    listing = run(data_dir, "users", "list")
    assert listing.stdout.startswith("ana\tadmin\tactive")
    assert run(data_dir, "users", "disable", "ana").returncode == 0
    assert store.accounts.authenticate("ana", "a-long-password") is None
    assert "disabled" in run(data_dir, "users", "list").stdout
    assert run(data_dir, "users", "enable", "ana").returncode == 0
    assert run(data_dir, "users", "reset-password", "ana", stdin="the-new-password\n"
               ).returncode == 0
    assert store.accounts.authenticate("ana", "the-new-password") is not None
    assert run(data_dir, "users", "disable", "nobody").returncode == 2
    assert len(run(data_dir, "users", "list").stdout.splitlines()) == 1
    with store.engine.connect() as conn:
        rows = conn.execute(select(schema.audit_log.c.action, schema.audit_log.c.actor)).all()
    assert [a for a, _ in rows] == ["user.add", "user.disable", "user.enable",
                                    "user.reset_password"]
    assert all(actor.startswith("cli") for _, actor in rows)


def test_read_password_prompts_twice_on_a_terminal(monkeypatch):
    answers = iter(["first-password", "other-password"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt: next(answers))

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    with pytest.raises(AccountError, match="differ"):
        cli.read_password(Tty())
    assert cli.read_password(io.StringIO("from-a-pipe\nignored\n")) == "from-a-pipe"


def test_neutralise_only_formula_cells():
    for cell in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(cell) == "'" + cell
        assert restore(neutralise(cell)) == cell.strip()
    for cell in ("plain", "a=b", "'quoted", "<script>", "1,2", 'say "hi"', "Ünïcode ✓", ""):
        assert neutralise(cell) == cell
    assert neutralise(None) == ""


def test_export_then_import_is_idempotent(data_dir, store, tmp_path, run):
    store.tags.apply([TagChange("Y.3172", "developing_countries", "yes", "set"),
                          TagChange("Y.3172", "region", "africa", "add"),
                          TagChange("L.1000", "topic", "iot", "remove")],
                  actor="ana", reason='=HYPERLINK("http://evil.example") <b>x</b>')
    out = tmp_path / "tags.csv"
    assert run(data_dir, "tags", "export", "-o", str(out)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 3 and {r["curator"] for r in rows} == {"ana"}
    assert all(r["reason"].startswith("'=HYPERLINK") for r in rows)
    stdout = run(data_dir, "tags", "export")
    assert stdout.stdout == out.read_bytes().decode("utf-8")
    before = audit_count(store)
    again = run(data_dir, "tags", "import", str(out))
    assert again.returncode == 0, again.stderr
    assert "changed=0 unchanged=3" in again.stdout
    assert audit_count(store) == before
    assert store.tags.of_document("Y.3172")[0].reason.startswith("=HYPERLINK")


def test_import_applies_all_rows_as_one_batch_and_reflects_in_search(data_dir, store, tmp_path,
                                                                      run):
    good = tmp_path / "good.csv"
    good.write_text(f"{HEADER}\nY.3172,region,africa,add,African pilots\n"
                    "Y.3172,developing_countries,yes,set,LDC use\n"
                    "L.1000,topic,e-waste,add,Chargers become e-waste\n", encoding="utf-8")
    first = child(data_dir, "tags", "import", str(good), "--as", "importer")
    assert first.returncode == 0, first.stderr
    assert "changed=3" in first.stdout and "batch=" in first.stdout
    payload = SearchService(data_dir, cache_size=0).document("Y.3172")
    assert payload["developing_countries"]["curator"]["why"] == "LDC use"
    assert "africa" in [t["id"] for t in payload["regions"]]
    with store.engine.connect() as conn:
        batch = conn.execute(select(schema.batches)).mappings().one()
    assert (batch["kind"], batch["actor"], batch["changes"]) == ("import", "importer", 3)
    count = audit_count(store)
    second = run(data_dir, "tags", "import", str(good))
    assert second.returncode == 0 and "changed=0 unchanged=3" in second.stdout
    assert audit_count(store) == count


def test_import_with_any_bad_row_changes_nothing_and_reports_every_problem(data_dir, store,
                                                                           tmp_path, run):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        f"{HEADER}\n"
        "Y.3172,region,africa,add,fine\n"  # 2: good
        "Z.9999,region,africa,add,no such document\n"  # 3
        "Y.3172,region,atlantis,add,no such region\n"  # 4
        "Y.3172,topic,astrology,add,no such topic\n"  # 5
        "Y.3173,region,europe,add,\n"  # 6: missing reason
        "Y.3173,developing_countries,maybe,set,r\n"  # 7
        "Y.3173,region,europe,explode,r\n"  # 8
        "Y.3172,region,africa,remove,contradicts line 2\n"  # 9
        ",region,europe,add,r\n",  # 10
        encoding="utf-8")
    answer = run(data_dir, "tags", "import", str(bad))
    assert answer.returncode == 2
    lines = answer.stderr.splitlines()
    for line, words in ((3, "unknown document"), (4, "unknown region"), (5, "unknown topic"),
                        (6, "reason is required"), (7, "yes or no"), (8, "unknown action"),
                        (9, "contradicts line 2"), (10, "missing document_id")):
        assert any(f"bad.csv:{line}:" in x and words in x for x in lines), (line, words)
    assert not any("bad.csv:2:" in x for x in lines)
    assert "nothing imported" in answer.stderr
    assert store.tags.of_document("Y.3172") == [] and audit_count(store) == 0


def test_import_refuses_files_it_cannot_read(data_dir, store, tmp_path, run):
    missing = run(data_dir, "tags", "import", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    columns = tmp_path / "columns.csv"
    columns.write_text("document,tag\nY.3172,africa\n", encoding="utf-8")
    answer = run(data_dir, "tags", "import", str(columns))
    assert answer.returncode == 2 and "missing column(s)" in answer.stderr
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"\xff\xfe\x00garbage\x00\x81")
    answer = run(data_dir, "tags", "import", str(binary))
    assert answer.returncode == 2 and "Traceback" not in answer.stderr
    assert audit_count(store) == 0


def test_import_in_process_records_the_importer_not_the_files_curators(store):
    text = (f"{HEADER},curator,created_at\n"
            "Y.3172,region,africa,add,kept,ana,2026-01-02T03:04:05+00:00\n")
    report = import_tags(store, io.StringIO(text), actor="restorer", source="backup.csv")
    assert report.ok and report.changed == 1
    (row,) = store.tags.of_document("Y.3172")
    assert row.curator == "restorer" and row.created_at > "2026-01-02T03:04:05+00:00"
    (note,) = store.notes.of_document("Y.3172", curator=True)
    assert "curator ana, 2026-01-02T03:04:05+00:00" in note.body
    assert note.visibility == "curators"
    buffer = io.StringIO()
    assert export_tags(store, buffer) == 1
    assert ",restorer," in buffer.getvalue()


def test_run_ignores_other_commands(data_dir):
    parser = itucat_cli.parser()
    assert parser.parse_args(["tags", "export"]).func.__module__ == cli.__name__
    assert parser.parse_args(["crawl"]).func.__module__ != cli.__name__
