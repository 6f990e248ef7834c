"""gunicorn's settings: ``gunicorn -c python:factcheck.gunicorn factcheck.wsgi``.

Sync workers, each holding one persistent database connection (``CONN_MAX_AGE``): the
pages are short database reads, and a worker that dies takes only its own request.
With more than one worker set ``REDIS_URL`` so throttles and the public cache are shared.
"""

from __future__ import annotations

import multiprocessing
import os

from factcheck.base.numbers import BadInteger, parse_int


def _positive(name: str, default: int, minimum: int = 1) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:  # ASCII digits only ("٣" is no worker count), as everywhere else
        return parse_int(raw, name=name, minimum=minimum)
    except BadInteger:
        raise SystemExit(
            f"{name} must be a whole number of {minimum} or more; got {raw!r}."
        ) from None


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# The usual rule for sync workers: two per core plus one.
workers = _positive("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1)
worker_class = "sync"
timeout = _positive("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
# Workers are recycled now and then, so a slow leak never becomes an outage.
# GUNICORN_MAX_REQUESTS=0 never recycles (the benchmark's throughput runs).
max_requests = _positive("GUNICORN_MAX_REQUESTS", 2000, minimum=0)
max_requests_jitter = max_requests // 10
accesslog = "-"
errorlog = "-"
