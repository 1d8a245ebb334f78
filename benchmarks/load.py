"""Load the production server while one client stalls uploads (issue 10: "Done means").

gunicorn with the shipped gunicorn.conf.py on 127.0.0.1 serves the whole crawled mirror
catalogue (var/bench/mirror-full/, crawled once and reused: benchmarks/mirror_cache.py).
A bounded mix of reader requests (searches, facet clicks, document pages with Technical
Papers, Reports and Handbooks among them, API calls) runs at 1, 8 and 16 clients for
--seconds each, first alone (the baseline, in this same process) and then while one
client keeps stalling uploads (bodies declared and never sent, over and under the size
limit). Printed: requests, req/s, p50/p95/p99 latency and errors per run, the ratio of
each stalled run's p95 to its baseline, and p95 per kind of page at 8 clients.
Goal: 0 errors and p95 <= 100 ms at 8 clients with the stalling client.

    .venv/bin/python benchmarks/load.py [--data-dir DIR] [--seconds 20] [--clients 1,8,16]
"""

from __future__ import annotations

import argparse
import itertools
import os
import socket
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.mirror_cache import DEFAULT_CACHE, build_index, ensure_crawled  # noqa: E402
from benchmarks.site_server import SiteServer  # noqa: E402

QUERIES = ["machine learning", "IoT security", "Y.3172", "optical access", "5G",
           "e-waste", "tarification", "quality of service", "numbering", "G.652",
           "digital financial services", "emergency telecommunications", "cloud computing",
           "smart city", "H.264", "accessibility", "climate change", "VoIP", "blockchain"]
MAX_REQUESTS_PER_CLIENT = 20_000
GOAL_P95_MS = 100.0


@dataclass
class Run:
    """The latencies and errors of one load run."""

    clients: int
    stalling: bool
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    stalled: int = 0

    def percentile(self, p: float, values: list[float] | None = None) -> float:
        data = sorted(self.latencies if values is None else values)
        if not data:
            return float("nan")
        return data[min(len(data) - 1, int(round(p / 100 * (len(data) - 1))))] * 1000


def request_mix(base: str) -> list[tuple[str, str]]:
    """(kind, path) pairs: searches, facet clicks, documents, publications, API calls."""
    session = requests.Session()
    topics = [v["id"] for v in session.get(f"{base}/api/v1/topics", timeout=60)
              .json()["topics"] if "." not in v["id"]][:8]
    regions = [v["id"] for v in session.get(f"{base}/api/v1/regions", timeout=60)
               .json()["regions"]][:4]
    numbers: list[str] = []
    publications: list[str] = []
    for query in QUERIES[:10]:
        hits = session.get(f"{base}/api/v1/search", params={"q": query, "per_page": 10},
                           timeout=60).json()["results"]
        numbers += [h["number"] for h in hits[:4]]
    for kind in ("Technical Paper", "Technical Report", "Handbook"):
        hits = session.get(f"{base}/api/v1/search", params={"type": kind, "per_page": 10},
                           timeout=60).json()["results"]
        publications += [h["number"] for h in hits]
    mix: list[tuple[str, str]] = []
    for n, query in enumerate(QUERIES):
        mix.append(("search", f"/search?q={requests.utils.quote(query)}"))
        mix.append(("facet", f"/search?q={requests.utils.quote(query)}"
                             f"&topic={topics[n % len(topics)]}"))
        mix.append(("facet", f"/search?region={regions[n % len(regions)]}&dc=yes"))
        mix.append(("api", f"/api/v1/search?q={requests.utils.quote(query)}&per_page=20"))
    mix += [("document", f"/documents/{requests.utils.quote(n)}") for n in numbers]
    mix += [("publication", f"/documents/{requests.utils.quote(n)}") for n in publications]
    mix += [("api", f"/api/v1/documents/{requests.utils.quote(n)}") for n in numbers[::3]]
    return mix


def _reader(base: str, mix: list[tuple[str, str]], offset: int, deadline: float,
            run: Run, lock: threading.Lock) -> None:
    session = requests.Session()
    session.headers["Accept-Encoding"] = "gzip"
    for count, (kind, path) in enumerate(itertools.islice(itertools.cycle(mix), offset,
                                                          None)):
        if time.monotonic() >= deadline or count >= MAX_REQUESTS_PER_CLIENT:
            return
        started = time.perf_counter()
        try:
            answer = session.get(base + path, timeout=30)
            answer.content  # noqa: B018 - read the whole body
            took = time.perf_counter() - started
            error = None if answer.status_code == 200 else f"{answer.status_code} {path}"
        except requests.RequestException as exc:
            took, error = time.perf_counter() - started, f"{type(exc).__name__} {path}"
        with lock:
            run.latencies.append(took)
            run.by_kind[kind].append(took)
            if error:
                run.errors.append(error)


