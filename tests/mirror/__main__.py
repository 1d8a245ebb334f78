"""CLI: ``python -m tests.mirror --port 8700 [--reference DIR] [--series A,L] [--seed N]
[--no-rec-aspx]``.

Prints the base URL and serves until Ctrl-C (used by ``make demo``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tests.mirror.names import series_letter
from tests.mirror.server import MirrorServer
from tests.shared_paths import SKIP_REASON, reference_dir


def main(argv: list[str] | None = None) -> int:
    """Run the mirror in the foreground."""
    parser = argparse.ArgumentParser(prog="python -m tests.mirror", description=__doc__)
    parser.add_argument("--port", type=int, default=8700, help="TCP port (0 = any free port)")
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind")
    parser.add_argument("--reference", type=Path, default=None, help="itu-reference folder")
    parser.add_argument("--series", default="", help="only these series letters, e.g. A,L")
    parser.add_argument("--seed", type=int, default=0, help="seed for generated content")
    parser.add_argument("--no-rec-aspx", action="store_true",
                        help="rec.aspx answers 404 (ITU's announced retirement): JSON API alone")
    args = parser.parse_args(argv)
    reference = args.reference or reference_dir()
    if reference is None:
        print(SKIP_REASON, file=sys.stderr)
        return 2
    letters = {s.strip().upper() for s in args.series.split(",") if s.strip()}
    subset = (lambda fam: series_letter(fam) in letters) if letters else None
    started = time.perf_counter()
    mirror = MirrorServer(reference, port=args.port, subset=subset, seed=args.seed,
                          host=args.host)
    mirror.set_recaspx_gone(args.no_rec_aspx)
    mirror.start()
    editions = len(mirror.catalogue.served_editions())
    print(mirror.base_url, flush=True)
    print(f"serving {editions} editions from {reference} "
          f"(ready in {time.perf_counter() - started:.1f} s); Ctrl-C to stop",
          file=sys.stderr, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        mirror.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
