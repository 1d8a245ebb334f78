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


def facet_payload(dimension: str) -> dict[str, Any]:
    """The JSON twin of a browse page: every value with its count and page."""
    facet, _param = DIMENSIONS[dimension]
    values = [{"id": v["value"], "label": v["label"], "count": v["count"],
               "page": absolute(url_for("browse.value", dimension=dimension, value=v["value"]))}
              for v in catalogue().facet(facet)]
    return {dimension.replace("-", "_"): values}


@bp.route("/<any(topics, regions, 'study-groups', types):dimension>")
def index(dimension: str) -> Response | str:
    """Every value of one dimension with its number of current documents."""
    facet, _param = DIMENSIONS[dimension]
    values: list[dict[str, Any]] = [
        dict(v, label=value_label(facet, v["value"], v["label"]),
             url=url_for("browse.value", dimension=dimension, value=v["value"]))
        for v in catalogue().facet(facet)]
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
    known = {v["value"]: v for v in catalogue().facet(facet)}
    if value not in known:
        abort(404)
    req = SearchRequest.from_args(request.args, fixed={param: value})
    heading = value_label(facet, value, known[value]["label"])
    return results_page(req, "browse.value", heading=heading, fixed={param: value},
                        view_args={"dimension": dimension, "value": value})
