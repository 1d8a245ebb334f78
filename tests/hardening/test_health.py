"""Operations: /healthz for monitoring (store, index age and generation, last crawl)."""

from __future__ import annotations

import shutil

from app import create_app
from index.models import RunCounts
from itucat.config import load_config, with_overrides


def _site(data_dir, **app_settings):
    config = with_overrides(load_config(env={}), store={"data_dir": str(data_dir)},
                            app=app_settings)
    return create_app(config, TESTING=True, SECRET_KEY="x")


def test_healthz_reports_store_index_and_last_crawl(data_dir, store):
    run = store.runs.start("nightly", "http://127.0.0.1:9")
    store.runs.finish(run, RunCounts(), requests=4, seconds=1.0, exit_code=1)
    answer = _site(data_dir).test_client().get("/healthz")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    body = answer.get_json()
    assert body["ok"] is True and body["problems"] == []
    assert body["store"] == {"reachable": True, "read_only": False}
    assert body["index"]["build"].startswith("build-") and body["index"]["generation"]
    assert 0 <= body["index"]["age_seconds"] < 3600
    assert body["crawl"]["exit_code"] == 1 and body["crawl"]["command"] == "nightly"


def test_healthz_is_503_when_the_index_is_too_old(data_dir):
    answer = _site(data_dir, health_max_index_hours=0.000001).test_client().get("/healthz")
    assert answer.status_code == 503
    assert "search index older than app.health_max_index_hours" in answer.get_json()["problems"]


def test_healthz_is_503_without_an_index(data_dir):
    shutil.rmtree(data_dir / "index")
    answer = _site(data_dir).test_client().get("/healthz")
    assert answer.status_code == 503 and answer.get_json()["index"] is None
