"""Curator data survives a full re-crawl, a re-parse, `index rebuild` and a schema upgrade.

A subset of the offline mirror (series A) is crawled, curators tag, bulk-tag, revert and
write notes; then ITU changes some of those documents upstream, every family is fetched
again, the raw archive is re-parsed, the index is rebuilt and the store is upgraded by a
new migration. Tags, notes, batches, users and the audit log must be equal, row for row,
and search must still show every decision.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select, text

from crawler.runner import run_harvest
from index import schema
from index.search import SearchService, paths_for, rebuild
from index.store import Store
from index.tags.changes import TagChange
from itucat.exitcodes import ExitStatus
from tests.crawl_helpers import crawl, mirror_config

CURATOR_TABLES = ("users", "tags", "notes", "batches", "audit_log")


MIRROR_SERIES = "A"  # the module's mirror (tests/conftest.py)


def snapshot(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Every row of every curator table, in id order."""
    out = {}
    with store.engine.connect() as conn:
        for name in CURATOR_TABLES:
            table = schema.metadata.tables[name]
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).mappings()
            out[name] = [dict(r) for r in rows]
    return out


def curate(store: Store, docs: list[str]) -> None:
    """A day of curator work on the crawled documents."""
    store.accounts.add("amina", "curator", "amina-password", actor="cli:root")
    store.tags.apply([TagChange(d, "developing_countries", "yes", "set") for d in docs[:3]],
                  actor="amina", reason="Regulators in LDCs use it")
    store.tags.apply([TagChange(docs[3], "developing_countries", "no", "set"),
                          TagChange(docs[3], "topic", "qos-qoe", "add")],
                  actor="amina", reason="Internal working method")
    store.batches.apply([TagChange(d, "region", "africa", "add") for d in docs],
                kind="bulk", actor="amina", reason="African study period", description="all A")
    batch, _ = store.batches.apply([TagChange(d, "region", "europe", "add") for d in docs[:4]],
                           kind="bulk", actor="amina", reason="mistake")
    assert batch is not None
    store.batches.revert(batch, actor="amina", reason="wrong region")
    kept = store.notes.add(docs[0], "Used in **ITU-D** workshops", "public", actor="amina")
    store.notes.edit(kept, "Used in **ITU-D** workshops (2025)", "public", actor="amina")
    gone = store.notes.add(docs[1], "draft", "curators", actor="amina")
    store.notes.delete(gone, actor="amina")


def upgrade_with_a_new_migration(data_dir, monkeypatch) -> None:
    """A future schema version (adding a column) applied to the store, with its backup."""
    current = schema.SCHEMA_VERSION

    def future(conn: Connection) -> None:
        conn.execute(text("ALTER TABLE documents ADD COLUMN future INTEGER"))

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, future])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    store = Store.open(data_dir)
    assert store.schema_version() == current + 1
    store.close()
    assert (data_dir / f"catalogue.v{current}.bak").exists()


def test_curator_data_survives_recrawl_reparse_rebuild_and_upgrade(mirror, tmp_path,
                                                                   monkeypatch):
    data_dir = tmp_path / "data"
    assert crawl(mirror, data_dir).status == ExitStatus.OK
    store = Store.open(data_dir)
    docs = sorted(store.documents.family_states())
    rebuild(store, paths_for(data_dir))
    curate(store, docs)
    before = snapshot(store)
    assert len(before["tags"]) == len(docs) + 5 and len(before["notes"]) == 2
    store.close()

    changed = mirror.mutate(families=4, seed=11)
    assert set(changed) & set(docs)
    again = crawl(mirror, data_dir, revalidate=10_000)  # every family fetched again
    assert again.status == ExitStatus.OK and again.result.counts.changed >= 1
    replay = run_harvest(mirror_config(mirror, data_dir), command="reparse", replay=True,
                         progress=False)
    assert replay.status == ExitStatus.OK
    store = Store.open(data_dir)
    rebuild(store, paths_for(data_dir))
    store.close()
    upgrade_with_a_new_migration(data_dir, monkeypatch)

    store = Store.open(data_dir)
    try:
        assert snapshot(store) == before
        for name in CURATOR_TABLES:
            assert len(snapshot(store)[name]) == len(before[name])
    finally:
        store.close()
    service = SearchService(data_dir, cache_size=0)
    africa = service.search("", {"region": ["africa"], "status": ["all"]}, per_page=100)
    assert {r["number"] for r in africa["results"]} >= {d for d in docs
                                                       if service.document(d) is not None}
    first = service.document(docs[0])
    assert first["developing_countries"]["curator"]["why"] == "Regulators in LDCs use it"
    assert service.document(docs[3])["developing_countries"]["relevant"] is False
    assert "europe" not in [t["id"] for t in first["regions"]]
