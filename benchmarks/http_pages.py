"""Benchmark the site over HTTP: gunicorn (2 workers) on 127.0.0.1 driven by wrk.

    python benchmarks/http_pages.py --data-dir DIR [--seconds 10] [--workers 2] [--scale 4]

DIR holds a crawled catalogue with its index (benchmarks/mirror_cache.py keeps one in
var/bench/mirror-full). gunicorn serves `app:create_app()` as an operator starts it (with
gunicorn.conf.py when the repository has one; `-w` set here); wrk (Debian's `wrk`)
sends the requests, bounded in time, from a Lua script cycling through a list of paths.
Rows:
- uncached search page at 1, 8 and 16 clients: every request a distinct query (two title
  words of a real document, plus a page number), so neither the answer cache nor the
  match cache of a worker ever answers;
- search page vs its JSON twin, cached: the same 40 searches again and again, HTML vs
  `?format=json`, one client; the ratio of their mean latencies;
- ordinary document pages vs publication pages (Technical Papers, Reports, Handbooks),
  one client, p50/p95 each, and the workers' peak memory after them.
Each row at 1× and, in a temporary copy, at `--scale` times the catalogue (default 4×;
benchmarks/enlarge.py says how the synthetic copies are made), then how each grew.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, quote_plus

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.enlarge import enlarge  # noqa: E402
from benchmarks.mirror_cache import build_index  # noqa: E402
from benchmarks.pages import SEARCHES  # noqa: E402
from benchmarks.site_server import SiteServer  # noqa: E402
from index.search import index_status  # noqa: E402
from index.store import Store  # noqa: E402

LUA = r"""
local paths = {}
local counter = 0
local threads = {}
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  i = id * math.floor(#paths / 4)
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], {["Accept-Encoding"] = "gzip"})
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('JSON {"requests": %d, "seconds": %.3f, "p50": %.3f, ' ..
    '"p95": %.3f, "mean": %.3f, "errors": %d, "non2xx": %d}\n', summary.requests,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency.mean / 1000, e.connect + e.read + e.write + e.timeout, e.status))
