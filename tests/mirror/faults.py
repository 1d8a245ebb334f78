"""Fault injection, request log and other switches of the mirror (all thread-safe).

Faults are decided per request with a seeded RNG, so a retry of the same URL may succeed:

* ``latency``  - sleep 0.2 s, then answer normally
* ``http500``  - 500 with an HTML error page
* ``http503``  - 503 with ``Retry-After: 1`` (ITU's throttling answer on /rec)
* ``http429``  - 429 with ``Retry-After: 1``
* ``timeout``  - sleep ``timeout_sleep`` seconds (default 3), then answer normally
* ``truncate`` - announce a Content-Length larger than the body, send part, close
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass

FAULT_KINDS = frozenset({"latency", "http500", "http503", "http429", "timeout", "truncate"})


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One served request."""

    method: str
    path: str
    status: int
    user_agent: str
    fault: str | None = None


class Faults:
    """Current fault settings; ``decide`` draws the fault (or None) for one request."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.rate = 0.0
        self.kinds: tuple[str, ...] = tuple(sorted(FAULT_KINDS))
        self.include_robots = False
        self.timeout_sleep = 3.0
        self.latency_sleep = 0.2
        self._rng = random.Random(0)

    def set(
        self,
        rate: float,
        kinds: set[str] | None = None,
        seed: int = 0,
        *,
        timeout_sleep: float | None = None,
        include_robots: bool = False,
    ) -> None:
        """Enable faults on a fraction ``rate`` of requests (0 disables)."""
        chosen = set(kinds) if kinds else set(FAULT_KINDS)
        unknown = chosen - FAULT_KINDS
        if unknown:
            raise ValueError(f"unknown fault kinds: {sorted(unknown)}")
        with self._lock:
            self.rate = max(0.0, min(1.0, float(rate)))
            self.kinds = tuple(sorted(chosen))
            self.include_robots = include_robots
            self._rng = random.Random(seed)
            if timeout_sleep is not None:
                self.timeout_sleep = float(timeout_sleep)

    def clear(self) -> None:
        """No more faults."""
        with self._lock:
            self.rate = 0.0

    def decide(self, path: str) -> str | None:
        """The fault for this request, or None."""
        with self._lock:
            if self.rate <= 0.0:
                return None
            if path.startswith("/robots.txt") and not self.include_robots:
                return None
            if self._rng.random() >= self.rate:
                return None
            return self._rng.choice(self.kinds)


class RequestLog:
    """Append-only request log."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[LogEntry] = []

    def add(self, entry: LogEntry) -> None:
        """Record one request."""
        with self._lock:
            self._entries.append(entry)

    @property
    def entries(self) -> list[LogEntry]:
        """A copy of all entries so far."""
        with self._lock:
            return list(self._entries)

    def reset(self) -> None:
        """Forget all entries."""
        with self._lock:
            self._entries.clear()

    def count(self, predicate: Callable[[LogEntry], bool] | None = None) -> int:
        """Number of entries (matching ``predicate`` if given)."""
        with self._lock:
            if predicate is None:
                return len(self._entries)
            return sum(1 for e in self._entries if predicate(e))


ROBOTS_BASE = (
    "User-agent: *",
    "Disallow: /net/",
    "Disallow: /net4/",
    "Disallow: /cgi-bin/",
    "Disallow: /ITU-T/recommendations/index_sg.aspx",
    "Disallow: /ITU-T/recommendations/search.aspx",
    "Disallow: /online/",
)

REJECTED_PAGE = (
    b"<html><head><title>Request Rejected</title></head><body>The requested URL was "
    b"rejected. Please consult with your administrator.<br><br>Your support ID is: "
    b"%d<br><br><a href='javascript:history.back();'>[Go Back]</a></body></html>"
)

ERROR_PAGE = (
    "<!DOCTYPE html>\r\n<html><head><title>{code} - {reason}</title></head><body>"
    "<h1>Server Error</h1><h2>{code} - {reason}</h2></body></html>\r\n"
)
