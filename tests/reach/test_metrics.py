"""Demand metrics: what is recorded, the dashboard's numbers against direct counts, the
grouping of unmet needs, the download redirect, the settings that turn it off and prune."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from index import schema
from index.metrics.records import SearchEvent, ViewEvent
from index.metrics.wording import group_key, group_needs, normalise
from tests.reach.conftest import FILES, flush, itu_url, make_app

SEARCHES = ["/search?q=machine+learning", "/search?q=Machine+Learning!",
            "/search?q=zzqx+nothing", "/search?q=nothing+zzqx", "/search?q=zzqy+nothing",
            "/fr/search?q=haut+d%C3%A9bit+zzqx&region=africa", "/search?q=Y.4218",
            "/search?q=machine+learning&page=2", "/search?q=machine+learning&format=json"]


def _count(store, table, *where) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where))
                   .scalar_one())


def _session(client):
    for path in SEARCHES:
        assert client.get(path).status_code == 200, path
    for _ in range(2):
        assert client.get("/documents/Y.3172", headers={
            "Referer": "http://localhost/search?q=machine+learning"}).status_code == 200
    assert client.get("/documents/L.1021").status_code == 200
    assert client.get("/regions/africa").status_code == 200
    assert client.get("/fr/go/Y.3172?language=French&format=PDF").status_code == 302
    assert client.get("/go/L.1021?language=Spanish&format=PDF").status_code == 302


def test_dashboard_numbers_equal_direct_counts(app, client, curator, store):
    _session(client)
    flush(app)
    s = schema.metric_searches.c
    direct = {
        "searches": _count(store, schema.metric_searches, s.via == "search"),
        "browses": _count(store, schema.metric_searches, s.via == "browse"),
        "zero_searches": _count(store, schema.metric_searches, s.via == "search",
                                s.results == 0, s.query != ""),
        "opened_searches": _count(store, schema.metric_searches, s.opened.is_not(None)),
        "views": _count(store, schema.metric_views),
        "downloads": _count(store, schema.metric_downloads),
    }
    # What the session did: page 2 and the JSON twin are not new searches.
    assert direct == {"searches": 7, "browses": 1, "zero_searches": 4, "opened_searches": 2,
                      "views": 3, "downloads": 2}
    body = curator.get("/curate/insights?format=json").get_json()
    assert {k: body[k] for k in direct} == direct
    assert {r["key"]: r["count"] for r in body["searches_by_lang"]} == {"en": 6, "fr": 1}
    assert {r["key"]: r["count"] for r in body["searches_by_region"]} == {"africa": 2}
    assert {r["key"]: r["count"] for r in body["downloads_by_file"]} == {
        "French|PDF": 1, "Spanish|PDF": 1}
    assert body["top_documents"][0] == {"number": "Y.3172", "title": body["top_documents"][0][
        "title"], "count": 2}
    # "zzqx nothing" and "nothing zzqx" are one need; "zzqy nothing" a typo away joins them.
    needs = [n for n in body["needs"] if n["kind"] == "zero" and n["ui_lang"] == "en"]
    assert needs[0]["count"] == 3 and len(needs[0]["wordings"]) == 3
    assert body["definitions"]["zero_searches"]["definition"]
    assert sum(w["searches"] for w in body["weeks"]) == direct["searches"]
    page = curator.get("/curate/insights").text
    assert 'data-figure="searches">7<' in page and page.count("<svg") == 4
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # charts need no script
    assert "/curate/bulk?q=" in page and "/curate/insights/glossary?q=" in page


def test_dashboard_csv_and_glossary_path(app, client, curator):
    _session(client)
    flush(app)
    csv_text = curator.get("/curate/insights.csv").get_data(as_text=True)
    assert "figure,searches,,7," in csv_text and "needs_zero" in csv_text
    glossary = curator.get("/curate/insights/glossary?q=haut+débit+zzqx&lang=fr&term=rural"
                           "+broadband").text
    assert "[[concept]]" in glossary and 'fr = ["haut débit zzqx"]' in glossary
    assert curator.get("/curate/insights?from=2026-13-01").status_code == 400
    assert curator.get("/curate/insights?from=2026-02-01&until=2026-01-01").status_code == 400
    assert client.get("/curate/insights").status_code in (302, 401)


def test_download_redirect_counts_and_forwards_only_listed_files(app, client, store):
    answer = client.get("/go/Y.3172?language=English&format=Word")
    assert answer.status_code == 302
    assert answer.headers["Location"] == itu_url("Y.3172", "English", "Word")
    for bad in ("/go/Y.3172?language=English&format=EXE", "/go/Y.3172",
                "/go/Z.999?language=English&format=PDF",
                "/go/Y.3172?language=English&format=PDF&url=https://evil.example"):
        response = client.get(bad)
        assert response.status_code in (302, 404), bad
        assert "evil" not in response.headers.get("Location", "")
    flush(app)
    assert _count(store, schema.metric_downloads) == 2  # the Word file and the PDF one
    page = client.get("/documents/Y.3172").text
    assert page.count("/go/Y.3172?") == len(FILES["Y.3172"])


def test_metrics_off_records_nothing(reach_dir, store):
    app = make_app(reach_dir, metrics={"enabled": False})
    client = app.test_client()
    assert client.get("/search?q=machine+learning").status_code == 200
    assert client.get("/documents/Y.3172").status_code == 200
    assert "itucat_metrics" not in app.extensions
    assert store.metrics.raw_counts() == {"metric_searches": 0, "metric_views": 0,
                                          "metric_downloads": 0}
    app.extensions["itucat_catalogue"].close()


def test_raw_rows_are_pruned_and_daily_counts_kept(store):
    old = "2025-01-01T10:00:00+00:00"
    store.metrics.record([SearchEvent("search", "satellite", "en", {}, 0, at=old),
                          ViewEvent("Y.3172", "en", "other", at=old),
                          SearchEvent("search", "satellite", "en", {}, 0)])
    assert store.metrics.prune(90) == 2
    assert store.metrics.raw_counts()["metric_searches"] == 1
    assert store.metrics.totals("zero", "2025-01-01", "2025-01-01") == {("satellite", "en"): 1}


def test_wording_is_normalised_and_grouped():
    assert normalise("  Rural   BROADBAND!\x00 ") == "rural broadband"
    assert normalise("Y.3172 IMT-2020") == "y.3172 imt-2020"
    assert normalise("E.164 2016 numbering") == "e.164 2016 numbering"
    assert normalise("send to amina@example.org +41 22 730 5111 or www.x.org/a") == \
        "send to or"  # nothing that could name a person is recorded
    assert group_key("broadband for rural areas") == group_key("Rural areas broadband")
    assert group_key("fibre optics") == group_key("fiber optic")
    groups = group_needs([("rural broadband", "en", 3), ("broadband rural", "en", 1),
                          ("rural brodband", "en", 2), ("rural broadband", "fr", 1),
                          ("satellite", "en", 1)])
    assert [(g.ui_lang, g.label, g.count) for g in groups] == [
        ("en", "rural broadband", 6), ("en", "satellite", 1), ("fr", "rural broadband", 1)]
