"""Own the traceability pages: the audit log (filters, CSV export) and batches (revert)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from flask import abort, request, stream_with_context, url_for
from werkzeug.wrappers import Response

from app.auth.users import actor, curator_required
from app.curate.bulk import describe_search
from app.curate.common import done, page, page_number, reflect, refused, store
from app.curate.i18n import _c
from app.curate.views import bp
from index.errors import BatchError, CurationError
from index.store.audit import AuditEntry, AuditQuery
from index.tagcsv import audit_csv as audit_csv_text

PER_PAGE = 50


@bp.route("/audit")
@curator_required
def audit_log() -> Response | str:
    """Browse the audit log, newest first, filtered (JSON twin)."""
    query = AuditQuery.from_args(request.args)
    number = page_number()
    total = store().audit.count(query)
    entries = store().audit.entries(query, limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
    actors, actions = store().audit.actors_and_actions()
    filters: dict[str, Any] = query.as_args()
    return page("curate/audit.html", {
        "entries": entries, "total": total, "page": number,
        "pages": max(1, (total + PER_PAGE - 1) // PER_PAGE), "filters": query.as_args(),
    }, actors=actors, actions=actions, csv_url=url_for("curate.audit_csv", **filters))


@bp.route("/audit.csv")
@curator_required
def audit_csv() -> Response:
    """The filtered audit log as CSV (formula-like cells neutralised), streamed."""
    query = AuditQuery.from_args(request.args)

    def rows() -> Iterator[str]:
        yield "\ufeff"  # a byte-order mark: spreadsheets then read the file as UTF-8
        yield from audit_csv_text(store(), query)

    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    response = Response(stream_with_context(rows()), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response


@bp.route("/batches")
@curator_required
def batches() -> Response | str:
    """Batches (bulk tagging, imports, reverts), newest first (JSON twin)."""
    number = page_number()
    total = store().batches.count()
    items = store().batches.recent(limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
    return page("curate/batches.html", {"batches": items, "total": total, "page": number,
                                        "pages": max(1, (total + PER_PAGE - 1) // PER_PAGE)})


@bp.route("/batches/<batch_id>")
@curator_required
def batch(batch_id: str) -> Response | str:
    """One batch: what it changed, and the form that reverts it (JSON twin)."""
    if len(batch_id) > 40:
        abort(404)
    found = store().batches.get(batch_id)
    if found is None:
        abort(404)
    query = AuditQuery(batch=batch_id)
    entries = store().audit.entries(query, limit=500)
    search = ""
    description = found.description or ""
    if "; search: " in description:
        search = description.split("; search: ", 1)[1]
    return page("curate/batch.html", {"batch": found, "entries": entries,
                                      "total": store().audit.count(query)},
                search=describe_search(search) if search and search != "(all)" else None,
                summary=change_summary(entries))


def change_summary(entries: list[AuditEntry]) -> list[dict[str, Any]]:
    """What a batch did, tag by tag, with how many documents (read from its audit entries,
    so the page says "Region: added: Africa", never the stored key "region:africa")."""
    counts: dict[tuple[str, str, str], int] = {}
    states: dict[tuple[str, str, str], dict[str, Any]] = {}
    for e in entries:
        if e.action != "tag" or not e.facet:
            continue
        state = e.after or {}
        key = (e.facet, str(state.get("action", "")), str(state.get("value", "")))
        counts[key] = counts.get(key, 0) + 1
        states.setdefault(key, state)
    return [{"facet": key[0], "state": states[key], "count": n} for key, n in counts.items()]


@bp.route("/batches/<batch_id>/revert", methods=["POST"])
@curator_required
def revert(batch_id: str) -> Response:
    """Revert a whole batch (later changes to the same tags are kept and reported)."""
    here = url_for("curate.batch", batch_id=batch_id[:40])
    try:
        report = store().batches.revert(batch_id[:40], actor=actor(),
                                        reason=request.form.get("reason"))
    except BatchError as exc:
        if exc.code == "batch.unknown":
            abort(404)
        return refused(exc, here)
    except CurationError as exc:
        return refused(exc, here)
    reflect(report.documents)
    message = _c("Batch reverted: %(num)s change(s) undone.", num=report.reverted)
    if report.conflicts:
        message += " " + _c("%(num)s tag(s) changed again since were left as they are.",
                            num=len(report.conflicts))
    return done(message, url_for("curate.batch", batch_id=report.batch_id),
                batch=report.batch_id, reverted=report.reverted, conflicts=report.conflicts)
