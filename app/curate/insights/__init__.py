"""Own the curators' demand dashboard: `/curate/insights` (JSON twin) and its CSV.

Searches and views by interface language and region of interest, unmet needs (zero- and
low-result queries grouped by similar wording, per language, each with a one-click path to
search, bulk-tag or propose a glossary entry), most-opened documents per topic and region,
downloads by language and format, the share of the catalogue reviewed per topic and study
group, and weekly trends as small server-side SVG charts. Figures come from
index/metrics/figures.py, their words from definitions.py; `?from=&until=` (days) choose
the period (default: the last 90 days).
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict
from datetime import date
from typing import Any

from flask import Response, abort, current_app, request

from app.auth.users import curator_required
from app.curate.common import catalogue, page, store, text_arg
from app.curate.i18n import _c
from app.curate.insights.charts import bars
from app.curate.insights.definitions import definitions, sections, via_label
from app.curate.views import bp
from index.metrics import figures as fig
from index.metrics.figures import Insights, Period
from index.metrics.wording import group_key

DEFAULT_DAYS = 90
MAX_DAYS = 3660


def _day(name: str) -> date | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(400, description=_c("A date is written YYYY-MM-DD."))


def period() -> Period:
    """The period asked for (?from=&until=), checked."""
    start, end = _day("from"), _day("until")
    if end is None:
        end = date.today()
    if start is None:
        return Period.last_days(DEFAULT_DAYS, end)
    if start > end or (end - start).days > MAX_DAYS:
        abort(400, description=_c("The period must start before it ends and last at most "
                                  "ten years."))
    return Period(start.isoformat(), end.isoformat())


def _service() -> Any:
    try:
        return catalogue().service
    except Exception:  # noqa: BLE001 - without an index, the demand figures still show
        return None


def compute(chosen: Period) -> Insights:
    """The figures of a period (queued events written first, so the page is exact)."""
    recorder = current_app.extensions.get("itucat_metrics")
    if recorder is not None:
        recorder.flush()
    return fig.insights(store(), _service(), chosen)


def low_results() -> int:
    """The configured low-result threshold."""
    return int(current_app.config["ITUCAT_CONFIG"].metrics.low_results)


def insights_payload(figures: Insights) -> dict[str, Any]:
    """The JSON twin: every figure, and every figure's definition."""
    body = asdict(figures)
    body["coverage_total"]["share"] = round(figures.coverage_total.share, 4)
    for key in ("coverage_topics", "coverage_groups"):
        for item, cov in zip(body[key], getattr(figures, key), strict=True):
            item["share"] = round(cov.share, 4)
    body["definitions"] = {k: {"label": label, "definition": text}
                           for k, (label, text) in definitions(low_results()).items()}
    return body


@bp.route("/insights")
@curator_required
def insights() -> Any:
    """The demand dashboard (JSON twin with ?format=json)."""
    chosen = period()
    figures = compute(chosen)
    words = sections()
    weekly = {name: bars([(w.start, getattr(w, name)) for w in figures.weeks],
                         f"{words['weeks']}: {label}")
              for name, label in (("searches", _c("Searches")), ("zero", _c("No result")),
                                  ("views", _c("Document pages")),
                                  ("downloads", _c("Downloads")))}
    return page("curate/insights.html", insights_payload(figures), figures=figures,
                words=words, defs=definitions(low_results()), charts=weekly,
                via_label=via_label, chosen=chosen, group_key=group_key)



def csv_rows(figures: Insights, defs: dict[str, tuple[str, str]]) -> list[list[Any]]:
    """Every figure as (section, key, language, count, definition) rows."""
    rows: list[list[Any]] = [["section", "key", "ui_lang", "value", "definition"]]
    for name in ("searches", "browses", "zero_searches", "low_searches", "opened_searches",
                 "views", "downloads", "packs"):
        rows.append(["figure", name, "", getattr(figures, name), defs[name][1]])
    cov = figures.coverage_total
    rows.append(["figure", "coverage", "", round(cov.share, 4), defs["coverage"][1]])
    for name in ("searches_by_lang", "searches_by_region", "searches_by_topic",
                 "views_by_lang", "views_by_via", "downloads_by_file", "downloads_by_lang"):
        rows += [[name, r.key, "", r.count, ""] for r in getattr(figures, name)]
    rows += [[f"needs_{n.kind}", n.label, n.ui_lang, n.count,
              "; ".join(f"{w} ({c})" for w, c in n.wordings)] for n in figures.needs]
    rows += [["top_documents", d.number, "", d.count, d.title or ""]
             for d in figures.top_documents]
    for name in ("top_by_topic", "top_by_region"):
        for group, docs in getattr(figures, name).items():
            rows += [[name, f"{group}|{d.number}", "", d.count, d.title or ""] for d in docs]
    for name in ("coverage_topics", "coverage_groups"):
        rows += [[name, c.key, "", round(c.share, 4), f"{c.reviewed}/{c.total}"]
                 for c in getattr(figures, name)]
    rows += [["weeks", w.start, "", w.searches, f"zero={w.zero} views={w.views} "
              f"downloads={w.downloads}"] for w in figures.weeks]
    return rows


def _csv(rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:  # spreadsheet formulas stay text (as in every export of the workspace)
        writer.writerow([f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@",
                                                                     "\t", "\r") else v
                         for v in row])
    return out.getvalue()


@bp.route("/insights.csv")
@curator_required
def insights_csv() -> Response:
    """Every figure of the period as CSV."""
    figures = compute(period())
    response = Response(_csv(csv_rows(figures, definitions(low_results()))),
                        mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="insights-{figures.period.start}-{figures.period.end}.csv"')
    return response


@bp.route("/insights/glossary")
@curator_required
def insights_glossary() -> Any:
    """A glossary or synonym entry for an unmet need, ready to paste into the data files."""
    wording = text_arg("q", request.args)
    lang = text_arg("lang", request.args, 8) or "en"
    term = text_arg("term", request.args) or ""
    if not wording:
        abort(400, description=_c("Which words?"))
    slug = "-".join(group_key(term or wording).split())[:60] or "concept"
    return page("curate/insights_glossary.html", {
        "wording": wording, "language": lang, "term": term, "id": slug})
