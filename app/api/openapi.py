"""Own the OpenAPI 3.1 description of the JSON API (checked by openapi-spec-validator)."""

from __future__ import annotations

from typing import Any

from app.api.openapi_reach import reach_paths, reach_schemas
from app.params import ARGUMENT_PATTERN, FILTERS, MAX_PAGE, SORTS

_ERROR = {"description": "Error", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Error"}}}}
# Answered by the server or the reverse proxy before the site sees the request.
_TOO_LONG = {"description": "The address is longer than the server accepts (4094 bytes on "
                            "the shipped gunicorn configuration)"}
_TOO_MANY = {"description": "Too many requests from this address (the reverse proxy's rate "
                            "limit)"}


def _errors(*statuses: str) -> dict[str, Any]:
    """The error answers of an operation: the given ones, 414 and 429, always."""
    return {**{status: _ERROR for status in statuses}, "414": _TOO_LONG, "429": _TOO_MANY}


def _ok(schema_ref: str, text: str) -> dict[str, Any]:
    return {"description": text, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}


def _filter_params() -> list[dict[str, Any]]:
    texts = {"sg": "study group (SG13, 13, TSAG)", "dc": "developing-country relevance "
             "(confirmed: by a curator; suggested: by a rule; yes: either; no)",
             "status": "status (In force, Superseded, Withdrawn; all)"}
    return [{"name": name, "in": "query", "required": False, "explode": True,
             "description": f"Filter by {texts.get(name, engine.replace('_', ' '))}; "
                            "repeat for several values (any of them)",
             "schema": {"type": "array", "items": {"type": "string", "maxLength": 100,
                                                   "pattern": ARGUMENT_PATTERN},
                        "maxItems": 20}}
            for name, engine in FILTERS.items()]


def _list_path(key: str, text: str) -> dict[str, Any]:
    return {"get": {"summary": text, "operationId": f"list_{key}", "responses": {
        "200": {"description": text, "content": {"application/json": {"schema": {
            "type": "object", "required": ["ok", key], "properties": {
                "ok": {"const": True},
                key: {"type": "array", "items": {"$ref": "#/components/schemas/Value"}}}}}}},
        **_errors("503")}}}


def openapi_document(server: str) -> dict[str, Any]:
    """The OpenAPI document, with this site's API address as its server."""
    number = {"name": "number", "in": "path", "required": True,
              "description": "Document number, e.g. Y.3172, L.Suppl.27, T-TUT-FG-2024-1",
              "schema": {"type": "string", "maxLength": 200}}
    query_text = {"type": "string", "pattern": ARGUMENT_PATTERN}
    return {
        "openapi": "3.1.0",
        "info": {"title": "ITU-T Catalogue API", "version": "1.0.0",
                 "description": "Search ITU-T Recommendations, Supplements, Technical Papers "
                 "and Reports with facets; read one document with its editions, files and "
                 "tags (with where each tag came from)."},
        "servers": [{"url": server}],
        "paths": {
            "/search": {"get": {
                "summary": "Search the catalogue", "operationId": "search",
                "parameters": [
                    {"name": "q", "in": "query", "schema": query_text,
                     "description": "Words, \"phrases\", OR, -word, field:value, numbers; "
                     "a query longer than 500 characters is shortened to its first 500, "
                     "with the notice query.shortened"},
                    {"name": "sort", "in": "query",
                     "schema": {"type": "string", "enum": list(SORTS)}},
                    {"name": "page", "in": "query",
                     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}},
                    {"name": "per_page", "in": "query",
                     "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                    {"name": "all", "in": "query", "description": "1: include superseded "
                     "and withdrawn documents", "schema": {"type": "string", "enum": ["1"]}},
                    {"name": "verbatim", "in": "query", "description": "1: search the words "
                     "as typed (no translation into English, no filter words, no spelling "
                     "correction)", "schema": {"type": "string", "enum": ["1"]}},
                    {"name": "ignore", "in": "query", "explode": True, "description":
                     "Facets whose filter words (see intents) are searched as words instead",
                     "schema": {"type": "array", "items": {"type": "string", "maxLength": 30,
                                                               "pattern": ARGUMENT_PATTERN},
                                "maxItems": 20}},
                    *_filter_params(),
                ],
                "responses": {"200": _ok("SearchAnswer", "Results, facets and notices"),
                              **_errors("400", "503")}}},
            "/documents/{number}": {"get": {
                "summary": "One document", "operationId": "document", "parameters": [number],
                "responses": {"200": _ok("DocumentAnswer", "The document"),
                              **_errors("404", "503")}}},
            "/topics": _list_path("topics", "Topics (themes and ITU-T sub-series)"),
            "/regions": _list_path("regions", "ITU regions"),
            "/study-groups": _list_path("study_groups", "Study groups"),
            "/types": _list_path("types", "Document types"),
            "/status": {"get": {"summary": "Crawl runs and changes", "operationId": "status",
                                "responses": {"200": _ok("Status", "Status"),
                                              **_errors("503")}}},
            **reach_paths(),
        },
        "components": {"schemas": {
            **reach_schemas(),
            "Error": {"type": "object", "required": ["ok", "error", "status", "code"],
                      "description": "The one error shape of the API and every JSON twin",
                      "properties": {
                          "ok": {"const": False},
                          "error": {"type": "string",
                                    "description": "The message, in the reader's language"},
                          "status": {"type": "integer", "description": "The HTTP status"},
                          "code": {"type": "string", "description": "A stable code, e.g. "
                                   "search.no_index, http.404, curation.reason_required"}}},
            "Value": {"type": "object", "required": ["id", "label", "count"], "properties": {
                "id": {"type": "string"}, "label": {"type": "string"},
                "count": {"type": "integer"}, "page": {"type": "string", "format": "uri"}}},
            "Tag": {"type": "object", "required": ["id", "label", "source"], "properties": {
                "id": {"type": "string"}, "label": {"type": "string"},
                "source": {"enum": ["rule", "curator"]},
                "evidence": {"type": "array", "items": {"type": "object"}},
                "curator": {"type": "object", "properties": {
                    "who": {"type": "string"}, "when": {"type": "string"},
                    "why": {"type": ["string", "null"]}}}}},
            "Relevance": {"type": "object", "required": ["relevant", "signal", "source"],
                          "description": "relevance to developing countries: confirmed by a "
                          "curator or suggested by a rule, never the same",
                          "properties": {
                              "relevant": {"type": "boolean"},
                              "signal": {"enum": ["confirmed", "suggested", None]},
                              "source": {"enum": ["rule", "curator", None]},
                              "evidence": {"type": "array", "items": {"type": "object"}}}},
            "Hit": {"type": "object", "required": ["number", "title", "type", "status"],
                    "properties": {
                        "number": {"type": "string"}, "title": {"type": ["string", "null"]},
                        "type": {"type": ["string", "null"]}, "status": {"type": "string"},
                        "approval_date": {
                            "type": ["string", "null"], "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
                            "description": "ISO 8601 as precise as ITU gives it: 2020, "
                            "2020-03, 2020-03-15"},
                        "topics": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
                        "regions": {"type": "array",
                                    "items": {"$ref": "#/components/schemas/Tag"}},
                        "languages": {"type": "array", "items": {"type": "string"}},
                        "kinds": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"},
                                  "description": "knowledge kinds, each with its first "
                                                 "evidence"},
                        "developing_countries": {"$ref": "#/components/schemas/Relevance"},
                        "snippet": {"type": "string", "description": "HTML, words in <mark>"},
                        "url": {"type": ["string", "null"]},
                        "page": {"type": "string", "format": "uri"}}},
            "SearchAnswer": {"type": "object", "required": ["ok", "total", "results", "facets"],
                             "properties": {
                                 "ok": {"const": True}, "query": {"type": "string"},
                                 "total": {"type": "integer"}, "page": {"type": "integer"},
                                 "per_page": {"type": "integer"}, "pages": {"type": "integer"},
                                 "sort": {"type": "string"},
                                 "filters": {"type": "object"},
                                 "results": {"type": "array",
                                             "items": {"$ref": "#/components/schemas/Hit"}},
                                 "facets": {"type": "object", "additionalProperties": {
                                     "type": "array", "items": {"type": "object"}}},
                                 "searched": {"type": "string", "description": "the "
                                              "words searched: English, without filter words"},
                                 "suggestion": {"type": ["string", "null"],
                                                "description": "a correction offered"},
                                 "corrected": {"type": ["object", "null"], "description":
                                               "set when a correction was searched instead",
                                               "properties": {
                                                   "typed": {"type": "string"},
                                                   "searched": {"type": "string"}}},
                                 "understood": {"type": ["object", "null"], "description":
                                                "a query in another UN language, as searched",
                                                "properties": {
                                                    "language": {"type": "string"},
                                                    "typed": {"type": "string"},
                                                    "searched": {"type": "string"},
                                                    "mappings": {"type": "array", "items": {
                                                        "type": "object"}},
                                                    "unmapped": {"type": "array", "items": {
                                                        "type": "string"}}}},
                                 "intents": {"type": "array", "description": "words read "
                                             "as filters (remove one with ignore=<facet>)",
                                             "items": {"type": "object", "properties": {
                                                 "facet": {"type": "string"},
                                                 "values": {"type": "array"},
                                                 "labels": {"type": "array"},
                                                 "words": {"type": "array"},
                                                 "soft": {"type": "boolean"}}}},
                                 "notices": {"type": "array", "items": {"type": "string"}}}},
            "DocumentAnswer": {"type": "object", "required": ["ok", "document"], "properties": {
                "ok": {"const": True},
                "redirect": {"type": "object", "description": "The number asked for is an "
                             "old number of this document (another spelling ITU used, or an "
                             "annex once filed on its own): use `to` from now on",
                             "required": ["from", "to"], "properties": {
                                 "from": {"type": "string"}, "to": {"type": "string"}}},
                "document": {"type": "object", "required": ["number"], "properties": {
                    "number": {"type": "string"}, "title": {"type": ["string", "null"]},
                    "approval_date": {"type": ["string", "null"], "description": "ISO 8601 "
                                      "as precise as ITU gives it: 2020, 2020-03, 2020-03-15"},
                    "approval_date_precision": {"enum": ["year", "month", "day", None]},
                    "aliases": {"type": "array", "items": {"type": "string"},
                                "description": "Old numbers that redirect here"},
                    "listed_by": {"type": ["string", "null"], "description": "For an "
                                  "implementers' guide: the Recommendation listing it"},
                    "editions": {"type": "array", "items": {"type": "object"}},
                    "supplements": {"type": "array", "items": {"type": "object", "properties": {
                        "target": {"type": "string"},
                        "scope": {"enum": ["this", "series"], "description": "A supplement "
                                  "to this Recommendation, or one of its series"}}}},
                    "lineage": {"$ref": "#/components/schemas/Lineage"},
                    "notes": {"type": "array", "description": "Curators' public notes",
                              "items": {"type": "object", "properties": {
                                  "created_at": {"type": "string"},
                                  "updated_at": {"type": ["string", "null"]},
                                  "body": {"type": "string", "description": "Markdown"},
                                  "html": {"type": "string", "description": "Sanitised"}}}},
                    "topics": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
                    "regions": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
                    "developing_countries": {"type": "object"}}}}},
            "LineageLink": {"type": "object", "required": ["number", "source"], "properties": {
                "number": {"type": "string"}, "label": {"type": ["string", "null"]},
                "year": {"type": ["integer", "null"]}, "status": {"type": ["string", "null"]},
                "source": {"enum": ["getRecEditions", "rec.aspx", "observation"]},
                "evidence": {"type": "string", "description": "What ITU says (English)"},
                "page": {"type": "string", "format": "uri"}}},
            "Lineage": {"type": "object", "required": ["replaced_by", "replaces"], "properties": {
                "replaced_by": {"type": "array",
                                "items": {"$ref": "#/components/schemas/LineageLink"}},
                "replaces": {"type": "array",
                             "items": {"$ref": "#/components/schemas/LineageLink"}},
                "current": {"type": ["object", "null"], "description": "The text at the end "
                            "of the chain of replacements (in force, when one is)",
                            "properties": {"number": {"type": "string"},
                                           "status": {"type": ["string", "null"]},
                                           "hops": {"type": "integer"},
                                           "page": {"type": "string", "format": "uri"}}}}},
            "Status": {"type": "object", "required": ["ok", "runs"], "properties": {
                "ok": {"const": True}, "index": {"type": "string"},
                "runs": {"type": "array", "items": {"type": "object"}},
                "changed": {"type": "array", "items": {"type": "object"}},
                "failures": {"type": "array", "items": {"type": "object"}},
                "backfill": {"type": "object", "description": "Older editions still without "
                             "their own summary, and how many each harvest fetches",
                             "properties": {"remaining": {"type": ["integer", "null"]},
                                            "per_run": {"type": "integer"}}}}},
        }},
    }
