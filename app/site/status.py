"""Own the status page (blueprint "status"): the last crawl, what changed, what failed."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, url_for

from app.templating import catalogue

bp = Blueprint("status", __name__)


def status_data(changes: int = 50) -> dict[str, Any]:
    """The latest runs, the documents changed by the last one, its failures, the index."""
    cat = catalogue()
    runs = cat.runs(10)
    last = runs[0] if runs else None
    changed = cat.changed_since(last["started_at"], changes) if last else []
    return {"runs": runs, "last": last, "changed": changed,
            "failures": (last or {}).get("failures") or [], "index": cat.version(),
            "counts": cat.store.counts(), "backfill_per_run": cat.config.crawler.backfill,
            "backfill_remaining": (last or {}).get("backfill_remaining")}


@bp.route("/status")
def show() -> str:
    """When the catalogue was last harvested, what changed, what failed."""
    return render_template("status.html", **status_data(), twin=url_for("api.status"))
