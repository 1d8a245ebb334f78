"""Benchmark the public site: bytes on the wire of the main pages, and server latency.

    python benchmarks/pages.py [--data-dir DIR] [--reference DIR] [--rounds N]

Without --data-dir the whole offline mirror of itu.int (tests/mirror, from
../shared/itu-reference) is crawled into a temporary directory and indexed (about five
minutes); with it, DIR must hold a crawled catalogue with its index (`itucat crawl` and
`itucat index rebuild`). Prints:
- the gzip size on the wire of the home, search, document and browse pages, with the
  stylesheet and script they load (the budget is 25 KB for search and document pages);
- server latency p50/p95 of search and document pages, one client, through the full
  Flask stack (routing, search, template, gzip) with the WSGI server in the same process
  both as measured by the client over HTTP on 127.0.0.1 and inside the app (no socket).
  Cold = each distinct request once (no answer cached); warm = the same requests again;
  another language reuses the engine's cached answers and renders the page anew.
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from app import create_app  # noqa: E402
from itucat.config import load_config, with_overrides  # noqa: E402
from tests.shared_paths import reference_dir  # noqa: E402

SEARCHES = [
    "q=network", "q=security", "q=optical+fibre+cable", "q=video+coding", "q=iot&dc=yes",
    "q=tariff&dc=yes", "topic=iot", "region=africa", "all=1", "q=machin+lerning",
    "q=requirements+framework&decade=2020s", "q=Q.7*", "q=G.98*", "q=cybersecurty",
    "q=smart+city&type=Supplement", "q=management&sg=2", "q=test&all=1",
    "q=%22quality+of+service%22", "q=mobile+OR+wireless", "q=iot+-security",
    "q=energy&kind=guideline", "q=ISDN&all=1", "q=telex", "q=e-waste", "q=5G&sort=newest",
    "q=rural+developing+countries", "topic=ai-ml&region=asia-pacific", "sg=13&year=2024",
    "q=emergency&language=Arabic", "q=accessibility&page=2", "dc=yes&type=Technical+Paper",
    "q=blockchain", "q=digital+financial+services", "q=satellite", "q=broadband&sort=oldest",
    "q=numbering+plan", "q=voice+over+ip", "q=codec&language=French", "q=quantum",
    "q=climate+change&region=europe",
]
WIRE_PAGES = ["/", "/search?q=iot+rural&dc=yes", "/search?q=network", "/fr/search?topic=iot",
              "/ar/search?q=e-waste", "/topics", "/status"]


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered)) - 1))]


def crawl_mirror(reference: Path, data_dir: Path) -> None:
    """Crawl the whole offline mirror and build the index (about five minutes)."""
    from index.search import paths_for, rebuild
    from index.store import Store
    from tests.crawl_helpers import crawl
    from tests.mirror import MirrorServer

    started = time.perf_counter()
    with MirrorServer(reference) as mirror:
        outcome = crawl(mirror, data_dir)
    print(f"crawl: {outcome.message} ({time.perf_counter() - started:.0f} s)")
    store = Store.open(data_dir)
    try:
        print(f"index: {rebuild(store, paths_for(data_dir)).line()}")
    finally:
        store.close()


def wire_size(session: requests.Session, url: str) -> int:
    """Bytes of the body as sent (gzip accepted)."""
    response = session.get(url, headers={"Accept-Encoding": "gzip"}, stream=True)
    response.raise_for_status()
    return len(response.raw.read(decode_content=False))


def page_sizes(base: str, documents: list[str]) -> None:
    session = requests.Session()
    print("\nOn the wire (gzip), page + stylesheet + script, budget 25 KB for search/document:")
    first = BeautifulSoup(session.get(base + "/").text, "lxml")
    assets = [first.select_one("link[rel=stylesheet]")["href"],
              first.select_one("script[src]")["src"]]
    asset_bytes = sum(wire_size(session, base + a) for a in assets)
    print(f"  {'stylesheet + script':44} {asset_bytes / 1000:6.1f} KB")
    raw_sizes = []
    for path in WIRE_PAGES + [f"/documents/{d}" for d in documents]:
        size = wire_size(session, base + path)
        raw_sizes.append(len(session.get(base + path, headers={
            "Accept-Encoding": "identity"}).content))
        total = size + asset_bytes
        flag = "" if total <= 25_000 or not path.startswith(("/search", "/documents",
                                                             "/fr/search", "/ar/search")) \
            else "  OVER BUDGET"
        print(f"  {path[:44]:44} {size / 1000:6.1f} KB  (+assets {total / 1000:5.1f} KB,"
              f" uncompressed {raw_sizes[-1] / 1000:5.1f} KB){flag}")


def timed(get, paths: list[str]) -> list[float]:
    out = []
    for path in paths:
        started = time.perf_counter()
        status = get(path)
        out.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}")
    return out


def report(name: str, values: list[float], target: float | None = None) -> None:
    p50, p95 = percentile(values, 50), percentile(values, 95)
    goal = f"  (target p95 <= {target:.0f} ms: {'met' if p95 <= target else 'MISSED'})" \
        if target else ""
    print(f"  {name:38} n={len(values):4}  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms{goal}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="a crawled and indexed catalogue")
    parser.add_argument("--reference", type=Path, help="itu-reference folder (for the crawl)")
    parser.add_argument("--documents", type=int, default=200, help="document pages timed")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    tmp = None
    data_dir = args.data_dir
    if data_dir is None:
        reference = args.reference or reference_dir()
        if reference is None:
            raise SystemExit("no ../shared/itu-reference: pass --data-dir or --reference")
        tmp = tempfile.TemporaryDirectory(prefix="itucat-pages-")
        data_dir = Path(tmp.name)
        crawl_mirror(reference, data_dir)
    config = with_overrides(load_config(env={}), store={"data_dir": str(data_dir)})
    app = create_app(config, SECRET_KEY="benchmark")
    catalogue = app.extensions["itucat_catalogue"]
    ids = catalogue.document_ids()
    print(f"catalogue: {len(ids)} documents in {data_dir}")
    rng = random.Random(7)
    sample = rng.sample(ids, min(args.documents, len(ids)))
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        page_sizes(base, ["Y.3172", "L.1700", "G.711", "E.164", "H.264", "Y.4000/Y.2060"])
        session = requests.Session()
        session.get(base + "/")  # open the index once, as a running server has
        search_paths = [f"/search?{q}" for q in SEARCHES]
        doc_paths = [f"/documents/{n}" for n in sample]

        def over_http(path: str) -> int:
            return session.get(base + path, headers={"Accept-Encoding": "gzip"}).status_code

        client = app.test_client()

        def in_app(path: str) -> int:
            return client.get(path, headers={"Accept-Encoding": "gzip"}).status_code

        print("\nServer latency, one client (HTTP on 127.0.0.1, threaded werkzeug server):")
        report("search page, cold (distinct queries)", timed(over_http, search_paths), 50)
        report("search page, warm (same again)", timed(over_http, search_paths), 50)
        french = ["/fr" + p for p in search_paths]
        report("search page in French (engine cache warm)", timed(over_http, french), 50)
        report("document page", timed(over_http, doc_paths))
        print("Inside the app (Flask test client, no socket):")
        spanish = ["/es" + p for p in search_paths]
        report("search page, Spanish (engine cache warm)", timed(in_app, spanish), 50)
        report("document page, Arabic", timed(in_app, ["/ar" + p for p in doc_paths]))
    finally:
        server.shutdown()
        catalogue.close()
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
