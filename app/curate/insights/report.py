"""Own the annual report's documents: HTML, CSV or JSON, every figure with its definition.

`itucat report --year Y` renders it inside a request context of the chosen language, so
the words are the dashboard's (definitions.py) in six languages. The HTML is one file
with its stylesheet inline: it is sent to TSAG as it is, not served by the site.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from flask import render_template

from app.curate.insights import _csv, _service, csv_rows, low_results
from app.curate.insights.charts import bars
from app.curate.insights.definitions import definitions, sections, via_label
from app.templating import catalogue
from index.metrics.figures import AnnualReport, annual_report

ANNUAL = ("documents_current", "documents_relevant", "texts_approved", "editions_approved",
          "curator_decisions", "collections", "collections_made")


def figures_of(report: AnnualReport) -> list[dict[str, Any]]:
    """The headline figures with their labels and definitions."""
    defs = definitions(low_results())
    out = []
    for name in ("searches", "browses", "zero_searches", "low_searches", "opened_searches",
                 "views", "downloads", "packs"):
        out.append({"id": name, "value": getattr(report.insights, name),
                    "label": defs[name][0], "definition": defs[name][1]})
    cov = report.insights.coverage_total
    out.append({"id": "coverage", "value": round(cov.share, 4), "label": defs["coverage"][0],
                "definition": defs["coverage"][1], "reviewed": cov.reviewed,
                "total": cov.total})
    for name in ANNUAL:
        out.append({"id": name, "value": getattr(report, name), "label": defs[name][0],
                    "definition": defs[name][1]})
    return out


def render_report(year: int, fmt: str) -> str:
    """The report of a year in a format (html, csv, json), in the request's language."""
    report = annual_report(catalogue().store, _service(), year)
    figures = figures_of(report)
    if fmt == "json":
        return json.dumps({"year": year, "figures": figures,
                           "breakdowns": asdict(report.insights)}, ensure_ascii=False,
                          indent=2, default=str) + "\n"
    if fmt == "csv":
        rows = csv_rows(report.insights, definitions(low_results()))
        rows[1:1] = [["annual", f["id"], "", f["value"], f["definition"]]
                     for f in figures if f["id"] in ANNUAL]
        return _csv(rows)
    chart = bars([(w.start, w.searches) for w in report.insights.weeks],
                 sections()["weeks"])
    return render_template("curate/report.html", year=year, figures=figures,
                           insights=report.insights, words=sections(), chart=chart,
                           via_label=via_label)
