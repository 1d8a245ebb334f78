"""Own the audit log's hash chain: how one entry's hash is made from the one before it.

Each entry's hash is SHA-256 over the previous entry's hash and every field of the entry
(canonical JSON), so changing, removing or inserting any entry breaks every hash after
it, and `itucat audit verify` finds it. A rewrite that recomputes the whole chain after
the change is caught by comparing the head with one noted earlier outside the store
(`itucat audit verify --anchor ID:HASH`; run from cron, verify prints the head into the
log each day).
Pure: no database here (index/store/audit.py writes and checks, index/schema.py
migrates).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

FIELDS = ("id", "at", "actor", "action", "document_id", "facet", "value", "before", "after",
          "reason", "batch_id")
GENESIS = ""  # the "previous hash" of the first entry


def entry_hash(previous: str, entry: Mapping[str, Any]) -> str:
    """The hash of an entry (its FIELDS) chained to the hash of the entry before it."""
    body = json.dumps([previous, *[entry.get(name) for name in FIELDS]], sort_keys=True,
                      ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
