"""Own the site's reach: demand metrics' hooks, the download redirect, the public journal.

`init_app(app)` sets up the metrics recorder (app/reach/metrics.py; off with
`metrics.enabled = false`) and registers the counting download redirect (`/go/...`). The
journal of public changes is brought up to date before feeds, OAI-PMH and the delta API
answer (`journal.ensure_synced`). Offline packs (app/packs), OAI-PMH (app/oai), curated
collections (app/collections) and the what's-new feeds (app/feeds/whatsnew.py) build on it.
"""

from __future__ import annotations

from flask import Flask

from app.reach import metrics


def init_app(app: Flask) -> None:
    """Set up metrics recording; register the download redirect, what's-new feeds, curated
    collections, offline packs, OAI-PMH and the delta API."""
    from app.api.changes import bp as changes_bp
    from app.auth import csrf
    from app.collections import api as collections_api
    from app.collections import bp as collections_bp
    from app.feeds.whatsnew import bp as whatsnew_bp
    from app.oai import bp as oai_bp
    from app.packs.views import bp as packs_bp

    metrics.init_app(app)
    # OAI-PMH allows POST for long requests; it only reads, and no session is involved.
    csrf.exempt(oai_bp)
    for blueprint in (whatsnew_bp, collections_bp, collections_api, packs_bp, oai_bp,
                      changes_bp):
        app.register_blueprint(blueprint)