def _staller(base: str, deadline: float, run: Run) -> None:
    """One client that keeps four uploads stalled: two over the limit, two under it."""
    host, port = base.removeprefix("http://").split(":")
    open_conns: list[socket.socket] = []
    shapes = itertools.cycle([(1_000_000, b""), (2000, b"name=x&")])
    while time.monotonic() < deadline:
        while len(open_conns) < 4:
            declared, sent = next(shapes)
            try:
                conn = socket.create_connection((host, int(port)), timeout=30)
                conn.sendall((f"POST /auth/sign-in HTTP/1.1\r\nHost: {host}:{port}\r\n"
                              "Content-Type: application/x-www-form-urlencoded\r\n"
                              f"Content-Length: {declared}\r\n\r\n").encode() + sent)
                conn.setblocking(False)
                open_conns.append(conn)
                run.stalled += 1
            except OSError:
                break
        time.sleep(0.2)
        for conn in list(open_conns):  # the server answered (413, 408) or closed it
            try:
                if conn.recv(4096) == b"":
                    raise ConnectionError
            except BlockingIOError:
                continue
            except OSError:
                pass
            conn.close()
            open_conns.remove(conn)
    for conn in open_conns:
        conn.close()


def load(base: str, mix: list[tuple[str, str]], clients: int, seconds: float,
         stalling: bool) -> Run:
    """Run `clients` readers for `seconds` (and the staller when asked)."""
    run = Run(clients, stalling)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=_reader, args=(base, mix, i * 7, deadline, run, lock))
               for i in range(clients)]
    if stalling:
        threads.append(threading.Thread(target=_staller, args=(base, deadline, run)))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    run.seconds = time.monotonic() - started
    return run


def report(runs: list[Run]) -> None:
    print(f"\n{'clients':>7} {'stalling':>8} {'requests':>8} {'req/s':>7} {'p50 ms':>7} "
          f"{'p95 ms':>7} {'p99 ms':>7} {'errors':>6} {'p95/base':>8}")
    base_p95 = {r.clients: r.percentile(95) for r in runs if not r.stalling}
    for run in runs:
        ratio = run.percentile(95) / base_p95[run.clients] if run.clients in base_p95 else 1
        print(f"{run.clients:>7} {'yes' if run.stalling else 'no':>8} {len(run.latencies):>8} "
              f"{len(run.latencies) / run.seconds:>7.1f} {run.percentile(50):>7.1f} "
              f"{run.percentile(95):>7.1f} {run.percentile(99):>7.1f} {len(run.errors):>6} "
              f"{ratio:>8.2f}" + (f"   ({run.stalled} stalled uploads)" if run.stalling
                                  else ""))
        for error in sorted(set(run.errors))[:5]:
            print(f"        error: {error}")
    eight = next((r for r in runs if r.clients == 8 and r.stalling), None)
    if eight:
        print("\np95 per kind at 8 clients, stalling: " + ", ".join(
            f"{kind} {eight.percentile(95, values):.0f} ms ({len(values)})"
            for kind, values in sorted(eight.by_kind.items())))
        met = not eight.errors and eight.percentile(95) <= GOAL_P95_MS
        print(f"goal (0 errors, p95 <= {GOAL_P95_MS:.0f} ms at 8 clients while uploads stall): "
              f"{'met' if met else 'NOT met'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="a crawled and indexed catalogue "
                        f"(default: {DEFAULT_CACHE}, crawled from the mirror if missing)")
    parser.add_argument("--reference", type=Path, default=ROOT.parent / "shared" /
                        "itu-reference", help="itu-reference folder (for the crawl)")
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds per run")
    parser.add_argument("--clients", default="1,8,16", help="client counts, comma-separated")
    parser.add_argument("--no-baseline", action="store_true", help="only the stalled runs")
    args = parser.parse_args()
    data_dir = args.data_dir
    if data_dir is None:
        data_dir = ensure_crawled(DEFAULT_CACHE, args.reference)
    if not (data_dir / "index" / "CURRENT").is_file():
        print(f"building the search index of {data_dir}...", file=sys.stderr)
        build_index(data_dir)
    os.environ["ITUCAT_WEB_ACCESS_LOG"] = ""  # the access log would be the slowest part
    counts = [int(c) for c in args.clients.split(",")]
    runs: list[Run] = []
    with SiteServer(data_dir) as site:
        mix = request_mix(site.base_url)
        kinds = defaultdict(int)
        for kind, _path in mix:
            kinds[kind] += 1
        print(f"gunicorn -c gunicorn.conf.py on {site.base_url}, {data_dir}; "
              f"mix of {len(mix)} requests: " + ", ".join(f"{k} {v}" for k, v in
                                                          sorted(kinds.items())))
        load(site.base_url, mix, 2, 3.0, False)  # warm the workers' searchers and caches
        for clients in counts:
            if not args.no_baseline:
                runs.append(load(site.base_url, mix, clients, args.seconds, False))
            runs.append(load(site.base_url, mix, clients, args.seconds, True))
    report(runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
