"""Read replicas (``DATABASE_REPLICA_URLS``): a request the public could have made
reads from one replica; everything else, and every write, uses the primary.

``ReadFromReplica`` (factcheck.base.middleware) decides per request, with the same
"is this personal?" test as the public cache: signed-in people, staff tokens and
anything carrying a session never read a replica, so an editor always sees their own
change at once. A replica that lags shows the public a page a moment old, as the cache
may; the publication generation is read from the same replica, so a cached page is
never newer than the data it was built from.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings

_replica: ContextVar[str | None] = ContextVar("factcheck_replica", default=None)


def replicas() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


@contextmanager
def reading_from_replica() -> Iterator[str | None]:
    """Reads inside use one replica, chosen at random (``None`` when there are none)."""
    choices = replicas()
    token = _replica.set(random.choice(choices) if choices else None)
    try:
        yield _replica.get()
    finally:
        _replica.reset(token)


# Apps whose tables are read on the primary only, whoever asks: the job queue's (a worker
# or the admin must see the queue as it is, never a replica's lagging copy; its own
# connection is the primary's too), the webhooks' deliveries and the long commands' runs.
PRIMARY_ONLY = {"procrastinate", "notify", "jobs"}


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        if model._meta.app_label in PRIMARY_ONLY:
            return "default"
        return _replica.get() or "default"

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replicas are copies of the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"
