"""Own the feeds and exports (blueprint "feeds"): Atom of any search, CSV and JSON exports,
OpenSearch description, sitemap.xml and robots.txt."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext

from app.labels import facet_label, value_label
from app.params import FILTERS, SearchRequest, number_arg
from app.site.common import run_search
from app.templating import absolute, catalogue
from index.search import SearchHit

bp = Blueprint("feeds", __name__)
PAGE = 100
MAX_PARTS = 500  # parts of an export (at 1,000 documents each, far beyond the catalogue)
CSV_COLUMNS = ["number", "title", "type", "status", "approval_date", "study_group", "topics",
               "regions", "languages", "developing_countries", "itu_url", "page"]


def _hits(req: SearchRequest, limit: int, sort: str | None = None, part: int = 1
          ) -> tuple[list[SearchHit], int]:
    """Up to `limit` results of a search (several engine pages) and the total; `part` n
    holds results (n-1)*limit+1 to n*limit, so a large search exports in parts."""
    hits: list[SearchHit] = []
    total = 0
    size = min(PAGE, limit)
    start = (part - 1) * limit  # engine pages from the one holding the part's first result
    page, skip = start // size + 1, start % size
    while len(hits) < limit + skip:
        answer = run_search(req, size=size, page=page, sort=sort, facet_limit=0)
        total = answer["total"]
        hits.extend(answer["results"])
        if page >= answer["pages"]:
            break
        page += 1
    return hits[skip:skip + limit], total


def _part() -> int:
    """The `part` of an export (1 when absent); a 400 for anything but a small number."""
    return number_arg(request.args, "part", 1, 1, MAX_PARTS, gettext(
        "The part of an export is a number from 1 to %(max)s.", max=MAX_PARTS))


def dc_signal(hit: SearchHit) -> str:
    """Relevance to developing countries as exports and feeds say it."""
    dc = hit["developing_countries"]
    if not dc["relevant"]:
        return "no"
    return dc.get("signal") or ("confirmed" if dc.get("source") == "curator" else "suggested")


def describe(req: SearchRequest) -> str:
    """A search in words, for feed and export titles."""
    parts = [f"“{req.q}”"] if req.q else []
    parts += [f"{facet_label(FILTERS[k])}: {value_label(FILTERS[k], v)}" for k, v in req.active]
    return ", ".join(parts) or gettext("all documents")


@bp.route("/search.atom")
def atom() -> Response:
    """The newest documents of any search, as an Atom feed."""
    req = SearchRequest.from_args(request.args)
    size = current_app.config["ITUCAT_APP"].feed_size
    hits, _total = _hits(req, size, sort="newest")
    dates = [h["approval_date"] for h in hits if h["approval_date"]]
    updated = (max(dates) + "T00:00:00Z") if dates else datetime.now(UTC).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    body = render_template(
        "feeds/atom.xml", hits=hits, updated=updated, title=describe(req), dc_signal=dc_signal,
        self_url=absolute(url_for("feeds.atom", **req.args(page=None))),
        html_url=absolute(url_for("search.results", **req.args(page=None))),
    )
    return Response(body, mimetype="application/atom+xml")


def _csv_rows(hits: list[SearchHit]) -> Iterator[dict[str, Any]]:
    for h in hits:
        yield {
            "number": h["number"], "title": h["title"], "type": h["type"],
            "status": h["status"], "approval_date": h["approval_date"],
            "study_group": h["study_group"],
            "topics": "; ".join(t["label"] for t in h["topics"]),
            "regions": "; ".join(t["label"] for t in h["regions"]),
            "languages": "; ".join(h["languages"]),
            # "confirmed" by a curator, "suggested" by a rule, or "no": never the same word.
            "developing_countries": dc_signal(h),
            "itu_url": h["url"], "page": absolute(url_for("documents.show",
                                                          number=h["number"])),
        }


@bp.route("/search.csv")
def export_csv() -> Response:
    """The results of any search as CSV (at most the configured export limit)."""
    req = SearchRequest.from_args(request.args)
    hits, _total = _hits(req, current_app.config["ITUCAT_APP"].export_limit, part=_part())
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(_csv_rows(hits))
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="itu-t-catalogue.csv"'
    return response


@bp.route("/search.json")
def export_json() -> Response:
    """The results of any search as JSON (at most the configured export limit)."""
    req = SearchRequest.from_args(request.args)
    limit = current_app.config["ITUCAT_APP"].export_limit
    part = _part()
    hits, total = _hits(req, limit, part=part)
    results = [{k: v for k, v in h.items() if k not in ("title_html", "snippet")}
               | {"page": absolute(url_for("documents.show", number=h["number"]))}
               for h in hits]
    response = jsonify({"ok": True, "query": req.q,
                                          "filters": req.filters, "total": total,
                                          "count": len(results), "limit": limit,
                                          "part": part,
                                          "truncated": total > len(results),
                                          "results": results})
    response.headers["Content-Disposition"] = 'attachment; filename="itu-t-catalogue.json"'
    return response


@bp.route("/opensearch.xml")
def opensearch() -> Response:
    """The OpenSearch description (browsers offer the catalogue as a search engine)."""
    body = render_template("feeds/opensearch.xml",
                           search=absolute(url_for("search.results")),
                           atom=absolute(url_for("feeds.atom")),
                           api=absolute(url_for("api.search")),
                           icon=absolute(url_for("assets.static", name="favicon.svg")))
    return Response(body, mimetype="application/opensearchdescription+xml")


@bp.route("/sitemap.xml")
def sitemap() -> Response:
    """Every document page, browse page and the home page."""
    cat = catalogue()
    urls = [absolute(url_for("search.home"))]
    for dimension, (facet, _param) in (("topics", ("topic", "")), ("regions", ("region", "")),
                                       ("study-groups", ("study_group", "")),
                                       ("types", ("type", ""))):
        urls.append(absolute(url_for("browse.index", dimension=dimension)))
        urls += [absolute(url_for("browse.value", dimension=dimension, value=v["value"]))
                 for v in cat.facet(facet)]
    urls += [absolute(url_for("documents.show", number=n)) for n in cat.document_ids()]
    return Response(render_template("feeds/sitemap.xml", urls=urls[:50000]),
                    mimetype="application/xml")


@bp.route("/robots.txt")
def robots() -> Response:
    """Crawlers are welcome on pages; exports and feeds are for people and readers."""
    body = (f"User-agent: *\nDisallow: /search.csv\nDisallow: /search.json\n"
            f"Sitemap: {absolute(url_for('feeds.sitemap'))}\n")
    return Response(body, mimetype="text/plain")
