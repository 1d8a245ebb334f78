"""Finding 3: sign-in throttling per (name, address) with growing delays, never a lock-out."""

from __future__ import annotations

import pytest

from app.auth import throttle
from tests.curate.conftest import PASSWORDS, token

A = {"REMOTE_ADDR": "198.51.100.7"}
B = {"REMOTE_ADDR": "203.0.113.50"}


def attempt(client, name: str, password: str, where: dict, headers: dict | None = None):
    page = client.get("/auth/sign-in", environ_base=where, headers=headers or {})
    return client.post("/auth/sign-in", environ_base=where, headers=headers or {},
                       data={"name": name, "password": password,
                             "csrf_token": token(page.text)})


@pytest.fixture
def clock(monkeypatch):
    """Move throttling time by hand: `clock.now += 60`."""
    class Clock:
        now = throttle.clock()
    monkeypatch.setattr(throttle, "clock", lambda: Clock.now)
    return Clock


def test_a_stranger_cannot_lock_a_curator_out(app, clock):
    stranger, curator = app.test_client(), app.test_client()
    for _ in range(8):  # more than the free attempts, as often as the delays allow
        clock.now += 3600  # as long as the stranger likes: each try waits out its delay
        attempt(stranger, "cy", "guess-guess-guess", A)
    answer = attempt(curator, "cy", PASSWORDS["cy"], B)
    assert answer.status_code == 302, "the right password from elsewhere is never held back"


def test_delays_grow_after_the_free_attempts(app, clock):
    client = app.test_client()
    free = app.config["ITUCAT_CURATE"].signin_attempts
    for _ in range(free):
        assert attempt(client, "cy", "wrong-password!", A).status_code == 200
    held = attempt(client, "cy", PASSWORDS["cy"], A)
    assert held.status_code == 429 and held.headers["Retry-After"] == "15"
    clock.now += 16
    assert attempt(client, "cy", "wrong-password!", A).status_code == 200  # tried, failed
    held = attempt(client, "cy", PASSWORDS["cy"], A)
    assert held.status_code == 429 and held.headers["Retry-After"] == "30"
    clock.now += 31
    assert attempt(client, "cy", PASSWORDS["cy"], A).status_code == 302
    assert attempt(app.test_client(), "cy", "wrong-password!", A).status_code == 200  # reset


def _site(web_dir, proxies: int = 0, address_limit: int = 5):
    from app import create_app
    from itucat.config import load_config, with_overrides

    config = with_overrides(load_config(env={}), store={"data_dir": str(web_dir)},
                            app={"trusted_proxies": proxies},
                            curate={"signin_address_limit": address_limit})
    return create_app(config, TESTING=True, SECRET_KEY="test-secret")


def test_one_address_has_a_ceiling_over_all_names(web_dir, clock):
    app = _site(web_dir)  # a ceiling of 5 (50 by default) keeps the test short
    settings = app.config["ITUCAT_CURATE"]
    client = app.test_client()
    for n in range(settings.signin_address_limit):
        attempt(client, f"nobody{n}", "wrong-password!", A)
    held = attempt(client, "eve", PASSWORDS["eve"], A)
    assert held.status_code == 429
    assert int(held.headers["Retry-After"]) <= settings.signin_window
    assert attempt(app.test_client(), "eve", PASSWORDS["eve"], B).status_code == 302
    clock.now += settings.signin_window + 1
    assert attempt(client, "eve", PASSWORDS["eve"], A).status_code == 302


def test_behind_a_trusted_proxy_each_client_has_its_own_address(web_dir, clock):
    def site(proxies: int):
        return _site(web_dir, proxies)

    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    mallory = {"X-Forwarded-For": "198.51.100.66"}
    amina = {"X-Forwarded-For": "203.0.113.12"}
    untrusted, trusted = site(0), site(1)
    for n in range(5):
        attempt(untrusted.test_client(), f"nobody{n}", "wrong-password!", proxy, mallory)
    # Without the setting every client is the proxy: one attacker stops every curator...
    assert attempt(untrusted.test_client(), "eve", PASSWORDS["eve"], proxy,
                   amina).status_code == 429
    clock.now += 10_000
    for n in range(5):
        attempt(trusted.test_client(), f"nobody{n}", "wrong-password!", proxy, mallory)
    # ...with it, only the attacker's own address waits.
    assert attempt(trusted.test_client(), "eve", PASSWORDS["eve"], proxy,
                   mallory).status_code == 429
    assert attempt(trusted.test_client(), "eve", PASSWORDS["eve"], proxy,
                   amina).status_code == 302
