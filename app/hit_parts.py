"""Own the parts of a result card that follow from the document alone, rendered once.

A results page shows twenty cards. In each, only the highlighted title and the snippet
follow the query; the status and developing-country badges, the type, date and study group,
the kinds of knowledge, the topics and the successors are the same in every search that
finds the document, and rendering them through Jinja's macros was a third of the page's
cost. So `hit_parts` has them rendered (templates/_hit_parts.html) once per language and
hit, title and snippet left out, and remembered (app/fragments.py).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from app.fragments import remembered

QUERY_FIELDS = frozenset({"title_html", "snippet"})  # what follows the query
TEMPLATE = "_hit_parts.html"


class HitParts(NamedTuple):
    """A card's HTML above the snippet (`meta`) and below it (`rest`)."""

    meta: Markup
    rest: Markup


@pass_context
def hit_parts(context: Context, hit: dict[str, Any]) -> HitParts:
    """The document-only parts of `hit`'s card in this page's language."""
    facts = {k: v for k, v in sorted(hit.items()) if k not in QUERY_FIELDS}
    return HitParts(remembered(context, TEMPLATE, "meta", facts),
                    remembered(context, TEMPLATE, "rest", facts))
