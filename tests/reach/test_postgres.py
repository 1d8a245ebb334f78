"""The reach tables on PostgreSQL: metrics' upserts, the journal, collections, packs' date.

Runs when ITUCAT_TEST_DATABASE_URL names an empty PostgreSQL database the test may fill
(e.g. postgresql+psycopg://user:pw@127.0.0.1/db); skips, saying so, otherwise.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import MetaData

from index.metrics.records import DownloadEvent, SearchEvent, ViewEvent
from tests.search.catalogue import DOCS, build_store

URL = os.environ.get("ITUCAT_TEST_DATABASE_URL", "")


@pytest.fixture
def pg_store(tmp_path):
    if not URL.startswith("postgresql"):
        pytest.skip("set ITUCAT_TEST_DATABASE_URL to a PostgreSQL database to run this")
    pytest.importorskip("psycopg")
    store = build_store(tmp_path, URL)  # the small catalogue, written like a crawl
    yield store
    meta = MetaData()
    meta.reflect(bind=store.engine)
    meta.drop_all(bind=store.engine)
    store.close()


def test_reach_tables_on_postgresql(pg_store):
    store = pg_store
    report = store.journal.sync()
    assert report.entries == len(DOCS) + 1  # every document, and the Technical Report
    assert store.journal.sync().entries == 0
    events = [SearchEvent("search", "rural broadband", "fr", {"region": ["africa"]}, 0),
              SearchEvent("search", "rural broadband", "fr", {}, 0),
              ViewEvent("Y.3172", "fr", "search", "rural broadband"),
              DownloadEvent("Y.3172", "French", "PDF", "fr")]
    store.metrics.record(events)
    store.metrics.record(events[:1])
    day = events[0].day
    assert store.metrics.totals("zero", day, day) == {("rural broadband", "fr"): 3}
    assert store.metrics.totals("opened", day, day) == {("", "fr"): 1}
    made = store.collections.create("Numbering for regulators", "Start here", actor="cy")
    store.collections.add(made.id, "E.164", "The plan", actor="cy")
    store.collections.add(made.id, "D.1", None, actor="cy")
    store.collections.move(made.id, "D.1", -1, actor="cy")
    assert [i.document_id for i in store.collections.get(made.id).items] == ["D.1", "E.164"]
    assert store.journal.page(sets=[("region", "africa")], limit=50)
    assert store.journal.count(sets=[("topic", None)]) > 0
    assert store.journal.catalogue_date().endswith("Z")
    assert store.metrics.prune(0, "2100-01-01") == 4 + 1