end
"""
_WORD = re.compile(r"[A-Za-z]{4,}")


def distinct_searches(store: Store, count: int, seed: int = 14) -> list[str]:
    """`count` distinct search paths: two words of a real title, with a page number."""
    rng = random.Random(seed)
    titles = [d.title for d in store.documents.iter_all(include_publications=False)
              if d.title]
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        words = _WORD.findall(rng.choice(titles))
        if len(words) < 2:
            continue
        start = rng.randrange(len(words) - 1)
        text = f"{words[start]} {words[start + 1]}".lower()
        path = f"/search?q={quote_plus(text)}"
        if rng.random() < 0.3:
            path += f"&page={rng.randint(2, 3)}"
        if path not in seen:
            seen.add(path)
            out.append(path)
    return out


def wrk(base: str, paths: list[str], clients: int, seconds: int) -> dict[str, float]:
    """Run wrk over `paths` for `seconds` with `clients` connections; its summary."""
    with tempfile.TemporaryDirectory() as tmp:
        script, listing = Path(tmp) / "paths.lua", Path(tmp) / "paths.txt"
        script.write_text(LUA, encoding="utf-8")
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
        threads = min(2, clients)
        out = subprocess.run(["wrk", "-t", str(threads), "-c", str(clients), "-d",
                              f"{seconds}s", "--timeout", "10s", "-s", str(script), base,
                              "--", str(listing)], capture_output=True, text=True, check=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("JSON "))
    found: dict[str, float] = json.loads(line[5:])
    found["rps"] = found["requests"] / found["seconds"]
    return found


def worker_peaks(master: int) -> list[float]:
    """Peak resident memory (MB) of the gunicorn workers of one master we started."""
    peaks = []
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return peaks


def line(name: str, r: dict[str, float], goal: str = "") -> None:
    print(f"  {name:44} {r['rps']:7.1f} req/s  p50 {r['p50']:6.1f} ms  p95 {r['p95']:6.1f} ms"
          f"  mean {r['mean']:6.1f} ms  errors {int(r['errors'])}/{int(r['non2xx'])}  {goal}")


def measure(data_dir: Path, seconds: int, workers: int) -> dict[str, float]:
    """Print every row for one catalogue; return the figures the growth summary compares."""
    store = Store.open(data_dir)
    try:
        uncached = distinct_searches(store, 8000)
        live = index_status(data_dir)
        if live is None:
            raise SystemExit(f"no search index in {data_dir}: run `itucat index rebuild`")
        ids = sorted(live[1]["hashes"])  # the pages that exist (not unread listings)
        pubs = sorted(set(store.publications.all()) & set(ids))
    finally:
        store.close()
    rng = random.Random(7)
    pub_set = set(pubs)
    ordinary = rng.sample([i for i in ids if i not in pub_set], 200)
    publications = rng.sample(pubs, min(200, len(pubs)))
    print(f"catalogue: {len(ids)} pages ({len(pubs)} publications) in {data_dir}; "
          f"gunicorn -w {workers}, wrk {seconds} s per row")
    figures: dict[str, float] = {}
    with SiteServer(data_dir, workers=workers) as site:
        base = site.base_url
        cached = [f"/search?{q}" for q in SEARCHES]
        wrk(base, cached + [p + "&format=json" for p in cached], 2, 3)  # open, fill caches
        print("\nUncached search page (each request a distinct query):")
        offset = 0
        for clients in (1, 8, 16):
            chunk = uncached[offset:] + uncached[:offset]
            offset += 2500
            goal = ">= 400 req/s, p95 <= 30 ms" if clients == 8 else ""
            found = wrk(base, chunk, clients, seconds)
            line(f"{clients} client(s)", found, goal)
            if clients == 8:
                figures.update(uncached_rps=found["rps"], uncached_p95=found["p95"])
        print("\nSearch page vs its JSON twin (cached answers, 1 client):")
        html = wrk(base, cached, 1, seconds)
        twin = wrk(base, [p + "&format=json" for p in cached], 1, seconds)
        line("search page (HTML)", html)
        line("JSON twin", twin)
        figures["html_json"] = html["mean"] / twin["mean"]
        print(f"  {'HTML / JSON mean latency':44} x{figures['html_json']:.2f}  (goal <= x2)")
        print("\nDocument pages, 1 client:")
        docs = wrk(base, [f"/documents/{quote(n, safe='/')}" for n in ordinary], 1, seconds)
        line("ordinary documents (200 sampled)", docs)
        pub = wrk(base, [f"/documents/{quote(n, safe='/')}" for n in publications], 1,
                  seconds)
        line(f"publications ({len(publications)} sampled)", pub)
        figures["pub_ordinary"] = pub["p50"] / docs["p50"]
        print(f"  {'publication / ordinary p50':44} x{figures['pub_ordinary']:.2f}  "
              f"(goal <= x2)")
        if site.pid is not None:
            peaks = worker_peaks(site.pid)
            figures["peak_mb"] = max(peaks, default=0.0)
            print(f"  workers' peak RSS after these runs: "
                  f"{', '.join(f'{m:.0f} MB' for m in peaks)}")
    return figures


def enlarged_copy(data_dir: Path, factor: int, work: Path) -> Path:
    """A copy of the catalogue store enlarged `factor`× (benchmarks/enlarge.py), indexed."""
    target = work / f"x{factor}"
    target.mkdir()
    shutil.copy(data_dir / "catalogue.sqlite", target / "catalogue.sqlite")
    store = Store.open(target)
    try:
        added = enlarge(store, factor)
    finally:
        store.close()
    seconds = build_index(target)
    print(f"\nenlarged to {factor}x: {added} synthetic copies, indexed in {seconds:.0f} s "
          "(benchmarks/enlarge.py)")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--seconds", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--scale", type=int, default=4,
                        help="also measure at this many times the catalogue (1: skip)")
    args = parser.parse_args()
    print("== 1x ==")
    one = measure(args.data_dir, args.seconds, args.workers)
    if args.scale <= 1:
        return 0
    with tempfile.TemporaryDirectory(prefix="itucat-pages-bench-") as tmp:
        big = enlarged_copy(args.data_dir, args.scale, Path(tmp))
        print(f"== {args.scale}x ==")
        many = measure(big, args.seconds, args.workers)
    print(f"\n== growth {args.scale}x / 1x ==")
    print(f"  uncached search page, 8 clients: {one['uncached_rps']:.0f} -> "
          f"{many['uncached_rps']:.0f} req/s, p95 {one['uncached_p95']:.1f} -> "
          f"{many['uncached_p95']:.1f} ms")
    print(f"  HTML / JSON twin: x{one['html_json']:.2f} -> x{many['html_json']:.2f}; "
          f"publication / ordinary p50: x{one['pub_ordinary']:.2f} -> "
          f"x{many['pub_ordinary']:.2f}")
    print(f"  workers' peak RSS: {one.get('peak_mb', 0):.0f} -> {many.get('peak_mb', 0):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
