"""Own the configuration: config.toml, then ITUCAT_<SECTION>__<KEY> environment overrides.

Read once, on demand (never at import time), into frozen dataclasses. Every setting has a
default and a help text; the README's settings table is checked against `describe()`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

DEFAULT_CONFIG_FILE = Path(__file__).resolve().parent.parent / "config.toml"


class ConfigError(ValueError):
    """A setting has a value of the wrong kind, or the config file cannot be read."""


def _setting(default: Any, help_text: str) -> Any:
    return field(default=default, metadata={"help": help_text})


@dataclass(frozen=True)
class CrawlerConfig:
    """Settings of the harvester (crawler/)."""

    base_url: str = _setting(
        "https://www.itu.int", "Site to harvest; point at a mirror to crawl it instead"
    )
    user_agent: str = _setting(
        "Mozilla/5.0 (compatible; ITU-T-Catalogue/0.1; +{contact_url})",
        "User-Agent sent with every request ({contact_url} is filled in)",
    )
    contact_url: str = _setting(
        "https://github.com/itu-t-catalogue/itucat", "Contact URL named in the User-Agent"
    )
    delay: float = _setting(1.0, "Seconds between two requests (0 only against a local mirror)")
    timeout: float = _setting(30.0, "Seconds to wait for a connection or a read")
    max_bytes: int = _setting(5_000_000, "Largest response body accepted, in bytes")
    retries: int = _setting(4, "Attempts per URL on 5xx, 429, timeouts and broken bodies")
    max_backoff: float = _setting(900.0, "Longest wait between two attempts, in seconds")
    revalidate: int = _setting(
        0, "Unchanged families re-fetched per nightly run (oldest first); 0 turns it off"
    )
    rec_pages: bool = _setting(
        True, "Fetch rec.aspx per changed family (related papers, implementers' guides)"
    )
    edition_pages: bool = _setting(True, "Fetch /rec/ edition pages (languages, formats, sizes)")
    publications: bool = _setting(True, "Fetch /pub/ pages of related papers and handbooks")
    backfill: int = _setting(
        300, "Older editions' own summaries fetched per run (newest first); 0 turns it off")


@dataclass(frozen=True)
class StoreConfig:
    """Settings of the catalogue store (index/)."""

    data_dir: str = _setting("var", "Folder of the store, raw archive, lock and index")
    database_url: str = _setting(
        "", "SQLAlchemy URL of the store; empty means SQLite in data_dir"
    )


@dataclass(frozen=True)
class AppConfig:
    """Settings of the public site (app/). The secret key is never a setting here."""

    per_page: int = _setting(20, "Results per page on the search pages")
    export_limit: int = _setting(1000, "Most documents in one CSV or JSON export or feed")
    feed_size: int = _setting(50, "Entries in an Atom feed")
    cache_seconds: int = _setting(
        0, "max-age of public pages; 0 revalidates with ETags each time (static files: a year)")
    base_url: str = _setting("", "Public address of the site for every absolute link (feeds, "
                             "sitemap, API); set it in production, empty means the address "
                             "of each request")
    max_request_kb: int = _setting(
        256, "Largest request body accepted, in KiB; a larger one is refused (413) unread")
    body_timeout: float = _setting(
        10.0, "Seconds a client may take to send a request body (then 408)")
    trusted_proxies: int = _setting(
        0, "Reverse proxies in front of the site whose X-Forwarded-For and -Proto are "
        "believed (werkzeug ProxyFix); 0 trusts none")
    health_max_index_hours: float = _setting(
        36.0, "/healthz answers 503 when the search index was last updated longer ago")


@dataclass(frozen=True)
class CurateConfig:
    """Settings of the curator workspace (app/auth, app/curate). Never passwords or keys."""

    secure_cookies: str = _setting(
        "auto", "Send session cookies over HTTPS only: on, off, or auto (on unless the app "
        "runs in debug or testing mode)")
    session_hours: float = _setting(2.0, "Hours a curator stays signed in without activity")
    session_max_hours: float = _setting(
        12.0, "Hours after signing in when a session ends however active it is")
    signin_attempts: int = _setting(
        5, "Failed sign-ins for one user name from one address before each further try must "
        "wait (15 s, doubling after each failure, up to signin_window)")
    signin_address_limit: int = _setting(
        50, "Failed sign-ins from one address (any names) within signin_window before that "
        "address must wait")
    signin_window: int = _setting(900, "Seconds over which failed sign-ins are counted")
    bulk_limit: int = _setting(20000, "Most documents one bulk tagging may change")


@dataclass(frozen=True)
class MetricsConfig:
    """Settings of the demand metrics (aggregate facts only: never an address or a cookie)."""

    enabled: bool = _setting(True, "Record searches, document views and download clicks as "
                             "aggregate facts (no address, user agent or cookie id)")
    retention_days: int = _setting(90, "Days the raw metric rows are kept; daily counts are "
                                   "kept for ever")
    low_results: int = _setting(3, "A search with at least one but at most this many results "
                                "counts as a low-result search")


@dataclass(frozen=True)
class ReachConfig:
    """Settings of offline packs, OAI-PMH and the delta API (app/packs, app/oai, app/api)."""

    pack_limit: int = _setting(1000, "Most documents in one offline pack")
    oai_repository_id: str = _setting(
        "", "Repository identifier in OAI-PMH identifiers (oai:<id>:<number>); empty means "
        "the host of app.base_url, else itu-t-catalogue.local")
    oai_admin_email: str = _setting(
        "", "Contact address OAI-PMH Identify gives; empty means curators@<repository id>")
    oai_page_size: int = _setting(200, "Records or identifiers per OAI-PMH list answer")
    changes_page_size: int = _setting(500, "Changes per page of /api/v1/changes")


@dataclass(frozen=True)
class Config:
    """The whole configuration, one section per package."""

    crawler: CrawlerConfig = field(default_factory=CrawlerConfig)
    store: StoreConfig = field(default_factory=StoreConfig)
    app: AppConfig = field(default_factory=AppConfig)
    curate: CurateConfig = field(default_factory=CurateConfig)
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    reach: ReachConfig = field(default_factory=ReachConfig)

    @property
    def data_dir(self) -> Path:
        """The data directory as a path."""
        return Path(self.store.data_dir)


SECTIONS: dict[str, type] = {
    "crawler": CrawlerConfig,
    "store": StoreConfig,
    "app": AppConfig,
    "curate": CurateConfig,
    "metrics": MetricsConfig,
    "reach": ReachConfig,
}


def _coerce(section: str, key: str, kind: Any, value: Any) -> Any:
    where = f"{section}.{key}"
    kind_name = kind if isinstance(kind, str) else kind.__name__
    try:
        if kind_name == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        if kind_name == "int":
            return int(value)
        if kind_name == "float":
            return float(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: {value!r} is not a valid {kind_name}") from exc


def load_config(path: Path | None = None, env: dict[str, str] | None = None) -> Config:
    """Read config.toml (if present), then apply ITUCAT_<SECTION>__<KEY> overrides."""
    env = dict(os.environ if env is None else env)
    path = path or Path(env.get("ITUCAT_CONFIG", DEFAULT_CONFIG_FILE))
    raw: dict[str, Any] = {}
    if path.is_file():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read {path}: {exc}") from exc
    sections: dict[str, Any] = {}
    for name, cls in SECTIONS.items():
        values: dict[str, Any] = {}
        table = raw.get(name, {})
        known = {f.name: f for f in fields(cls)}
        for key, value in table.items():
            if key not in known:
                raise ConfigError(f"{path}: unknown setting {name}.{key}")
            values[key] = _coerce(name, key, known[key].type, value)
        for key, spec in known.items():
            env_key = f"ITUCAT_{name.upper()}__{key.upper()}"
            if env_key in env:
                values[key] = _coerce(name, key, spec.type, env[env_key])
        sections[name] = cls(**values)
    config = Config(**sections)
    if "ITUCAT_DATA_DIR" in env and "ITUCAT_STORE__DATA_DIR" not in env:
        config = with_overrides(config, store={"data_dir": env["ITUCAT_DATA_DIR"]})
    return config


def with_overrides(config: Config, **sections: dict[str, Any]) -> Config:
    """Return a copy with some settings replaced (command-line flags use this)."""
    changed = {}
    for name, values in sections.items():
        current = getattr(config, name)
        known = {f.name: f for f in fields(current)}
        coerced = {
            k: _coerce(name, k, known[k].type, v) for k, v in values.items() if v is not None
        }
        changed[name] = replace(current, **coerced)
    return replace(config, **changed)


def describe() -> list[tuple[str, str, str, str]]:
    """List every setting as (section.key, env variable, default, help) for docs and tests."""
    rows = []
    for name, cls in SECTIONS.items():
        for spec in fields(cls):
            rows.append(
                (
                    f"{name}.{spec.name}",
                    f"ITUCAT_{name.upper()}__{spec.name.upper()}",
                    repr(spec.default),
                    spec.metadata["help"],
                )
            )
    return rows
