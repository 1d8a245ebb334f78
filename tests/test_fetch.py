"""The fetch layer: politeness, retries, Retry-After, caps, redirects, archive, conditional GET."""

from __future__ import annotations

from dataclasses import replace

import pytest

from crawler.archive import RawArchive
from crawler.fetch import Fetcher, FetchError, RobotsDisallowed
from crawler.urls import canonical
from itucat.config import CrawlerConfig
from tests.scripted_server import Reply, ScriptedServer

ITU = "https://www.itu.int"


@pytest.fixture
def server():
    with ScriptedServer() as srv:
        srv.script("/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n"))
        yield srv


@pytest.fixture
def archive(tmp_path):
    arc = RawArchive(tmp_path / "raw.sqlite")
    yield arc
    arc.close()


def make_fetcher(server, archive, sleeps=None, **overrides):
    config = replace(CrawlerConfig(base_url=server.base_url, delay=0, timeout=2, retries=3),
                     **overrides)
    waits = sleeps if sleeps is not None else []
    return Fetcher(config, archive, sleep=waits.append)


def test_canonical_maps_every_itu_spelling():
    assert canonical("http://www.itu.int/rec/X") == f"{ITU}/rec/X"
    assert canonical("https://itu.int/pub/Y") == f"{ITU}/pub/Y"


def test_get_archives_before_returning_and_sends_user_agent(server, archive):
    server.script("/a", Reply(200, b"hello", {"ETag": '"1"'}))
    fetcher = make_fetcher(server, archive)
    page = fetcher.get(f"{ITU}/a")
    assert page.body == b"hello" and page.url == f"{ITU}/a"
    assert archive.latest(f"{ITU}/a").body == b"hello"
    agent = server.requests[-1][1]["User-Agent"]
    assert agent.startswith("Mozilla/5.0") and "https://" in agent
    assert fetcher.requests == 2  # robots.txt + the page


def test_robots_txt_is_obeyed(server, archive):
    fetcher = make_fetcher(server, archive)
    with pytest.raises(RobotsDisallowed):
        fetcher.get(f"{ITU}/private/x")
    assert [p for p, _ in server.requests] == ["/robots.txt"]


def test_missing_robots_txt_allows_everything(server, archive):
    server.script("/robots.txt", Reply(404, b""))
    server.script("/private/x", Reply(200, b"fine"))
    assert make_fetcher(server, archive).get(f"{ITU}/private/x").body == b"fine"


def test_unreachable_robots_txt_is_fatal(server, archive):
    server.script("/robots.txt", Reply(500, b""))
    with pytest.raises(FetchError, match="robots.txt unreachable"):
        make_fetcher(server, archive).get(f"{ITU}/a")


def test_retries_5xx_then_succeeds(server, archive):
    server.script("/a", Reply(500), Reply(502), Reply(200, b"third"))
    sleeps: list[float] = []
    assert make_fetcher(server, archive, sleeps).get(f"{ITU}/a").body == b"third"
    assert len(sleeps) == 2


def test_429_honours_retry_after_and_slows_down(server, archive):
    server.script("/a", Reply(429, b"", {"Retry-After": "7"}), Reply(200, b"ok"))
    sleeps: list[float] = []
    fetcher = make_fetcher(server, archive, sleeps, delay=0)
    fetcher.config = replace(fetcher.config, delay=0)
    assert fetcher.get(f"{ITU}/a").body == b"ok"
    assert 7 in sleeps


def test_retry_after_is_capped(server, archive):
    server.script("/a", Reply(503, b"", {"Retry-After": "99999"}), Reply(200, b"ok"))
    sleeps: list[float] = []
    make_fetcher(server, archive, sleeps, max_backoff=5).get(f"{ITU}/a")
    assert max(sleeps) == 5


def test_gives_up_after_retries(server, archive):
    server.script("/a", Reply(503))
    fetcher = make_fetcher(server, archive)
    with pytest.raises(FetchError, match="gave up after 3 attempts"):
        fetcher.get(f"{ITU}/a")
    assert sum(1 for p, _ in server.requests if p == "/a") == 3


def test_4xx_is_not_retried(server, archive):
    server.script("/a", Reply(404, b"missing"))
    with pytest.raises(FetchError) as err:
        make_fetcher(server, archive).get(f"{ITU}/a")
    assert err.value.status == 404
    assert sum(1 for p, _ in server.requests if p == "/a") == 1


def test_firewall_rejection_names_the_setting(server, archive):
    server.script("/a", Reply(403, b"Request Rejected"))
    with pytest.raises(FetchError, match="user_agent"):
        make_fetcher(server, archive).get(f"{ITU}/a")


def test_truncated_body_is_retried(server, archive):
    server.script("/a", Reply(200, b"short", declared_length=50), Reply(200, b"complete"))
    assert make_fetcher(server, archive).get(f"{ITU}/a").body == b"complete"


