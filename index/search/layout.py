"""Own the index's place on disk: build directories, the live pointer, the lock, the queue.

Layout of <data_dir>/index/:
  CURRENT            name of the live build directory (replaced atomically with os.replace)
  PREVIOUS           the build CURRENT named before, kept for readers still holding it
  build-<stamp>/     a complete Whoosh index plus state.json (per-document source hashes)
                     and spell.json (the did-you-mean vocabulary: vocabulary.py)
  .writer.lock       one writer at a time (rebuild, update, re-index of one document)
  pending            document ids waiting for the writer that holds the lock
  update-requested   an `update` found the lock held: the writer holding it (a rebuild
                     before its swap, any writer before and after releasing the lock)
                     runs the update, so no change is left stale
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.search.errors import IndexLocked


@dataclass(frozen=True)
class IndexPaths:
    """Where the index of one data directory lives."""

    root: Path

    @property
    def current_file(self) -> Path:
        return self.root / "CURRENT"

    @property
    def lock_file(self) -> Path:
        return self.root / ".writer.lock"

    @property
    def pending_file(self) -> Path:
        return self.root / "pending"

    @property
    def update_file(self) -> Path:
        return self.root / "update-requested"

    def current(self) -> Path | None:
        """The live build directory, or None before the first build."""
        try:
            name = self.current_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        path = self.root / name
        return path if name and path.is_dir() else None


def paths_for(data_dir: Path) -> IndexPaths:
    """The index location of a data directory (<data_dir>/index)."""
    return IndexPaths(Path(data_dir) / "index")


@contextmanager
def writer_lock(paths: IndexPaths, wait: float = 0.0) -> Iterator[None]:
    """Hold the index writer lock; wait up to `wait` seconds, then raise IndexLocked."""
    paths.root.mkdir(parents=True, exist_ok=True)
    fd = os.open(paths.lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexLocked("search.index_locked", "another process is writing "
                                      "{root}", root=str(paths.root)) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock (also on a crash)


def add_pending(paths: IndexPaths, doc_id: str) -> None:
    """Queue a document for whichever writer runs next (or runs now)."""
    paths.root.mkdir(parents=True, exist_ok=True)
    with paths.pending_file.open("a", encoding="utf-8") as out:
        fcntl.flock(out, fcntl.LOCK_EX)
        out.write(doc_id.replace("\n", " ") + "\n")


def take_pending(paths: IndexPaths) -> list[str]:
    """Empty the queue and return what was in it (call while holding the writer lock)."""
    try:
        with paths.pending_file.open("r+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            ids = [line.strip() for line in handle if line.strip()]
            handle.seek(0)
            handle.truncate()
    except FileNotFoundError:
        return []
    return list(dict.fromkeys(ids))


def request_update(paths: IndexPaths) -> None:
    """Ask whichever writer holds the lock (or comes next) to run an update."""
    paths.root.mkdir(parents=True, exist_ok=True)
    tmp = paths.root / "update-requested.tmp"
    tmp.write_text(f"{time.time():.0f}\n", encoding="utf-8")
    os.replace(tmp, paths.update_file)


def update_requested(paths: IndexPaths) -> bool:
    """Whether an update waits for a writer."""
    return paths.update_file.exists()


def take_update_request(paths: IndexPaths) -> bool:
    """Consume the update request, if any (call while holding the writer lock)."""
    try:
        paths.update_file.unlink()
    except FileNotFoundError:
        return False
    return True


def read_state(build: Path) -> dict[str, Any]:
    """The state stored beside a build (hashes, replacement links, stamps)."""
    try:
        state = json.loads((build / "state.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return state if isinstance(state, dict) else {}


def replace_file(path: Path, text: str) -> None:
    """Replace a file of a build atomically: a crash leaves the old one whole."""
    tmp = path.with_name(f"{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_state(build: Path, state: dict[str, Any]) -> None:
    """Replace a build's state file atomically (a crash leaves the old state: a safe
    re-index)."""
    replace_file(build / "state.json", json.dumps(state, ensure_ascii=False, sort_keys=True))


def point_current(paths: IndexPaths, name: str) -> None:
    """Make a finished build the live one (readers switch on their next check)."""
    previous = paths.current()
    tmp = paths.root / "CURRENT.tmp"
    with tmp.open("w", encoding="utf-8") as out:
        out.write(name + "\n")
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, paths.current_file)
    # Remember the build readers may still hold, so the next clean-up keeps it once more.
    (paths.root / "PREVIOUS").write_text(previous.name if previous else "", encoding="utf-8")


def remove_old_builds(paths: IndexPaths, keep: set[str]) -> None:
    """Delete builds older than the previous one."""
    previous = (paths.root / "PREVIOUS")
    if previous.exists():
        keep = keep | {previous.read_text(encoding="utf-8").strip()}
    for child in paths.root.iterdir():
        if child.is_dir() and child.name.startswith("build-") and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)
