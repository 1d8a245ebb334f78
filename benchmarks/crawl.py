"""Benchmark the harvest against the offline mirror: requests, time, throughput, memory.

Prints: requests for a full first harvest with every part of a complete record on (lineage,
implementers' guides, per-edition data; goal <= 30,000 without the summary backfill) and the
ratio to the 47,700 requests the best existing harvester of the same API needs, the
backfill's requests per night and what it has left, the mirror's 404 publications and what
they cost the next night (goal <= 5 requests, exit 0), full mirror crawl time and
documents/s at delay 0, requests of a nightly run with nothing changed (backfill off, then
on) and with 20 changed families, and the crawler's peak memory (max RSS of `itucat`).
`--json-api` adds a first harvest with rec.aspx switched off (ITU's announced retirement).

    .venv/bin/python benchmarks/crawl.py [--series A,L] [--json-api]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.mirror import MirrorServer  # noqa: E402
from tests.shared_paths import SKIP_REASON, reference_dir  # noqa: E402

BASELINE_REQUESTS = 47_700  # relaton's harvester of the same API, full harvest
ITUCAT = [sys.executable, "-m", "itucat_cli"]


def run_itucat(data_dir: Path, base_url: str, command: str = "crawl", *extra: str
               ) -> tuple[int, dict[str, float], float]:
    """Run one harvest command in a child process; return exit code, figures, seconds.

    `crawl` is the harvest alone (what the figures measure); `nightly` adds `index update`.
    """
    env = {**os.environ, "ITUCAT_DATA_DIR": str(data_dir)}
    started = time.perf_counter()
    proc = subprocess.run(
        [*ITUCAT, command, "--base-url", base_url, "--delay", "0", "--no-progress", *extra],
        env=env, capture_output=True, text=True, check=False,
    )
    seconds = time.perf_counter() - started
    figures = {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", proc.stdout)}
    if proc.returncode not in (0, 1):
        print(proc.stdout, proc.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"itucat exited {proc.returncode}")
    return proc.returncode, figures, seconds


def count_documents(data_dir: Path) -> int:
    """Documents in the crawled store (via the export, as a user would)."""
    proc = subprocess.run([*ITUCAT, "--data-dir", str(data_dir), "export"],
                          capture_output=True, text=True, check=True)
    return sum(1 for line in proc.stdout.splitlines() if json.loads(line))


def main() -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", help="only these series (e.g. A,L), for a quick run")
    parser.add_argument("--json-api", action="store_true",
                        help="also harvest with rec.aspx switched off (JSON API alone)")
    args = parser.parse_args()
    reference = reference_dir()
    if reference is None:
        print(f"skipped: {SKIP_REASON}")
        return 0
    subset = None
    if args.series:
        wanted = {s.strip() for s in args.series.split(",")}
        subset = lambda number: re.match(r"[A-Z]+", number).group(0) in wanted  # noqa: E731
    with MirrorServer(reference, subset=subset) as mirror, \
            tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        editions = len(mirror.catalogue.editions)
        missing = len(mirror.missing_publications())
        code, first, seconds = run_itucat(data_dir, mirror.base_url)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        documents = count_documents(data_dir)
        second_code, unchanged, _ = run_itucat(data_dir, mirror.base_url, "crawl",
                                               "--backfill", "0")
        _, backfill_night, _ = run_itucat(data_dir, mirror.base_url)
        changed_families = mirror.mutate(20, seed=7)
        _, changed, _ = run_itucat(data_dir, mirror.base_url, "crawl", "--backfill", "0")

        requests = int(first.get("requests", 0))
        backfill = int(first.get("backfill", 0))
        harvest = requests - backfill
        print(f"mirror catalogue: {editions} editions")
        print(f"full harvest: exit {code}, {documents} documents, {requests} requests, of which"
              f" {backfill} summary backfill: {harvest} without it (goal <= 30,000;"
              f" ratio to {BASELINE_REQUESTS:,}: {harvest / BASELINE_REQUESTS:.2f};"
              f" {harvest / max(editions, 1):.2f} requests per edition)")
        left = int(backfill_night.get("backfill_left", 0))
        per_night = int(backfill_night.get("backfill", 0))
        print(f"summary backfill: {per_night} requests per night"
              f" ({int(backfill_night.get('requests', 0))} in all that night);"
              f" {left} editions still without their own summary"
              f" (~{-(-left // max(per_night, 1))} more nights)")
        print(f"not found upstream: {int(first.get('not_found', 0))} items"
              f" ({missing} publications answer 404); the next unchanged night:"
              f" {int(unchanged.get('requests', 0))} requests (goal <= 5), exit {second_code}")
        print(f"full mirror crawl at delay 0: {seconds:.1f} s,"
              f" {documents / seconds:.1f} documents/s, {editions / seconds:.1f} editions/s")
        print(f"nightly, nothing changed (backfill off): {int(unchanged.get('requests', 0))}"
              " requests")
        print(f"nightly, {len(changed_families)} families changed (backfill off):"
              f" {int(changed.get('requests', 0))} requests,"
              f" changed={int(changed.get('changed', 0))} new={int(changed.get('new', 0))}")
        print(f"crawler peak memory (max RSS): {peak_mb:.0f} MB")
        if args.json_api:
            json_api(reference, subset)
    return 0


def json_api(reference: Path, subset) -> None:
    """A first harvest with rec.aspx answering 404: the JSON API alone."""
    with MirrorServer(reference, subset=subset) as mirror, \
            tempfile.TemporaryDirectory() as tmp:
        mirror.set_recaspx_gone(True)
        code, first, seconds = run_itucat(Path(tmp), mirror.base_url, "crawl",
                                          "--backfill", "0")
        print(f"full harvest, JSON API alone: exit {code}, {int(first.get('requests', 0))}"
              f" requests, {seconds:.1f} s")


if __name__ == "__main__":
    raise SystemExit(main())
