"""Own the benchmarks' crawled copy of the whole offline mirror (var/bench/mirror-full/).

A full harvest of the mirror (tests/mirror, 16,172 editions) through the real CLI takes a
few minutes, so it is kept and reused: a crawl that finished writes `crawl-complete.json`
beside the store, and a folder without it (a killed run) is crawled again from scratch.
The search index is then built with `itucat index rebuild`, as an operator would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE = ROOT / "var" / "bench" / "mirror-full"
MARKER = "crawl-complete.json"
ITUCAT = [sys.executable, "-m", "itucat_cli"]


class CacheError(RuntimeError):
    """The crawl or the index build failed (the message carries the tool's last words)."""


def is_complete(cache: Path) -> bool:
    """True when a finished crawl of the full mirror is stored in `cache`."""
    return (cache / MARKER).is_file() and (cache / "catalogue.sqlite").is_file()


def crawl_info(cache: Path) -> dict[str, object]:
    """What the marker of a finished crawl recorded (empty when there is none)."""
    try:
        info = json.loads((cache / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def ensure_crawled(cache: Path, reference: Path, *, rebuild: bool = False) -> Path:
    """Crawl the full mirror into `cache` unless a finished crawl is there; return it."""
    if rebuild and cache.exists():
        shutil.rmtree(cache)
    if is_complete(cache):
        return cache
    if cache.exists():  # an unfinished crawl: start again rather than trust half a store
        print(f"{cache}: no finished crawl recorded; crawling again", file=sys.stderr)
        shutil.rmtree(cache)
    cache.mkdir(parents=True)
    from tests.mirror import MirrorServer

    print(f"crawling the full offline mirror into {cache} (a few minutes)...", file=sys.stderr)
    started = time.perf_counter()
    with MirrorServer(reference) as mirror:
        env = {**os.environ, "ITUCAT_DATA_DIR": str(cache)}
        proc = subprocess.run([*ITUCAT, "crawl", "--base-url", mirror.base_url, "--delay", "0",
                               "--no-progress"], env=env, capture_output=True, text=True,
                              check=False)
        editions = len(mirror.catalogue.editions)
    if proc.returncode != 0:
        raise CacheError(f"itucat crawl exited {proc.returncode}: {proc.stderr[-2000:]}")
    summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    (cache / MARKER).write_text(json.dumps({
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "mirror_editions": editions, "summary": summary,
        "seconds": round(time.perf_counter() - started, 1), "reference": str(reference),
    }, indent=2) + "\n", encoding="utf-8")
    return cache


def build_index(data_dir: Path) -> float:
    """Build the search index of a store with `itucat index rebuild`; return the seconds."""
    started = time.perf_counter()
    proc = subprocess.run([*ITUCAT, "--data-dir", str(data_dir), "index", "rebuild"],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise CacheError(f"itucat index rebuild exited {proc.returncode}: "
                         f"{(proc.stderr or proc.stdout)[-2000:]}")
    return time.perf_counter() - started
