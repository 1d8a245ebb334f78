"""Own the curator workspace (blueprint `curate`, under /curate).

Tagging with provenance (app/curate/documents.py), the review queue (review.py), bulk
tagging (bulk.py), the audit log and batches (history.py), user management (admin.py).
All data goes through the store's repositories (`store.tags`, `store.batches`,
`store.notes`, `store.audit`, `store.accounts`) and index/tagcsv.py. `init_app(app)`
registers the blueprint and the template helpers the site's templates use:
`public_notes(number)` and `curator_decisions(doc)` for the document page, `_c`/`_cn` for
the workspace's own translation domain.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Flask

from app.curate import (  # noqa: F401 - routes
    admin,
    bulk,
    collections,
    documents,
    history,
    insights,
    review,
)
from app.curate.display import HELPERS
from app.curate.i18n import _c, _cn
from app.curate.markdown import render
from app.curate.views import bp

__all__ = ["bp", "init_app"]


def public_notes(number: str) -> list[dict[str, Any]]:
    """A document's public notes, rendered and sanitised (for the public document page)."""
    from app.curate.common import store

    return [dict(asdict(n), html=render(n.body))
            for n in store().notes.of_document(number, curator=False)]


def curator_decisions(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The curator decisions in a document's index payload: what, when and why."""
    out = []
    dc = doc.get("developing_countries") or {}
    if dc.get("source") == "curator" and dc.get("curator"):
        out.append({"facet": "developing_countries", "value": "yes" if dc.get("relevant")
                    else "no", "label": None, **dc["curator"]})
    for facet, key in (("region", "regions"), ("topic", "topics")):
        for tag in doc.get(key) or []:
            if tag.get("source") == "curator" and tag.get("curator"):
                out.append({"facet": facet, "value": tag["id"], "label": tag.get("label"),
                            **tag["curator"]})
    return out


def init_app(app: Flask) -> None:
    """Register the workspace (after `app.auth.init_app`, which sets up sign-in)."""
    app.register_blueprint(bp)
    app.jinja_env.globals.update(_c=_c, _cn=_cn, public_notes=public_notes,
                                 curator_decisions=curator_decisions, **HELPERS)
