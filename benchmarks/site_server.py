"""Own the real HTTP server the relevance benchmark queries: gunicorn serving
`app:create_app()` on 127.0.0.1 (a free port) over one data directory.

Started as an operator would (with the repository's gunicorn.conf.py when there is one),
in its own process group so that stopping it ends exactly the processes it started.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

import requests

ROOT = Path(__file__).resolve().parent.parent
READY_SECONDS = 90.0


class ServerError(RuntimeError):
    """The server did not start or answered a search with an error."""


def free_port() -> int:
    """A port nothing listens on now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class SiteServer:
    """`with SiteServer(data_dir) as site: site.search(...)`."""

    def __init__(self, data_dir: Path, workers: int | None = None) -> None:
        self.data_dir = data_dir
        self.workers = workers
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.session = requests.Session()
        self._log = tempfile.TemporaryFile(mode="w+")
        self._proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> SiteServer:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn), "-b", f"127.0.0.1:{self.port}"]
        if (ROOT / "gunicorn.conf.py").is_file():
            command += ["-c", str(ROOT / "gunicorn.conf.py")]
        if self.workers:
            command += ["-w", str(self.workers)]  # the command line wins over the file
        command.append("app:create_app()")
        env = {**os.environ, "ITUCAT_DATA_DIR": str(self.data_dir),
               "ITUCAT_SECRET_KEY": secrets.token_hex(16)}
        self._proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log,
                                      stderr=subprocess.STDOUT, text=True,
                                      start_new_session=True)
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                break
            try:
                if self.session.get(f"{self.base_url}/api/v1/status", timeout=5).ok:
                    return
            except requests.RequestException:
                time.sleep(0.3)
        self._stop()
        self._log.seek(0)
        raise ServerError(f"gunicorn did not answer on {self.base_url}: "
                          f"{self._log.read()[-2000:]}")

    def search(self, text: str, filters: Mapping[str, str], lang: str | None = None,
               per_page: int = 10) -> tuple[list[str], float]:
        """Result numbers of GET /api/v1/search and the seconds the request took.

        A reader of another language has that language in Accept-Language, as a browser
        set to it sends."""
        headers = {"Accept-Language": lang} if lang else {}
        params = {"q": text, "per_page": str(per_page), **filters}
        started = time.perf_counter()
        response = self.session.get(f"{self.base_url}/api/v1/search", params=params,
                                    headers=headers, timeout=60)
        seconds = time.perf_counter() - started
        if response.status_code != 200:
            raise ServerError(f"GET /api/v1/search?q={text!r} answered "
                              f"{response.status_code}: {response.text[:300]}")
        body = response.json()
        return [str(hit["number"]) for hit in body["results"]], seconds

    @property
    def pid(self) -> int | None:
        """The gunicorn master's process id (None once stopped)."""
        return self._proc.pid if self._proc is not None else None

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        os.killpg(proc.pid, signal.SIGTERM)  # the group this object started, nothing else
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._stop()
        self.session.close()
        self._log.close()
