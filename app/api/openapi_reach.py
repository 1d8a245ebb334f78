"""Own the OpenAPI description of the reach endpoints: the delta API and collections."""

from __future__ import annotations

from typing import Any

from index.journal.records import KINDS

_ERROR = {"description": "Error", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Error"}}}}


def reach_paths() -> dict[str, Any]:
    """/changes, /collections, /collections/{id}."""
    return {
        "/changes": {"get": {
            "summary": "What changed since a time (for mirrors)", "operationId": "changes",
            "description": "Documents added, changed, with a new edition, superseded (with "
            "their successors), withdrawn, gone or back, oldest first. Pass back `latest` as "
            "`since` next time; follow `next` for further pages. Strong ETag "
            "(If-None-Match answers 304) and gzip.",
            "parameters": [
                {"name": "since", "in": "query", "description": "ISO 8601 date or time "
                 "(UTC if no offset); changes recorded after it", "schema": {
                     "type": "string"}},
                {"name": "cursor", "in": "query", "description": "from `next`",
                 "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "schema": {
                    "type": "integer", "minimum": 1, "maximum": 1000}},
                {"name": "kind", "in": "query", "explode": True, "schema": {
                    "type": "array", "items": {"enum": list(KINDS)}}},
                {"name": "include", "in": "query", "description": "record: add each "
                 "document's public record", "schema": {"enum": ["record"]}},
            ],
            "responses": {
                "200": {"description": "A page of changes", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Changes"}}}},
                "304": {"description": "Not modified (If-None-Match)"},
                "400": _ERROR, "503": _ERROR}}},
        "/collections": {"get": {
            "summary": "Curated collections", "operationId": "collections",
            "responses": {"200": {"description": "Every collection", "content": {
                "application/json": {"schema": {"type": "object", "required": [
                    "ok", "collections"], "properties": {"ok": {"const": True},
                    "collections": {"type": "array", "items": {"type": "object"}}}}}}}}}},
        "/collections/{id}": {"get": {
            "summary": "One curated collection", "operationId": "collection",
            "parameters": [{"name": "id", "in": "path", "required": True,
                            "schema": {"type": "string", "maxLength": 80}}],
            "responses": {"200": {"description": "The collection with its items in order",
                                  "content": {"application/json": {"schema": {
                                      "type": "object", "required": ["ok", "collection"]}}}},
                          "404": _ERROR}}},
    }


def reach_schemas() -> dict[str, Any]:
    """The Changes answer."""
    change = {"type": "object", "required": ["id", "at", "number", "kind"], "properties": {
        "id": {"type": "integer"}, "at": {"type": "string"},
        "changed_at": {"type": "string"}, "number": {"type": "string"},
        "kind": {"enum": list(KINDS)}, "edition": {"type": ["string", "null"]},
        "status": {"type": ["string", "null"]}, "previous": {"type": ["string", "null"]},
        "successors": {"type": "array", "items": {"type": "string"}},
        "title": {"type": ["string", "null"]}, "type": {"type": ["string", "null"]},
        "gone": {"type": "boolean"}, "document": {"type": "string", "format": "uri"},
        "page": {"type": "string", "format": "uri"},
        "record": {"type": ["object", "null"]}}}
    return {"Changes": {"type": "object", "required": ["ok", "count", "changes", "next"],
                        "properties": {
                            "ok": {"const": True}, "since": {"type": ["string", "null"]},
                            "count": {"type": "integer"}, "latest": {"type": ["string", "null"]},
                            "next": {"type": ["string", "null"], "format": "uri"},
                            "changes": {"type": "array", "items": change}}}}
