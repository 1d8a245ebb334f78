"""Own the JSON twin of every page: one mechanism for the public site and the workspace.

A view answers with `twin(template, payload, **context)`: the HTML page rendered with
`context`, or `{"ok": true, **payload()}` when the client asks for JSON (`?format=json`,
`Accept: application/json`, or a path under /api/); the payload is only built then. The
public site's twins also have stable addresses under /api/v1/ (app/api), built by the
same payload functions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Response, jsonify, render_template

from app.errors import wants_json


def ok(**body: Any) -> Response:
    """A successful JSON answer."""
    return jsonify({"ok": True, **body})


def twin(template: str, payload: Callable[[], Mapping[str, Any]], **context: Any
         ) -> Response | str:
    """An HTML page, or its JSON twin (`payload()` plus "ok": true)."""
    if wants_json():
        return ok(**payload())
    return render_template(template, **context)
