"""Finding 2: stalled and oversized uploads do not stop the site (gunicorn.conf.py shipped)."""

from __future__ import annotations

import shutil
import socket
import threading
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.hardening.gunicorn_server import gunicorn


@pytest.fixture(scope="module")
def site_copy(site_catalogue: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("gunicorn") / "data"
    shutil.copytree(site_catalogue, target)
    return target


def _stall(base: str, path: str, declared: int, sent: bytes = b"") -> socket.socket:
    """Open a POST that declares a body and sends only `sent` of it."""
    parts = urlsplit(base)
    conn = socket.create_connection((parts.hostname, parts.port), timeout=30)
    conn.sendall((f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                  "Content-Type: application/x-www-form-urlencoded\r\n"
                  f"Content-Length: {declared}\r\n\r\n").encode() + sent)
    return conn


def _status_line(conn: socket.socket) -> str:
    data = b""
    while b"\r\n" not in data:
        chunk = conn.recv(1024)
        if not chunk:
            break
        data += chunk
    return data.split(b"\r\n", 1)[0].decode("latin-1")


def _read(url: str) -> int:
    # A site held by the stalled uploads would not answer within this timeout (they stall
    # for a minute): the read would fail. No speed is asserted.
    with urllib.request.urlopen(url, timeout=20) as answer:
        answer.read()
        return answer.status


def test_the_site_keeps_answering_while_uploads_stall(site_copy):
    with gunicorn(site_copy, env={"ITUCAT_APP__BODY_TIMEOUT": "60",
                                  "ITUCAT_WEB_WORKERS": "2"}) as base:
        # As in the audit: bodies declared (1 MB, over the limit) and never sent, and
        # bodies under the limit that stall after a few bytes, more of them than workers.
        huge = [_stall(base, "/auth/sign-in", 1_000_000) for _ in range(4)]
        slow = [_stall(base, "/auth/sign-in", 2000, b"name=a&") for _ in range(6)]
        try:
            for path in ("/", "/search?q=tariff", "/documents/L.1021", "/api/v1/search?q=energy",
                         "/status", "/", "/search?q=e-waste&type=Recommendation"):
                assert _read(base + path) == 200, path
            for conn in huge:
                assert " 413 " in _status_line(conn)  # refused at once, body unread
            long_url = base + "/api/v1/search?q=" + "a" * 5000
            try:
                urllib.request.urlopen(long_url, timeout=20)
                raise AssertionError("a 5000-byte request line was accepted")
            except urllib.error.HTTPError as exc:
                assert exc.code == 414  # as the OpenAPI document says
        finally:
            for conn in huge + slow:
                conn.close()
        assert _read(base + "/") == 200


def test_a_body_that_never_arrives_is_answered_408(web_dir):
    """The body time limit (app.body_timeout), on a real server with a real socket."""
    from werkzeug.serving import make_server

    from app import create_app
    from itucat.config import load_config, with_overrides

    config = with_overrides(load_config(env={}), store={"data_dir": str(web_dir)},
                            app={"body_timeout": 0.5})
    server = make_server("127.0.0.1", 0, create_app(config, SECRET_KEY="x"), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        conn = _stall(f"http://127.0.0.1:{server.server_port}", "/auth/sign-in?format=json",
                      2000, b"name=a&")
        assert " 408 " in _status_line(conn)
        conn.close()
    finally:
        server.shutdown()
        thread.join(5)
