"""Own bulk tagging: pick documents of any search (or all N of them), apply one tag, one reason.

The page takes the public search's own query string (`/curate/bulk?q=...&region=...`), so
the "bulk-tag these results" link of a results page lands on the same result set. "All N
documents of this search" first shows a confirmation naming N and the change in words; only
a second POST carrying `confirm=N` applies it (a search that has changed size since asks
again). The changes are applied as one batch, audited with the search they came from, and
can be reverted as a whole from the batch's page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask import current_app, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from app.auth.users import actor, curator_required
from app.curate.common import catalogue, done, failed, page, reflect, refused, store, text_arg
from app.curate.display import tag_label
from app.curate.i18n import _c, _cn
from app.curate.views import bp
from app.labels import facet_label, value_label
from app.params import FILTERS, SearchRequest
from index.errors import CurationError
from index.tags.changes import DC, TagChange, change_problem, check_reason, vocabulary
from index.tags.taxonomy import load_taxonomy

PER_PAGE = 50
OPS = ("add", "remove", "clear")
CONFIRM_SHOWN = 30  # document numbers listed on the confirmation


def _search_request(query_string: str) -> SearchRequest:
    args = MultiDict(parse_qsl(query_string, keep_blank_values=False))
    return SearchRequest.from_args(args)


def all_ids(req: SearchRequest, limit: int) -> list[str] | None:
    """Every document number of a search (None when there are more than `limit`)."""
    ids: list[str] = []
    number = 1
    while True:
        answer = catalogue().search(req.q, req.engine_filters(), sort="number", page=number,
                                    per_page=100, facet_limit=0)
        if answer["total"] > limit:
            return None
        ids += [r["number"] for r in answer["results"]]
        if number >= answer["pages"]:
            return ids
        number += 1


def tag_change(doc_id: str, op: str, tag: str) -> TagChange:
    """The change an operation on a tag means ("add" relevance = yes, "remove" = no)."""
    facet, _, value = tag.partition(":")
    if facet == DC:
        if op == "clear":
            return TagChange(doc_id, DC, "yes", "clear")
        return TagChange(doc_id, DC, "yes" if op == "add" else "no", "set")
    return TagChange(doc_id, facet, value, op)


def tag_options() -> list[tuple[str, list[tuple[str, str]]]]:
    """The tags a bulk operation may apply, in groups."""
    taxonomy = load_taxonomy()
    return [
        (_c("Relevance"), [(f"{DC}:yes", _c("Relevant to developing countries"))]),
        (_c("Regions"), [(f"region:{r.id}", r.label) for r in taxonomy.regions]),
        (_c("Themes"), [(f"topic:{r.id}", r.label) for r in taxonomy.themes]),
        (_c("Sub-series"), [(f"topic:{rng.text}", f"{rng.text} {title}")
                            for rng, title in taxonomy.subseries]),
    ]


def describe_change(op: str, tag: str, count: int) -> str:
    """A bulk change in the curator's words ("Add “Africa” to 37 documents")."""
    facet, _, value = tag.partition(":")
    if facet == DC:
        if op == "add":
            return _cn("Mark %(num)s document relevant to developing countries",
                       "Mark %(num)s documents relevant to developing countries", count, num=count)
        if op == "remove":
            return _cn("Mark %(num)s document not relevant to developing countries",
                       "Mark %(num)s documents not relevant to developing countries", count,
                       num=count)
        return _cn("Withdraw the curators' relevance decision on %(num)s document",
                   "Withdraw the curators' relevance decision on %(num)s documents", count,
                   num=count)
    label = tag_label(facet, value)
    if op == "add":
        return _cn("Add “%(tag)s” to %(num)s document", "Add “%(tag)s” to %(num)s documents",
                   count, tag=label, num=count)
    if op == "remove":
        return _cn("Remove “%(tag)s” from %(num)s document",
                   "Remove “%(tag)s” from %(num)s documents", count, tag=label, num=count)
    return _cn("Withdraw the curators' decision on “%(tag)s” for %(num)s document",
               "Withdraw the curators' decision on “%(tag)s” for %(num)s documents", count,
               tag=label, num=count)


