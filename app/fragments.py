"""Own fragments of pages that are rendered once and remembered: `remembered`.

Some parts of a page are the same on many pages: a result card's badges and tags in every
search that finds the document, the list of a series' supplements on the page of every
text of the series. `remembered(template, macro, *args)` renders the macro once and keeps
its HTML under a key made of what the HTML is made from: the template and macro, the
site's script root (links carry the language prefix), the page's language and the
arguments' full text (`repr`). A changed argument is a new key, never a stale fragment;
an index update or a new crawl needs no invalidation. A macro given to it reads nothing
else (no request, no user): the callers say so where they use it.

The memory is bounded by the HTML's size (`MAX_CHARACTERS` per process, emptied when
full): a card is about 1,000 characters, a series' list of supplements up to 60,000.

`for_answer(answer, template, macro, key, *args)` remembers the parts of a results page
made from one search answer alone (its list of cards, its facet panel): the engine's
answers are immutable and shared by its answer cache (a new index version makes new
ones), so the answer object itself is the key, with `key` naming what else the part
follows (the page's links). The answer is held while its parts are, so its `id` cannot
be reused by another; at most `MAX_ANSWERS` answers are held (the engine caches 512;
the searches that repeat are fewer).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Any

from flask import g, request
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

MAX_CHARACTERS = 16_000_000  # of HTML: about 30 MB per worker with the keys

MAX_ANSWERS = 128
MAX_PARTS_PER_ANSWER = 36  # six languages, a few addresses each (sorts, browse pages)

_FRAGMENTS: dict[bytes, Markup] = {}
_LOCK = threading.Lock()
_size = 0  # characters held
# id(answer) -> (the answer, {(script root, language, template, macro, key): HTML})
_BY_ANSWER: OrderedDict[int, tuple[object, dict[tuple[str, ...], Markup]]] = OrderedDict()


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
        _keep(key, html)
    return html


@pass_context
def for_answer(context: Context, answer: object, template: str, macro: str, key: str,
               *args: Any) -> Markup:
    """`macro` of `template` called with `args`, rendered once per search answer, page
    language and `key` (what the part follows besides the answer: `args` are not read
    for the key, they must follow from the answer and `key`)."""
    part = (request.script_root, str(context["lang"]), template, macro, key)
    entry = _BY_ANSWER.get(id(answer))
    if entry is not None and entry[0] is answer:
        html = entry[1].get(part)
        if html is not None:
            return html
    html = Markup(getattr(_module(context, template), macro)(*args))
    with _LOCK:
        entry = _BY_ANSWER.get(id(answer))
        if entry is None or entry[0] is not answer:
            entry = (answer, {})
            _BY_ANSWER[id(answer)] = entry
            while len(_BY_ANSWER) > MAX_ANSWERS:
                _BY_ANSWER.popitem(last=False)
        else:
            _BY_ANSWER.move_to_end(id(answer))
        if len(entry[1]) >= MAX_PARTS_PER_ANSWER:
            entry[1].clear()
        entry[1][part] = html
    return html


def _keep(key: bytes, html: Markup) -> None:
    global _size
    with _LOCK:
        if _size + len(html) > MAX_CHARACTERS:
            _FRAGMENTS.clear()
            _size = 0
        if key not in _FRAGMENTS:
            _FRAGMENTS[key] = html
            _size += len(html)


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
    global _size
    with _LOCK:
        _FRAGMENTS.clear()
        _BY_ANSWER.clear()
        _size = 0


def count() -> int:
    """How many fragments are remembered (tests)."""
    return len(_FRAGMENTS)


def answers_held() -> int:
    """How many search answers have remembered parts (tests)."""
    return len(_BY_ANSWER)


def parts_held() -> int:
    """How many parts of search answers are remembered (tests)."""
    return sum(len(parts) for _, parts in list(_BY_ANSWER.values()))


def size() -> int:
    """How many characters of HTML are remembered (tests)."""
    return _size
