"""Start the site on gunicorn with the shipped gunicorn.conf.py on 127.0.0.1 (tests, bench)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def gunicorn(data_dir: Path, *, env: dict[str, str] | None = None, log: Path | None = None,
             start_timeout: float = 60.0) -> Iterator[str]:
    """Run gunicorn -c gunicorn.conf.py over a data directory; yield its base URL."""
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("ITUCAT_")}
    environ.update({"ITUCAT_DATA_DIR": str(data_dir), "ITUCAT_SECRET_KEY": "load-test",
                    "ITUCAT_CONFIG": str(data_dir / "no-config.toml"),
                    "ITUCAT_WEB_ACCESS_LOG": "", **(env or {})})
    out = log.open("ab") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        [str(GUNICORN), "-c", str(REPO / "gunicorn.conf.py"), "-b", f"127.0.0.1:{port}",
         "app:create_app()"], cwd=REPO, env=environ, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                with urllib.request.urlopen(base + "/robots.txt", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"gunicorn did not start (exit {process.poll()})") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        if log and out is not subprocess.DEVNULL:
            out.close()  # type: ignore[union-attr]
