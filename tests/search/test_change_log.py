"""The store's change log, and `index update` reading exactly the documents it names.

Statements are counted with SQLAlchemy's `before_cursor_execute` event on the store's
engine: an update with nothing logged reads no document, and an update after two
changes reads those two documents (and no other) before re-indexing them. The replacement
links are derived from the whole catalogue again only when a change bears on them.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

import pytest
from sqlalchemy import event

from index.models import DocumentData, EditionData, PublicationData, RelationData
from index.search import SearchService, paths_for, update
from index.search.layout import read_state, write_state
from index.search.replacements import replacements
from index.search.sources import derive_links, itu_lineage, merge_replacements, stream_documents
from index.tags.changes import TagChange

_HEADER = [f.name for f in fields(DocumentData)
           if f.name not in {"id", "editions", "relations", "lineage", "aliases"}]


def _data(store: Any, doc_id: str) -> DocumentData:
    """The document as the harvest would save it again, unchanged."""
    doc = store.documents.get(doc_id)
    header = {name: getattr(doc, name) for name in _HEADER}
    header["series_titles"] = tuple(doc.series_titles or ())
    return DocumentData(id=doc.id, editions=tuple(
        EditionData(e.idrec or 0, e.label, e.kind, e.version, e.title, e.approval_date,
                    e.status, e.edition_id) for e in doc.editions),
        relations=tuple(RelationData(r.kind, r.target, r.label, r.title, r.status, r.year,
                                     r.url) for r in doc.relations), **header)


def _logged(store: Any, after: int) -> list[tuple[str, str]]:
    return [(e.document_id, e.reason) for e in store.changes.since(after).entries]


def test_every_write_a_page_or_entry_depends_on_is_logged_once(fresh):
    store, _ = fresh
    start = store.changes.latest()
    store.documents.save(_data(store, "Y.3172"), "h-same")  # nothing a reader sees changed
    assert _logged(store, start) == []
    store.documents.save(replace(_data(store, "Y.3172"), summary="Changed."), "h2")
    store.documents.save_edition_files(20, [{"language": "Spanish", "format": "PDF"}], "k")
    store.documents.save_edition_files(20, [{"language": "Spanish", "format": "PDF"}], "k")
    store.documents.mark_gone(["E.800"])
    store.documents.mark_gone(["E.800"])  # gone already: no second entry
    store.tags.apply([TagChange("Y.3800", "topic", "iot", "add")], actor="ana",
                     reason="An IoT text.")
    store.publications.save(PublicationData(
        id="T-TUT-QOS-2023-2", type="Technical Report", title="A new title", year="2023",
        url="https://www.itu.int/pub/T-TUT-QOS-2023-2", items=[]), not_found=False)
    assert _logged(store, start) == [("Y.3172", "crawl"), ("D.1", "files"), ("E.800", "gone"),
                                     ("Y.3800", "curation"), ("T-TUT-QOS-2023-2", "publication")]


def test_the_log_pages_by_cursor(fresh):
    store, _ = fresh
    start = store.changes.latest()
    for doc_id in ("Y.3172", "Y.3800", "E.800"):
        store.documents.save(replace(_data(store, doc_id), summary=f"New {doc_id}."), "h")
    first = store.changes.since(start, limit=2)
    assert first.documents == ["Y.3172", "Y.3800"] and first.more
    rest = store.changes.since(first.cursor, limit=2)
    assert rest.documents == ["E.800"] and not rest.more
    assert store.changes.since(rest.cursor).entries == () and rest.cursor == store.changes.latest()


def _reads(store: Any, action: Any) -> tuple[Any, list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def count(_conn: object, _cursor: object, statement: str, params: Any,
              *_args: object) -> None:
        seen.append((statement, params))

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        return action(), seen
    finally:
        event.remove(store.engine, "before_cursor_execute", count)


def _documents_read(seen: list[tuple[str, Any]]) -> set[str]:
    """The ids of the documents whose rows or editions a list of statements read."""
    out: set[str] = set()
    for statement, params in seen:
        if statement.startswith("SELECT") and ("FROM documents" in statement
                                               or "FROM editions" in statement):
            out |= {p for p in params or () if isinstance(p, str) and "." in p}
    return out


def test_update_with_nothing_logged_reads_no_document(fresh):
    store, data_dir = fresh
    paths = paths_for(data_dir)
    update(store, paths)
    report, seen = _reads(store, lambda: update(store, paths))
    assert report.indexed == 0 and report.deleted == 0 and "nothing" in report.line()
    assert not any("FROM editions" in s or "FROM relations" in s for s, _ in seen)
    assert _documents_read(seen) == set()


def test_update_reads_and_reindexes_exactly_the_logged_documents(fresh):
    store, data_dir = fresh
    paths = paths_for(data_dir)
    update(store, paths)
    store.documents.save(replace(_data(store, "Y.3800"), summary="About teleportation."), "h")
    store.documents.save_edition_files(20, [{"language": "Spanish", "format": "PDF"}], "k")
    report, seen = _reads(store, lambda: update(store, paths))
    assert report.indexed == 2 and report.deleted == 0
    assert _documents_read(seen) == {"Y.3800", "D.1"}
    service = SearchService(data_dir, check_interval=0)
    assert [h["number"] for h in service.search("teleportation")["results"]] == ["Y.3800"]
    assert [h["number"] for h in service.search("D.1", {"language": "Spanish"})["results"]] \
        == ["D.1"]
    again, _ = _reads(store, lambda: update(store, paths))
    assert again.indexed == 0


def test_a_logged_change_that_moves_a_replacement_link_reindexes_the_replaced(fresh):
    store, data_dir = fresh
    paths = paths_for(data_dir)
    update(store, paths)
    service = SearchService(data_dir, check_interval=0)
    old = service.search("E.800", {"status": "all"})["results"][0]
    assert not old["replaced_by"]
    store.documents.mark_gone(["E.800"])
    store.documents.save(replace(_data(store, "E.800"), status="Superseded"), "h")
    store.documents.save(replace(_data(store, "Y.3800"),
                                 summary="This Recommendation supersedes E.800."), "h")
    report = update(store, paths)
    assert report.indexed == 2
    hit = service.search("E.800", {"status": "all"})["results"][0]
    assert [r["number"] for r in hit["replaced_by"]] == ["Y.3800"]


# -- the replacement links: kept when no change bears on them, else derived again --------


def _links_in_state(data_dir: Any) -> dict[str, Any]:
    build = paths_for(data_dir).current()
    assert build is not None
    return dict(read_state(build)["replaced_by"])


def test_an_update_keeps_the_links_when_no_changed_document_bears_on_them(fresh):
    store, data_dir = fresh
    paths = paths_for(data_dir)
    store.documents.save(replace(_data(store, "Y.3800"), summary="About teleportation."), "h")
    report, seen = _reads(store, lambda: update(store, paths))
    assert report.indexed == 1 and "replacement links kept" in report.line()
    # The whole catalogue's summaries are not read again ...
    assert not any("LIKE" in statement for statement, _ in seen)
    # ... and what is kept is what deriving them again gives.
    assert _links_in_state(data_dir) == derive_links(store).links


def _supersede(store: Any) -> None:
    store.documents.save(replace(_data(store, "E.800"), status="Superseded"), "h")


def _state_a_replacement(store: Any) -> None:
    store.documents.save(replace(_data(store, "Y.3800"),
                                 summary="This Recommendation supersedes E.800."), "h")


def _add_a_number(store: Any) -> None:
    store.documents.save(replace(_data(store, "Y.3800"), id="Y.3800.1",
                                 title="A new number"), "h")


@pytest.mark.parametrize("change", [_supersede, _state_a_replacement, _add_a_number],
                         ids=["status", "summary-claim", "new-number"])
def test_an_update_derives_the_links_again_when_a_change_bears_on_them(fresh, change):
    store, data_dir = fresh
    paths = paths_for(data_dir)
    # The other half of the link first, so that the change under test completes it.
    if change is _supersede:
        _state_a_replacement(store)
    else:
        _supersede(store)
    update(store, paths)
    change(store)
    report = update(store, paths)
    assert "replacement links derived again" in report.line()
    links = derive_links(store).links
    assert _links_in_state(data_dir) == links
    if change is not _add_a_number:  # E.800 superseded and Y.3800 stating it: a link
        assert [r["number"] for r in links["E.800"]] == ["Y.3800"]


def test_a_build_from_before_the_links_sources_were_kept_derives_them_once(fresh):
    store, data_dir = fresh
    paths = paths_for(data_dir)
    build = paths.current()
    assert build is not None
    state = read_state(build)
    del state["link_inputs"], state["lineage_digest"]
    write_state(build, state)
    store.documents.save(replace(_data(store, "Y.3800"), summary="About teleportation."), "h")
    assert "derived again" in update(store, paths).line()
    store.documents.save(replace(_data(store, "Y.3800"), summary="About telepathy."), "h")
    assert "links kept" in update(store, paths).line()


def test_the_light_reads_give_the_links_the_whole_documents_give(fresh):
    store, _ = fresh
    _supersede(store)
    _state_a_replacement(store)
    whole = [doc for batch in stream_documents(store) for doc in batch]
    expected = merge_replacements(itu_lineage(store)[0], replacements(whole))
    assert derive_links(store).links == expected and expected["E.800"]
