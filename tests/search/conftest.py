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
def service(small_catalogue: Path) -> SearchService:
    """A search service over the small catalogue (tests/conftest.py)."""
    return SearchService(small_catalogue)


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
