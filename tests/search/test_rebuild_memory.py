"""The rebuild streams the store: its memory does not grow with the catalogue.

The catalogue is enlarged in the test (synthetic copies, benchmarks/enlarge.py) and the
rebuild's peak of Python allocations (tracemalloc) compared at 1x and 4x, with batches
and the writer's posting pool made small so that both sizes span many of them. Memory
is measured, never time.
"""

from __future__ import annotations

import tracemalloc

from benchmarks.enlarge import enlarge
from index.search import build, paths_for, rebuild, sources
from tests.search.catalogue import build_store


def _peak_of_rebuild(store, data_dir) -> int:
    tracemalloc.start()
    try:
        rebuild(store, paths_for(data_dir))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _catalogue(path, factor: int):
    store = build_store(path)
    enlarge(store, factor)
    return store


def test_rebuild_memory_stays_bounded_as_the_catalogue_grows(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "BATCH", 16)
    monkeypatch.setattr(build, "WRITER_MB", 1)
    peaks, sizes = [], []
    for factor in (2, 8):  # about 65 and 260 documents
        store = _catalogue(tmp_path / f"x{factor}", factor)
        try:
            rebuild(store, paths_for(tmp_path / f"x{factor}"))  # imports, caches: paid once
            peaks.append(_peak_of_rebuild(store, tmp_path / f"x{factor}"))
            sizes.append(store.documents.counts()["documents"])
        finally:
            store.close()
    assert sizes[1] >= 4 * sizes[0] - 4
    assert peaks[1] < 1.5 * peaks[0], (sizes, peaks)
