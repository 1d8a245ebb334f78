"""Own keeping the public journal current for the site's feeds, OAI-PMH and delta API.

The nightly run syncs the journal after re-indexing (`itucat nightly`, `itucat reach
sync`); the site syncs too before answering, at most every SYNC_EVERY seconds per
process, so a curator's decision or a crawl run by hand shows without waiting. A sync
reads only what changed since the last one, so this costs a few small queries.
"""

from __future__ import annotations

import logging
import threading
import time

from flask import current_app

from index.journal.lineage import successors_from
from index.store import StoreConflict

log = logging.getLogger("itucat.reach")
SYNC_EVERY = 30.0
_lock = threading.Lock()


def ensure_synced(*, force: bool = False) -> None:
    """Bring the journal up to date (unless this process did so moments ago)."""
    state = current_app.extensions.setdefault("itucat_journal", {"last": -SYNC_EVERY})
    if not force and time.monotonic() - state["last"] < SYNC_EVERY:
        return
    with _lock:
        if not force and time.monotonic() - state["last"] < SYNC_EVERY:
            return
        catalogue = current_app.extensions["itucat_catalogue"]
        try:
            service = catalogue.service
        except Exception:  # noqa: BLE001 - no index: no successors, the journal still works
            service = None
        try:
            catalogue.store.journal.sync(successors_from(service))
        except StoreConflict:
            log.info("journal sync deferred: another process is syncing")
        state["last"] = time.monotonic()
