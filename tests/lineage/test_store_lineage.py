"""The store's lineage, aliases, edition extras, summary backfill queue and 404 schedule (v4)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest

from index import schema
from index.export import iter_records
from index.lineage_models import LineageLink
from index.models import DocumentData, EditionData, PublicationData
from index.store import Store


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path)
    yield s
    s.close()


def ed(idrec: int, label: str, when: date, status: str = "Superseded", **kw) -> EditionData:
    return EditionData(idrec, label, "edition", None, kw.pop("title", "GFT"), when, status,
                       kw.pop("edition_id", None), **kw)


def doc(doc_id: str, *eds: EditionData, status: str = "Superseded", **kw) -> DocumentData:
    return DocumentData(id=doc_id, type="Recommendation", title="GFT", status=status,
                        approval_date=eds[-1].approval_date, current_idrec=eds[-1].idrec,
                        source="mws", editions=eds, relations=(), **kw)


LINK = LineageLink("Z.142", "Z.163", 8642, 9279, "document", "rec.aspx",
                   "ITU's editions list of Z.163 (11/2007): Z.142 (03/2006) is followed by"
                   " Z.163 (11/2007)")


def save_z(store: Store, lineage: tuple[LineageLink, ...] | None = (LINK,)) -> None:
    store.documents.save(doc("Z.142", ed(5669, "Z.142 (02/2003)", date(2003, 2, 1)),
                            ed(8642, "Z.142 (03/2006)", date(2006, 3, 1))), "h1")
    store.documents.save(doc("Z.163", ed(9279, "Z.163 (11/2007)", date(2007, 11, 1), "In force",
                                        edition_number="3", summary="Now Z.163.",
                                        summary_source="mws"),
                            status="In force", lineage=lineage), "h2")


def test_lineage_links_both_ways_with_the_text_in_force(store):
    save_z(store)
    old, new = store.lineage.view("Z.142"), store.lineage.view("Z.163")
    assert [(v.number, v.label, v.year, v.status) for v in old.replaced_by] == [
        ("Z.163", "Z.163 (11/2007)", 2007, "In force")]
    assert old.current.number == "Z.163" and old.current.hops == 1
    assert [v.number for v in new.replaces] == ["Z.142"] and new.replaced_by == ()
    assert [(e.idrec, e.replaced_by) for e in old.editions] == [(8642, ("Z.163 (11/2007)",))]
    assert store.lineage.replacements()["Z.142"][0]["number"] == "Z.163"
    records = {r["id"]: r for r in iter_records(store)}
    assert records["Z.142"]["replaced_by"] == [{
        "number": "Z.163", "edition": "Z.163 (11/2007)", "source": "rec.aspx",
        "evidence": LINK.evidence}]
    assert records["Z.163"]["replaces"][0]["number"] == "Z.142"
    current = records["Z.163"]["editions"][0]
    assert (current["edition"], current["summary"]) == ("3", "Now Z.163.")


def test_a_refetch_replaces_its_own_links_and_unknown_keeps_them(store):
    save_z(store)
    save_z(store, lineage=None)  # rec.aspx failed this time: the stored links stay
    assert store.lineage.view("Z.142").replaced_by
    save_z(store, lineage=())  # ITU's list no longer says so
    assert store.lineage.view("Z.142").replaced_by == ()


def test_a_chain_of_renumberings_ends_at_the_last_text(store):
    eds = {n: ed(i, f"{n} ({m})", date(y, 1, 1)) for i, (n, m, y) in enumerate(
        [("E.Suppl.4", "10/1976", 1976), ("E-300 Suppl.2", "11/1980", 1980),
         ("E-100 series Suppl.2", "01/1994", 1994)], start=1)}
    chain = [LineageLink("E.Suppl.4", "E-300 Suppl.2", 1, 2, "document", "rec.aspx", "e"),
             LineageLink("E-300 Suppl.2", "E-100 series Suppl.2", 2, 3, "document",
                         "rec.aspx", "e")]
    for number, one in eds.items():
        store.documents.save(doc(number, one, status="Withdrawn" if "100" in number else
                                "Superseded", lineage=tuple(chain) if "100" in number else None),
                            "h")
    view = store.lineage.view("E.Suppl.4")
    assert [v.number for v in view.replaced_by] == ["E-300 Suppl.2"]
    assert (view.current.number, view.current.status, view.current.hops) == (
        "E-100 series Suppl.2", "Withdrawn", 2)


def test_an_old_number_becomes_an_alias_and_its_document_merges(store):
    # A store from before the identity table: G.780 and G.780/Y.1351 as two documents.
    store.documents.save(doc("G.780", ed(4710, "G.780 (07/1999)", date(1999, 7, 1))), "old")
    store.documents.save_edition_files(4710, [{"language": "English", "format": "PDF"}], "k")
    merged = doc("G.780/Y.1351", ed(4710, "G.780 (07/1999)", date(1999, 7, 1)),
                 ed(10876, "G.780/Y.1351 (07/2010)", date(2010, 7, 1), "In force"),
                 status="In force", aliases=("G.780",))
    store.documents.save(merged, "new")
    assert store.aliases.resolve("G.780") == store.aliases.resolve("g.780") == "G.780/Y.1351"
    assert store.aliases.resolve("G.780/Y.1351") is None
    ids = [d.id for d in store.documents.iter_all()]
    assert "G.780" not in ids and "G.780/Y.1351" in ids
    states = store.documents.family_states()
    assert states["G.780"].merged_into == "G.780/Y.1351" and not states["G.780"].enumerated
    store.documents.mark_gone(["G.780"])
    assert store.documents.family_states()["G.780"].gone_since is None  # an alias is never "gone"
    moved = next(d for d in store.documents.iter_all() if d.id == "G.780/Y.1351")
    files = {e.idrec: e.files for e in moved.editions}
    assert files[4710] == [{"language": "English", "format": "PDF"}]  # kept when it moved
    assert next(r for r in iter_records(store) if r["id"] == "G.780/Y.1351")["aliases"] == [
        "G.780"]


def test_backfill_queue_newest_first_and_a_no_answer_is_not_asked_again(store):
    save_z(store)
    gaps = store.summaries.gaps(10)
    assert [g.idrec for g in gaps] == [8642, 5669]  # the current edition has its summary
    assert store.summaries.gap_count() == 2 and store.summaries.gaps(1)[0].idrec == 8642
    store.summaries.save(8642, "The 2006 text.", "SUM-HTM")
    store.summaries.save(5669, None, "none", title="Old title")
    assert store.summaries.gap_count() == 0 and store.summaries.gaps(10) == []
    save_z(store)  # a re-fetch of the family does not bring the gaps back
    assert store.summaries.gap_count() == 0
    eds = {e["idrec"]: e for e in next(r for r in iter_records(store)
                                       if r["id"] == "Z.142")["editions"]}
    assert eds[8642]["summary"] == "The 2006 text." and eds[8642]["summary_source"] == "SUM-HTM"
    assert eds[5669]["summary"] is None and eds[5669]["title"] == "GFT"  # title kept


def test_not_found_publications_wait_a_day_a_week_then_a_month(store):
    t0 = datetime.now(UTC)
    day = t0.date().toordinal()
    waits = [store.publications.missing("T-TUT-X-2014-GUIDE", "https://www.itu.int/pub/"
                                       "T-TUT-X-2014-GUIDE", "Technical Paper", at=t0)]
    waits.append(store.publications.missing("T-TUT-X-2014-GUIDE", "u", "Technical Paper", at=t0))
    waits.append(store.publications.missing("T-TUT-X-2014-GUIDE", "u", "Technical Paper", at=t0))
    waits.append(store.publications.missing("T-TUT-X-2014-GUIDE", "u", "Technical Paper", at=t0))
    assert [date.fromisoformat(w[:10]).toordinal() - day for w in waits] == [1, 7, 30, 30]
    # A replay of the archive records, never moves, the schedule.
    assert store.publications.missing("T-TUT-X-2014-GUIDE", "u", "x", count=False) == waits[-1]
    row = store.publications.all()["T-TUT-X-2014-GUIDE"]
    assert row.missing_checks == 4 and row.missing_since.startswith(t0.date().isoformat())
    # Not due: not asked. A successful fetch clears it.
    assert "T-TUT-X-2014-GUIDE" not in dict(store.publications.needed())
    store.publications.save(PublicationData(id="T-TUT-X-2014-GUIDE", type="Technical Paper",
                                            title="Back", url="u", items=[]), not_found=False)
    assert store.publications.all()["T-TUT-X-2014-GUIDE"].retry_at is None


def test_a_v3_store_with_data_upgrades_to_v4_keeping_every_row(tmp_path):
    store = Store.open(tmp_path)
    save_z(store)
    before = {t: n for t, n in store.documents.counts().items()
              if t not in ("lineage", "aliases")}
    store.close()
    db = sqlite3.connect(tmp_path / "catalogue.sqlite")  # make it a v3 store
    for table in ("lineage", "document_aliases"):
        db.execute(f"DROP TABLE {table}")
    for table, names in schema._V4_COLUMNS.items():
        for column in names:
            db.execute(f'ALTER TABLE {table.name} DROP COLUMN "{column}"')
    db.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    upgraded = Store.open(tmp_path)
    try:
        assert upgraded.schema_version() == schema.SCHEMA_VERSION >= 4
        assert (tmp_path / "catalogue.v3.bak").exists()
        after = upgraded.documents.counts()
        assert {t: after[t] for t in before} == before and after["lineage"] == 0
        assert upgraded.summaries.gap_count() == 3  # every edition: no summary known yet
        save_z(upgraded)
        assert upgraded.lineage.view("Z.142").replaced_by
    finally:
        upgraded.close()
