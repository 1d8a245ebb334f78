"""Finding 4: storage faults are fatal (exit 2) with one clear line; the site serves or 503s.

Read-only and full disks are real mounts as root (tests/hardening/faults.py); a wrong
PostgreSQL password is a real connection attempt (refused, whether or not a server runs).
"""

from __future__ import annotations

import io
import sqlite3

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

import itucat_cli
from index.errors import StoreConflict, StoreReadOnly, StoreUnavailable
from index.store import Store
from index.store.base import store_error
from tests.curate.conftest import csrf_of
from tests.hardening.faults import fill_up, full_disk_copy, read_only_copy

READS = [["runs"], ["export", "--format", "jsonl"], ["index", "status"], ["users", "list"],
         ["tags", "export"], ["search", "energy"], ["settings"]]
WRITES = [["users", "add", "bob", "--role", "curator"], ["users", "disable", "cy"],
          ["users", "enable", "cy"], ["users", "reset-password", "cy"],
          ["tags", "import", "{csv}"], ["index", "rebuild"], ["index", "update"],
          ["crawl", "--base-url", "http://127.0.0.1:9", "--delay", "0"],
          ["nightly", "--base-url", "http://127.0.0.1:9", "--delay", "0"], ["reparse"]]


def run(argv, data_dir, monkeypatch, capsys, stdin="a-long-password-1\n"):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    status = itucat_cli.main(["--data-dir", str(data_dir), *argv])
    captured = capsys.readouterr()
    lines = [x for x in captured.err.splitlines() if " INFO " not in x and " DEBUG " not in x]
    return status, lines


def _csv(tmp_path):
    path = tmp_path / "tags.csv"
    path.write_text("document_id,facet,value,action,reason\n"
                    "Y.3172,region,africa,add,used in Africa\n", encoding="utf-8")
    return str(path)


def _assert_fatal_in_one_line(argv, status, lines):
    assert status == 2, (argv, status, lines)
    assert not any("Traceback" in x for x in lines), (argv, lines)
    said = [x for x in lines if x.startswith("itucat")]
    assert len(said) == 1, (argv, lines)
    return said[0]


@pytest.fixture
def with_accounts(store):
    store.accounts.add("cy", "curator", "cy-curator-password", actor="test")
    return store


def test_a_read_only_disk_reads_and_refuses_writes_in_one_line(
        data_dir, with_accounts, tmp_path, monkeypatch, capsys):
    with_accounts.close()
    csv_file = _csv(tmp_path)
    with read_only_copy(data_dir, tmp_path) as ro:
        for argv in READS:
            status, lines = run(argv, ro, monkeypatch, capsys)
            assert status == 0, (argv, lines)
        for argv in WRITES:
            argv = [a.replace("{csv}", csv_file) for a in argv]
            status, lines = run(argv, ro, monkeypatch, capsys)
            said = _assert_fatal_in_one_line(argv, status, lines)
            assert "read-only" in said.lower() or "cannot be written" in said, said


def test_a_full_disk_is_fatal_in_one_line(data_dir, with_accounts, tmp_path, monkeypatch,
                                          capsys):
    with_accounts.close()
    csv_file = _csv(tmp_path)
    with full_disk_copy(data_dir, tmp_path) as full:
        for argv in (WRITES[0], WRITES[3], WRITES[4], WRITES[5]):
            argv = [a.replace("{csv}", csv_file) for a in argv]
            status, lines = run(argv, full, monkeypatch, capsys)
            said = _assert_fatal_in_one_line(argv, status, lines)
            assert "cannot be written" in said or "cannot use" in said, said


def test_a_wrong_postgresql_password_is_fatal_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ITUCAT_STORE__DATABASE_URL",
                       "postgresql+psycopg://itucat:wrong-password@127.0.0.1:5432/itucat")
    for argv in (["runs"], ["users", "list"], ["export"], ["tags", "export"],
                 ["index", "rebuild"], ["crawl", "--base-url", "http://127.0.0.1:9",
                                         "--delay", "0"]):
        status, lines = run(argv, tmp_path, monkeypatch, capsys)
        said = _assert_fatal_in_one_line(argv, status, lines)
        assert "cannot be reached" in said, said


