"""Own the raw archive: every HTTP response body, compressed, kept before it is parsed.

A parser fix is applied by re-parsing this archive (`itucat reparse`), never by asking ITU
again. Bodies are stored once per content hash (zlib), so re-validations that return the
same bytes cost no space. It is the crawler's private cache on the crawling host (stdlib
sqlite3 in WAL mode, its own file), separate from the catalogue store.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS blobs (
    sha256 TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    body BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS responses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    status INTEGER NOT NULL,
    content_type TEXT,
    etag TEXT,
    last_modified TEXT,
    final_url TEXT,
    sha256 TEXT NOT NULL REFERENCES blobs(sha256)
);
CREATE INDEX IF NOT EXISTS responses_url ON responses(url, id);
"""
# zlib level of new blobs: on a full harvest's bodies, 3 costs ~55 % of level 6's CPU for
# ~12 % more bytes (benchmarks/archive_level.py); old blobs at 6 decompress the same way.
_LEVEL = 3


@dataclass(frozen=True)
class ArchivedResponse:
    """One archived response, body decompressed."""

    url: str
    fetched_at: str
    status: int
    content_type: str | None
    etag: str | None
    last_modified: str | None
    final_url: str | None
    body: bytes


class RawArchive:
    """Append-only store of response bodies keyed by canonical (www.itu.int) URL."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the database file."""
        self._db.close()

    def put(
        self,
        url: str,
        status: int,
        body: bytes,
        *,
        content_type: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        final_url: str | None = None,
    ) -> None:
        """Archive one response (body stored once per content hash), durably, in one transaction."""
        digest = hashlib.sha256(body).hexdigest()
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock:
            self._db.execute("BEGIN")
            try:
                # Compress only a body not stored yet: re-validations and the many identical
                # error pages cost a primary-key lookup, not a zlib pass (the check and the
                # insert share the transaction, and this process is the archive's one writer).
                known = self._db.execute(
                    "SELECT 1 FROM blobs WHERE sha256 = ?", (digest,)).fetchone()
                if known is None:
                    self._db.execute(
                        "INSERT OR IGNORE INTO blobs(sha256, size, body) VALUES (?, ?, ?)",
                        (digest, len(body), zlib.compress(body, _LEVEL)),
                    )
                self._db.execute(
                    "INSERT INTO responses(url, fetched_at, status, content_type, etag,"
                    " last_modified, final_url, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (url, now, status, content_type, etag, last_modified, final_url, digest),
                )
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def latest(self, url: str) -> ArchivedResponse | None:
        """Return the newest archived response for a URL, or None."""
        with self._lock:
            row = self._db.execute(
                "SELECT r.url, r.fetched_at, r.status, r.content_type, r.etag, r.last_modified,"
                " r.final_url, b.body FROM responses r JOIN blobs b USING (sha256)"
                " WHERE r.url = ? ORDER BY r.id DESC LIMIT 1",
                (url,),
            ).fetchone()
        if row is None:
            return None
        url_, fetched_at, status, content_type, etag, last_modified, final_url, body = row
        return ArchivedResponse(url_, fetched_at, status, content_type, etag, last_modified,
                                final_url, zlib.decompress(body))
