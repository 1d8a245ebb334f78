"""The delta API across an upstream change: crawl the mirror, read everything, let ITU
change a few families, crawl again, and read exactly those changes; paging, ETag, gzip."""

from __future__ import annotations

import gzip

from index.search import paths_for, rebuild, update
from index.store import Store
from tests.crawl_helpers import crawl
from tests.reach.conftest import make_app

MIRROR_SERIES = "A"  # 33 families (tests/conftest.py mirror fixture)


def _all(client, query):
    out, url = [], f"/api/v1/changes?{query}"
    while url:
        body = client.get(url.replace("http://localhost", "")).get_json()
        assert body["ok"] and body["count"] == len(body["changes"])
        out += body["changes"]
        url = body["next"]
    return out, body


def test_changes_follow_a_mirror_mutation(mirror, tmp_path):
    data_dir = tmp_path / "data"
    assert crawl(mirror, data_dir).status <= 1
    store = Store.open(data_dir)
    rebuild(store, paths_for(data_dir))
    app = make_app(data_dir)
    client = app.test_client()
    try:
        first, body = _all(client, "limit=7")
        numbers = {c["number"] for c in first}
        assert len(first) == len(numbers) == len(store.documents.ids())
        assert {c["kind"] for c in first} <= {"added", "gone"}
        latest = body["latest"]
        assert client.get(f"/api/v1/changes?since={latest}").get_json()["changes"] == []

        changed = mirror.mutate(families=4, seed=5)
        kinds = {m.family: m.kind for m in mirror.mutations}
        assert crawl(mirror, data_dir).status <= 1
        update(store, paths_for(data_dir))
        app.extensions["itucat_journal"]["last"] = -1e9  # the site syncs now
        after, _body = _all(client, f"since={latest}&include=record")
        assert {c["number"] for c in after} == set(changed)
        for number in changed:
            mine = {c["kind"] for c in after if c["number"] == number}
            want = {"edition": {"edition"}, "title": {"changed"},
                    "status": {"withdrawn", "changed"}}[kinds[number]]
            assert mine & want, (number, kinds[number], mine)
        record = next(c for c in after if c["number"] == changed[0])["record"]
        assert record["number"] == changed[0] and record["editions"]
        news = [c for c in after if c["kind"] == "edition"]
        for c in news:
            assert c["edition"] in {e["label"] for e in c["record"]["editions"]}
    finally:
        app.extensions["itucat_catalogue"].close()
        store.close()


def test_etag_gzip_paging_and_bad_arguments(app, client):
    first = client.get("/api/v1/changes?limit=5")
    etag = first.headers["ETag"]
    assert first.get_json()["next"] and len(first.get_json()["changes"]) == 5
    again = client.get("/api/v1/changes?limit=5", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    zipped = client.get("/api/v1/changes?limit=5", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data).decode().startswith('{"ok":true')
    assert client.get("/api/v1/changes?limit=5", headers={
        "If-None-Match": zipped.headers["ETag"]}).status_code == 304
    for bad in ("since=yesterday", "cursor=%%%", "limit=0", "limit=5000", "kind=exploded"):
        answer = client.get(f"/api/v1/changes?{bad}")
        assert answer.status_code == 400 and answer.get_json()["ok"] is False, bad
    assert client.get("/api/v1/changes?since=2026-01-01").status_code == 200
    document = client.get("/api/v1/openapi.json").get_json()
    assert "/changes" in document["paths"] and "Changes" in document["components"]["schemas"]
