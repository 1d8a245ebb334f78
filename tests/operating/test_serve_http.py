"""Issue 12, point 18: a curator signs in on `itucat serve` over plain http on loopback.

End to end: the real `itucat serve` in a child process on a free port, signed in with
requests over http (as curl or a browser that does not treat 127.0.0.1 as secure would),
then the curator page. The shipped gunicorn configuration keeps its cookies Secure.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from itucat.config import load_config
from itucat_cli.serve import cookie_mode, is_loopback
from tests.curate.conftest import token
from tests.hardening.gunicorn_server import free_port, gunicorn
from tests.operating.conftest import CURATOR, PASSWORD, environ
from tests.shared_paths import REPO_ROOT


@contextmanager
def itucat_serve(data_dir: Path, log: Path, *extra: str) -> Iterator[str]:
    """`itucat serve` on a free loopback port; yields its base URL."""
    port = free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "itucat_cli", "--data-dir", str(data_dir), "serve",
             "--port", str(port), *extra], cwd=REPO_ROOT, stdout=out, stderr=out,
            env=environ(ITUCAT_SECRET_KEY="serve-test"))
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    requests.get(base + "/robots.txt", timeout=2)
                    break
                except requests.ConnectionError:
                    assert process.poll() is None, log.read_text()
                    assert time.monotonic() < deadline, log.read_text()
                    time.sleep(0.2)
            yield base
        finally:
            process.terminate()
            process.wait(20)


def sign_in(base: str) -> tuple[requests.Session, requests.Response]:
    client = requests.Session()
    form = client.get(base + "/auth/sign-in", timeout=30)
    assert form.status_code == 200
    answer = client.post(base + "/auth/sign-in", timeout=30, allow_redirects=False, data={
        "name": CURATOR, "password": PASSWORD, "csrf_token": token(form.text)})
    return client, answer


def test_a_curator_signs_in_on_the_development_server_over_http(catalogue, tmp_path):
    log = tmp_path / "serve.log"
    with itucat_serve(catalogue, log) as base:
        client, answer = sign_in(base)
        assert answer.status_code == 302, answer.text[:500]
        cookie = answer.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "Secure" not in cookie, cookie
        page = client.get(base + "/curate/", timeout=30, allow_redirects=False)
        assert page.status_code == 200, (page.status_code, page.headers.get("Location"))
        assert CURATOR in page.text
    said = log.read_text()
    assert "session cookies are not Secure" in said and "gunicorn" in said


def test_gunicorn_with_the_shipped_configuration_keeps_cookies_secure(catalogue):
    with gunicorn(catalogue) as base:
        form = requests.get(base + "/auth/sign-in", timeout=30)
        cookie = form.headers["Set-Cookie"]  # the session holding the form's CSRF token
        assert "Secure" in cookie and "HttpOnly" in cookie, cookie
        # Over plain http a client keeps a Secure cookie to itself, so the form's token has
        # no session to match: what `itucat serve` on loopback avoids, and production
        # (HTTPS in front of gunicorn) never meets.
        _, answer = sign_in(base)
        assert answer.status_code == 400


def test_which_addresses_get_secure_cookies(monkeypatch):
    monkeypatch.delenv("ITUCAT_CURATE__SECURE_COOKIES", raising=False)
    assert all(map(is_loopback, ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "192.168.1.10", "::", "example.org"]))
    auto = load_config(env={})
    assert cookie_mode(auto, "127.0.0.1")[0].curate.secure_cookies == "off"
    config, said = cookie_mode(auto, "0.0.0.0")
    assert config.curate.secure_cookies == "auto" and "Secure" in said and "HTTPS" in said
    forced = load_config(env={"ITUCAT_CURATE__SECURE_COOKIES": "on"})
    assert cookie_mode(forced, "127.0.0.1")[0].curate.secure_cookies == "on"
