"""Own a search's query string: reading it strictly, and links that change one part of it.

Public parameter names are short (`sg`, `dc`); every facet the engine has is a filter.
Bad values a reader can type (a page that is not a number, hundreds of filters) raise
`BadRequest`, answered as a friendly 400 page or `{"ok": false}`; values the engine can
explain (an unknown topic) pass through and come back as notices.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
MAX_QUERY = 500
YES = frozenset({"1", "on", "yes", "true"})


def _clean(text: str) -> str:
    """Drop control characters (NUL and friends) a browser never sends."""
    return "".join(ch for ch in text if ch >= " " or ch in "\t").strip()


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
        page_text = args.get("page", "1").strip() or "1"
        if not page_text.isdigit() or not 1 <= int(page_text) <= MAX_PAGE:
            raise BadRequest(gettext("The page must be a number from 1 to %(max)s.",
                                     max=MAX_PAGE))
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
                   int(page_text), include, verbatim, list(dict.fromkeys(ignore)))

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
