"""Own reading what a request says: every parameter of the site is parsed here.

- `refuse_hostile_input` (the app's first check of every request): a path, query
  argument or form field holding NUL or another control character no browser sends is
  refused (404 for a path, 400 otherwise), so nothing below ever sees one (PostgreSQL
  cannot store NUL; a CR/LF could split a redirect's headers);
- `number_arg`: numbers are ASCII digits only (`isdigit()` also accepts "²" and "①",
  which `int()` refuses), within bounds;
- `path_value`: a document number, a static file name, a batch id: bounded, printable;
- `local_path`: where to go back to, only ever a path of this site;
- `SearchRequest`: a search's query string, and links that change one part of it.
Public parameter names are short (`sg`, `dc`); every facet the engine has is a filter.
Bad values a reader can type (a page that is not a number, hundreds of filters) raise
`BadRequest`, answered as a friendly 400 page or `{"ok": false}`; values the engine can
explain (an unknown topic) pass through and come back as notices.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from flask import abort, request
from flask_babel import gettext
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest

# public parameter -> engine facet name
FILTERS: dict[str, str] = {
    "type": "type", "topic": "topic", "region": "region", "sg": "study_group",
    "status": "status", "year": "year", "language": "language", "dc": "developing_countries",
    "kind": "kind", "decade": "decade", "series": "series",
}
ALIASES = {"study_group": "sg", "developing_countries": "dc", "lang_doc": "language"}
PARAM_OF = {engine: public for public, engine in FILTERS.items()}
SORTS = ("relevance", "newest", "oldest", "number")
MAX_PAGE = 500
MAX_VALUES = 20
MAX_QUERY = 2000  # the engine shortens a query to 500 characters and says so (a notice)


# C0 controls but tab, newline and carriage return (which forms send in text areas), DEL,
# and the C1 controls: no browser sends them in a path, an argument or a field.
_HOSTILE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_DIGITS = re.compile(r"[0-9]{1,9}")
# The same rule for the OpenAPI document (JSON Schema regex): what arguments may hold.
ARGUMENT_PATTERN = "^[^\\u0000-\\u0008\\u000a-\\u001f\\u007f-\\u009f]*$"
YES = frozenset({"1", "on", "yes", "true"})


def _clean(text: str) -> str:
    """Drop control characters (NUL and friends) a browser never sends."""
    return "".join(ch for ch in text if ch >= " " or ch in "\t").strip()


def hostile(text: str) -> bool:
    """Whether a text holds a character no browser sends (NUL, other controls)."""
    return bool(_HOSTILE.search(text))


def refuse_hostile_input() -> None:
    """Refuse a request whose path, arguments or form fields hold control characters."""
    if hostile(request.path) or "\r" in request.path or "\n" in request.path:
        abort(404)
    values: list[str] = [*request.args.keys(), *request.args.values()]
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        values += [*request.form.keys(), *request.form.values()]
    if any(hostile(v) for v in values) or any(
            "\r" in v or "\n" in v for v in request.args.values()):
        abort(400, gettext("The request holds characters that are not allowed."))


def number_arg(args: Mapping[str, str], name: str, default: int, low: int, high: int,
               message: str) -> int:
    """A whole number argument in [low, high] written in ASCII digits; else BadRequest."""
    text = (args.get(name) or "").strip() or str(default)
    if not _DIGITS.fullmatch(text) or not low <= int(text) <= high:
        raise BadRequest(message)
    return int(text)


def path_value(text: str, limit: int = 200) -> str:
    """A value taken from the path (a number, a file name): printable and bounded, or 404."""
    if not text or len(text) > limit or hostile(text) or "\n" in text or "\r" in text:
        abort(404)
    return text


def local_path(target: str | None, default: str) -> str:
    """A local path to go back to (never another site, never a header-splitting text)."""
    target = (target or "").strip()
    parts = urlsplit(target)
    if (not target.startswith("/") or target.startswith("//") or "\\" in target
            or parts.scheme or parts.netloc or hostile(target) or "\r" in target
            or "\n" in target or len(target) > 2000):
        return default
    return target


@dataclass
class SearchRequest:
    """What a reader asked for: words, filters, sort, page, superseded or not."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)  # public name -> values
    sort: str | None = None
    page: int = 1
    include_superseded: bool = False
    verbatim: bool = False  # search the words as typed: no translation, no filter words
    ignore: list[str] = field(default_factory=list)  # filter words (facets) the reader removed

    @classmethod
    def from_args(cls, args: MultiDict[str, str], *, fixed: dict[str, str] | None = None
                  ) -> SearchRequest:
        """Read a query string; raise BadRequest for values no reader could mean."""
        q = _clean(args.get("q", ""))[:MAX_QUERY]
        page = number_arg(args, "page", 1, 1, MAX_PAGE, gettext(
            "The page must be a number from 1 to %(max)s.", max=MAX_PAGE))
        sort = args.get("sort") or None
        if sort is not None and sort not in SORTS:
            raise BadRequest(gettext("The sort must be one of: %(sorts)s.",
                                     sorts=", ".join(SORTS)))
        filters: dict[str, list[str]] = {}
        for key in args:
            public = ALIASES.get(key, key)
            if public not in FILTERS:
                continue
            values = [_clean(v)[:100] for v in args.getlist(key) if _clean(v)]
            if len(values) > MAX_VALUES:
                raise BadRequest(gettext("Too many values for %(name)s.", name=public))
            if values:
                filters.setdefault(public, []).extend(values)
        for key, value in (fixed or {}).items():
            filters[key] = [value, *[v for v in filters.get(key, []) if v != value]]
        include = args.get("all", "") in YES
        verbatim = args.get("verbatim", "") in YES
        ignore = [v for v in (_clean(x)[:30] for x in args.getlist("ignore")) if v]
        if len(ignore) > MAX_VALUES:
            raise BadRequest(gettext("Too many values for %(name)s.", name="ignore"))
        return cls(q, {k: list(dict.fromkeys(v)) for k, v in filters.items()}, sort,
                   page, include, verbatim, list(dict.fromkeys(ignore)))

    def engine_filters(self) -> dict[str, list[str]]:
        """The filters as the search engine names them."""
        out = {FILTERS[k]: list(v) for k, v in self.filters.items()}
        if self.include_superseded and "status" not in out:
            out["status"] = ["all"]
        return out

    def args(self, **changes: Any) -> dict[str, Any]:
        """Query arguments for a link; `changes` replace parts (None removes a part)."""
        out: dict[str, Any] = {}
        if self.q:
            out["q"] = self.q
        for key, values in self.filters.items():
            out[key] = list(values)
        if self.sort:
            out["sort"] = self.sort
        if self.include_superseded:
            out["all"] = "1"
        if self.verbatim:
            out["verbatim"] = "1"
        if self.ignore:
            out["ignore"] = list(self.ignore)
        if self.page > 1:
            out["page"] = self.page
        for key, value in changes.items():
            if value is None or value == [] or value == "":
                out.pop(key, None)
            else:
                out[key] = value
        if "page" in out and out["page"] == 1:
            del out["page"]
        return out

    def toggle(self, facet: str, value: str) -> dict[str, Any]:
        """Link arguments with one facet value added, or removed if chosen (page reset)."""
        public = PARAM_OF.get(facet, facet)
        values = list(self.filters.get(public, []))
        if value in values:
            values.remove(value)
        else:
            values.append(value)
        return self.args(**{public: values, "page": None})

    def without(self, public: str, value: str) -> dict[str, Any]:
        """Link arguments with one active filter value removed."""
        return self.args(**{public: [v for v in self.filters.get(public, []) if v != value],
                            "page": None})

    @property
    def active(self) -> list[tuple[str, str]]:
        """Active filters as (public name, value) pairs, in the order given."""
        return [(k, v) for k, values in self.filters.items() for v in values]


# -- reach (issue 11): the delta API's and the dashboard's few parameters -----------------


def bounded_int(args: MultiDict[str, str], name: str, default: int, high: int) -> int:
    """A whole number from 1 to `high` (`default` when absent); BadRequest otherwise."""
    text = (args.get(name) or str(default)).strip()
    if not text.isdigit() or not 1 <= int(text) <= high:
        raise BadRequest(gettext("%(name)s must be a number from 1 to %(max)s.", name=name,
                                 max=high))
    return int(text)


def iso_time(text: str) -> datetime | None:
    """An ISO 8601 date or time (UTC when no offset is given); BadRequest when not one."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise BadRequest(gettext("“%(value)s” is not an ISO 8601 date or time, e.g. "
                                 "2026-03-04T10:00:00Z.", value=text[:40])) from exc
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)
