"""The shared cache (Redis, ``REDIS_URL``) when it fails: loud, and safe for each use.

Two aliases name the same store (settings): ``default`` answers without the cache when
Redis is down (the public response cache, DRF's throttles, admin filter lists), so
readers are still served; ``strict`` raises, for the counters that must know. Each limit
chooses what a cache that cannot count means (``take``): readers' limits let the request
through, staff protections refuse it. Failures are logged at most once a minute per
process (``report_unreachable``), and ``/healthz`` reports the cache as degraded.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Literal

from django.core.cache import caches
from redis.exceptions import RedisError

logger = logging.getLogger("factcheck.cache")

REPORT_EVERY_SECONDS = 60
_last_report = -float("inf")
_report_lock = threading.Lock()

# What the "strict" alias raises when Redis fails: django-redis re-raises redis-py's own
# error (connection refused or reset, timeout); a socket error may surface as is.
CACHE_ERRORS: tuple[type[BaseException], ...] = (RedisError, OSError)


class CacheUnavailable(Exception):
    """The shared cache could not count a use of a limit that fails closed."""


def report_unreachable(exc: BaseException | None) -> None:
    """Log that the shared cache failed, at most once every REPORT_EVERY_SECONDS: a Redis
    that is down fails every request, and a log line per request would bury the rest."""
    global _last_report
    with _report_lock:
        now = time.monotonic()
        if now - _last_report < REPORT_EVERY_SECONDS:
            return
        _last_report = now
    logger.error(
        "The shared cache (REDIS_URL) is not answering (%s). Readers are served without it "
        "(no public response cache, API throttles and suggestion limits let requests "
        "through); password resets are refused until it answers. Sign-in lockouts are kept "
        "in the database and still apply. (Logged at most once a minute per process.)",
        exc or "unknown error",
    )


def _forget_reports() -> None:
    """For tests: the next failure is logged at once."""
    global _last_report
    with _report_lock:
        _last_report = -float("inf")


class ReportOnceAMinute(logging.Filter):
    """On django-redis's logger (``DJANGO_REDIS_LOGGER``): each exception it ignored is
    passed to ``report_unreachable`` instead of its own line ("Exception ignored" with a
    traceback, on every request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        report_unreachable(getattr(exc, "__cause__", None) or exc)
        return False


def take(
    key: str, *, limit: int, window: int, when_unavailable: Literal["allow", "refuse"]
) -> bool:
    """Count one use of ``key`` in a window of ``window`` seconds from its first use; True
    while the count is at most ``limit``. When the cache cannot count, ``allow`` lets it
    through (readers are served) and ``refuse`` raises ``CacheUnavailable``."""
    cache = caches["strict"]
    try:
        cache.add(key, 0, timeout=window)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            used = 1
    except CACHE_ERRORS as exc:
        report_unreachable(exc)
        if when_unavailable == "refuse":
            raise CacheUnavailable(str(exc)) from exc
        return True
    return int(used) <= limit


def cache_answers() -> bool:
    """Whether the shared cache stores and returns a value now (for ``/healthz``)."""
    cache = caches["strict"]
    key = f"healthz:{os.getpid()}:{threading.get_ident()}"
    token = os.urandom(8).hex()
    try:
        cache.set(key, token, timeout=10)
        answered = cache.get(key) == token
    except CACHE_ERRORS as exc:
        report_unreachable(exc)
        return False
    return answered
