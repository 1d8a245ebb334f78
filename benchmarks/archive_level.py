"""Benchmark the raw archive's zlib level on real response bodies: CPU against size.

    python benchmarks/archive_level.py DATA_DIR/raw-archive.sqlite

Reads every body of an archive written by `itucat crawl` (a full first harvest of the
offline mirror holds ~27,600 distinct bodies, ~660 MB), compresses all of them at each
level in the same process and prints CPU seconds and compressed size beside level 6 (zlib's
default, the archive's level before). crawler/archive.py's `_LEVEL` was chosen from it.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
import zlib
from pathlib import Path

LEVELS = (1, 3, 6, 9)
BASELINE = 6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path, help="a raw-archive.sqlite of a harvest")
    args = parser.parse_args()
    if not args.archive.is_file():
        parser.error(f"{args.archive}: no such file")
    db = sqlite3.connect(f"file:{args.archive}?mode=ro", uri=True)
    bodies = [zlib.decompress(body) for (body,) in db.execute("SELECT body FROM blobs")]
    raw = sum(map(len, bodies))
    figures: dict[int, tuple[float, int]] = {}
    for level in LEVELS:
        start = time.process_time()
        size = sum(len(zlib.compress(body, level)) for body in bodies)
        figures[level] = (time.process_time() - start, size)
    base_cpu, base_size = figures[BASELINE]
    print(f"{len(bodies)} bodies, {raw / 1e6:.0f} MB uncompressed")
    for level, (cpu, size) in figures.items():
        print(f"level {level}: {cpu:6.2f} s CPU ({cpu / base_cpu:4.2f}x level {BASELINE}), "
              f"{size / 1e6:6.1f} MB ({size / base_size:4.2f}x)")


if __name__ == "__main__":
    main()
