"""Finding 8: the audit log cannot be rewritten unnoticed (triggers, hash chain, verify)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError

import itucat_cli
from index.store.audit import AuditQuery
from index.tags.changes import TagChange


@pytest.fixture
def logged(store):
    for region in ("africa", "europe", "americas"):
        store.tags.apply([TagChange("Y.3172", "region", region, "add")], actor="amina",
                         reason=f"used in {region}")
    store.notes.add("Y.3172", "a note", "public", actor="amina")
    return store


def _verify(data_dir, capsys, *extra):
    status = itucat_cli.main(["--data-dir", str(data_dir), "audit", "verify", *extra])
    return status, capsys.readouterr()


def test_insert_or_replace_cannot_overwrite_an_entry(logged, data_dir):
    db = sqlite3.connect(data_dir / "catalogue.sqlite")
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("INSERT OR REPLACE INTO audit_log (id, at, actor, action) "
                       "VALUES (1, '1999-01-01', 'mallory', 'tag')")
    finally:
        db.close()
    with pytest.raises(IntegrityError), logged.engine.begin() as conn:
        conn.exec_driver_sql("REPLACE INTO audit_log (id, at, actor, action) "
                             "VALUES (2, '1999-01-01', 'mallory', 'tag')")
    assert [e.actor for e in logged.audit.entries(AuditQuery())] == ["amina"] * 4


def test_verify_passes_on_an_intact_log_and_prints_its_head(logged, data_dir, capsys):
    status, out = _verify(data_dir, capsys)
    assert status == 0, out.err
    assert "intact entries=4 head=4:" in out.out
    head = out.out.split("head=")[1].split()[0]
    status, out = _verify(data_dir, capsys, "--anchor", head)
    assert status == 0


def _tamper(data_dir, *statements):
    """What someone who owns the file can do: drop the triggers, rewrite, put them back."""
    db = sqlite3.connect(data_dir / "catalogue.sqlite")
    triggers = db.execute("SELECT sql FROM sqlite_master WHERE type='trigger' "
                          "AND tbl_name='audit_log'").fetchall()
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='trigger' "
                              "AND tbl_name='audit_log'").fetchall():
        db.execute(f"DROP TRIGGER {name}")
    for statement in statements:
        db.execute(statement)
    for (sql,) in triggers:
        db.execute(sql)
    db.commit()
    db.close()


@pytest.mark.parametrize("statements, entry", [
    (["UPDATE audit_log SET actor = 'someone-else' WHERE id = 2"], 2),
    (["UPDATE audit_log SET reason = 'rewritten' WHERE id = 1"], 1),
    (["DELETE FROM audit_log WHERE id = 2"], 3),
])
def test_a_rewrite_around_the_triggers_is_found(logged, data_dir, capsys, statements, entry):
    logged.close()
    _tamper(data_dir, *statements)
    status, out = _verify(data_dir, capsys)
    assert status == 2
    assert f"entry {entry}:" in out.err and "NOT intact" in out.err


def test_cutting_the_log_back_is_found_against_an_anchor(logged, data_dir, capsys):
    status, out = _verify(data_dir, capsys)
    head = out.out.split("head=")[1].split()[0]
    logged.close()
    _tamper(data_dir, "DELETE FROM audit_log WHERE id = 4")
    assert _verify(data_dir, capsys)[0] == 0  # the rest of the chain is intact...
    status, out = _verify(data_dir, capsys, "--anchor", head)
    assert status == 2 and "missing" in out.err  # ...but the noted head is gone


def test_a_bad_anchor_is_a_clear_error(logged, data_dir, capsys):
    status, out = _verify(data_dir, capsys, "--anchor", "four")
    assert status == 2 and "ID:HASH" in out.err


def test_postgresql_refuses_truncate_and_a_site_role_cannot_rewrite(tmp_path):
    import uuid

    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import DBAPIError

    from index.store import Store
    from tests.backends import fresh_database

    with fresh_database() as url:
        store = Store.open(tmp_path, url)
        store.accounts.add("amina", "curator", "amina-password-1", actor="test")
        with pytest.raises(DBAPIError, match="append-only"), store.engine.begin() as conn:
            conn.exec_driver_sql("TRUNCATE audit_log")
        # README's grants for the role the site and nightly run as: no UPDATE, DELETE or
        # TRUNCATE on the audit log, so even a bug or an injection cannot rewrite it.
        role = f"itucat_site_{uuid.uuid4().hex[:6]}"
        with store.engine.begin() as conn:
            for statement in (
                    f"CREATE ROLE {role} LOGIN PASSWORD 'site-password'",
                    f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public "
                    f"TO {role}",
                    f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}",
                    f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {role}"):
                conn.exec_driver_sql(statement)
        site_url = make_url(url).set(username=role, password="site-password")
        site = create_engine(site_url)
        try:
            for statement in ("DELETE FROM audit_log", "TRUNCATE audit_log",
                              "UPDATE audit_log SET actor = 'x'"):
                with pytest.raises(DBAPIError, match="permission denied"), \
                        site.begin() as conn:
                    conn.exec_driver_sql(statement)
            as_site = Store(site)  # and the site still works as that role
            as_site.accounts.add("bea", "curator", "bea-password-12", actor="amina")
            assert as_site.audit.verify().ok
        finally:
            site.dispose()
            store.close()
    from tests.backends import admin_url  # the role goes once its database has gone

    admin = create_engine(admin_url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP ROLE IF EXISTS {role}")
    admin.dispose()
