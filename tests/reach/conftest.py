"""Fixtures of the reach tests: the small catalogue with accounts, downloadable files and a
synced journal, the app over a copy of it, signed-in curators, a live server."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from index.store import Store
from tests.curate.conftest import (  # noqa: F401 - shared fixtures
    PASSWORDS,
    csrf_of,
    sign_in,
    web_template,
)
from tests.live_server import serving

# Files with ITU addresses and sizes for a few documents (the small catalogue has none).
FILES = {
    "Y.3172": [("English", "PDF", 1_234_567), ("French", "PDF", 1_300_000),
               ("English", "Word", 2_500_000)],
    "L.1021": [("English", "PDF", 800_000), ("Spanish", "PDF", 810_000)],
    "Y.4218": [("English", "PDF", 950_000)],
}


def itu_url(number: str, language: str, fmt: str) -> str:
    """An ITU-shaped file address for a test file."""
    return (f"https://www.itu.int/rec/dologin_pub.asp?lang={language[0].lower()}"
            f"&id=T-REC-{number}-{fmt}")


def add_files(store: Store) -> None:
    """Give FILES' documents downloadable files (as an edition page would)."""
    for number, files in FILES.items():
        doc = store.documents.get(number)
        assert doc is not None and doc.editions[0].idrec is not None
        rows = [{"language": lang, "format": fmt, "size_bytes": size,
                 "url": itu_url(number, lang, fmt), "posted": None}
                for lang, fmt, size in files]
        store.documents.save_edition_files(doc.editions[0].idrec, rows, f"T-REC-{number}")


@pytest.fixture(scope="session")
def reach_template(web_template: Path,  # noqa: F811 - the imported fixture
                   tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small catalogue with accounts and files, index rebuilt, journal synced."""
    from index.journal.lineage import successors_from
    from index.search import SearchService, paths_for, rebuild

    data_dir = tmp_path_factory.mktemp("reach") / "data"
    shutil.copytree(web_template, data_dir)
    store = Store.open(data_dir)
    add_files(store)
    rebuild(store, paths_for(data_dir))
    service = SearchService(data_dir, cache_size=0)
    store.journal.sync(successors_from(service))
    service.close()
    store.close()
    return data_dir


@pytest.fixture
def reach_dir(reach_template: Path, tmp_path: Path) -> Path:
    """A copy of the reach catalogue of one's own."""
    target = tmp_path / "reach"
    shutil.copytree(reach_template, target)
    return target


def make_app(data_dir: Path, **settings: Any) -> Flask:
    """The site over a data directory (settings: {"metrics": {...}, "reach": {...}})."""
    from app import create_app
    from itucat.config import load_config, with_overrides

    config = with_overrides(load_config(env={}), store={"data_dir": str(data_dir)}, **settings)
    return create_app(config, TESTING=True, SECRET_KEY="test-secret")


@pytest.fixture
def app(reach_dir: Path) -> Iterator[Flask]:
    """The site with the workspace over the copied reach catalogue."""
    flask_app = make_app(reach_dir)
    yield flask_app
    recorder = flask_app.extensions.get("itucat_metrics")
    if recorder is not None:
        recorder.close()
    flask_app.extensions["itucat_catalogue"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A reader."""
    return app.test_client()


@pytest.fixture
def curator(app: Flask) -> FlaskClient:
    """The curator cy, signed in."""
    client = app.test_client()
    assert sign_in(client, "cy").status_code == 302
    return client


@pytest.fixture
def store(reach_dir: Path) -> Iterator[Store]:
    """The copied catalogue's store, open beside the app."""
    s = Store.open(reach_dir)
    yield s
    s.close()


def post(client: FlaskClient, path: str, **form: Any) -> Any:
    """A form POST with the session's CSRF token."""
    return client.post(path, data={"csrf_token": csrf_of(client), **form})


def flush(app: Flask) -> None:
    """Write the queued metric events now."""
    app.extensions["itucat_metrics"].flush()


@pytest.fixture
def live(app: Flask) -> Iterator[str]:
    """The site on a real server on 127.0.0.1 (port 0)."""
    with serving(app) as url:
        yield url
