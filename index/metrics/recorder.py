"""Own handing metric events to the store without slowing the request that made them.

A request only appends a small frozen record to an in-memory queue (microseconds); a
daemon thread writes the queue to the store once a second, in one transaction per batch.
So recording adds nothing measurable to a search (benchmarks/metrics_recording.py), and a
slow or locked database never delays a reader. The price: a killed process loses at most
the last second of events, which a count of readers' needs can afford. A full queue
drops events (and counts them) rather than grow without bound.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable

from index.metrics.records import Event

log = logging.getLogger("itucat.metrics")
Sink = Callable[[list[Event]], None]


class Recorder:
    """A queue of events and the thread that writes them (one per process)."""

    def __init__(self, sink: Sink, *, interval: float = 1.0, max_queue: int = 10_000,
                 batch: int = 500) -> None:
        self._sink = sink
        self._interval = interval
        self._batch = batch
        self._max_queue = max_queue
        self._queue: queue.Queue[Event] = queue.Queue(max_queue)
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._stop = threading.Event()
        self.dropped = 0

    def record(self, event: Event) -> None:
        """Queue one event (never blocks, never raises)."""
        if self._pid != os.getpid():  # forked (gunicorn): this process needs its own thread
            with self._lock:
                self._queue = queue.Queue(self._max_queue)
                self._thread = None
                self._pid = os.getpid()
        try:
            self._queue.put_nowait(event)
        except queue.Full:
            self.dropped += 1
            return
        if self._thread is None:
            self._start()

    def _start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="itucat-metrics",
                                                daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.flush()

    def flush(self) -> int:
        """Write every queued event now; return how many were written."""
        written = 0
        with self._write_lock:
            while True:
                events: list[Event] = []
                while len(events) < self._batch:
                    try:
                        events.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                if not events:
                    return written
                try:
                    self._sink(events)
                    written += len(events)
                except Exception:  # noqa: BLE001 - metrics never break the site
                    log.exception("writing %d metric events failed; they are dropped",
                                  len(events))
                    self.dropped += len(events)

    def close(self, timeout: float = 5.0) -> None:
        """Stop the thread after writing what is queued."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread.is_alive():
            thread.join(timeout)
        deadline = time.monotonic() + timeout
        while not self._queue.empty() and time.monotonic() < deadline:
            self.flush()
