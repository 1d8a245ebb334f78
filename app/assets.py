"""Own the static files: served from memory with a content hash, gzip and long caching.

`asset_url("site.css")` gives `/static/site.css?v=<hash>`; a URL with the current hash
is cached for a year (`immutable`), so a returning reader downloads the stylesheet once.
`/favicon.ico`, which browsers ask for by that name, is kept a week.
Files are read once per process (they change only with a deployment).
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, abort, request

from app.i18n import base_script

STATIC_DIR = Path(__file__).resolve().parent / "static"
bp = Blueprint("assets", __name__)


@dataclass(frozen=True)
class Asset:
    """One static file in memory."""

    body: bytes
    gzipped: bytes | None
    digest: str
    mimetype: str


_ASSETS: dict[str, Asset] = {}


def _load(name: str) -> Asset | None:
    if name in _ASSETS:
        return _ASSETS[name]
    if len(name) > 100 or "\x00" in name:
        return None  # no file of ours is named so (and the OS would refuse the name)
    path = (STATIC_DIR / name).resolve()
    if STATIC_DIR not in path.parents or not path.is_file():
        return None
    body = path.read_bytes()
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if mimetype in ("text/css", "application/javascript", "text/javascript"):
        mimetype += "; charset=utf-8"
    packed = gzip.compress(body, 9, mtime=0) if len(body) > 400 and (
        mimetype.startswith(("text/", "application/javascript", "image/svg"))) else None
    asset = Asset(body, packed, hashlib.sha256(body).hexdigest()[:12], mimetype)
    _ASSETS[name] = asset
    return asset


def asset_url(name: str) -> str:
    """The URL of a static file, versioned by its content."""
    asset = _load(name)
    version = f"?v={asset.digest}" if asset else ""
    return f"{base_script()}/static/{name}{version}"


@bp.route("/static/<path:name>")
def static(name: str) -> Response:
    """Serve a static file (gzip when accepted; 304 on a matching ETag)."""
    asset = _load(name)
    if asset is None:
        abort(404)
    use_gzip = asset.gzipped is not None and bool(request.accept_encodings["gzip"])
    response = Response(asset.gzipped if use_gzip else asset.body, mimetype=asset.mimetype)
    response.set_etag(asset.digest + ("-gz" if use_gzip else ""))
    if use_gzip:
        response.headers["Content-Encoding"] = "gzip"
    if asset.gzipped is not None:
        response.vary.add("Accept-Encoding")
    if request.args.get("v") == asset.digest:
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response.headers["Cache-Control"] = "public, max-age=3600"
    response.make_conditional(request)
    return response


@bp.route("/favicon.ico")
def favicon() -> Response:
    """The icon browsers ask for at the root (1 KB; kept a week)."""
    response = static("favicon.ico")
    if response.status_code == 200:
        response.headers["Cache-Control"] = "public, max-age=604800"
    return response
