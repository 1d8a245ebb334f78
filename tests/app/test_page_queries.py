"""A document page costs a bounded number of indexed queries, whatever the catalogue's size.

Queries are counted with SQLAlchemy's `before_cursor_execute` event on the site's own
store engine, for an ordinary document and for a publication (a Technical Report that
many Recommendations link to); SQLite's own query plan of each says it reads by key (no
full scan of a catalogue table). Then the catalogue grows (synthetic copies of every
document, each linking to the publication) and the same pages must issue exactly as many
queries as before.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event

from app import create_app
from benchmarks.enlarge import copies_of
from index.models import RelationData
from index.search import paths_for, rebuild
from index.store import Store
from tests.app.catalogue import site_config
from tests.search.catalogue import build_store

PUBLICATION = "T-TUT-QOS-2023-2"
PAGES = ["/documents/Y.3172", f"/documents/{PUBLICATION}", "/fr/documents/E.800",
         "/documents/Y.3172?format=json", f"/api/v1/documents/{PUBLICATION}"]
MAX_QUERIES = 16  # per page: documents, editions, relations, aliases, lineage, ...


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Flask]]:
    data_dir: Path = tmp_path_factory.mktemp("page-queries")
    store = build_store(data_dir)
    rebuild(store, paths_for(data_dir))
    app = create_app(site_config(data_dir), SECRET_KEY="test-secret", TESTING=True)
    yield store, app
    app.extensions["itucat_catalogue"].close()
    store.close()


# document_aliases is left out: the old-number check (lower(alias) = ?) still scans it
# (an expression index would do, but SQLAlchemy cannot reflect one: see the report).
CATALOGUE_TABLES = {"documents", "editions", "relations", "publications", "lineage",
                    "tags", "changes"}


def _scans(database: Path, seen: list[tuple[str, Any]]) -> list[str]:
    """The full scans of catalogue tables SQLite plans for these statements."""
    db = sqlite3.connect(database)
    try:
        found = []
        for statement, params in seen:
            if not statement.lstrip().upper().startswith("SELECT"):
                continue  # writes (the reach metrics of a page view) are keyed inserts
            for *_ids, detail in db.execute(f"EXPLAIN QUERY PLAN {statement}", params):
                words = detail.split()
                if words[0] == "SCAN" and words[1] in CATALOGUE_TABLES:
                    found.append(f"{detail}: {statement}")
        return found
    finally:
        db.close()


def _queries(app: Flask, path: str) -> int:
    catalogue = app.extensions["itucat_catalogue"]
    engine = catalogue.store.engine
    seen: list[tuple[str, Any]] = []
    # Only the request's own statements: the metrics recorder writes queued page views from
    # its background thread once a second, whenever it wakes up (the test client answers
    # in this thread).
    request_thread = threading.get_ident()

    def count(_conn: object, _cursor: object, statement: str, params: Any,
              *_args: object) -> None:
        if threading.get_ident() == request_thread:
            seen.append((statement, params))

    client = app.test_client()
    client.get(path)  # the index opened, per-version caches filled: a running server
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, path
    assert not _scans(catalogue.store.sqlite_path, seen), path
    return len(seen)


def test_document_pages_cost_the_same_bounded_queries_at_any_catalogue_size(grown):
    store, app = grown
    before = {path: _queries(app, path) for path in PAGES}
    assert all(0 < n <= MAX_QUERIES for n in before.values()), before
    originals = list(store.documents.iter_all(include_publications=False))
    for k in (1, 2, 3):  # 4x the documents, every copy linking to the publication
        for doc in originals:
            copy = copies_of(doc, k)
            store.documents.save(type(copy)(**{
                **copy.__dict__, "relations": (RelationData("related", PUBLICATION),)}),
                doc.family_hash)
    assert len(store.documents.related_to(PUBLICATION)) == 3 * len(originals)
    after = {path: _queries(app, path) for path in PAGES}
    assert after == before
