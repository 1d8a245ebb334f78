"""The [curate] settings: defaults, environment overrides, README, secure cookies."""

from __future__ import annotations

import os
from dataclasses import fields

import pytest

from app.curate.settings import CurateConfig, curate_config
from itucat.config import ConfigError, load_config, with_overrides
from tests.shared_paths import REPO_ROOT


def test_readme_lists_every_curate_setting():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for spec in fields(CurateConfig):
        assert f"`curate.{spec.name}`" in readme
        assert f"`ITUCAT_CURATE__{spec.name.upper()}`" in readme
        assert spec.metadata["help"] in readme


def test_environment_overrides_and_bad_values(tmp_path):
    settings = curate_config(env={"ITUCAT_CONFIG": os.devnull,
                                  "ITUCAT_CURATE__SIGNIN_ATTEMPTS": "3",
                                  "ITUCAT_CURATE__SECURE_COOKIES": "true"})
    assert (settings.signin_attempts, settings.secure_cookies) == (3, "on")
    with pytest.raises(ConfigError):
        curate_config(env={"ITUCAT_CURATE__SIGNIN_WINDOW": "soon"})
    with pytest.raises(ConfigError):
        curate_config(env={"ITUCAT_CURATE__SECURE_COOKIES": "maybe"})
    config = tmp_path / "config.toml"
    config.write_text("[curate]\nunknown = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting curate.unknown"):
        curate_config(env={"ITUCAT_CONFIG": str(config)})


def test_cookies_are_secure_outside_debug_and_testing(data_dir, monkeypatch):
    from app import create_app

    monkeypatch.delenv("ITUCAT_CURATE__SECURE_COOKIES", raising=False)
    config = with_overrides(load_config(env={}), store={"data_dir": str(data_dir)})
    app = create_app(config, SECRET_KEY="production-like")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.login_manager.session_protection == "strong"
    # Like every setting, the environment is read when the configuration is loaded.
    off = with_overrides(load_config(env={"ITUCAT_CURATE__SECURE_COOKIES": "off"}),
                         store={"data_dir": str(data_dir)})
    assert create_app(off, SECRET_KEY="x").config["SESSION_COOKIE_SECURE"] is False
