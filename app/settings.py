"""Own the web app's settings: an [app] section like the others, and the Flask secret key.

`AppConfig` lives in itucat/config.py with the other sections (defaults, help texts,
environment overrides `ITUCAT_APP__<KEY>`). The secret key never comes from
config.toml: environment `ITUCAT_SECRET_KEY`, or a file named by `ITUCAT_SECRET_KEY_FILE`
(kept outside the repository); without either, a random key is made with a warning.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from itucat.config import AppConfig, Config, ConfigError, load_config

log = logging.getLogger("itucat.app")


def app_config(config: Config | None = None) -> AppConfig:
    """The [app] settings of a configuration (read from config.toml and the environment)."""
    return (config or load_config()).app


def secret_key(env: dict[str, str] | None = None) -> str:
    """The Flask secret key: ITUCAT_SECRET_KEY, the file ITUCAT_SECRET_KEY_FILE, or random."""
    env = dict(os.environ if env is None else env)
    if env.get("ITUCAT_SECRET_KEY"):
        return env["ITUCAT_SECRET_KEY"]
    if env.get("ITUCAT_SECRET_KEY_FILE"):
        path = Path(env["ITUCAT_SECRET_KEY_FILE"])
        try:
            key = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"cannot read the secret key file {path}: {exc}") from exc
        if key:
            return key
        raise ConfigError(f"the secret key file {path} is empty")
    log.warning("no ITUCAT_SECRET_KEY or ITUCAT_SECRET_KEY_FILE: using a random secret key "
                "(sessions end on restart and differ between workers; set one in production)")
    return secrets.token_hex(32)
