"""Own saying coded errors in the reader's language: one table, code -> translated message.

The layers below raise `CatalogueError`s with a code and parameters (itucat/errors.py);
this is the only place that turns a code into words for the site. Public-site codes use
the "messages" domain, the curator workspace's the "curate" domain. A code without an
entry keeps its English message inside a translated frame, so nothing is ever lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import gettext

from app.curate.i18n import _c
from itucat.errors import CatalogueError

Say = Callable[[dict[str, Any]], str]

_UNAVAILABLE: Say = lambda p: gettext(  # noqa: E731 - a table of one-liners
    "The search index has not been built yet. Please try again later.")

MESSAGES: dict[str, Say] = {
    "search.no_index": _UNAVAILABLE,
    "store.newer_schema": _UNAVAILABLE,
    "store.conflict": lambda p: _c(
        "Someone else changed this at the same moment; please try again."),
    "curation.reason_required": lambda p: _c("Please give a short reason."),
    "curation.unknown_document": lambda p: _c("There is no such document."),
    "note.empty": lambda p: _c("A note needs some text."),
    "account.exists": lambda p: _c("A user of that name exists already."),
    "account.password_short": lambda p: _c("A password needs at least %(num)s characters.",
                                           num=p["min"]),
    "account.bad_name": lambda p: _c(
        "A user name is 2 to 80 letters, digits or . _ @ - characters."),
    "account.unknown": lambda p: _c("There is no such user."),
    "batch.reverted": lambda p: _c("This batch has been reverted already."),
}


def say(exc: CatalogueError) -> str:
    """The error in the reader's language."""
    found = MESSAGES.get(exc.code)
    if found is not None:
        return found(exc.params)
    if exc.code.startswith("note."):
        return _c("This note cannot be saved: %(problem)s", problem=str(exc))
    return _c("This change is not possible: %(problem)s", problem=str(exc))
