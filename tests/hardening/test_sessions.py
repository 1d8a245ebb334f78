"""Finding 1: signing out ends every session on the server; sessions have two lifetimes."""

from __future__ import annotations

import pytest

from app.auth import sessions
from tests.curate.conftest import csrf_of, sign_in

ELSEWHERE = {"REMOTE_ADDR": "203.0.113.9"}
OTHER_BROWSER = {"User-Agent": "Mozilla/5.0 (Other; Browser)"}


def _copy_cookie(app, source) -> object:
    """A new client (another address, another browser) holding a copy of `source`'s cookie."""
    thief = app.test_client()
    cookie = source.get_cookie("session")
    assert cookie is not None
    thief.set_cookie("session", cookie.value)
    return thief


def _note(client, text: str):
    return client.post("/curate/documents/Y.3172/notes?format=json", environ_base=ELSEWHERE,
                       headers=OTHER_BROWSER,
                       data={"body": text, "visibility": "public",
                             "csrf_token": csrf_of(client)})


def test_a_cookie_copied_before_sign_out_is_worthless_after_it(app, curator, web_store):
    thief = _copy_cookie(app, curator)
    assert thief.get("/curate/", environ_base=ELSEWHERE, headers=OTHER_BROWSER
                     ).status_code == 200  # a stolen cookie works while the session lives
    token = csrf_of(thief)
    answer = curator.post("/auth/sign-out", data={"csrf_token": csrf_of(curator)})
    assert answer.status_code == 302
    assert thief.get("/curate/", environ_base=ELSEWHERE, headers=OTHER_BROWSER
                     ).status_code == 302
    refused = thief.post("/curate/documents/Y.3172/notes?format=json",
                         environ_base=ELSEWHERE, headers=OTHER_BROWSER,
                         data={"body": "after sign-out", "visibility": "public",
                               "csrf_token": token})
    assert refused.status_code == 401 and refused.get_json()["code"] == "auth.sign_in_required"
    assert not [n for n in web_store.notes.of_document("Y.3172", curator=True)
                if n.body == "after sign-out"]


def test_signing_out_ends_the_accounts_other_sessions_too(app, curator):
    laptop = app.test_client()
    sign_in(laptop, "cy")
    laptop.post("/auth/sign-out", data={"csrf_token": csrf_of(laptop)})
    assert curator.get("/curate/").status_code == 302
    assert sign_in(app.test_client(), "cy").status_code == 302  # signing in again works


@pytest.mark.parametrize("ended_by", ["disable", "reset"])
def test_disabling_or_a_reset_ends_copied_cookies(app, curator, admin, web_store, ended_by):
    thief = _copy_cookie(app, curator)
    if ended_by == "disable":
        web_store.accounts.set_active("cy", False, actor="ada")
    else:
        web_store.accounts.reset_password("cy", "a-brand-new-password", actor="ada")
    for client in (curator, thief):
        assert client.get("/curate/?format=json", environ_base=ELSEWHERE).status_code == 401


def test_a_session_ends_after_its_idle_lifetime(app, curator, monkeypatch):
    now = sessions.clock()
    idle = app.config["ITUCAT_CURATE"].session_hours * 3600
    monkeypatch.setattr(sessions, "clock", lambda: now + idle - 60)
    assert curator.get("/curate/").status_code == 200  # used just in time: it slides
    monkeypatch.setattr(sessions, "clock", lambda: now + 2 * idle - 120)
    assert curator.get("/curate/").status_code == 200
    monkeypatch.setattr(sessions, "clock", lambda: now + 3 * idle)
    assert curator.get("/curate/").status_code == 302


def test_a_session_ends_after_its_absolute_lifetime_however_active(app, curator, monkeypatch):
    settings = app.config["ITUCAT_CURATE"]
    assert settings.session_max_hours > settings.session_hours
    start = sessions.clock()
    step = settings.session_hours * 3600 / 2
    moment = start
    while moment - start < settings.session_max_hours * 3600 - step:
        moment += step
        monkeypatch.setattr(sessions, "clock", lambda m=moment: m)
        assert curator.get("/curate/").status_code == 200, (moment - start) / 3600
    monkeypatch.setattr(sessions, "clock", lambda: start + settings.session_max_hours * 3600 + 1)
    assert curator.get("/curate/").status_code == 302
    assert sign_in(curator, "cy").status_code == 302  # a fresh sign-in starts a new one


def test_the_session_stamps_cannot_be_forged_by_the_client(app, curator):
    with curator.session_transaction() as stored:
        assert sessions.STARTED in stored and sessions.SEEN in stored
    forged = app.test_client()
    forged.set_cookie("session", curator.get_cookie("session").value[:-4] + "AAAA")
    assert forged.get("/curate/").status_code == 302  # a changed cookie is not signed
