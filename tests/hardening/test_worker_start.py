"""A server's worker opens its search index and freezes its objects before its first reader.

app/worker_start.py, called from gunicorn.conf.py's `post_worker_init`: the first reader
does not wait for the index, and the collector's full passes no longer walk the objects
every worker keeps for its life (the long pauses of the uncached search page).
"""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import requests

from app import create_app
from app.worker_start import prepare_worker
from tests.app.catalogue import site_config
from tests.hardening.gunicorn_server import gunicorn


def test_the_worker_opens_the_index_and_freezes_what_it_made(site_catalogue: Path) -> None:
    app = create_app(site_config(site_catalogue), SECRET_KEY="test-secret", TESTING=True)
    try:
        line = prepare_worker(app)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()  # this test process is not a worker: its objects may go again
    assert "search index opened" in line and "objects frozen" in line
    service = app.extensions["itucat_catalogue"].service
    assert service.pool.view() is service.pool.view()  # opened, and kept


def test_a_worker_without_an_index_still_starts(tmp_path: Path) -> None:
    app = create_app(site_config(tmp_path), SECRET_KEY="test-secret", TESTING=True)
    try:
        line = prepare_worker(app)
    finally:
        gc.unfreeze()
    assert "search index not opened" in line


def test_gunicorn_with_the_shipped_configuration_prepares_each_worker(
        site_catalogue: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "site"
    shutil.copytree(site_catalogue, data_dir)  # readers' searches are counted in the store
    log = tmp_path / "gunicorn.log"
    with gunicorn(data_dir, log=log) as base:
        assert requests.get(base + "/search?q=access+network", timeout=30).status_code == 200
    said = log.read_text()
    assert said.count("worker ready") >= 2, said  # every worker: the shipped config has two
    assert "search index opened" in said and "not opened" not in said, said
