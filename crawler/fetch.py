"""Own the network: the only module that talks HTTP to www.itu.int (or a mirror of it).

Polite by construction: robots.txt (protego), a real User-Agent with a contact URL, one
request at a time, a delay between requests that grows on 429/503 and honours Retry-After,
timeouts and a size cap on every request, retries with backoff on 5xx, 429, timeouts and
broken bodies only (tenacity), conditional GET from the raw archive's validators. Every
response is archived before anyone parses it. Callers speak canonical https://www.itu.int
URLs; the configured base URL (a mirror) is substituted here and only here.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

import requests
from protego import Protego
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from crawler.archive import ArchivedResponse, RawArchive
from crawler.errors import CrawlError
from crawler.urls import ITU, ITU_HOST, ROBOTS, canonical
from itucat.config import CrawlerConfig

log = logging.getLogger("itucat.fetch")

_REDIRECTS = {301, 302, 303, 307, 308}
_MAX_REDIRECTS = 5


class FetchError(CrawlError):
    """A URL could not be fetched (after retries, when retrying made sense).

    `status` is the HTTP status www.itu.int answered, if it answered.
    """

    def __init__(self, url: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}", "crawl.fetch_failed")
        self.url = url
        self.reason = reason
        self.status = status


class RobotsDisallowed(FetchError):
    """robots.txt forbids this URL for our User-Agent."""


class _Retryable(Exception):
    """An attempt failed in a way that another attempt may fix."""

    def __init__(self, reason: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


@dataclass(frozen=True)
class Page:
    """A fetched (or, on 304, re-used) response, addressed by its canonical URL."""

    url: str
    status: int
    body: bytes
    content_type: str | None
    final_url: str
    not_modified: bool = False


def parse_retry_after(value: str | None) -> float | None:
    """Read a Retry-After header given in seconds (HTTP dates are rare here; ignored)."""
    if not value:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        return None


def settle_environment(session: requests.Session, base_url: str) -> None:
    """Read the environment's proxies, CA bundle and .netrc credentials once, for the base URL.

    requests reads them again for every request (os.environ scans and a .netrc lookup: ~4 %
    of a harvest's CPU). Every request of a Fetcher goes to the one configured host, and
    requests decides all three by host, so reading them once at the start of a run gives the
    same answers (HTTP(S)_PROXY, NO_PROXY, REQUESTS_CA_BUNDLE, ~/.netrc are still honoured).
    """
    if not session.trust_env:
        return
    settings = session.merge_environment_settings(base_url, {}, None, None, None)
    session.proxies = settings["proxies"]
    session.verify = settings["verify"]
    session.cert = settings["cert"]
    if session.auth is None:
        session.auth = requests.utils.get_netrc_auth(base_url)
    session.trust_env = False


class Fetcher:
    """Fetch canonical ITU URLs politely, archiving every response."""

    def __init__(
        self,
        config: CrawlerConfig,
        archive: RawArchive,
        *,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        self.archive = archive
        self.base_url = config.base_url.rstrip("/")
        self.user_agent = config.user_agent.format(contact_url=config.contact_url)
        self.session = session or requests.Session()
        self.session.headers.update({"User-Agent": self.user_agent, "Accept-Language": "en"})
        settle_environment(self.session, self.base_url)
        self._sleep = sleep
        self.requests = 0  # every HTTP request sent, retries and robots.txt included
        self._delay = config.delay
        self._last_request = 0.0
        self._robots: Protego | None = None
        self._backoff_base = max(config.delay, 0.05)
        self._retrying = Retrying(
            stop=stop_after_attempt(max(1, config.retries)),
            wait=self._wait,
            retry=retry_if_exception_type(_Retryable),
            sleep=self._sleep,
            reraise=True,
        )

    # -- public -----------------------------------------------------------------------

    def to_network(self, url: str) -> str:
        """Point a canonical URL at the configured base URL (a mirror in tests)."""
        return ITU_HOST.sub(self.base_url, canonical(url))

    def from_network(self, url: str) -> str:
        """Map a URL on the configured host back to its canonical www.itu.int form."""
        if url.startswith(self.base_url):
            return ITU + url[len(self.base_url) :]
        return canonical(url)

    def get(self, url: str, *, conditional: bool = False) -> Page:
        """Fetch a canonical URL (following redirects on the same site); raise FetchError."""
        url = canonical(url)
        self._check_robots(url)
        validators = self.archive.latest(url) if conditional else None
        if validators is not None and validators.status != 200:
            validators = None
        current = url
        for _ in range(_MAX_REDIRECTS + 1):
            status, body, headers = self._request_with_retries(current, validators)
            if status in _REDIRECTS and headers.get("Location"):
                self.archive.put(current, status, body, final_url=headers["Location"])
                current = self.from_network(urljoin(self.to_network(current), headers["Location"]))
                if not current.startswith(ITU):
                    raise FetchError(url, f"redirected off site to {current}", status)
                self._check_robots(current)
                # The archived validators belong to the final target of the last fetch: keep
                # them only while the redirect leads to that same place.
                if validators is not None and validators.final_url != current:
                    validators = None
                continue
            if status == 304 and validators is not None:
                return Page(url, 200, validators.body, validators.content_type, current, True)
            content_type = headers.get("Content-Type")
            self.archive.put(
                url,
                status,
                body,
                content_type=content_type,
                etag=headers.get("ETag"),
                last_modified=headers.get("Last-Modified"),
                final_url=current,
            )
            if status == 403:
                raise FetchError(url, "rejected (403): check crawler.user_agent", status)
            if status >= 400:
                raise FetchError(url, f"HTTP {status}", status)
            return Page(url, status, body, content_type, current)
        raise FetchError(url, "too many redirects")

    # -- robots.txt ---------------------------------------------------------------------

    def _check_robots(self, url: str) -> None:
        if self._robots is None:
            self._robots = self._load_robots()
        if not self._robots.can_fetch(self.to_network(url), self.user_agent):
            raise RobotsDisallowed(url, "disallowed by robots.txt")

    def _load_robots(self) -> Protego:
        robots_url = ROBOTS
        try:
            status, body, _ = self._request_with_retries(robots_url, None)
        except FetchError as exc:
            # RFC 9309: an unreachable robots.txt means "assume everything is disallowed".
            raise FetchError(robots_url, f"robots.txt unreachable ({exc.reason})") from exc
        if 400 <= status < 500:
            return Protego.parse("")  # no robots.txt: everything allowed
        if status != 200:
            raise FetchError(robots_url, f"robots.txt answered HTTP {status}", status)
        self.archive.put(robots_url, status, body, content_type="text/plain")
        robots = Protego.parse(body.decode("utf-8", "replace"))
        crawl_delay = robots.crawl_delay(self.user_agent)
        if crawl_delay and crawl_delay > self._delay:
            log.info("robots.txt asks for a crawl delay of %s s", crawl_delay)
            self._delay = float(crawl_delay)
        return robots

    # -- one request, with retries ------------------------------------------------------

    def _request_with_retries(
        self, url: str, validators: ArchivedResponse | None
    ) -> tuple[int, bytes, Mapping[str, str]]:
        try:
            return self._retrying(self._request_once, url, validators)
        except _Retryable as exc:
            raise FetchError(url, f"gave up after {self.config.retries} attempts: {exc.reason}",
                             exc.status) from exc

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Retryable) and exc.retry_after is not None:
            return min(exc.retry_after, self.config.max_backoff)
        backoff = self._backoff_base * 2.0 ** (state.attempt_number - 1)
        return min(self.config.max_backoff, backoff * random.uniform(1.0, 1.5))

    def _pace(self) -> None:
        wait = self._last_request + self._delay - time.monotonic()
        if wait > 0:
            self._sleep(wait)
        self._last_request = time.monotonic()

    def _request_once(
        self, url: str, validators: ArchivedResponse | None
    ) -> tuple[int, bytes, Mapping[str, str]]:
        headers: dict[str, str] = {}
        if validators is not None:
            if validators.etag:
                headers["If-None-Match"] = validators.etag
            if validators.last_modified:
                headers["If-Modified-Since"] = validators.last_modified
        self._pace()
        self.requests += 1
        try:
            response = self.session.get(
                self.to_network(url),
                headers=headers,
                timeout=self.config.timeout,
                allow_redirects=False,
                stream=True,
            )
        except (requests.Timeout, requests.ConnectionError) as exc:
            raise _Retryable(type(exc).__name__) from exc
        try:
            body = self._read_capped(response)
        finally:
            response.close()
        status = response.status_code
        if status in (429, 503):
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            # Being told to slow down: double the pace for the rest of the run.
            self._delay = min(max(self._delay * 2, self.config.delay), self.config.max_backoff)
            raise _Retryable(f"HTTP {status}", status, retry_after)
        if status >= 500:
            raise _Retryable(f"HTTP {status}", status)
        # requests' CaseInsensitiveDict, kept as it is: HTTP/2 servers (and some proxies) send
        # "etag" and "location" in lower case, and a plain dict would lose them.
        return status, body, response.headers

    def _read_capped(self, response: requests.Response) -> bytes:
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > self.config.max_bytes:
                    raise FetchError(
                        response.url, f"body larger than {self.config.max_bytes} bytes"
                    )
                chunks.append(chunk)
        except (requests.exceptions.ChunkedEncodingError, requests.ConnectionError,
                requests.Timeout) as exc:
            raise _Retryable(f"broken body ({type(exc).__name__})") from exc
        body = b"".join(chunks)
        expected = response.headers.get("Content-Length")
        if expected and expected.isdigit() and int(expected) != len(body) \
                and "Content-Encoding" not in response.headers:
            raise _Retryable(f"truncated body ({len(body)} of {expected} bytes)")
        return body
