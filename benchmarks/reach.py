"""Benchmark reach (issue 11), each figure beside a baseline measured in the same run.

    python benchmarks/reach.py [--data-dir DIR] [--reference DIR] [--rounds N]

Without --data-dir the whole real catalogue (the 16,172 editions of the metadata set,
7,403 documents) is built into var/bench/reach-full/ (reused afterwards) with its index.
Prints:
1. recording a search: p95 of the search page (Flask test client, the full stack) with
   metrics recording on, beside the same searches with recording off (two apps over the
   same catalogue, requests interleaved); goal: at most 1 ms more;
2. a pack of 500 documents: the seconds `build_pack` takes, beside the JSON export
   (/search.json) of the same 500 documents; goal: at most 5 s;
3. a full OAI-PMH harvest: Sickle (an independent client) harvesting every record over
   HTTP from a real server on 127.0.0.1, beside an in-process export of every document
   (`itucat export` without the file); goal: at most 60 s. The journal's first sync (what
   `itucat nightly` does once) is timed on its own.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from werkzeug.serving import make_server  # noqa: E402

from app import create_app  # noqa: E402
from benchmarks.pages import SEARCHES, percentile  # noqa: E402
from itucat.config import load_config, with_overrides  # noqa: E402
from tests.shared_paths import reference_dir  # noqa: E402

CACHE = ROOT / "var" / "bench" / "reach-full"


def full_catalogue(reference: Path) -> Path:
    """The whole real catalogue with its index (built once, then reused)."""
    from benchmarks.catalogue_from_metadata import build_store
    from index.search import index_exists, paths_for, rebuild

    if (CACHE / "READY").exists() and index_exists(CACHE):
        return CACHE
    CACHE.mkdir(parents=True, exist_ok=True)
    print(f"building the catalogue from the metadata set into {CACHE} ...", flush=True)
    store = build_store(reference, CACHE)
    rebuild(store, paths_for(CACHE))
    store.close()
    (CACHE / "READY").write_text("ok", encoding="utf-8")
    return CACHE


def _app(data_dir: Path, **settings: dict[str, object]):  # type: ignore[no-untyped-def]
    config = with_overrides(load_config(env={}), store={"data_dir": str(data_dir)},
                            **settings)
    return create_app(config, SECRET_KEY="bench", TESTING=True)


def bench_recording(data_dir: Path, rounds: int) -> None:
    on, off = _app(data_dir), _app(data_dir, metrics={"enabled": False})
    clients = {"on": on.test_client(), "off": off.test_client()}
    times: dict[str, list[float]] = {"on": [], "off": []}
    queries = [f"/search?{q}" for q in SEARCHES if "page=" not in q]
    for name in clients:  # warm both (first opening of the index)
        clients[name].get("/search?q=network")
    for round_number in range(rounds):
        for i, path in enumerate(queries):
            order = ("on", "off") if (i + round_number) % 2 else ("off", "on")
            for name in order:
                started = time.perf_counter()
                response = clients[name].get(path)
                times[name].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, path
    on.extensions["itucat_metrics"].flush()
    recorded = on.extensions["itucat_catalogue"].store.metrics.raw_counts()["metric_searches"]
    p95_on, p95_off = percentile(times["on"], 95), percentile(times["off"], 95)
    p50_on, p50_off = percentile(times["on"], 50), percentile(times["off"], 50)
    print(f"1. recording a search: {len(times['on'])} searches each way "
          f"({recorded} recorded rows in all)")
    print(f"   p95 with recording {p95_on:.2f} ms, without {p95_off:.2f} ms: "
          f"+{p95_on - p95_off:.2f} ms (goal <= 1 ms) "
          f"{'OK' if p95_on - p95_off <= 1 else 'OVER'}")
    print(f"   p50 with recording {p50_on:.2f} ms, without {p50_off:.2f} ms")
    for app in (on, off):
        recorder = app.extensions.get("itucat_metrics")
        if recorder is not None:
            recorder.close()
        app.extensions["itucat_catalogue"].close()


def bench_pack(data_dir: Path) -> None:
    from werkzeug.datastructures import MultiDict

    app = _app(data_dir, reach={"pack_limit": 500}, app={"export_limit": 500})
    from app.packs.build import build_pack
    from app.packs.spec import PackSpec

    with app.test_request_context("/packs"):
        spec = PackSpec.from_args(MultiDict([("sort", "number")]), "en")
        build_pack(PackSpec.from_args(MultiDict([("q", "network")]), "en"))  # warm
        started = time.perf_counter()
        pack = build_pack(spec)
        seconds = time.perf_counter() - started
    client = app.test_client()
    started = time.perf_counter()
    exported = client.get("/search.json?sort=number").get_json()
    baseline = time.perf_counter() - started
    print(f"2. a pack of {pack.documents} documents: {seconds:.2f} s, {len(pack.data) / 1e6:.2f} "
          f"MB (goal <= 5 s) {'OK' if seconds <= 5 else 'OVER'}")
    print(f"   baseline, the JSON export of the same {exported['count']} documents: "
          f"{baseline:.2f} s (ratio {seconds / baseline:.1f})")
    app.extensions["itucat_catalogue"].close()


def bench_harvest(data_dir: Path) -> None:
    import sickle

    from index.export import iter_records
    from index.journal.lineage import successors_from
    from index.search import SearchService
    from index.store import Store

    store = Store.open(data_dir)
    service = SearchService(data_dir, cache_size=0)
    started = time.perf_counter()
    report = store.journal.sync(successors_from(service))
    print(f"3. journal sync: {report.checked} documents checked, {report.entries} entries "
          f"recorded in {time.perf_counter() - started:.1f} s")
    service.close()
    started = time.perf_counter()
    exported = sum(1 for _ in iter_records(store))
    baseline = time.perf_counter() - started
    store.close()
    app = _app(data_dir)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        harvester = sickle.Sickle(f"http://127.0.0.1:{server.server_port}/oai", timeout=120,
                                  max_retries=0)
        started = time.perf_counter()
        records = sum(1 for _ in harvester.ListRecords(metadataPrefix="oai_dc",
                                                       ignore_deleted=False))
        seconds = time.perf_counter() - started
    finally:
        server.shutdown()
        thread.join(5)
        app.extensions["itucat_catalogue"].close()
    print(f"   full OAI-PMH harvest by Sickle: {records} records in {seconds:.1f} s "
          f"(goal <= 60 s) {'OK' if seconds <= 60 else 'OVER'}")
    print(f"   baseline, an in-process export of {exported} documents: {baseline:.1f} s "
          f"(ratio {seconds / baseline:.1f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="a catalogue with its index")
    parser.add_argument("--reference", type=Path, help="../shared/itu-reference")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of searches (default 5)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    data_dir = args.data_dir
    if data_dir is None:
        reference = args.reference or reference_dir()
        if reference is None:
            print("benchmarks/reach.py: needs ../shared/itu-reference or --data-dir",
                  file=sys.stderr)
            return 2
        data_dir = full_catalogue(reference)
    bench_recording(data_dir, args.rounds)
    bench_pack(data_dir)
    bench_harvest(data_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
