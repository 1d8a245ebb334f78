"""Gunicorn settings for the production site: `gunicorn -c gunicorn.conf.py "app:create_app()"`.

Why these values (issue 10): with gunicorn's default sync workers, two clients that send
headers and never their body pinned both workers and stopped the site for 30 s. Here:

- threaded workers (`gthread`): a worker serves `threads` requests at once, and a
  connection that has sent nothing yet waits in the worker's poller, not in a thread;
- the app reads every request body within `app.body_timeout` seconds and refuses one
  over `app.max_request_kb` unread (app/limits.py), so a stalled upload frees its thread;
- a worker that stops answering for `timeout` seconds is replaced; `max_requests`
  recycles workers now and then (memory);
- short keep-alive, bounded request lines (414 past 4094 bytes) and header fields.
Put the reverse proxy of the README in front: it buffers bodies, limits them and adds
HSTS. Command-line flags override these (`-b 0.0.0.0:8000`, `-w 4`); so do
ITUCAT_WEB_BIND, ITUCAT_WEB_WORKERS and ITUCAT_WEB_THREADS.
"""

import os

bind = os.environ.get("ITUCAT_WEB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("ITUCAT_WEB_WORKERS", max(2, os.cpu_count() or 1)))
worker_class = "gthread"
threads = int(os.environ.get("ITUCAT_WEB_THREADS", "8"))
worker_connections = 200  # open connections per worker, kept-alive ones included

timeout = 30  # a worker that has not reported for this long is restarted
graceful_timeout = 20
keepalive = 5

limit_request_line = 4094
limit_request_fields = 60
limit_request_field_size = 8190

# A recycled worker starts cold (imports, index and store opened, every cache empty) and the
# other worker takes the traffic meanwhile: at 5,000 this happened every ~40 s per worker at
# 8 busy clients and doubled p95 (benchmarks/load.py: 116 ms, 110 req/s against 60 ms, 262
# req/s at 100,000). Every cache a worker keeps is bounded, so recycling is a rare safety net.
max_requests = 100_000
max_requests_jitter = 10_000

# Each worker opens its own store connections and search index: never share them by fork.
preload_app = False


def post_worker_init(worker: object) -> None:
    """Before a worker's first request: open its search index and freeze the objects made
    so far out of the garbage collector's full passes (app/worker_start.py)."""
    from app.worker_start import prepare_worker

    worker.log.info(prepare_worker(worker.wsgi))  # type: ignore[attr-defined]

accesslog = os.environ.get("ITUCAT_WEB_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
loglevel = "info"
