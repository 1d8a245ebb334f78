"""Fixtures of the hardening tests: the curator fixtures (accounts, signed-in clients)."""

from tests.curate.conftest import (  # noqa: F401 - fixtures re-used by name
    admin,
    app,
    curator,
    data_dir,
    store,
    store_url,
    web_dir,
    web_store,
    web_template,
    web_url,
)
