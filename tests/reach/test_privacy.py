"""Nothing personal is ever written: a scripted session, then every table of the store read.

The session searches, opens results from the search page, browses, downloads, takes an
offline pack and a feed, and a curator tags, annotates and assembles a collection, all
with a distinctive address, user agent and cookie. Then every cell of every table is
searched for them. (Failed sign-ins are counted per address by design, for throttling:
the session makes none, so that table stays empty here.)
"""

from __future__ import annotations

from sqlalchemy import MetaData, select

from tests.reach.conftest import flush, post, sign_in

ADDRESS = "203.0.113.77"
AGENT = "PrivacyProbe/9.9 (unique-agent-string)"
COOKIE = "probe-cookie-value-4242"
HEADERS = {"User-Agent": AGENT, "X-Forwarded-For": ADDRESS, "X-Real-IP": ADDRESS}
ENV = {"REMOTE_ADDR": ADDRESS}


def _cells(store) -> list[tuple[str, str]]:
    meta = MetaData()
    meta.reflect(bind=store.engine)
    out = []
    with store.engine.connect() as conn:
        for table in meta.sorted_tables:
            for row in conn.execute(select(table)):
                out += [(table.name, str(value)) for value in row if value is not None]
    return out


def test_a_whole_session_writes_no_address_agent_or_cookie(app, store):
    reader = app.test_client()
    reader.set_cookie("probe", COOKIE)
    get = lambda path, **kw: reader.get(path, headers={**HEADERS, **kw.pop("headers", {})},  # noqa: E731
                                        environ_base=ENV, **kw)
    assert get("/search?q=machine+learning").status_code == 200
    assert get("/search?q=zzzz+nothing").status_code == 200
    assert get("/fr/search?q=haut+d%C3%A9bit&region=africa").status_code == 200
    opened = get("/documents/Y.3172", headers={
        "Referer": "http://localhost/search?q=machine+learning"})
    assert opened.status_code == 200
    assert get("/topics/iot").status_code == 200
    assert get("/go/Y.3172?language=English&format=PDF").status_code == 302
    assert get("/packs/download?topic=iot").status_code == 200
    assert get("/feeds/changes.atom?q=iot").status_code == 200
    curator = app.test_client()
    curator.set_cookie("probe", COOKIE)
    curator.environ_base.update(ENV)
    assert sign_in(curator, "cy").status_code == 302
    session = next(c.value for c in curator._cookies.values() if c.key == "session")
    assert post(curator, "/curate/documents/Y.4218/tags", relevance="yes",
                reason="Rural IoT for LDCs").status_code == 302
    assert post(curator, "/curate/collections", title="Rural broadband",
                intro="Start here").status_code == 302
    assert post(curator, "/curate/collections/rural-broadband", action="add",
                number="Y.4218", note="The requirements").status_code == 302
    assert curator.get("/curate/insights").status_code == 200
    flush(app)
    cells = _cells(store)
    assert any(t == "metric_searches" for t, _ in cells), "the session was recorded"
    assert any(t == "metric_downloads" for t, _ in cells)
    for secret in (ADDRESS, AGENT, "PrivacyProbe", COOKIE, session):
        found = [(t, v[:80]) for t, v in cells if secret in v]
        assert found == [], f"{secret!r} written to {found}"
    assert not [v for t, v in cells if t == "signin_failures"]
