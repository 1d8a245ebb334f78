"""Own what a server's worker does once, before its first reader: `prepare_worker(app)`.

A worker that opens the search index on its first request makes that reader wait (the
index, its facet columns and the glossary: a second or more on the full catalogue). And
the objects made by then, some 170,000 for the full catalogue, stay for the worker's life:
Python's cyclic collector walked all of them in every full pass, a 120 to 170 ms pause
of every thread of the worker, several times a minute under load (the long tail of the
uncached search page, benchmarks/http_pages.py). `gc.freeze()` moves them out of the
collector's sight once they are made; they are never garbage (the app and its index).
gunicorn.conf.py calls this from `post_worker_init`.
"""

from __future__ import annotations

import gc
import time

from flask import Flask


def prepare_worker(app: Flask) -> str:
    """Open and warm the app's search index, then freeze what exists for the collector;
    return a line for the server's log."""
    started = time.perf_counter()
    catalogue = app.extensions.get("itucat_catalogue")
    opened = "search index opened"
    if catalogue is not None:
        try:
            catalogue.service.warm()
        except Exception as error:  # no index yet: the first search says so, not the start
            opened = f"search index not opened ({error})"
    gc.collect()
    gc.freeze()
    return (f"worker ready in {time.perf_counter() - started:.1f} s: {opened}; "
            f"{gc.get_freeze_count()} objects frozen out of the collector's passes")
