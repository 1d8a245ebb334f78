"""Own saying coded errors and search notices in the reader's language: code -> message.

The layers below raise `CatalogueError`s with a code and parameters (itucat/errors.py),
and the search engine explains a query with `Notice`s (index/search/notices.py); this is
the only place that turns a code into words for the site. Public-site codes use
the "messages" domain, the curator workspace's the "curate" domain. A code without an
entry keeps its English message inside a translated frame, so nothing is ever lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import gettext

from app.curate.i18n import _c
from index.search import Notice
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
    "account.password_long": lambda p: _c("A password has at most %(num)s characters.",
                                          num=p["max"]),
    "account.bad_role": lambda p: _c("A role is curator or administrator."),
    "batch.reverted": lambda p: _c("This batch has been reverted already."),
    "batch.unknown": lambda p: _c("There is no such batch."),
    "curation.reason_too_long": lambda p: _c("A reason has at most %(num)s characters.",
                                             num=p["max"]),
    "curation.unknown_facet": lambda p: _c("Only relevance, regions and topics can be tagged."),
    "curation.unknown_action": lambda p: _c("A tag can be added, removed, set or withdrawn."),
    "curation.bad_relevance": lambda p: _c("Relevance is yes or no."),
    "curation.relevance_action": lambda p: _c(
        "Relevance is set or withdrawn, not added or removed."),
    "curation.facet_action": lambda p: _c(
        "A region or topic is added, removed or withdrawn, not set."),
    "curation.unknown_tag": lambda p: _c("There is no such region or topic: %(value)s.",
                                         value=p["value"]),
    "note.too_long": lambda p: _c("A note has at most %(num)s characters.", num=p["max"]),
    "note.bad_visibility": lambda p: _c("A note is for curators only or public."),
    "note.unknown": lambda p: _c("There is no such note."),
}


def say(exc: CatalogueError) -> str:
    """The error in the reader's language."""
    found = MESSAGES.get(exc.code)
    if found is not None:
        return found(exc.params)
    if exc.code.startswith("note."):
        return _c("This note cannot be saved: %(problem)s", problem=str(exc))
    return _c("This change is not possible: %(problem)s", problem=str(exc))


# -- search notices ---------------------------------------------------------------------------

NOTICES: dict[str, Say] = {
    "search.hidden_superseded": lambda p: gettext(
        "No current document matches; %(count)s superseded or withdrawn ones do.",
        count=p["count"]),
    "search.widened": lambda p: gettext(
        "No document has all of the words; %(region)s was widened to documents relevant to "
        "developing countries.", region=p["regions"]),
    "search.any_word": lambda p: gettext(
        "No document has all of the words; showing documents with any of them."),
    "search.common_words": lambda p: gettext(
        "The query has only very common words; showing all documents."),
    "search.unknown_filter": lambda p: gettext(
        "There is no filter “%(name)s”; it was ignored.", name=p["name"]),
    "search.unknown_sort": lambda p: gettext(
        "Unknown sort “%(name)s”; sorted by relevance.", name=p["sort"]),
    "facet.no_match": lambda p: gettext(
        "No value of %(facet)s matches “%(value)s”.", facet=p["facet"], value=p["value"]),
    "facet.no_value": lambda p: gettext("No value given for %(facet)s.", facet=p["facet"]),
    "query.shortened": lambda p: gettext(
        "The query was shortened to its first %(count)s characters.", count=p["count"]),
    "query.quote_open": lambda p: gettext(
        "A quote was not closed; the rest of the query is one phrase."),
    "query.unmatched_paren": lambda p: gettext("An unmatched “)” was ignored."),
    "query.too_many_terms": lambda p: gettext(
        "Only the first %(count)s terms of the query were used.", count=p["count"]),
    "query.short_wildcard": lambda p: gettext(
        "“%(term)s”: a wildcard needs at least %(count)s letters before it; ignored.",
        term=p["term"], count=p["count"]),
    "query.short_number_prefix": lambda p: gettext(
        "“%(term)s*”: a number prefix needs at least a series letter (Y.31*, Y.*); ignored.",
        term=p["term"]),
    "query.unknown_field": lambda p: gettext(
        "There is no field “%(name)s”; it was searched as words.", name=p["name"]),
}


def say_notice(notice: Notice) -> str:
    """A search notice in the reader's language."""
    found = NOTICES.get(notice.code)
    return found(notice.params) if found is not None else notice.text
