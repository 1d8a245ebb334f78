"""Own the run lock: one harvest at a time per data directory (a second run exits 3)."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from crawler.errors import CrawlError


class LockHeld(CrawlError):
    """Another process holds the lock."""

    http_status = 409

    def __init__(self, message: str) -> None:
        super().__init__(message, "crawl.locked")


class RunLock:
    """An advisory lock file; the kernel releases it when the holder dies (kill -9 included)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            os.close(fd)
            raise LockHeld(f"another run holds {self.path}") from exc
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
