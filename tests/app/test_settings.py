"""Settings, the secret key, the `serve` command and the plug-in registry."""

from __future__ import annotations

import pytest

import itucat_cli
from app import create_app
from app.settings import AppConfig, app_config, secret_key
from itucat.config import ConfigError, load_config
from itucat_cli import serve


def test_secret_key_from_env_file_or_random(tmp_path, caplog):
    assert secret_key({"ITUCAT_SECRET_KEY": "abc"}) == "abc"
    path = tmp_path / "key"
    path.write_text("from-file\n")
    assert secret_key({"ITUCAT_SECRET_KEY_FILE": str(path)}) == "from-file"
    with pytest.raises(ConfigError):
        secret_key({"ITUCAT_SECRET_KEY_FILE": str(tmp_path / "missing")})
    assert len(secret_key({})) == 64 and "random secret key" in caplog.text


def test_app_settings_from_file_and_environment(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[app]\nper_page = 10\n")
    config = load_config(path, env={"ITUCAT_APP__FEED_SIZE": "7"})
    assert app_config(config) == AppConfig(per_page=10, feed_size=7)
    with pytest.raises(ConfigError):
        load_config(path, env={"ITUCAT_APP__PER_PAGE": "many"})


def test_serve_command_parses_and_ignores_other_commands():
    args = itucat_cli.parser().parse_args(["serve", "--port", "8080", "--host", "0.0.0.0",
                                           "--debug"])
    assert (args.port, args.host, args.debug) == (8080, "0.0.0.0", True)
    assert args.func.__module__ == serve.__name__
    assert itucat_cli.parser().parse_args(["crawl"]).func.__module__ != serve.__name__


def test_the_workspace_is_plugged_in(site_catalogue):
    from tests.app.catalogue import site_config

    built = create_app(site_config(site_catalogue), SECRET_KEY="x", TESTING=True)
    assert {"auth", "curate"} <= set(built.blueprints)
    page = built.test_client().get("/documents/L.1700").get_data(as_text=True)
    assert "curate/panel" not in page  # nobody signed in: no curator panel, no error
