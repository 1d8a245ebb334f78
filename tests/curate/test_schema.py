"""Schema v3 and later: the curator tables and the append-only audit log (v4: no INSERT OR
REPLACE, a hash chain), from new and from v2 stores."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from index import schema
from index.store import Store
from index.tags.changes import TagChange
from tests.curate.test_tags import audit_rows


def triggers(path) -> set[str]:
    db = sqlite3.connect(path)
    try:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    finally:
        db.close()


def test_a_new_store_has_the_curator_tables_and_triggers(tmp_path):
    store = Store.open(tmp_path)
    assert store.schema_version() == schema.SCHEMA_VERSION >= 4
    store.close()
    db = sqlite3.connect(tmp_path / "catalogue.sqlite")
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    db.close()
    assert {"users", "tags", "notes", "batches", "audit_log", "signin_failures"} <= tables
    assert triggers(tmp_path / "catalogue.sqlite") >= {"audit_log_no_update",
                                                        "audit_log_no_delete",
                                                        "audit_log_no_replace"}


def test_a_v2_store_upgrades_keeping_every_row(store, data_dir):
    documents = store.documents.counts()["documents"]
    store.close()
    db = sqlite3.connect(data_dir / "catalogue.sqlite")  # make it look like a v2 store
    for trigger in ("audit_log_no_update", "audit_log_no_delete", "audit_log_no_replace"):
        db.execute(f"DROP TRIGGER {trigger}")
    for table in ("users", "tags", "notes", "batches", "audit_log", "signin_failures"):
        db.execute(f"DROP TABLE {table}")
    db.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    upgraded = Store.open(data_dir)
    try:
        assert upgraded.schema_version() == schema.SCHEMA_VERSION
        assert upgraded.documents.counts()["documents"] == documents
        assert (data_dir / "catalogue.v2.bak").exists()
        upgraded.tags.apply([TagChange("Y.3172", "region", "africa", "add")], actor="a",
                      reason="r")
        assert len(audit_rows(upgraded)) == 1
    finally:
        upgraded.close()
    assert len(triggers(data_dir / "catalogue.sqlite")) == 3
    assert upgraded.audit.verify().ok


def test_running_the_v3_step_again_keeps_curator_data(store, data_dir):
    store.tags.apply([TagChange("Y.3172", "region", "africa", "add")], actor="a", reason="r")
    with store.engine.begin() as conn:  # as if a later version re-ran the steps from v2
        conn.execute(schema.meta.update().values(value="2"))
    store.close()
    again = Store.open(data_dir)
    try:
        assert [d.value for d in again.tags.of_document("Y.3172")] == ["africa"]
        assert len(audit_rows(again)) == 1
    finally:
        again.close()


def test_the_store_holds_one_relevance_decision_per_document(store):
    row = {"document_id": "Y.3172", "facet": "developing_countries", "action": "set",
           "curator": "a", "created_at": "2026-01-01T00:00:00+00:00", "reason": "r"}
    with store.engine.begin() as conn:
        conn.execute(insert(schema.tags).values(value="yes", **row))
    with pytest.raises(IntegrityError):  # as if a second curator saved "no" at that moment
        with store.engine.begin() as conn:
            conn.execute(insert(schema.tags).values(value="no", **row))
    with store.engine.begin() as conn:  # regions and topics: one row per value
        for value in ("africa", "europe"):
            conn.execute(insert(schema.tags).values(**dict(row, facet="region", value=value,
                                                           action="add")))
    assert len(store.tags.of_document("Y.3172")) == 3
