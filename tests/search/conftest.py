"""Share a small real-title catalogue with a built search index (built once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.search.build import rebuild
from index.search.layout import paths_for
from index.search.service import SearchService
from index.store import Store
from tests.search.catalogue import build_store


@pytest.fixture(scope="session")
def catalogue_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory with the test catalogue and its index (do not modify it)."""
    data_dir = tmp_path_factory.mktemp("search-catalogue")
    store = build_store(data_dir)
    rebuild(store, paths_for(data_dir))
    store.close()
    return data_dir


@pytest.fixture(scope="session")
def service(catalogue_dir: Path) -> SearchService:
    """A search service over the shared test catalogue."""
    return SearchService(catalogue_dir)


@pytest.fixture
def fresh(tmp_path: Path) -> tuple[Store, Path]:
    """A catalogue of one's own, indexed, for tests that change it."""
    store = build_store(tmp_path)
    rebuild(store, paths_for(tmp_path))
    yield store, tmp_path
    store.close()


def numbers(answer: dict) -> list[str]:
    """The document numbers of an answer, in order."""
    return [hit["number"] for hit in answer["results"]]
