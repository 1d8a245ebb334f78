"""Own the public catalogue site: the `create_app()` factory and its blueprints.

Development: `itucat serve`; production: `gunicorn "app:create_app()"` (settings from
config.toml and the environment, like every `itucat` command).

Plugging in (the curators' workspace): a package listed in OPTIONAL_PACKAGES is imported
when it exists and its `init_app(app)` is called (or, lacking one, its `bp` blueprint is
registered). The base template includes `curate/nav.html` (list items) in the main
navigation for signed-in users; the document page includes `curate/notes_public.html`
for everyone (`{% block public_notes %}`) and `curate/panel.html` for signed-in users
(`{% block curator_panel %}`) when those templates exist, with the index payload as `doc`.
`current_user` is always defined in templates (anonymous without Flask-Login). Pages seen
by a signed-in user are sent `Cache-Control: private, no-cache`.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from typing import Any

from flask import Flask

from itucat.config import Config, load_config

log = logging.getLogger("itucat.app")

# Optional packages, each with init_app(app) or a blueprint `bp`. Append one line to add one.
OPTIONAL_PACKAGES: list[str] = [
    "app.auth",
    "app.curate",
]


class _Anonymous:
    """Stands in for Flask-Login's current_user when no login manager is configured."""

    is_authenticated = False
    is_active = False
    is_anonymous = True

    def get_id(self) -> None:
        return None


def _register_optional(app: Flask) -> list[str]:
    loaded = []
    for name in OPTIONAL_PACKAGES:
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        if hasattr(module, "init_app"):
            module.init_app(app)
        elif hasattr(module, "bp"):
            app.register_blueprint(module.bp)
        else:
            log.warning("%s has neither init_app(app) nor bp; not registered", name)
            continue
        loaded.append(name)
    return loaded


def create_app(config: Config | None = None, **flask_config: Any) -> Flask:
    """Build the site for a configuration (default: config.toml and the environment)."""
    from app import assets, errors, http, i18n
    from app.api import bp as api_bp
    from app.catalogue import Catalogue
    from app.feeds import bp as feeds_bp
    from app.settings import app_config, secret_key
    from app.site import browse, documents, search, status
    from app.templating import init_templating

    config = config or load_config()
    settings = app_config(config)
    app = Flask(__name__, static_folder=None)
    app.config.update(
        SECRET_KEY=flask_config.pop("SECRET_KEY", None) or secret_key(),
        ITUCAT_CONFIG=config,
        ITUCAT_APP=settings,
        **flask_config,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["itucat_catalogue"] = Catalogue(config)
    i18n.init_app(app)
    init_templating(app)
    for blueprint in (assets.bp, search.bp, documents.bp, browse.bp, status.bp, api_bp,
                      feeds_bp):
        app.register_blueprint(blueprint)
    errors.init_app(app)
    http.init_app(app, settings.cache_seconds)

    @app.context_processor
    def _default_user() -> dict[str, Any]:
        if hasattr(app, "login_manager"):
            return {}  # Flask-Login's own context processor provides current_user
        return {"current_user": _Anonymous()}

    app.extensions["itucat_optional"] = _register_optional(app)
    return app
