"""Share a small indexed catalogue for curator tests: built once, copied for each test.

The store fixtures take the `backend` parameter (tests/backends.py): on "postgresql" the
copy's store is restored into a new PostgreSQL database and everything (the store, the
app) uses it; the index stays in the copied data directory.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from index.store import Store


@pytest.fixture
def data_dir(small_catalogue: Path, tmp_path: Path) -> Path:
    """A copy of the small catalogue (tests/conftest.py) of one's own."""
    target = tmp_path / "data"
    shutil.copytree(small_catalogue, target)
    return target


def _url_for(backend: str, data_dir: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield ""
        return
    from tests.backends import postgres_copy

    with postgres_copy(data_dir) as url:
        yield url


@pytest.fixture
def store_url(backend: str, data_dir: Path) -> Iterator[str]:
    """The database URL of the copied catalogue ("" for its SQLite file)."""
    yield from _url_for(backend, data_dir)


@pytest.fixture
def store(data_dir: Path, store_url: str) -> Iterator[Store]:
    """The copied catalogue's store, open."""
    s = Store.open(data_dir, store_url)
    yield s
    s.close()


# -- the web app --------------------------------------------------------------------------

PASSWORDS = {"ada": "ada-admin-password", "cy": "cy-curator-password",
             "dee": "dee-disabled-password", "eve": "eve-curator-password"}
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


@pytest.fixture(scope="session")
def web_template(small_catalogue: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogue with four accounts: admin ada, curators cy and eve, disabled dee."""
    data_dir = tmp_path_factory.mktemp("curate-web") / "data"
    shutil.copytree(small_catalogue, data_dir)
    store = Store.open(data_dir)
    for name, role in (("ada", "admin"), ("cy", "curator"), ("dee", "curator"),
                       ("eve", "curator")):
        store.accounts.add(name, role, PASSWORDS[name], actor="test")
    store.accounts.set_active("dee", False, actor="test")
    store.close()
    return data_dir


@pytest.fixture
def web_dir(web_template: Path, tmp_path: Path) -> Path:
    """A copy of the catalogue with accounts, of one's own."""
    target = tmp_path / "web"
    shutil.copytree(web_template, target)
    return target


@pytest.fixture
def web_url(backend: str, web_dir: Path) -> Iterator[str]:
    """The database URL of the catalogue with accounts ("" for its SQLite file)."""
    yield from _url_for(backend, web_dir)


@pytest.fixture
def app(web_dir: Path, web_url: str) -> Iterator[Flask]:
    """The site with the workspace, over a copied catalogue with accounts."""
    from app import create_app
    from itucat.config import load_config, with_overrides

    config = with_overrides(load_config(env={}), store={"data_dir": str(web_dir),
                                                         "database_url": web_url})
    flask_app = create_app(config, TESTING=True, SECRET_KEY="test-secret")
    yield flask_app
    flask_app.extensions["itucat_catalogue"].close()


def token(html: str) -> str:
    """The CSRF token of a page's first form."""
    found = _TOKEN.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1) or found.group(2)


def sign_in(client: FlaskClient, name: str, password: str | None = None) -> Any:
    """Sign in through the form (as a browser does); return the response."""
    page = client.get("/auth/sign-in")
    return client.post("/auth/sign-in", data={
        "name": name, "password": PASSWORDS.get(name, "") if password is None else password,
        "csrf_token": token(page.text)})


@pytest.fixture
def web_store(web_dir: Path, web_url: str) -> Iterator[Store]:
    """The web app's store, open beside the app."""
    s = Store.open(web_dir, web_url)
    yield s
    s.close()


@pytest.fixture
def curator(app: Flask) -> FlaskClient:
    """A client signed in as the curator cy."""
    client = app.test_client()
    assert sign_in(client, "cy").status_code == 302
    return client


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    """A client signed in as the admin ada."""
    client = app.test_client()
    assert sign_in(client, "ada").status_code == 302
    return client


def csrf_of(client: FlaskClient) -> str:
    """A CSRF token of the client's session (from the JSON helper)."""
    return client.get("/curate/csrf.json").get_json()["csrf_token"]
