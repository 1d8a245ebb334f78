"""Building the index: atomic rebuilds, incremental updates, one-document re-index, locks."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import Column, MetaData, String, Table, Text, delete, insert

from index import schema
from index.models import DocumentData, EditionData
from index.search import IndexLocked, SearchService, paths_for, rebuild, reindex_document, update
from index.search import build as build_mod
from index.search.layout import read_state, writer_lock
from index.tags.taxonomy import load_taxonomy
from itucat.config import Config, StoreConfig


def service_for(data_dir):
    return SearchService(data_dir, check_interval=0)


def test_rebuild_swaps_a_complete_build_in_and_keeps_the_previous_one(fresh):
    store, data_dir = fresh
    paths = paths_for(data_dir)
    first = paths.current()
    reader = service_for(data_dir)
    assert reader.search("Y.3172")["total"] == 1  # a reader holds the first build open
    second = rebuild(store, paths).build
    third = rebuild(store, paths).build
    builds = sorted(p.name for p in paths.root.iterdir() if p.name.startswith("build-"))
    assert paths.current().name == third and builds == sorted([second, third])
    assert first.name not in builds
    assert not list(paths.root.glob("*.tmp"))
    assert read_state(paths.current())["hashes"].keys() >= {"Y.3172", "T-TUT-QOS-2023-2"}


def test_a_failed_rebuild_leaves_the_live_index_alone(fresh, monkeypatch):
    store, data_dir = fresh
    paths = paths_for(data_dir)
    live = paths.current()
    calls = {"n": 0}
    real = build_mod.index_document

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(build_mod, "index_document", flaky)
    with pytest.raises(RuntimeError):
        rebuild(store, paths)
    assert paths.current() == live and not list(paths.root.glob("*.tmp"))
    assert service_for(data_dir).search("Y.3172")["total"] == 1


def test_update_reindexes_only_what_changed(fresh):
    store, data_dir = fresh
    paths = paths_for(data_dir)
    assert update(store, paths).indexed == 0
    doc = store.documents.get("Y.3800")
    store.documents.save(DocumentData(
        id="Y.3800", type="Recommendation", title="Overview on networks supporting quantum "
        "key distribution", summary="Now also about teleportation.", series="Y",
        study_group="SG13", status="In force", approval_date=doc.approval_date,
        current_idrec=doc.current_idrec, url=doc.url, source="mws",
        editions=tuple(EditionData(e.idrec, e.label, e.kind, e.version, e.title,
                                   e.approval_date, e.status, e.edition_id)
                       for e in doc.editions), relations=()), "h-new")
    report = update(store, paths)
    assert report.indexed == 1 and report.deleted == 0
    assert service_for(data_dir).search("teleportation")["results"][0]["number"] == "Y.3800"


def test_update_sees_edition_files_that_do_not_touch_last_changed(fresh):
    store, data_dir = fresh
    paths = paths_for(data_dir)
    before = store.documents.get("D.1").last_changed
    store.documents.save_edition_files(20, [{"language": "Spanish", "format": "PDF"}],
                                       "T-REC-D.1")
    assert store.documents.get("D.1").last_changed == before
    report = update(store, paths)
    assert report.indexed == 1 and "1 in the change log" in report.line()
    answer = service_for(data_dir).search("D.1", {"language": "Spanish"})
    assert [h["number"] for h in answer["results"]] == ["D.1"]


def test_update_removes_documents_gone_from_the_store(fresh):
    store, data_dir = fresh
    with store.engine.begin() as conn:  # a store clean-up; the store itself never deletes
        conn.execute(delete(schema.publications).where(
            schema.publications.c.id == "T-TUT-QOS-2023-2"))
    report = update(store, paths_for(data_dir))
    assert report.deleted == 1
    assert service_for(data_dir).search("T-TUT-QOS-2023-2")["total"] == 0


def test_a_changed_taxonomy_rebuilds(fresh):
    store, data_dir = fresh
    changed = replace(load_taxonomy(), digest="0" * 64)
    report = update(store, paths_for(data_dir), changed)
    assert report.mode == "rebuild" and "taxonomy" in report.line()


def _tags_table(store):
    """The store's curator tags table (or, for a store without one yet, the same columns)."""
    table = getattr(schema, "tags", None)
    if table is not None:
        return table
    table = Table("tags", MetaData(), Column("document_id", String(120)),
                  Column("facet", String(40)), Column("value", String(120)),
                  Column("action", String(10)), Column("curator", String(80)),
                  Column("created_at", String(32)), Column("reason", Text))
    table.create(store.engine)
    return table


def test_a_curator_decision_is_indexed_at_once_and_overrides_rules(fresh):
    store, data_dir = fresh
    service = service_for(data_dir)
    assert not service.search("H.810")["results"][0]["developing_countries"]["relevant"]
    table = _tags_table(store)
    with store.engine.begin() as conn:
        conn.execute(insert(table).values(
            document_id="H.810", facet="developing_countries", value="yes", action="set",
            curator="amina", created_at="2026-11-28T10:00:00", reason="used in rural clinics"))
        conn.execute(insert(table).values(
            document_id="H.810", facet="region", value="africa", action="add",
            curator="amina", created_at="2026-11-28T10:00:00", reason="pilot in Kenya"))
    assert reindex_document(store, "H.810") is True
    hit = service.search("H.810")["results"][0]
    assert hit["developing_countries"]["relevant"]
    assert hit["developing_countries"]["source"] == "curator"
    assert hit["developing_countries"]["curator"]["who"] == "amina"
    assert [(r["id"], r["source"]) for r in hit["regions"]] == [("africa", "curator")]
    assert service.search("", {"region": "africa"})["total"] >= 1
    # The next nightly update keeps the decision (it lives in the store).
    update(store, paths_for(data_dir))
    assert service.search("H.810")["results"][0]["developing_countries"]["source"] == "curator"


def test_reindex_through_the_configuration(fresh):
    store, data_dir = fresh
    config = Config(store=StoreConfig(data_dir=str(data_dir)))
    assert reindex_document(config, "Y.3172") is True
    assert reindex_document(config, "NO.SUCH") is True  # absent: removed, not an error


def test_a_busy_index_queues_the_document_for_the_running_writer(fresh):
    store, data_dir = fresh
    paths = paths_for(data_dir)
    table = _tags_table(store)
    with store.engine.begin() as conn:
        conn.execute(insert(table).values(
            document_id="E.164", facet="topic", value="dfs", action="add", curator="li",
            created_at="2026-11-28T11:00:00", reason="mobile money numbering"))
    with writer_lock(paths):
        assert reindex_document(store, "E.164") is False
        with pytest.raises(IndexLocked):
            rebuild(store, paths)
    assert "E.164\n" in paths.pending_file.read_text()
    update(store, paths)  # the next writer drains the queue
    assert paths.pending_file.read_text() == ""
    topics = service_for(data_dir).search("E.164")["results"][0]["topics"]
    assert ("dfs", "curator") in [(t["id"], t["source"]) for t in topics]
