"""``MirrorServer``: a local HTTP server that behaves like www.itu.int for the crawler.

Stdlib ``ThreadingHTTPServer`` with HTTP/1.1 keep-alive; each response is written in one
``sendall`` (TCP_NODELAY) so a single client connection does thousands of requests per second.
Every 200 carries ETag and Last-Modified and honours If-None-Match / If-Modified-Since (304).
"""

from __future__ import annotations

import random
import socket
import threading
import time
from collections.abc import Callable
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.mirror.catalogue import Catalogue
from tests.mirror.faults import ERROR_PAGE, REJECTED_PAGE, Faults, LogEntry, RequestLog
from tests.mirror.mutations import Mutation, mutate
from tests.mirror.reference import load_reference
from tests.mirror.routing import Response, Router


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 256
    allow_reuse_address = True
    mirror: MirrorServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 60
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.mirror._connections.add(self.connection)

    def finish(self) -> None:
        self.server.mirror._connections.discard(self.connection)
        try:
            super().finish()
        except OSError:
            pass

    def log_message(self, format: str, *args: object) -> None:
        """Silence the default stderr access log (see ``MirrorServer.log``)."""

    def do_GET(self) -> None:
        self.server.mirror._serve(self, head=False)

    def do_HEAD(self) -> None:
        self.server.mirror._serve(self, head=True)

    def do_POST(self) -> None:
        """Nothing the crawler uses takes a POST (ITU's old search API is dead): 404."""
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.server.mirror._serve(self, head=False)


