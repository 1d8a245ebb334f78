"""The relevance set on the full real catalogue: the right documents in the first five."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.catalogue_from_metadata import build_store
from index.search.build import rebuild
from index.search.layout import paths_for
from index.search.service import SearchService
from tests.search.relevance import load_set, score

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def full_catalogue(reference: Path, tmp_path_factory: pytest.TempPathFactory) -> SearchService:
    data_dir = tmp_path_factory.mktemp("full-catalogue")
    store = build_store(reference, data_dir)
    rebuild(store, paths_for(data_dir))
    store.close()
    return SearchService(data_dir)


def test_the_set_is_large_enough():
    assert len(load_set()) >= 30


def test_every_query_of_the_set_finds_its_documents(full_catalogue):
    result = score(full_catalogue)
    failures = "\n".join(f"{o.text!r} {o.filters}: {o.why} (got {o.got})"
                         for o in result.failures())
    assert result.ratio == 1.0, f"{result.passed}/{len(result.outcomes)} passed\n{failures}"
