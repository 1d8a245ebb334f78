"""Own the curator workspace's settings: a [curate] section like the others.

`CurateConfig` lives in itucat/config.py with the other sections (defaults, help texts,
environment overrides `ITUCAT_CURATE__<KEY>`); this module checks the values that need
more than a type. Passwords and the secret key never come from here.
"""

from __future__ import annotations

from dataclasses import replace

from itucat.config import Config, ConfigError, CurateConfig, load_config

__all__ = ["CurateConfig", "curate_config"]


def curate_config(config: Config | None = None, env: dict[str, str] | None = None
                  ) -> CurateConfig:
    """The [curate] settings of a configuration, with secure_cookies checked and normalised."""
    if config is None:
        config = load_config(env=env)
    settings = config.curate
    aliases = {"true": "on", "1": "on", "yes": "on", "false": "off", "0": "off", "no": "off"}
    mode = str(settings.secure_cookies).strip().lower()
    mode = aliases.get(mode, mode)
    if mode not in ("on", "off", "auto"):
        raise ConfigError("curate.secure_cookies must be on, off or auto")
    return replace(settings, secure_cookies=mode)
