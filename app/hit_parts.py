"""Own the parts of a result card that follow from the document alone, rendered once.

A results page shows twenty cards. In each, only the highlighted title and the snippet
follow the query; the status and developing-country badges, the type, date and study group,
the kinds of knowledge, the topics and the successors are the same in every search that
finds the document, and rendering them through Jinja's macros was a third of the page's
cost. So `hit_parts` renders them (templates/_hit_parts.html) once and remembers them.

The key holds what the parts are made from: the site's script root (links carry the
language prefix), the page's language, and every field of the hit but its title and
snippet. A changed tag, status or successor is a new key, never a stale card; an index
update needs no invalidation. The memory is bounded (`MAX_CARDS`, emptied when full).
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any, NamedTuple

from flask import request
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

QUERY_FIELDS = frozenset({"title_html", "snippet"})  # what follows the query
MAX_CARDS = 20_000  # about 2 KB each: tens of MB at most per worker


class HitParts(NamedTuple):
    """A card's HTML above the snippet (`meta`) and below it (`rest`)."""

    meta: Markup
    rest: Markup


_CARDS: dict[bytes, HitParts] = {}
_LOCK = threading.Lock()


def _key(lang: str, hit: dict[str, Any]) -> bytes:
    fields = sorted((k, v) for k, v in hit.items() if k not in QUERY_FIELDS)
    text = repr((request.script_root, lang, fields))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


@pass_context
def hit_parts(context: Context, hit: dict[str, Any]) -> HitParts:
    """The document-only parts of `hit`'s card in this page's language."""
    key = _key(context["lang"], hit)
    parts = _CARDS.get(key)
    if parts is None:
        module = context.environment.get_template("_hit_parts.html").make_module(
            context.get_all())
        # The template's macros are attributes mypy cannot see on a TemplateModule.
        meta, rest = (getattr(module, name) for name in ("meta", "rest"))
        parts = HitParts(Markup(meta(hit)), Markup(rest(hit)))
        with _LOCK:
            if len(_CARDS) >= MAX_CARDS:
                _CARDS.clear()
            _CARDS[key] = parts
    return parts

