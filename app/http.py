"""Own what every response carries: security headers, cache headers, ETags, gzip.

Pages get a weak ETag from their body (a reader on a metered line who reloads gets a
304 and no body), `Cache-Control` (public for readers, private for signed-in curators),
`Vary` on what chose the representation, and gzip when the client accepts it. The CSP
allows no inline script or style: every script and stylesheet is a file of this site.
"""

from __future__ import annotations

import gzip
import hashlib

from flask import Flask, Response, request
from flask_login import current_user

from app.i18n import explicit_language

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/atom+xml",
                "application/opensearchdescription+xml", "image/svg+xml",
                "application/javascript", "application/vnd.oai.openapi+json")
MIN_GZIP = 400


def _signed_in() -> bool:
    return bool(current_user and current_user.is_authenticated)


def _vary(response: Response, *names: str) -> None:
    for name in names:
        if name not in response.vary:
            response.vary.add(name)


def finish(response: Response, cache_seconds: int) -> Response:
    """Add security and cache headers, answer conditional requests, compress."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if response.direct_passthrough or response.status_code not in (200, 304):
        if response.status_code >= 400:
            headers.setdefault("Cache-Control", "no-store")
        return _compress(response)
    if request.method not in ("GET", "HEAD"):
        return response
    if not explicit_language() and response.mimetype == "text/html":
        _vary(response, "Accept-Language")
    if "Cache-Control" not in headers:
        if _signed_in():
            headers["Cache-Control"] = "private, no-cache"
            _vary(response, "Cookie")
        elif cache_seconds > 0:
            headers["Cache-Control"] = f"public, max-age={cache_seconds}"
        else:
            # Revalidate every time: the ETag makes it a bodiless 304 on a slow link, and a
            # curator's decision is visible to readers at once.
            headers["Cache-Control"] = "public, no-cache"
    if response.status_code == 200 and response.get_etag() == (None, None):
        body = response.get_data()
        response.set_etag(hashlib.sha256(body).hexdigest()[:24], weak=True)
    response.make_conditional(request)
    return _compress(response)


def _compress(response: Response) -> Response:
    if response.direct_passthrough or response.status_code == 304:
        return response
    mimetype = response.mimetype or ""
    if not mimetype.startswith(COMPRESSIBLE) or "Content-Encoding" in response.headers:
        return response
    _vary(response, "Accept-Encoding")
    if not request.accept_encodings["gzip"]:
        return response
    body = response.get_data()
    if len(body) < MIN_GZIP:
        return response
    response.set_data(gzip.compress(body, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    etag, weak = response.get_etag()
    if etag and not weak:
        response.set_etag(etag + "-gz")
    return response


def init_app(app: Flask, cache_seconds: int) -> None:
    """Run `finish` on every response."""
    app.after_request(lambda response: finish(response, cache_seconds))