class MirrorServer:
    """Serve the recorded + generated ITU-T catalogue on ``127.0.0.1:port``."""

    def __init__(
        self,
        reference: Path,
        *,
        port: int = 0,
        subset: Callable[[str], bool] | None = None,
        seed: int = 0,
        host: str = "127.0.0.1",
    ) -> None:
        self.reference = load_reference(Path(reference))
        self.catalogue = Catalogue(self.reference, seed=seed, subset=subset)
        self.router = Router(self.reference, self.catalogue, subset)
        self.faults = Faults()
        self._log = RequestLog()
        self.mutations: list[Mutation] = []
        self._reject_ua = False
        self._host, self._port = host, port
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()
        self._support = random.Random(seed)

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> MirrorServer:
        """Bind and serve in a background thread."""
        if self._httpd is not None:
            return self
        httpd = _HTTPServer((self._host, self._port), _Handler)
        httpd.mirror = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, name="itu-mirror",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close open keep-alive connections."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        httpd.shutdown()
        for conn in list(self._connections):
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> MirrorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port (after ``start``)."""
        if self._httpd is None:
            raise RuntimeError("mirror not started")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://{self._host}:{self.port}"

    # -- controls -----------------------------------------------------------------------------
    def set_faults(
        self,
        rate: float,
        kinds: set[str] | None = None,
        seed: int = 0,
        *,
        timeout_sleep: float | None = None,
        include_robots: bool = False,
    ) -> None:
        """Inject faults on a fraction ``rate`` of requests (see ``faults`` for kinds)."""
        self.faults.set(rate, kinds, seed, timeout_sleep=timeout_sleep,
                        include_robots=include_robots)

    def clear_faults(self) -> None:
        """Stop injecting faults."""
        self.faults.clear()

    @property
    def timeout_sleep(self) -> float:
        """Seconds a ``timeout`` fault sleeps before answering (default 3)."""
        return self.faults.timeout_sleep

    @timeout_sleep.setter
    def timeout_sleep(self, value: float) -> None:
        self.faults.timeout_sleep = float(value)

    def reject_non_browser_agents(self, on: bool) -> None:
        """Answer 403 (F5 "Request Rejected") when the User-Agent lacks ``Mozilla/``."""
        self._reject_ua = bool(on)

    def set_recaspx_gone(self, on: bool) -> None:
        """Make rec.aspx answer 404 (ITU retiring the page): the JSON API alone remains."""
        self.router.recaspx_gone = bool(on)

    def set_missing_publications(self, pub_ids: set[str] | None) -> None:
        """Make exactly these linked /pub/ pages answer 404 (None: the catalogue's choice)."""
        with self.catalogue.lock:
            self.router.missing_override = None if pub_ids is None else set(pub_ids)

    def missing_publications(self) -> set[str]:
        """The served publication ids that answer 404 now."""
        cat = self.catalogue
        return {p.pub_id for p in cat.publications.values()
                if cat.pub_served(p) and self.router.is_missing(p)}

    def add_robots_disallow(self, path: str) -> None:
        """Add ``Disallow: <path>`` to robots.txt."""
        with self.catalogue.lock:
            self.router.robots_extra.append(f"Disallow: {path}")

    def clear_robots_rules(self) -> None:
        """Remove rules added with ``add_robots_disallow``."""
        with self.catalogue.lock:
            self.router.robots_extra.clear()

    def mutate(self, families: int, seed: int) -> list[str]:
        """Change ``families`` families upstream; returns their numbers."""
        done = mutate(self.catalogue, families, seed)
        self.mutations.extend(done)
        return [m.family for m in done]

    # -- request log --------------------------------------------------------------------------
    @property
    def log(self) -> list[LogEntry]:
        """All requests so far (method, path+query, status, user_agent, fault)."""
        return self._log.entries

    def reset_log(self) -> None:
        """Forget the request log."""
        self._log.reset()

    def count(self, predicate: Callable[[LogEntry], bool] | None = None) -> int:
        """Number of logged requests (matching ``predicate``)."""
        return self._log.count(predicate)

    # -- serving ------------------------------------------------------------------------------
    def _serve(self, handler: _Handler, head: bool) -> None:
        path = handler.path
        agent = handler.headers.get("User-Agent", "")
        fault = None
        if self._reject_ua and "Mozilla/" not in agent:
            body = REJECTED_PAGE % self._support.randrange(10**18, 10**19)
            resp = Response(403, body, "text/html; charset=utf-8")
        else:
            fault = self.faults.decide(path)
            if fault == "latency":
                time.sleep(self.faults.latency_sleep)
            elif fault == "timeout":
                time.sleep(self.faults.timeout_sleep)
            if fault in ("http500", "http503", "http429"):
                resp = _error(int(fault[4:]))
            else:
                try:
                    resp = self.router.route(path) if handler.command != "POST" else (
                        self.router.not_found())
                except Exception:  # a mirror bug must not kill the connection
                    resp = _error(500)
        status = resp.status
        if status == 200 and _not_modified(resp, handler):
            status = 304
        self._log.add(LogEntry(handler.command, path, status, agent, fault))
        truncate = fault == "truncate" and status == 200 and len(resp.body) > 1
        self._write(handler, resp, status, head, truncate)

    @staticmethod
    def _write(handler: _Handler, resp: Response, status: int, head: bool, truncate: bool) -> None:
        body = b"" if status == 304 else resp.body
        length = len(body) + (len(body) // 2 + 100 if truncate else 0)
        lines = [f"HTTP/1.1 {status} {_reason(status)}", f"Date: {formatdate(usegmt=True)}",
                 "Server: Microsoft-IIS/10.0", "Cache-Control: private"]
        if status != 304:
            lines += [f"Content-Type: {resp.content_type}", f"Content-Length: {length}"]
        if resp.etag and status in (200, 304):
            lines.append(f"ETag: {resp.etag}")
        if resp.last_modified and status in (200, 304):
            lines.append(f"Last-Modified: {formatdate(resp.last_modified, usegmt=True)}")
        lines += [f"{k}: {v}" for k, v in resp.headers]
        if truncate:
            lines.append("Connection: close")
            handler.close_connection = True
            body = body[: len(body) // 2]
        payload = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        if not head:
            payload += body
        try:
            handler.wfile.write(payload)
            if truncate:
                handler.connection.shutdown(socket.SHUT_WR)
        except OSError:
            handler.close_connection = True


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _error(code: int) -> Response:
    reason = _reason(code)
    body = ERROR_PAGE.format(code=code, reason=reason).encode()
    headers = [("Retry-After", "1")] if code in (429, 503) else []
    return Response(code, body, "text/html; charset=utf-8", headers=headers)


def _not_modified(resp: Response, handler: _Handler) -> bool:
    inm = handler.headers.get("If-None-Match")
    if inm is not None:
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or (resp.etag is not None and resp.etag in tags)
    ims = handler.headers.get("If-Modified-Since")
    if ims and resp.last_modified is not None:
        try:
            since = parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError, IndexError):
            return False
        return resp.last_modified <= since
    return False
