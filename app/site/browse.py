"""Own the browse pages (blueprint "browse"): every topic, region, study group and type."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, request, url_for
from flask_babel import gettext

from app.labels import value_label
from app.params import SearchRequest
from app.site.search import results_page
from app.templating import absolute, catalogue
from app.twins import twin
from index.search import FacetValue
from index.tags.taxonomy import load_taxonomy

bp = Blueprint("browse", __name__)

# URL segment -> (engine facet, public parameter)
DIMENSIONS = {
    "topics": ("topic", "topic"),
    "regions": ("region", "region"),
    "study-groups": ("study_group", "sg"),
    "types": ("type", "type"),
}


def _title(dimension: str) -> str:
    return {"topics": gettext("Topics"), "regions": gettext("Regions"),
            "study-groups": gettext("Study groups"), "types": gettext("Types")}[dimension]


def known_values(facet: str, *, every: bool = False) -> list[FacetValue]:
    """The values of a dimension with their counts of current documents: the index's, and
    for topics and regions those of the taxonomy (a curator may tag any of them, so each has
    a page even while no current document carries it). The index pages list the regions and
    themes; `every` adds ITU's sub-series too."""
    values = list(catalogue().facet(facet))
    if facet in ("topic", "region"):
        have = {v["value"] for v in values}
        values += [FacetValue(value=value, label=label, count=0, selected=False)
                   for value, label in load_taxonomy().labels.get(facet, {}).items()
                   if value not in have and (every or "." not in value)]
    return values


def facet_payload(dimension: str) -> dict[str, Any]:
    """The JSON twin of a browse page: every value with its count and page."""
    facet, _param = DIMENSIONS[dimension]
    values = [{"id": v["value"], "label": v["label"], "count": v["count"],
               "page": absolute(url_for("browse.value", dimension=dimension, value=v["value"]))}
              for v in known_values(facet)]
    return {dimension.replace("-", "_"): values}


@bp.route("/<any(topics, regions, 'study-groups', types):dimension>")
def index(dimension: str) -> Response | str:
    """Every value of one dimension with its number of current documents."""
    facet, _param = DIMENSIONS[dimension]
    values: list[dict[str, Any]] = [
        dict(v, label=value_label(facet, v["value"], v["label"]),
             url=url_for("browse.value", dimension=dimension, value=v["value"]))
        for v in known_values(facet)]
    groups = [(None, values)]
    if facet == "topic":
        groups = [(gettext("Themes"), [v for v in values if "." not in v["value"]]),
                  (gettext("ITU-T sub-series"),
                   sorted([v for v in values if "." in v["value"]], key=lambda v: v["value"]))]
    return twin("browse.html", lambda: facet_payload(dimension), title=_title(dimension),
                groups=groups, dimension=dimension,
                twin=url_for("api.facet_values", dimension=dimension))


@bp.route("/<any(topics, regions, 'study-groups', types):dimension>/<path:value>")
def value(dimension: str, value: str) -> Response | str:
    """The documents of one topic, region, study group or type (a fixed search filter)."""
    facet, param = DIMENSIONS[dimension]
    known = {v["value"]: v for v in known_values(facet, every=True)}
    if value not in known:
        abort(404)
    req = SearchRequest.from_args(request.args, fixed={param: value})
    heading = value_label(facet, value, known[value]["label"])
    return results_page(req, "browse.value", heading=heading, fixed={param: value},
                        view_args={"dimension": dimension, "value": value})
