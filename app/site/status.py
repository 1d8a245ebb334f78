"""Own the status pages (blueprint "status"): the last crawl, what changed, what failed, and
how many older editions the summary backfill has still to fetch; every document the last
harvest changed, page by page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, request, url_for
from flask_babel import gettext

from app.params import number_arg
from app.templating import catalogue
from app.twins import twin

bp = Blueprint("status", __name__)
SHOWN_CHANGES = 50  # on /status; /status/changes pages through all of them
PER_PAGE = 100
MAX_PAGE = 1000


def status_data(changes: int = SHOWN_CHANGES) -> dict[str, Any]:
    """The latest runs, the documents changed by the last one, its failures, the index."""
    cat = catalogue()
    runs = cat.runs(10)
    last = runs[0] if runs else None
    changed = cat.changed_since(last.started_at, changes) if last else []
    total = cat.count_changed_since(last.started_at) if last else 0
    return {"runs": runs, "last": last, "changed": changed, "changed_total": total,
            "failures": (last.failures if last else None) or [], "index": cat.version(),
            "counts": cat.counts(), "backfill_per_run": cat.config.crawler.backfill,
            "backfill_remaining": last.backfill_remaining if last else None}


def status_payload(data: dict[str, Any]) -> dict[str, Any]:
    """The JSON twin of the status page."""
    return {"index": data["index"], "counts": data["counts"], "runs": data["runs"],
            "changed": data["changed"], "changed_total": data["changed_total"],
            "changed_list": url_for("status.changes"), "failures": data["failures"],
            "backfill": {"remaining": data["backfill_remaining"],
                         "per_run": data["backfill_per_run"]}}


@bp.route("/status")
def show() -> Response | str:
    """When the catalogue was last harvested, what changed, what failed."""
    data = status_data()
    return twin("status.html", lambda: status_payload(data), **data,
                twin=url_for("api.status"))


@bp.route("/status/changes")
def changes() -> Response | str:
    """Every document the last harvest changed, newest change first, a page at a time."""
    number = number_arg(request.args, "page", 1, 1, MAX_PAGE, gettext(
        "The page must be a number from 1 to %(max)s.", max=MAX_PAGE))
    cat = catalogue()
    runs = cat.runs(1)
    last = runs[0] if runs else None
    total = cat.count_changed_since(last.started_at) if last else 0
    pages = max(1, (total + PER_PAGE - 1) // PER_PAGE)
    if number > pages:
        abort(404)
    items = cat.changed_since(last.started_at, PER_PAGE, (number - 1) * PER_PAGE) if last else []
    return twin("status_changes.html",
                lambda: {"total": total, "page": number, "pages": pages, "changed": items},
                last=last, changed=items, total=total, page=number, pages=pages,
                start=(number - 1) * PER_PAGE + 1,
                twin=url_for("status.changes", page=number, format="json"))
