"""Finding 2: stalled and oversized uploads do not stop the site (gunicorn.conf.py shipped)."""

from __future__ import annotations

import shutil
import socket
import time
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


def _read(url: str) -> tuple[int, float]:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=15) as answer:
        answer.read()
        return answer.status, time.monotonic() - started


def test_the_site_keeps_answering_while_uploads_stall(site_copy):
    with gunicorn(site_copy, env={"ITUCAT_APP__BODY_TIMEOUT": "3",
                                  "ITUCAT_WEB_WORKERS": "2"}) as base:
        # As in the audit: bodies declared (1 MB, over the limit) and never sent, and
        # bodies under the limit that stall after a few bytes, more of them than workers.
        huge = [_stall(base, "/auth/sign-in", 1_000_000) for _ in range(4)]
        slow = [_stall(base, "/auth/sign-in", 2000, b"name=a&") for _ in range(6)]
        try:
            started = time.monotonic()
            for path in ("/", "/search?q=tariff", "/documents/L.1021", "/api/v1/search?q=energy",
                         "/status", "/", "/search?q=e-waste&type=Recommendation"):
                status, took = _read(base + path)
                assert status == 200 and took < 5, (path, took)
            assert time.monotonic() - started < 15
            for conn in huge:
                assert " 413 " in _status_line(conn)  # refused at once, body unread
            for conn in slow:
                assert " 408 " in _status_line(conn)  # answered when the body time ran out
        finally:
            for conn in huge + slow:
                conn.close()
        assert _read(base + "/")[0] == 200
