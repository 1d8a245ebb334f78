"""The relevance set on the full real catalogue: the right documents in the first five."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.search.service import SearchService
from tests.search.relevance import load_set, score

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def full_search(full_catalogue: Path) -> SearchService:
    return SearchService(full_catalogue)


def test_the_set_is_large_enough():
    assert len(load_set()) >= 30


def test_every_query_of_the_set_finds_its_documents(full_search):
    result = score(full_search)
    failures = "\n".join(f"{o.text!r} {o.filters}: {o.why} (got {o.got})"
                         for o in result.failures())
    assert result.ratio == 1.0, f"{result.passed}/{len(result.outcomes)} passed\n{failures}"
