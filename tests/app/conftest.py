"""Fixtures of the site tests: the app over the site catalogue, a client, a real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from tests.app.catalogue import site_config
from tests.live_server import serving


@pytest.fixture(scope="session")
def app(site_catalogue: Path) -> Flask:
    """The site over the site catalogue (tests/conftest.py)."""
    return create_app(site_config(site_catalogue), SECRET_KEY="test-secret", TESTING=True)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client (no gzip unless a test asks for it)."""
    return app.test_client()


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    """The site on a real WSGI server on 127.0.0.1, port 0; yields its base URL."""
    with serving(app) as url:
        yield url