def test_an_unexpected_exception_is_exit_2_and_closes_the_crawl_run(
        data_dir, monkeypatch, capsys):
    from crawler.crawl import Harvest

    def broken(self, revalidate=0):
        raise RuntimeError("a bug in a parser")

    monkeypatch.setattr(Harvest, "run", broken)
    status, lines = run(["crawl", "--base-url", "http://127.0.0.1:9", "--delay", "0"],
                        data_dir, monkeypatch, capsys)
    said = _assert_fatal_in_one_line("crawl", status, lines)
    assert "RuntimeError: a bug in a parser" in said
    store = Store.open(data_dir)
    try:
        last = store.runs.latest(1)[0]
    finally:
        store.close()
    assert last.completed and last.exit_code == 2 and "a bug in a parser" in last.error


def _error_of(engine, statement: str) -> Exception:
    with pytest.raises(DBAPIError) as caught, engine.begin() as conn:
        conn.execute(text(statement))
    return store_error(caught.value)


def test_only_real_write_conflicts_are_conflicts(tmp_path):
    path = tmp_path / "db.sqlite"
    setup = sqlite3.connect(path)
    setup.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    setup.execute("INSERT INTO t VALUES (1)")
    setup.commit()
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})
    assert isinstance(_error_of(engine, "INSERT INTO t VALUES (1)"), StoreConflict)
    holder = sqlite3.connect(path)
    holder.execute("BEGIN EXCLUSIVE")
    assert isinstance(_error_of(engine, "INSERT INTO t VALUES (2)"), StoreConflict)
    holder.rollback()
    holder.close()
    full = create_engine(f"sqlite:///{path}")
    with full.connect() as conn:
        conn.exec_driver_sql("PRAGMA max_page_count = 1")  # a disk with no room
    with pytest.raises(DBAPIError) as caught, full.connect() as conn:
        conn.exec_driver_sql("PRAGMA max_page_count = 2")
        conn.exec_driver_sql("CREATE TABLE big (x TEXT)")
        conn.exec_driver_sql("INSERT INTO big VALUES (zeroblob(100000))")
    assert isinstance(store_error(caught.value), StoreReadOnly)
    read_only = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert isinstance(_error_of(read_only, "INSERT INTO t VALUES (3)"), StoreReadOnly)
    missing = create_engine(f"sqlite:///{tmp_path / 'nowhere' / 'db.sqlite'}")
    with pytest.raises(DBAPIError) as caught, missing.connect():
        pass
    assert isinstance(store_error(caught.value), StoreUnavailable)


def test_the_site_on_a_read_only_store_serves_readers_and_503s_changes(
        web_dir, tmp_path, monkeypatch):
    from app import create_app
    from itucat.config import load_config, with_overrides

    with read_only_copy(web_dir, tmp_path) as ro:
        config = with_overrides(load_config(env={}), store={"data_dir": str(ro)})
        site = create_app(config, TESTING=True, SECRET_KEY="test-secret")
        reader = site.test_client()
        for path in ("/", "/documents/Y.3172", "/search?q=iot", "/status",
                     "/api/v1/documents/Y.3172"):
            assert reader.get(path).status_code == 200, path
        from tests.curate.conftest import sign_in

        curator = site.test_client()
        assert sign_in(curator, "cy").status_code == 302  # signing in still works
        answer = curator.post("/curate/documents/Y.3172/tags?format=json", data={
            "relevance": "yes", "reason": "useful", "csrf_token": csrf_of(curator)})
        assert answer.status_code == 503, answer.get_json()
        assert answer.get_json()["code"] == "store.read_only"
        site.extensions["itucat_catalogue"].close()


def test_the_site_on_a_full_disk_says_503_not_someone_else_changed_this(
        web_dir, tmp_path):
    from app import create_app
    from itucat.config import load_config, with_overrides
    from tests.curate.conftest import sign_in

    with full_disk_copy(web_dir, tmp_path, full=False) as disk:
        config = with_overrides(load_config(env={}), store={"data_dir": str(disk)})
        site = create_app(config, TESTING=True, SECRET_KEY="test-secret")
        curator = site.test_client()
        assert sign_in(curator, "cy").status_code == 302
        fill_up(disk)  # the disk fills up while the curator works
        answer = curator.post("/curate/documents/Y.3172/notes?format=json", data={
            "body": "x" * 5000, "visibility": "public", "csrf_token": csrf_of(curator)})
        assert answer.status_code == 503, answer.get_json()
        assert answer.get_json()["code"] == "store.read_only"
        site.extensions["itucat_catalogue"].close()
