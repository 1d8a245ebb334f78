"""Own the traceability pages: the audit log (filters, CSV export) and batches (revert)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from flask import abort, request, stream_with_context, url_for
from werkzeug.wrappers import Response

from app.auth.users import actor, curator_required
from app.curate.bulk import describe_search
from app.curate.common import done, failed, page, page_number, reflect, store
from app.curate.i18n import _c
from app.curate.views import bp
from index import audit
from index.batches import BatchError, count_batches, get_batch, list_batches, revert_batch
from index.curation import CurationError
from index.tagcsv import audit_csv as audit_csv_text

PER_PAGE = 50


@bp.route("/audit")
@curator_required
def audit_log() -> Response | str:
    """Browse the audit log, newest first, filtered (JSON twin)."""
    query = audit.AuditQuery.from_args(request.args)
    number = page_number()
    total = audit.count(store(), query)
    entries = audit.entries(store(), query, limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
    actors, actions = audit.actors_and_actions(store())
    filters: dict[str, Any] = query.as_args()
    return page("curate/audit.html", {
        "entries": entries, "total": total, "page": number,
        "pages": max(1, (total + PER_PAGE - 1) // PER_PAGE), "filters": query.as_args(),
    }, actors=actors, actions=actions, csv_url=url_for("curate.audit_csv", **filters))


@bp.route("/audit.csv")
@curator_required
def audit_csv() -> Response:
    """The filtered audit log as CSV (formula-like cells neutralised), streamed."""
    query = audit.AuditQuery.from_args(request.args)

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
    total = count_batches(store())
    items = list_batches(store(), limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
    return page("curate/batches.html", {"batches": items, "total": total, "page": number,
                                        "pages": max(1, (total + PER_PAGE - 1) // PER_PAGE)})


@bp.route("/batches/<batch_id>")
@curator_required
def batch(batch_id: str) -> Response | str:
    """One batch: what it changed, and the form that reverts it (JSON twin)."""
    if len(batch_id) > 40:
        abort(404)
    found = get_batch(store(), batch_id)
    if found is None:
        abort(404)
    query = audit.AuditQuery(batch=batch_id)
    entries = audit.entries(store(), query, limit=500)
    search = ""
    description = found.get("description") or ""
    if "; search: " in description:
        search = description.split("; search: ", 1)[1]
    return page("curate/batch.html", {"batch": found, "entries": entries,
                                      "total": audit.count(store(), query)},
                search=describe_search(search) if search and search != "(all)" else None)


@bp.route("/batches/<batch_id>/revert", methods=["POST"])
@curator_required
def revert(batch_id: str) -> Response:
    """Revert a whole batch (later changes to the same tags are kept and reported)."""
    here = url_for("curate.batch", batch_id=batch_id[:40])
    try:
        report = revert_batch(store(), batch_id[:40], actor=actor(),
                              reason=request.form.get("reason"))
    except BatchError as exc:
        if "no batch" in str(exc):
            abort(404)
        return failed(_c("This batch has been reverted already."), here, 409)
    except CurationError:
        return failed(_c("Please give a short reason."), here)
    reflect(report.documents)
    message = _c("Batch reverted: %(num)s change(s) undone.", num=report.reverted)
    if report.conflicts:
        message += " " + _c("%(num)s tag(s) changed again since were left as they are.",
                            num=len(report.conflicts))
    return done(message, url_for("curate.batch", batch_id=report.batch_id),
                batch=report.batch_id, reverted=report.reverted, conflicts=report.conflicts)
