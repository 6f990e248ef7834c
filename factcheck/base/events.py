"""What happened in the newsroom, told to whoever listens (webhooks today; alerts and
feeds as they come), without the domain knowing who that is.

The domain (``claims``) calls ``emit`` inside the transaction of the write that caused
the event; listeners register from their app's ``ready()`` (as ``register_delete_guard``
does for deletions) and do their work in that same transaction: the webhooks app records
the event and enqueues its deliveries there, so a write that rolls back tells no one and
one that commits is never forgotten. A listener that fails fails the write.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

# The events, named once for the domain that emits them and the apps that listen.
VERDICT_PUBLISHED = "verdict.published"
# A correction, an update or a clarification of a published verdict (the payload's
# revision kind says which).
VERDICT_CORRECTED = "verdict.corrected"
VERDICT_RETRACTED = "verdict.retracted"
VERDICT_TAKEN_DOWN = "verdict.taken_down"
SUGGESTION_RECEIVED = "suggestion.received"
# A repeat made public: a correction, update or clarification of a verdict of ours whose
# revision shows an appearance of the claim's family (claims.models.families) that the
# verdict's previous revision did not. Its payload is that revision's public document.
CLAIM_REPEATED = "claim.repeated"

EVENTS = (
    VERDICT_PUBLISHED,
    VERDICT_CORRECTED,
    VERDICT_RETRACTED,
    VERDICT_TAKEN_DOWN,
    SUGGESTION_RECEIVED,
    CLAIM_REPEATED,
)

Listener = Callable[..., object]
LISTENERS: list[Listener] = []


def register_listener(listener: Listener) -> None:
    if listener not in LISTENERS:
        LISTENERS.append(listener)


def emit(event: str, **data: Any) -> None:
    """Tell every listener that ``event`` happened, with ``data`` (ids and plain values).
    The services call it inside the transaction of the write that caused it, which the
    listeners join (no savepoint); called outside one (a test's factory), the listeners'
    writes get a transaction of their own."""
    if event not in EVENTS:
        raise ValueError(f"Unknown event {event!r}.")
    with transaction.atomic(savepoint=False):
        for listener in LISTENERS:
            listener(event, **data)