def test_size_cap(server, archive):
    server.script("/a", Reply(200, b"x" * 5000))
    with pytest.raises(FetchError, match="larger than"):
        make_fetcher(server, archive, max_bytes=1000).get(f"{ITU}/a")


def test_redirects_stay_on_the_configured_host(server, archive):
    server.script("/pub/T-TUT-X", Reply(302, b"", {
        "Location": "https://www.itu.int/en/publications/pages/notfound.aspx"}))
    server.script("/en/publications/pages/notfound.aspx", Reply(200, b"not found page"))
    page = make_fetcher(server, archive).get(f"{ITU}/pub/T-TUT-X")
    assert page.final_url == f"{ITU}/en/publications/pages/notfound.aspx"
    assert page.body == b"not found page"


def test_conditional_get_reuses_the_archived_body(server, archive):
    server.script("/e", Reply(200, b"v1", {"ETag": '"v1"'}), Reply(304, b""))
    fetcher = make_fetcher(server, archive)
    assert fetcher.get(f"{ITU}/e", conditional=True).not_modified is False
    again = fetcher.get(f"{ITU}/e", conditional=True)
    assert again.not_modified and again.body == b"v1"
    assert server.requests[-1][1]["If-None-Match"] == '"v1"'


def test_lower_case_validators_and_redirects_are_not_lost(server, archive):
    """HTTP/2 (and some proxies) send header names in lower case: "etag", "location"."""
    server.script("/old", Reply(301, b"", {"location": "/new"}))
    server.script("/new", Reply(200, b"v1", {"etag": '"n1"', "last-modified":
                                             "Sat, 22 Aug 2026 00:00:00 GMT"}), Reply(304, b""))
    fetcher = make_fetcher(server, archive)
    page = fetcher.get(f"{ITU}/old")
    assert page.final_url == f"{ITU}/new" and page.body == b"v1"
    stored = archive.latest(f"{ITU}/old")
    assert stored.etag == '"n1"' and stored.last_modified.startswith("Sat, 22 Aug 2026")
    again = fetcher.get(f"{ITU}/old", conditional=True)
    assert again.not_modified and again.body == b"v1"
    assert server.requests[-1][1]["If-None-Match"] == '"n1"'


def test_delay_is_kept_between_requests(server, archive):
    server.script("/a", Reply(200, b"a"))
    sleeps: list[float] = []
    fetcher = make_fetcher(server, archive, sleeps, delay=0.5)
    fetcher.get(f"{ITU}/a")
    fetcher.get(f"{ITU}/a")
    assert sleeps and all(0 < s <= 0.5 for s in sleeps)


def test_connection_refused_is_a_fetch_error(tmp_path, archive):
    config = CrawlerConfig(base_url="http://127.0.0.1:9", delay=0, timeout=1, retries=2)
    with pytest.raises(FetchError):
        Fetcher(config, archive, sleep=lambda s: None).get(f"{ITU}/a")


def test_the_environments_proxy_and_no_proxy_are_honoured(server, archive, monkeypatch):
    """Proxies are read from the environment once per Fetcher, for its one host."""
    site = "http://catalogue-mirror.test:8080"  # never resolved: only the proxy is reached
    server.script(f"{site}/robots.txt", Reply(200, b"User-agent: *\n"))
    server.script(f"{site}/a", Reply(200, b"through the proxy"))
    monkeypatch.setenv("HTTP_PROXY", server.base_url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    config = CrawlerConfig(base_url=site, delay=0, timeout=2, retries=1)
    assert Fetcher(config, archive).get(f"{ITU}/a").body == b"through the proxy"
    assert [p for p, _ in server.requests] == [f"{site}/robots.txt", f"{site}/a"]
    # NO_PROXY names the host: straight to it (which does not exist), never via the proxy.
    monkeypatch.setenv("NO_PROXY", "catalogue-mirror.test")
    with pytest.raises(FetchError):
        Fetcher(config, archive, sleep=lambda s: None).get(f"{ITU}/b")
    assert len(server.requests) == 2


def test_the_archive_keeps_a_body_once_and_every_response(archive):
    body = b"<html>" + b"same page " * 500 + b"</html>"
    archive.put(f"{ITU}/x", 200, body, etag='"1"')
    archive.put(f"{ITU}/y", 200, body, etag='"2"')  # a known body: not compressed again
    archive.put(f"{ITU}/x", 200, b"changed", etag='"3"')
    db = archive._db
    assert db.execute("SELECT count(*) FROM blobs").fetchone()[0] == 2
    assert db.execute("SELECT count(*) FROM responses").fetchone()[0] == 3
    assert archive.latest(f"{ITU}/y").body == body and archive.latest(f"{ITU}/y").etag == '"2"'
    assert archive.latest(f"{ITU}/x").body == b"changed"
