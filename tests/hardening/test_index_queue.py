"""Finding 7: an index update that meets a rebuild holding the writer lock is queued, and
the rebuild applies it before its swap: no document is left stale after the night."""

from __future__ import annotations

import threading

from index.search import SearchService, paths_for, rebuild, update
from index.search import build as build_module
from index.tags.changes import TagChange


def _stale(data_dir, ids) -> list[str]:
    service = SearchService(data_dir, cache_size=0)
    try:
        return [i for i in ids
                if not service.document(i)["developing_countries"]["relevant"]]
    finally:
        service.close()


def test_an_update_meeting_a_rebuild_is_applied_by_the_rebuild(data_dir, store, monkeypatch):
    paths = paths_for(data_dir)
    ids = [d for d in store.documents.ids()
           if not SearchService(data_dir, cache_size=0).document(d)[
               "developing_countries"]["relevant"]][:30]
    assert len(ids) >= 20
    has_read, may_go_on = threading.Event(), threading.Event()
    real_read = build_module.read_sources

    def slow_read(s):
        sources = real_read(s)
        if threading.current_thread().name == "rebuild":
            has_read.set()  # the rebuild read the store, and holds the lock...
            may_go_on.wait(30)  # ...while the night's changes and update happen
        return sources

    monkeypatch.setattr(build_module, "read_sources", slow_read)
    result = {}
    worker = threading.Thread(target=lambda: result.update(report=rebuild(store, paths)),
                              name="rebuild")
    worker.start()
    assert has_read.wait(30)
    store.tags.apply([TagChange(i, "developing_countries", "yes", "set") for i in ids],
                     actor="nightly-test", reason="changed during the rebuild")
    queued = update(store, paths, wait=0.2)
    assert queued.mode == "queued"
    may_go_on.set()
    worker.join(60)
    assert "applied before the swap" in "; ".join(result["report"].notes)
    assert _stale(data_dir, ids) == []
    assert not paths.update_file.exists()


def test_a_request_left_by_a_killed_writer_is_run_by_the_next_one(data_dir, store):
    from index.search.layout import request_update

    ids = ["Y.3172", "L.1000"]
    store.tags.apply([TagChange(i, "developing_countries", "yes", "set") for i in ids],
                     actor="t", reason="r")
    request_update(paths_for(data_dir))  # its writer died before running it
    from index.search import reflect_in_search

    reflect_in_search(store, data_dir, ["Y.1"])  # any later writer, e.g. a curator's edit
    assert _stale(data_dir, ids) == []
