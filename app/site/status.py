"""Own the status page (blueprint "status"): the last crawl, what changed, what failed, and
how many older editions the summary backfill has still to fetch."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, url_for

from app.templating import catalogue
from app.twins import twin

bp = Blueprint("status", __name__)


def status_data(changes: int = 50) -> dict[str, Any]:
    """The latest runs, the documents changed by the last one, its failures, the index."""
    cat = catalogue()
    runs = cat.runs(10)
    last = runs[0] if runs else None
    changed = cat.changed_since(last.started_at, changes) if last else []
    return {"runs": runs, "last": last, "changed": changed,
            "failures": (last.failures if last else None) or [], "index": cat.version(),
            "counts": cat.counts(), "backfill_per_run": cat.config.crawler.backfill,
            "backfill_remaining": last.backfill_remaining if last else None}


def status_payload(data: dict[str, Any]) -> dict[str, Any]:
    """The JSON twin of the status page."""
    return {"index": data["index"], "counts": data["counts"], "runs": data["runs"],
            "changed": data["changed"], "failures": data["failures"],
            "backfill": {"remaining": data["backfill_remaining"],
                         "per_run": data["backfill_per_run"]}}


@bp.route("/status")
def show() -> Response | str:
    """When the catalogue was last harvested, what changed, what failed."""
    data = status_data()
    return twin("status.html", lambda: status_payload(data), **data,
                twin=url_for("api.status"))
