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
    "store.read_only": lambda p: gettext(
        "The catalogue cannot save changes at the moment; nothing was changed. Please try "
        "again later."),
    "store.unavailable": lambda p: gettext(
        "The catalogue cannot be reached at the moment. Please try again later."),
    "store.bad_url": lambda p: gettext(
        "The catalogue cannot be reached at the moment. Please try again later."),
    "store.bad_text": lambda p: gettext("The text holds a character that cannot be stored."),
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
    "note.bad_character": lambda p: _c(
        "This note holds a character that cannot be stored (NUL)."),
    "collection.title_required": lambda p: _c("A collection needs a title."),
    "collection.title_long": lambda p: _c("A title has at most %(max)s characters.",
                                          max=p["max"]),
    "collection.note_long": lambda p: _c("A note has at most %(max)s characters.",
                                         max=p["max"]),
    "collection.bad_slug": lambda p: _c(
        "An address is 1 to 80 lower-case letters, digits and hyphens."),
    "collection.exists": lambda p: _c("A collection %(id)s exists already.", id=p["id"]),
    "collection.unknown": lambda p: _c("There is no such collection."),
    "collection.duplicate": lambda p: _c("%(id)s is in the collection already.", id=p["id"]),
    "collection.full": lambda p: _c("A collection holds at most %(max)s documents.",
                                    max=p["max"]),
    "collection.not_item": lambda p: _c("%(id)s is not in the collection.", id=p["id"]),
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
    "search.most_words": lambda p: gettext(
        "%(count)s documents have all of the words and come first; %(more)s more have most "
        "of them.", count=p["count"], more=p["more"]),
    "search.some_words": lambda p: gettext(
        "Only %(count)s documents have most of the words; documents with some of them "
        "follow.", count=p["count"]),
    "search.intents_as_words": lambda p: gettext(
        "No text matches with “%(words)s” read as filters; those words were searched as words.",
        words=p["words"]),
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
