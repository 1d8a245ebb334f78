"""Own the OpenAPI 3.1 description of the JSON API (checked by openapi-spec-validator)."""

from __future__ import annotations

from typing import Any

from app.params import FILTERS, MAX_PAGE, SORTS

_ERROR = {"description": "Error", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Error"}}}}


def _ok(schema_ref: str, text: str) -> dict[str, Any]:
    return {"description": text, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema_ref}"}}}}


def _filter_params() -> list[dict[str, Any]]:
    texts = {"sg": "study group (SG13, 13, TSAG)", "dc": "developing-country relevance "
             "(yes, no)", "status": "status (In force, Superseded, Withdrawn; all)"}
    return [{"name": name, "in": "query", "required": False, "explode": True,
             "description": f"Filter by {texts.get(name, engine.replace('_', ' '))}; "
                            "repeat for several values (any of them)",
             "schema": {"type": "array", "items": {"type": "string", "maxLength": 100},
                        "maxItems": 20}}
            for name, engine in FILTERS.items()]


def _list_path(key: str, text: str) -> dict[str, Any]:
    return {"get": {"summary": text, "operationId": f"list_{key}", "responses": {
        "200": {"description": text, "content": {"application/json": {"schema": {
            "type": "object", "required": ["ok", key], "properties": {
                "ok": {"const": True},
                key: {"type": "array", "items": {"$ref": "#/components/schemas/Value"}}}}}}},
        "503": _ERROR}}}


def openapi_document(server: str) -> dict[str, Any]:
    """The OpenAPI document, with this site's API address as its server."""
    number = {"name": "number", "in": "path", "required": True,
              "description": "Document number, e.g. Y.3172, L.Suppl.27, T-TUT-FG-2024-1",
              "schema": {"type": "string", "maxLength": 200}}
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
                    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 500},
                     "description": "Words, \"phrases\", OR, -word, field:value, numbers"},
                    {"name": "sort", "in": "query",
                     "schema": {"type": "string", "enum": list(SORTS)}},
                    {"name": "page", "in": "query",
                     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}},
                    {"name": "per_page", "in": "query",
                     "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                    {"name": "all", "in": "query", "description": "1: include superseded "
                     "and withdrawn documents", "schema": {"type": "string", "enum": ["1"]}},
                    *_filter_params(),
                ],
                "responses": {"200": _ok("SearchAnswer", "Results, facets and notices"),
                              "400": _ERROR, "503": _ERROR}}},
            "/documents/{number}": {"get": {
                "summary": "One document", "operationId": "document", "parameters": [number],
                "responses": {"200": _ok("DocumentAnswer", "The document"),
                              "404": _ERROR, "503": _ERROR}}},
            "/topics": _list_path("topics", "Topics (themes and ITU-T sub-series)"),
            "/regions": _list_path("regions", "ITU regions"),
            "/study-groups": _list_path("study_groups", "Study groups"),
            "/types": _list_path("types", "Document types"),
            "/status": {"get": {"summary": "Crawl runs and changes", "operationId": "status",
                                "responses": {"200": _ok("Status", "Status"),
                                              "503": _ERROR}}},
        },
        "components": {"schemas": {
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
            "Hit": {"type": "object", "required": ["number", "title", "type", "status"],
                    "properties": {
                        "number": {"type": "string"}, "title": {"type": ["string", "null"]},
                        "type": {"type": ["string", "null"]}, "status": {"type": "string"},
                        "approval_date": {"type": ["string", "null"], "format": "date"},
                        "topics": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
                        "regions": {"type": "array",
                                    "items": {"$ref": "#/components/schemas/Tag"}},
                        "languages": {"type": "array", "items": {"type": "string"}},
                        "developing_countries": {"type": "object"},
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
                                 "suggestion": {"type": ["string", "null"]},
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
