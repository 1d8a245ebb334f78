"""The catalogue store: atomic family saves, no downgrade, gone marks, schema upgrades."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import update

from index import schema
from index.models import (
    DocumentData,
    EditionData,
    PublicationData,
    PublicationListing,
    RelationData,
    RunCounts,
)
from index.store import Store, StoreError
from tests.backends import BOTH, fresh_database

BACKENDS = BOTH  # the store's own tests: run on SQLite and PostgreSQL


@pytest.fixture
def store(tmp_path, backend):
    if backend == "sqlite":
        s = Store.open(tmp_path)
        yield s
        s.close()
        return
    with fresh_database() as url:
        s = Store.open(tmp_path, url)
        yield s
        s.close()


def edition(idrec=1, status="In force", edition_id="T-REC-Y.3172-201906-I"):
    return EditionData(idrec, "Y.3172 (06/2019)", "edition", None, "ML architecture",
                       date(2019, 6, 22), status, edition_id)


def full_doc(**kw):
    values = dict(
        id="Y.3172", type="Recommendation", title="ML architecture", summary="Summary.",
        series="Y", series_titles=("Y series",), study_group="SG13",
        study_group_name="ITU-T Study Group 13", status="In force",
        approval_date=date(2019, 6, 22), current_idrec=1, source="mws",
        editions=(edition(),),
        relations=(RelationData("supplement", "Y.Suppl.55", "Y Suppl. 55 (10/2019)"),),
    )
    values.update(kw)
    return DocumentData(**values)


def stored(store, doc_id="Y.3172"):
    return next(d for d in store.documents.iter_all() if d.id == doc_id)


def test_new_store_is_at_the_current_schema(store):
    assert store.schema_version() == schema.SCHEMA_VERSION
    assert store.documents.counts()["documents"] == 0


def test_save_and_read_back(store):
    assert store.documents.save(full_doc(), "hash1") is True
    doc = stored(store)
    assert doc.title == "ML architecture" and doc.family_hash == "hash1"
    assert doc.editions[0].edition_id == "T-REC-Y.3172-201906-I"
    assert doc.relations[0].target == "Y.Suppl.55"
    assert store.documents.save(full_doc(), "hash1") is False  # nothing changed


def test_partial_save_never_erases_known_fields(store):
    store.documents.save(full_doc(), "hash1")
    partial = DocumentData(id="Y.3172", type="Recommendation", status="Superseded",
                           editions=(edition(status="Superseded",
                                             edition_id="T-REC-Y.3172-201906-S"),))
    store.documents.save(partial, None)
    doc = stored(store)
    assert doc.summary == "Summary." and doc.study_group == "SG13"
    assert doc.source == "mws"
    assert doc.status == "Superseded"  # the enumeration is authoritative for status
    assert doc.family_hash == "hash1"  # kept: the family is fetched again next run
    assert doc.relations, "relations unknown in a partial save are kept"


def test_edition_files_survive_a_status_change(store):
    store.documents.save(full_doc(), "h")
    assert store.documents.editions_needing_files() == [(1, "T-REC-Y.3172-201906-I")]
    store.documents.save_edition_files(1, [{"language": "English", "format": "PDF"}],
                                       "T-REC-Y.3172-201906")
    store.documents.save(full_doc(editions=(edition(status="Superseded",
                                                   edition_id="T-REC-Y.3172-201906-S"),)), "h2")
    assert store.documents.editions_needing_files() == []
    assert stored(store).editions[0].files[0]["format"] == "PDF"


def test_gone_families_are_marked_not_erased(store):
    store.documents.save(full_doc(), "h")
    store.documents.mark_gone(["Y.3172"])
    doc = stored(store)
    assert doc.gone_since and doc.title == "ML architecture"
    store.documents.save(full_doc(), "h")
    assert stored(store).gone_since is None


def test_publication_not_found_keeps_earlier_data(store):
    values = PublicationData(id="T-TUT-X-2020", type="Technical Paper", title="Real title",
                             year="2020", url="https://www.itu.int/pub/T-TUT-X-2020", items=[])
    store.publications.save(values, not_found=False)
    store.publications.save(replace(values, title=None), not_found=True)
    pub = store.publications.all()["T-TUT-X-2020"]
    assert pub.title == "Real title" and pub.not_found_at and pub.fetched_at


def test_runs_are_recorded(store):
    run = store.runs.start("nightly", "https://www.itu.int")
    store.runs.finish(run, RunCounts(new=3), requests=5, seconds=1.5, exit_code=0)
    last = store.runs.latest(1)[0]
    assert (last.new, last.requests, last.completed) == (3, 5, True)


def test_upgrade_keeps_data_and_backs_up(tmp_path):
    s = Store.open(tmp_path)
    s.documents.save(full_doc(), "h")
    with s.engine.begin() as conn:  # pretend the file was written by an older version
        conn.execute(update(schema.meta).values(value="0"))
    s.close()
    s = Store.open(tmp_path)
    assert s.schema_version() == schema.SCHEMA_VERSION
    assert stored(s).title == "ML architecture"
    assert (tmp_path / "catalogue.v0.bak").exists()
    s.close()


def test_newer_store_is_refused(tmp_path):
    s = Store.open(tmp_path)
    with s.engine.begin() as conn:
        conn.execute(update(schema.meta).values(value="999"))
    s.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(tmp_path)


def test_v1_store_upgrades_to_v2_keeping_every_row(tmp_path):
    import sqlite3

    s = Store.open(tmp_path)
    s.documents.save(full_doc(), "h")
    s.publications.save(PublicationData(id="T-TUT-X-2020", type="Technical Paper", title="Kept",
                                        year="2020", url="https://www.itu.int/pub/T-TUT-X-2020",
                                        items=[]), not_found=False)
    s.close()
    db = sqlite3.connect(tmp_path / "catalogue.sqlite")  # make it look like a v1 store
    for column in ("study_group", "listed_in", "parent", "observation"):
        db.execute(f"ALTER TABLE publications DROP COLUMN {column}")
    db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    s = Store.open(tmp_path)
    assert s.schema_version() == schema.SCHEMA_VERSION
    assert s.publications.all()["T-TUT-X-2020"].title == "Kept"
    assert stored(s).title == "ML architecture"
    assert (tmp_path / "catalogue.v1.bak").exists()
    s.close()


def test_publications_come_out_as_documents(store):
    store.documents.save(full_doc(relations=(RelationData(
        "related", "T-TUT-X-2020", url="https://www.itu.int/pub/T-TUT-X-2020"),)), "h")
    assert store.publications.needed() == [("T-TUT-X-2020", "https://www.itu.int/pub/T-TUT-X-2020")]
    store.publications.save_listings([PublicationListing(
        id="T-HDB-Y-2011", type="Handbook", title="Listed", study_group="SG12",
        listed_in="T-HDB", url="https://www.itu.int/pub/T-HDB-Y-2011")])
    assert [p for p, _ in store.publications.needed()] == ["T-HDB-Y-2011", "T-TUT-X-2020"]
    store.publications.save(PublicationData(
        id="T-TUT-X-2020", type="Technical Paper", title="GNSS", year="2020",
        url="https://www.itu.int/pub/T-TUT-X-2020",
        items=[{"language": "English", "format": "PDF"}]), not_found=False)
    docs = {d.id: d for d in store.documents.iter_all()}
    pub = docs["T-TUT-X-2020"]
    assert pub.type == "Technical Paper" and pub.approval_date == date(2020, 1, 1)
    assert pub.relations[0].target == "Y.3172"
    assert pub.editions[0].files[0]["format"] == "PDF"
    assert docs["T-HDB-Y-2011"].study_group == "SG12"
