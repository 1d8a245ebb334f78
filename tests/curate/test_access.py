"""Who may do what: anonymous readers, curators, admins, disabled users, CSRF, sessions."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from index import schema
from index.tags.changes import TagChange
from tests.curate.conftest import csrf_of, sign_in, token

PAGES = ["/curate/", "/curate/review", "/curate/bulk?q=iot", "/curate/audit",
         "/curate/audit.csv", "/curate/batches", "/curate/documents/Y.3172",
         "/curate/users", "/auth/password", "/curate/csrf.json"]
# (path, form) of every state-changing request of the workspace
POSTS = [
    ("/curate/documents/Y.3172/tags", {"relevance": "yes", "reason": "r"}),
    ("/curate/documents/Y.3172/notes", {"body": "hello", "visibility": "public"}),
    ("/curate/notes/1", {"body": "changed", "visibility": "public"}),
    ("/curate/notes/1/delete", {}),
    ("/curate/review/Y.4218", {"decision": "accept", "reason": "r"}),
    ("/curate/bulk", {"scope": "all", "op": "add", "tag": "region:africa", "reason": "r",
                      "search": "q=iot"}),
    ("/curate/batches/b1/revert", {"reason": "r"}),
    ("/curate/users", {"name": "mallory", "role": "admin", "password": "0123456789ab"}),
    ("/curate/users/cy/disable", {}),
]


def changes_recorded(store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(schema.audit_log)).scalar_one()


@pytest.fixture
def seeded(web_store):
    """One note by cy (id 1), so note endpoints have a target."""
    web_store.notes.add("Y.3172", "cy's note", "curators", actor="cy")
    return changes_recorded(web_store)


def test_anonymous_readers_never_see_the_workspace(app):
    client = app.test_client()
    for path in PAGES:
        page = client.get(path)
        if path.endswith(".json"):
            assert page.status_code == 401, path
        else:
            assert page.status_code == 302, path
            assert "/auth/sign-in" in page.headers["Location"], path
        as_json = client.get(path, headers={"Accept": "application/json"})
        assert as_json.status_code == 401, path
        assert as_json.get_json() == {"ok": False, "error": "Sign in as a curator first.",
                                      "status": 401, "code": "auth.sign_in_required"}


def test_anonymous_posts_change_nothing_with_or_without_a_token(app, web_store, seeded):
    client = app.test_client()
    for path, form in POSTS:
        assert client.post(path, data=form).status_code == 400, path  # no CSRF token
        form = dict(form, csrf_token=token(client.get("/auth/sign-in").text))
        answer = client.post(path, data=form, headers={"Accept": "application/json"})
        assert answer.status_code == 401 and answer.get_json()["ok"] is False, path
    assert changes_recorded(web_store) == seeded


def test_signed_in_posts_need_a_valid_token(curator, web_store, seeded):
    for path, form in POSTS:
        assert curator.post(path, data=form).status_code == 400, path  # missing
        wrong = dict(form, csrf_token="IjAwMDAi.aaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbb")
        refused = curator.post(path, data=wrong, headers={"Accept": "application/json"})
        assert refused.status_code == 400, path
        assert refused.get_json()["ok"] is False and "CSRF" in refused.get_json()["error"]
    assert changes_recorded(web_store) == seeded


def test_a_token_from_another_session_is_refused(app, web_store, seeded):
    cy, eve = app.test_client(), app.test_client()
    sign_in(cy, "cy")
    sign_in(eve, "eve")
    stolen = csrf_of(eve)
    answer = cy.post("/curate/documents/Y.3172/tags",
                     data={"relevance": "yes", "reason": "r", "csrf_token": stolen})
    assert answer.status_code == 400
    assert changes_recorded(web_store) == seeded


def test_public_pages_show_no_curator_links_to_readers(app, curator):
    reader = app.test_client()
    for path in ("/", "/search?q=iot", "/documents/Y.3172"):
        html = reader.get(path).text
        assert "/curate" not in html and "csrf_token" not in html, path
        assert "/curate/" in curator.get(path).text, path
    assert "Bulk-tag these results" in curator.get("/search?q=iot").text


def test_curators_cannot_manage_users(curator, web_store, seeded):
    assert curator.get("/curate/users").status_code == 403
    for path, form in POSTS[-2:]:
        answer = curator.post(path, data=dict(form, csrf_token=csrf_of(curator)),
                              headers={"Accept": "application/json"})
        assert answer.status_code == 403 and answer.get_json()["ok"] is False
    assert web_store.accounts.get("mallory") is None
    assert web_store.accounts.get("cy").active


def test_admins_manage_users_from_the_web(admin, app, web_store):
    listing = admin.get("/curate/users?format=json").get_json()
    assert [u["name"] for u in listing["users"]] == ["ada", "cy", "dee", "eve"]
    assert all("password" not in k for u in listing["users"] for k in u)
    form = {"name": "fay", "role": "curator", "password": "fay-password-123",
            "csrf_token": csrf_of(admin)}
    assert admin.post("/curate/users", data=form).status_code == 302
    assert web_store.accounts.get("fay").role == "curator"
    assert admin.post("/curate/users", data=form).status_code == 302  # exists: refused
    assert len(web_store.accounts.all()) == 5
    too_short = admin.post("/curate/users", headers={"Accept": "application/json"},
                           data=dict(form, name="gus", password="short"))
    assert too_short.status_code == 400 and "at least" in too_short.get_json()["error"]
    fay = app.test_client()
    assert sign_in(fay, "fay", "fay-password-123").status_code == 302
    admin.post("/curate/users/fay/role", data={"role": "admin", "csrf_token": csrf_of(admin)})
    assert web_store.accounts.get("fay").is_admin
    assert fay.get("/curate/users").status_code == 200  # the new role applies at once
    admin.post("/curate/users/fay/disable", data={"csrf_token": csrf_of(admin)})
    assert fay.get("/curate/").status_code == 302  # the session ended
    selfish = admin.post("/curate/users/ada/disable", data={"csrf_token": csrf_of(admin)},
                         headers={"Accept": "application/json"})
    assert selfish.status_code == 409 and web_store.accounts.get("ada").active
    assert admin.post("/curate/users/nobody/disable",
                      data={"csrf_token": csrf_of(admin)}).status_code == 404
    assert admin.post("/curate/users/cy/explode",
                      data={"csrf_token": csrf_of(admin)}).status_code == 404
    actions = [e["action"] for e in admin.get("/curate/audit?format=json").get_json()["entries"]]
    assert {"user.add", "user.role", "user.disable"} <= set(actions)


def test_disabled_users_cannot_sign_in(app):
    client = app.test_client()
    answer = sign_in(client, "dee")
    assert answer.status_code == 200 and "wrong password" in answer.text
    assert client.get("/curate/").status_code == 302


def test_disabling_a_user_ends_their_session_at_once(app, curator, web_store):
    assert curator.get("/curate/").status_code == 200
    web_store.accounts.set_active("cy", False, actor="ada")
    assert curator.get("/curate/").status_code == 302
    web_store.accounts.set_active("cy", True, actor="ada")
    assert curator.get("/curate/").status_code == 302, "re-enabling does not revive a session"


def test_a_password_reset_ends_the_users_other_sessions(app, curator, web_store):
    second = app.test_client()
    sign_in(second, "cy")
    page = second.get("/auth/password")
    answer = second.post("/auth/password", data={
        "current": "cy-curator-password", "password": "cy-new-password-1",
        "repeat": "cy-new-password-1", "csrf_token": token(page.text)})
    assert answer.status_code == 302
    assert second.get("/curate/").status_code == 200  # this session goes on
    assert curator.get("/curate/").status_code == 302  # the other one ended
    assert sign_in(app.test_client(), "cy", "cy-new-password-1").status_code == 302


def test_only_the_author_or_an_admin_changes_a_note(app, web_store, curator, admin):
    note_id = web_store.notes.add("Y.3172", "eve's note", "public", actor="eve")
    form = {"body": "defaced", "visibility": "public", "csrf_token": csrf_of(curator)}
    assert curator.post(f"/curate/notes/{note_id}", data=form).status_code == 403
    assert curator.post(f"/curate/notes/{note_id}/delete",
                        data={"csrf_token": csrf_of(curator)}).status_code == 403
    form["csrf_token"] = csrf_of(admin)
    assert admin.post(f"/curate/notes/{note_id}", data=form).status_code == 302

    assert web_store.notes.get(note_id).body == "defaced"


def test_sign_in_is_rate_limited(app):
    client = app.test_client()
    for _ in range(5):
        assert sign_in(client, "cy", "wrong-password").status_code == 200
    limited = sign_in(client, "cy")  # even the right password, for a while
    assert limited.status_code == 429 and "Retry-After" in limited.headers
    assert client.get("/curate/").status_code == 302
    other = app.test_client()  # another user from the same address still may
    assert sign_in(other, "eve").status_code == 302


def test_sign_in_redirects_only_to_local_pages(app):
    client = app.test_client()
    page = client.get("/auth/sign-in?next=/curate/review")
    for target, expected in (("https://evil.example/", "/curate/"), ("//evil.example", "/curate/"),
                             ("/curate/review", "/curate/review")):
        client = app.test_client()
        page = client.get("/auth/sign-in")
        answer = client.post("/auth/sign-in", data={
            "name": "cy", "password": "cy-curator-password", "next": target,
            "csrf_token": token(page.text)})
        assert answer.headers["Location"] == expected


def test_session_cookie_is_http_only_and_lax(app):
    client = app.test_client()
    answer = sign_in(client, "cy")
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert app.config["SESSION_COOKIE_SECURE"] is False  # testing; on in production
    assert client.get("/curate/").headers["Cache-Control"] == "no-store"


def test_sign_out_needs_a_post_with_a_token(curator):
    assert curator.get("/auth/sign-out").status_code == 405
    assert curator.post("/auth/sign-out").status_code == 400
    assert curator.get("/curate/").status_code == 200
    answer = curator.post("/auth/sign-out", data={"csrf_token": csrf_of(curator)})
    assert answer.status_code == 302
    assert curator.get("/curate/").status_code == 302


def test_decisions_by_cli_users_show_in_the_audit(app, web_store, curator):
    web_store.tags.apply([TagChange("Y.3172", "region", "africa", "add")], actor="cli:root",
                  reason="imported")
    entries = curator.get("/curate/audit?format=json").get_json()["entries"]
    assert entries[0]["actor"] == "cli:root"


def test_a_disabled_users_open_session_can_change_nothing(curator, web_store, seeded):
    tokens = {path: csrf_of(curator) for path, _ in POSTS}
    web_store.accounts.set_active("cy", False, actor="ada")
    for path, form in POSTS:
        answer = curator.post(path, data=dict(form, csrf_token=tokens[path]),
                              headers={"Accept": "application/json"})
        assert answer.status_code == 401, path  # the session ended at once
        assert answer.get_json()["ok"] is False, path
    assert changes_recorded(web_store) == seeded + 1  # only the disabling itself
