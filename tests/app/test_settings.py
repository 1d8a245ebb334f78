"""Settings, the secret key, the `serve` command and the plug-in registry."""

from __future__ import annotations

import argparse
import sys
import types

import pytest

import app as app_package
from app import cli_commands, create_app
from app.settings import AppConfig, app_config, secret_key
from itucat.config import ConfigError, load_config


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
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    cli_commands.add_parsers(sub)
    args = parser.parse_args(["serve", "--port", "8080", "--host", "0.0.0.0", "--debug"])
    assert (args.port, args.host, args.debug) == (8080, "0.0.0.0", True)
    assert cli_commands.run(argparse.Namespace(command="crawl"), None) is None


def test_optional_packages_are_plugged_in(monkeypatch, catalogue_dir):
    from tests.app.catalogue import site_config

    plugin = types.ModuleType("tests_fake_curate")
    seen = []
    plugin.init_app = lambda flask_app: seen.append(flask_app)
    monkeypatch.setitem(sys.modules, "tests_fake_curate", plugin)
    monkeypatch.setattr(app_package, "OPTIONAL_PACKAGES",
                        ["tests_fake_curate", "tests_not_installed"])
    monkeypatch.setattr("importlib.util.find_spec",
                        lambda name: object() if name == "tests_fake_curate" else None)
    built = create_app(site_config(catalogue_dir), SECRET_KEY="x", TESTING=True)
    assert seen == [built] and built.extensions["itucat_optional"] == ["tests_fake_curate"]
    page = built.test_client().get("/documents/L.1700").get_data(as_text=True)
    assert "curate/panel" not in page  # nobody signed in: no curator panel, no error


def test_missing_index_answers_503(tmp_path):
    from tests.app.catalogue import site_config

    client = create_app(site_config(tmp_path), SECRET_KEY="x", TESTING=True).test_client()
    assert client.get("/").status_code == 503
    response = client.get("/api/v1/search")
    assert response.status_code == 503 and response.get_json()["ok"] is False
