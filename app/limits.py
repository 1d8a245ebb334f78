"""Own the limits every request meets before a view runs: body size and body time.

An anonymous client must not be able to make the site spool hundreds of megabytes or hold
a worker thread with a body it never sends. `RequestLimits` (WSGI middleware) looks at a
request before Flask parses it:

- a declared `Content-Length` above `app.max_request_kb` is refused at once, before a
  byte of the body is read (413);
- any other body (declared or chunked) is read whole, right away, within
  `app.body_timeout` seconds: a client that stalls or trickles is answered 408 when the
  time is up, and its thread goes back to serving readers; a chunked body that grows
  past the limit is refused (413);
- the view then reads the body from memory.
The refusal itself is made by Flask (`refuse_if_limited`, the first `before_request`),
so it is a page in the reader's language or the one JSON error shape. Behind the reverse
proxy of the README, the proxy enforces the same limits first.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import abort, request
from flask_babel import gettext

log = logging.getLogger("itucat.app")
ERROR_KEY = "itucat.body_refused"  # 413 or 408, set by the middleware for Flask to answer
CHUNK = 64 * 1024


class RequestLimits:
    """WSGI middleware: refuse oversized bodies unread, read the others in bounded time."""

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]], max_bytes: int,
                 body_timeout: float) -> None:
        self.wsgi_app = wsgi_app
        self.max_bytes = max_bytes
        self.body_timeout = body_timeout

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterable[bytes]:
        declared = (environ.get("CONTENT_LENGTH") or "").strip()
        chunked = "chunked" in (environ.get("HTTP_TRANSFER_ENCODING") or "").lower()
        if declared or chunked:
            refused = self._buffer(environ, declared, chunked)
            if refused:
                environ[ERROR_KEY] = refused
                environ["wsgi.input"] = io.BytesIO(b"")
                environ["CONTENT_LENGTH"] = "0"
        return self.wsgi_app(environ, start_response)

    def _buffer(self, environ: dict[str, Any], declared: str, chunked: bool) -> int | None:
        """Read the body into memory; the status that refuses it, or None."""
        length: int | None = None
        if declared:
            if not (declared.isascii() and declared.isdigit()):
                return 400
            length = int(declared)
            if length > self.max_bytes:
                return 413
            if length == 0:
                return None
        stream = environ["wsgi.input"]
        sock = environ.get("gunicorn.socket") or environ.get("werkzeug.socket")
        previous = _timeout_of(sock)
        deadline = time.monotonic() + self.body_timeout
        parts: list[bytes] = []
        size = 0
        try:
            while length is None or size < length:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return 408
                _set_timeout(sock, remaining)
                wanted = CHUNK if length is None else min(CHUNK, length - size)
                data = stream.read(wanted)
                if not data:
                    break
                parts.append(data)
                size += len(data)
                if size > self.max_bytes:
                    return 413
        except TimeoutError:
            return 408
        except OSError:
            return 400
        finally:
            _set_timeout(sock, previous)
        if length is not None and size < length:
            return 400  # the client closed before sending what it declared
        environ["wsgi.input"] = io.BytesIO(b"".join(parts))
        environ["CONTENT_LENGTH"] = str(size)
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        return None


def _timeout_of(sock: Any) -> float | None:
    try:
        return sock.gettimeout() if sock is not None else None
    except OSError:
        return None


def _set_timeout(sock: Any, seconds: float | None) -> None:
    if sock is None:
        return
    try:
        sock.settimeout(seconds)
    except OSError:
        pass  # the client went away: the read that follows says so


def refuse_if_limited() -> None:
    """Answer a request the middleware refused (the first `before_request` of the app)."""
    status = request.environ.get(ERROR_KEY)
    if status == 413:
        abort(413, gettext("This request is too large."))
    if status == 408:
        abort(408, gettext("The request took too long to arrive. Please try again."))
    if status == 400:
        abort(400, gettext("The request body is incomplete or malformed."))


_warned: list[bool] = []


def warn_untrusted_forwarding() -> None:
    """Say once in the log that a proxy seems to be in front while none is trusted."""
    if not _warned and "X-Forwarded-For" in request.headers:
        _warned.append(True)
        log.warning("requests carry X-Forwarded-For but app.trusted_proxies is 0: every "
                    "client has the proxy's address (sign-in throttling, logs); set "
                    "ITUCAT_APP__TRUSTED_PROXIES to the number of proxies in front")
