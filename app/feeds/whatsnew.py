"""Own the "what's new" Atom feeds: changes per region, topic, kind, type, study group,
collection and any search, in the reader's language (blueprint "whatsnew").

An entry is one change of the public journal (index/store/journal.py): a new text, a new
edition, a text that became superseded (with its successor) or withdrawn, one that left
ITU's catalogue or came back. A subscriber thus learns when what they follow changes.
Feeds of a facet value read the journal by set (one query); the feed of a search with
words reads the changes of its first `app.export_limit` results.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext

from app.feeds import describe
from app.labels import value_label
from app.params import FILTERS, SearchRequest
from app.reach.journal import ensure_synced
from app.site.common import run_search
from app.templating import absolute, catalogue
from index.journal.records import FEED_KINDS, JournalEntry, PublicRecord
from index.search import DEVELOPING_NO, DEVELOPING_YES

bp = Blueprint("whatsnew", __name__)
# URL segment -> (journal set facet, public search parameter, label facet)
DIMENSIONS = {
    "topics": ("topic", "topic", "topic"),
    "regions": ("region", "region", "region"),
    "kinds": ("kind", "kind", "kind"),
    "types": ("type", "type", "type"),
    "study-groups": ("sg", "sg", "study_group"),
}
SET_OF_PARAM = {"topic": "topic", "region": "region", "kind": "kind", "type": "type",
                "sg": "sg", "dc": "dc"}
PAGE = 100


def _journal_dc(value: str) -> str | None:
    """A reader's dc= value as the journal's set (index/journal/state.py: yes/no), or None
    for a value the journal cannot tell ("confirmed", "suggested")."""
    low = value.strip().lower()
    return "yes" if low in DEVELOPING_YES else "no" if low in DEVELOPING_NO else None


def kind_label(kind: str) -> str:
    """A change kind in the reader's language."""
    return {
        "added": gettext("New text"), "edition": gettext("New edition"),
        "superseded": gettext("Superseded"), "withdrawn": gettext("Withdrawn"),
        "gone": gettext("No longer listed by ITU"), "back": gettext("Listed by ITU again"),
        "changed": gettext("Changed"),
    }.get(kind, kind)


def feed_entries(entries: Iterable[JournalEntry]) -> list[dict[str, Any]]:
    """Journal entries as feed items, with their documents' public records."""
    entries = list(entries)
    records = catalogue().store.journal.records(e.document_id for e in entries)
    out = []
    for e in entries:
        stored = records.get(e.document_id)
        record: PublicRecord | None = stored.record if stored else None
        out.append({"tag": f"change/{e.id}", "updated": e.changed_at,
                    "document_id": e.document_id, "kind": e.kind,
                    "kind_label": kind_label(e.kind), "edition": e.edition,
                    "status": e.status, "record": record, "note": None,
                    "successors": record["successors"] if record else []})
    return out


def _search_ids(req: SearchRequest, limit: int) -> list[str]:
    """The numbers of a search's first `limit` results, any status."""
    ids: list[str] = []
    page = 1
    wide = SearchRequest(req.q, dict(req.filters), None, 1, True)
    while len(ids) < limit:
        answer = run_search(wide, size=PAGE, page=page, facet_limit=0)
        ids += [h["number"] for h in answer["results"]]
        if page >= answer["pages"]:
            break
        page += 1
    return ids[:limit]


def render_items(items: list[dict[str, Any]], title: str, self_url: str, html_url: str
                 ) -> Response:
    """An Atom feed of items (newest first)."""
    items = sorted(items, key=lambda i: (i["updated"], i["tag"]), reverse=True)
    updated = max((i["updated"] for i in items), default=None) or \
        datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = render_template("feeds/changes.xml", items=items, title=title, updated=updated,
                           self_url=self_url, html_url=html_url,
                           host=request.host.split(":")[0])
    return Response(body, mimetype="application/atom+xml")


def render_feed(entries: list[JournalEntry], title: str, self_url: str, html_url: str
                ) -> Response:
    """An Atom feed of journal entries."""
    return render_items(feed_entries(entries), title, self_url, html_url)


def _size() -> int:
    return int(current_app.config["ITUCAT_APP"].feed_size)


@bp.route("/feeds/<any(topics, regions, kinds, types, 'study-groups'):dimension>/"
          "<path:value>.atom")
def by_value(dimension: str, value: str) -> Response:
    """What changed among the documents of one topic, region, kind, type or study group."""
    facet, param, label_facet = DIMENSIONS[dimension]
    ensure_synced()
    journal = catalogue().store.journal
    if not journal.count(sets=[(facet, value)]):
        abort(404)
    entries = journal.changes(sets=[(facet, value)], kinds=FEED_KINDS, newest_first=True,
                              limit=_size())
    title = gettext("What's new: %(what)s", what=value_label(label_facet, value))
    return render_feed(entries, title,
                       absolute(url_for("whatsnew.by_value", dimension=dimension, value=value)),
                       absolute(url_for("search.results", **{param: value})))  # type: ignore[arg-type]


@bp.route("/feeds/changes.atom")
def of_search() -> Response:
    """What changed among the documents of any search (same query string as /search)."""
    req = SearchRequest.from_args(request.args)
    ensure_synced()
    journal = catalogue().store.journal
    simple = all(k in SET_OF_PARAM for k in req.filters) and not req.q
    # The journal keeps relevance to developing countries as yes/no: a feed of "yes" or
    # "no" reads its sets; one of "confirmed" or "suggested" alone goes through the search.
    asked_dc = [_journal_dc(v) for v in req.filters.get("dc", [])]
    simple = simple and None not in asked_dc
    if simple and req.filters:
        run_search(req, size=1, facet_limit=0)  # values as the engine resolved them
        if asked_dc:
            req.filters["dc"] = [v for v in dict.fromkeys(asked_dc) if v]
    if simple:
        sets = [(SET_OF_PARAM[k], v) for k, values in req.filters.items() for v in values]
        entries = journal.changes(sets=sets, kinds=FEED_KINDS, newest_first=True,
                                  limit=_size())
    else:
        ids = _search_ids(req, int(current_app.config["ITUCAT_APP"].export_limit))
        entries = journal.changes(documents=ids, kinds=FEED_KINDS, newest_first=True,
                                  limit=_size()) if ids else []
    title = gettext("What's new: %(what)s", what=describe(req))
    return render_feed(entries, title, absolute(url_for("whatsnew.of_search", **req.args())),
                       absolute(url_for("search.results", **req.args(page=None))))


def feed_links(req: SearchRequest) -> list[dict[str, str]]:
    """The what's-new feeds a results page offers: its own, and one per filter value."""
    out = [{"label": gettext("What's new for this search"),
            "url": url_for("whatsnew.of_search", **req.args(page=None, sort=None))}]
    for public, value in req.active:
        for dimension, (_facet, param, label_facet) in DIMENSIONS.items():
            if param == public and public in FILTERS:
                out.append({"label": gettext("What's new: %(what)s",
                                             what=value_label(label_facet, value)),
                            "url": url_for("whatsnew.by_value", dimension=dimension,
                                           value=value)})
    return out
