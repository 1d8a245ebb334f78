"""Own fragments of pages that are rendered once and remembered: `remembered`.

Some parts of a page are the same on many pages: a result card's badges and tags in every
search that finds the document, the list of a series' supplements on the page of every
text of the series. `remembered(template, macro, *args)` renders the macro once and keeps
its HTML under a key made of what the HTML is made from: the template and macro, the
site's script root (links carry the language prefix), the page's language and the
arguments' full text (`repr`). A changed argument is a new key, never a stale fragment;
an index update or a new crawl needs no invalidation. A macro given to it reads nothing
else (no request, no user): the callers say so where they use it.

The memory is bounded (`MAX_FRAGMENTS` per process, emptied when full).
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any

from flask import g, request
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

MAX_FRAGMENTS = 20_000  # a few KB each: tens of MB at most per worker

_FRAGMENTS: dict[bytes, Markup] = {}
_LOCK = threading.Lock()


def _key(context: Context, template: str, macro: str, args: tuple[Any, ...]) -> bytes:
    text = repr((template, macro, request.script_root, context["lang"], args))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


@pass_context
def remembered(context: Context, template: str, macro: str, *args: Any) -> Markup:
    """`macro` of `template` called with `args` in this page's language, rendered once."""
    key = _key(context, template, macro, args)
    html = _FRAGMENTS.get(key)
    if html is None:
        html = Markup(getattr(_module(context, template), macro)(*args))
        with _LOCK:
            if len(_FRAGMENTS) >= MAX_FRAGMENTS:
                _FRAGMENTS.clear()
            _FRAGMENTS[key] = html
    return html


def _module(context: Context, template: str) -> Any:
    """The template's macros bound to this request's context, made once per request: a
    page with twenty new cards would otherwise make forty modules (each importing
    macros.html anew)."""
    modules: dict[str, Any] = g.setdefault("fragment_modules", {})
    module = modules.get(template)
    if module is None:
        module = context.environment.get_template(template).make_module(context.get_all())
        modules[template] = module
    return module


def forget_all() -> None:
    """Drop every remembered fragment (tests)."""
    with _LOCK:
        _FRAGMENTS.clear()


def count() -> int:
    """How many fragments are remembered (tests)."""
    return len(_FRAGMENTS)
