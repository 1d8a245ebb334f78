"""Own the public catalogue site: the `create_app()` factory and its blueprints.

Development: `itucat serve`; production: `gunicorn -c gunicorn.conf.py "app:create_app()"`
(settings from config.toml and the environment, like every `itucat` command).

The factory registers every blueprint: the reader's pages (app/site), the JSON API
(app/api), feeds and exports (app/feeds), sign-in (app/auth) and the curators' workspace
(app/curate). The base template includes `curate/nav.html` for signed-in users; the
document page includes `curate/notes_public.html` for everyone and `curate/panel.html`
for signed-in users, with the index payload as `doc`. Pages seen by a signed-in user are
sent `Cache-Control: private, no-cache`. Around the app: werkzeug's ProxyFix when
`app.trusted_proxies` says a reverse proxy's X-Forwarded-* headers are to be believed,
then the request limits (app/limits.py: body size and time).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from itucat.config import Config, load_config

log = logging.getLogger("itucat.app")


def create_app(config: Config | None = None, **flask_config: Any) -> Flask:
    """Build the site for a configuration (default: config.toml and the environment)."""
    from app import assets, auth, curate, errors, http, i18n, limits, reach
    from app.api import bp as api_bp
    from app.catalogue import Catalogue
    from app.feeds import bp as feeds_bp
    from app.settings import app_config, secret_key
    from app.site import browse, documents, health, search, status
    from app.templating import init_templating
    from index.search import prepare_vocabulary

    config = config or load_config()
    settings = app_config(config)
    app = Flask(__name__, static_folder=None)
    app.config.update(
        SECRET_KEY=flask_config.pop("SECRET_KEY", None) or secret_key(),
        ITUCAT_CONFIG=config,
        ITUCAT_APP=settings,
        MAX_CONTENT_LENGTH=settings.max_request_kb * 1024,
        MAX_FORM_MEMORY_SIZE=settings.max_request_kb * 1024,
        **flask_config,
    )
    from app.params import refuse_hostile_input

    app.before_request(limits.refuse_if_limited)
    app.before_request(refuse_hostile_input)
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["itucat_catalogue"] = Catalogue(config)
    prepare_vocabulary()  # the glossary is compiled here, not by a reader's first query
    i18n.init_app(app)
    init_templating(app)
    for blueprint in (assets.bp, search.bp, documents.bp, browse.bp, status.bp, health.bp,
                      api_bp, feeds_bp):
        app.register_blueprint(blueprint)
    errors.init_app(app)
    http.init_app(app, settings.cache_seconds)
    auth.init_app(app)
    curate.init_app(app)
    reach.init_app(app)  # metrics, feeds, collections, packs, OAI-PMH, delta API (issue 11)
    app.wsgi_app = limits.RequestLimits(  # type: ignore[method-assign]
        app.wsgi_app, settings.max_request_kb * 1024, settings.body_timeout)
    if settings.trusted_proxies > 0:
        hops = settings.trusted_proxies
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops)
    else:
        app.before_request(limits.warn_untrusted_forwarding)
    return app