@bp.route("/bulk")
@curator_required
def bulk() -> Response | str:
    """A search's results with check boxes and the tag to apply (JSON twin)."""
    req = SearchRequest.from_args(request.args)
    answer = catalogue().search(req.q, req.engine_filters(), sort=req.sort, page=req.page,
                                per_page=PER_PAGE, facet_limit=0)
    search_args = urlencode(req.args(page=None), doseq=True)
    return page("curate/bulk.html", {
        "query": req.q, "filters": req.filters, "total": answer["total"], "page": req.page,
        "pages": answer["pages"], "search": search_args,
        "results": [{"number": r["number"], "title": r["title"], "status": r["status"],
                     "approval_date": r["approval_date"],
                     "developing_countries": r["developing_countries"]["relevant"],
                     "regions": [t["id"] for t in r["regions"]]} for r in answer["results"]],
    }, options=tag_options(), args=req.args, filter_labels=filter_labels(req))


@bp.route("/bulk", methods=["POST"])
@curator_required
def apply() -> Response | str:
    """Apply one tag operation with one reason to the chosen documents, as one batch."""
    form = request.form
    search = text_arg("search", limit=2000)
    here = url_for("curate.bulk") + (f"?{search}" if search else "")
    op, tag = text_arg("op"), text_arg("tag")
    scope = text_arg("scope") or "selected"
    limit = current_app.config["ITUCAT_CURATE"].bulk_limit
    if op not in OPS or ":" not in tag:
        return failed(_c("Choose a tag and what to do with it."), here)
    if scope == "all":
        ids = all_ids(_search_request(search), limit)
        if ids is None:
            return failed(_c("This search has more than %(num)s documents; narrow it first.",
                             num=limit), here)
    else:
        ids = list(dict.fromkeys(d.strip() for d in form.getlist("doc") if d.strip()))
    if not ids:
        return failed(_c("Select at least one document."), here)
    if len(ids) > limit:
        return failed(_c("At most %(num)s documents at once.", num=limit), here)
    changes = [tag_change(d, op, tag) for d in ids]
    if change_problem(changes[0], vocabulary()):
        return failed(_c("Choose a tag and what to do with it."), here)
    if scope == "all" and text_arg("confirm") != str(len(ids)):
        try:
            reason = check_reason(form.get("reason"))
        except CurationError as exc:
            return refused(exc, here)
        return page("curate/bulk_confirm.html", {"confirm": {
            "count": len(ids), "op": op, "tag": tag, "change": describe_change(op, tag, len(ids)),
            "documents": ids[:CONFIRM_SHOWN], "search": search, "reason": reason}},
            back=here, asked_again=bool(text_arg("confirm")))
    label = f"{op} {tag}"
    try:
        batch_id, report = store().batches.apply(
            changes, kind="bulk", actor=actor(), reason=form.get("reason"),
            description=f"{label} on {len(ids)} documents; search: {search or '(all)'}")
    except CurationError as exc:
        return refused(exc, here)
    if batch_id is None:
        return done(_c("Nothing changed: every document already had this tag."), here,
                    changed=0)
    indexed = reflect(report.documents)
    message = _c("Batch of %(num)s change(s) saved.", num=report.changed)
    if not indexed:
        message += " " + _c("Search is being updated in the background.")
    return done(message, url_for("curate.batch", batch_id=batch_id), status=201,
                batch=batch_id, changed=report.changed, unchanged=report.unchanged)


def filter_labels(req: SearchRequest) -> list[dict[str, str]]:
    """A search's filters as the curator reads them ("Region: Africa"), not as keys."""
    return [{"facet": facet_label(FILTERS[public]), "label": value_label(FILTERS[public], value)}
            for public, value in req.active]


def describe_search(search: str) -> dict[str, Any]:
    """The words and filters of a stored search string (for the batch page)."""
    try:
        req = _search_request(search)
    except Exception:  # noqa: BLE001 - an old description: show it as it is
        return {"q": search, "filters": {}, "labels": []}
    return {"q": req.q, "filters": req.filters, "labels": filter_labels(req)}
