"""The alerts' jobs, by name (their code is in ``factcheck.alerts.tasks``): deferred through
Django's connection, so in the transaction of the write that asks for them. Their
arguments are row ids, never an address: the queue's tables keep no personal data."""

from __future__ import annotations

from procrastinate.contrib.django import app

QUEUE = "alerts"
DISPATCH = "alerts.dispatch"
SEND_ALERT = "alerts.send_alert"
SEND_DIGEST = "alerts.send_digest"
SEND_CONFIRMATION = "alerts.send_confirmation"
TELL_READER = "alerts.tell_reader"


def defer(task: str, *, lock: str, **ids: int) -> None:
    # The lock keeps two runs of the same work from overlapping (a stalled job put back
    # while its twin runs); each job's own work checks what is already done.
    app.configure_task(task, queue=QUEUE, lock=lock).defer(**ids)
