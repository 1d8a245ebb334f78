"""Own /healthz (blueprint "health"): what a monitor or a load balancer asks every minute.

JSON, never cached: whether the store answers, the live index (build, generation, when
it was last updated and how long ago, whether an update waits for a writer), and the last
crawl run (exit code, when, how long ago). The answer is 200 when the store answers and
the index was updated within `app.health_max_index_hours`; otherwise 503, with `problems`
saying why. A failed crawl is reported but is not itself a 503: the site still serves.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, current_app, jsonify
from werkzeug.wrappers import Response

from app.templating import catalogue
from index.search import index_status, paths_for
from itucat.errors import CatalogueError

bp = Blueprint("health", __name__)


def _age(stamp: str | None) -> float | None:
    """Seconds since an ISO time stamp (None when unknown)."""
    if not stamp:
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return round((datetime.now(UTC) - moment).total_seconds(), 1)


def health() -> tuple[dict[str, Any], list[str]]:
    """The health report and the problems that make it a 503."""
    cat = catalogue()
    problems: list[str] = []
    report: dict[str, Any] = {}
    try:
        runs = cat.runs(1)
        report["store"] = {"reachable": True, "read_only": cat.store.read_only}
    except CatalogueError as exc:
        runs = []
        report["store"] = {"reachable": False, "error": exc.code}
        problems.append("store unreachable")
    live = index_status(cat.data_dir)
    if live is None:
        report["index"] = None
        problems.append("no search index")
    else:
        name, state = live
        age = _age(state.get("updated_at"))
        generation = None
        try:
            generation = cat.version().split(":", 1)[1]
        except CatalogueError:
            problems.append("search index cannot be opened")
        report["index"] = {"build": name, "generation": generation,
                           "updated_at": state.get("updated_at"), "age_seconds": age,
                           "update_pending": paths_for(cat.data_dir).update_file.exists()}
        limit = current_app.config["ITUCAT_APP"].health_max_index_hours * 3600
        if age is None or age > limit:
            problems.append("search index older than app.health_max_index_hours")
    last = runs[0] if runs else None
    report["crawl"] = None if last is None else {
        "id": last.id, "command": last.command, "started_at": last.started_at,
        "finished_at": last.finished_at, "exit_code": last.exit_code,
        "completed": last.completed, "age_seconds": _age(last.finished_at or last.started_at)}
    return report, problems


@bp.route("/healthz")
def healthz() -> Response:
    """The health report as JSON: 200 when healthy, 503 (with `problems`) when not."""
    report, problems = health()
    response = jsonify({"ok": not problems, "problems": problems, **report})
    response.status_code = 503 if problems else 200
    response.headers["Cache-Control"] = "no-store"
    return response
