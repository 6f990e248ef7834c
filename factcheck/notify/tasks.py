"""The job that sends a webhook delivery, and when it is tried again."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections
from procrastinate import JobContext, RetryDecision
from procrastinate.contrib.django import app
from procrastinate.jobs import Job
from procrastinate.retry import BaseRetryStrategy

from factcheck.notify.services import DELIVER_TASK, delivery_attempt

# Retries wait four times longer each time, from FACTCHECK_WEBHOOK_RETRY_SECONDS (10 s,
# 40 s, 2.7 min, 11 min, 43 min, 2.8 h, 11.4 h with the defaults), never more than a day.
GROWTH = 4
LONGEST_WAIT = 24 * 3600


class DeliveryFailed(Exception):
    """The receiver did not take the delivery; the job queue tries again later."""


class DeliveryGivenUp(Exception):
    """No attempt left: the job ends failed, listed in the admin's jobs, never retried."""


class Backoff(BaseRetryStrategy):
    """Exponential backoff read from the settings when a job fails (not when the module is
    imported), up to FACTCHECK_WEBHOOK_MAX_ATTEMPTS attempts in all."""

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        if not isinstance(exception, DeliveryFailed):
            return None  # a bug, not the receiver: left failed for the admin to see
        if job.attempts + 1 >= settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS:
            return None
        wait = min(settings.FACTCHECK_WEBHOOK_RETRY_SECONDS * GROWTH**job.attempts, LONGEST_WAIT)
        return RetryDecision(retry_in={"seconds": wait})


def final_attempt(job: Job) -> bool:
    return job.attempts + 1 >= settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS


@app.task(name=DELIVER_TASK, queue="webhooks", retry=Backoff(), pass_context=True)
def deliver(context: JobContext, delivery_id: int) -> None:
    """Attempt one delivery. Runs in a worker thread: the thread's database connection is
    closed at the end, as a request's would be (workers would otherwise keep one open per
    thread they ever used)."""
    job: Any = context.job
    close_old_connections()
    try:
        outcome = delivery_attempt(delivery_id=delivery_id, final=final_attempt(job))
    finally:
        connections.close_all()
    if outcome.retry:
        raise DeliveryFailed(outcome.error)
    if outcome.status == "failed":
        raise DeliveryGivenUp(f"Given up: {outcome.error}")
