"""The alerts' jobs: a dispatch per published revision, one job per message, and the
hourly run that sends the daily digests and deletes unconfirmed addresses. A message the
SMTP server did not take is tried again with a growing wait (5 s, 25 s, 2 min, 10 min,
52 min); after the last attempt the job is left failed, listed in the admin's jobs."""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from django.db import close_old_connections, connections
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from factcheck.alerts import dispatch, queue

# Retried: what the mail server or the network did, never a bug in our code.
MAIL_TROUBLE = (smtplib.SMTPException, OSError)
RETRY = RetryStrategy(max_attempts=6, exponential_wait=5, retry_exceptions=MAIL_TROUBLE)

P = ParamSpec("P")
R = TypeVar("R")


def _own_connection(work: Callable[P, R]) -> Callable[P, R]:
    """Jobs run in a worker thread: its database connection is closed at the end, as a
    request's would be (a worker would otherwise keep one open per thread it used)."""

    @wraps(work)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        close_old_connections()
        try:
            return work(*args, **kwargs)
        finally:
            connections.close_all()

    return run


@app.task(name=queue.DISPATCH, queue=queue.QUEUE, retry=RETRY)
@_own_connection
def dispatch_revision(revision_id: int) -> None:
    dispatch.revision_dispatch(revision_id=revision_id)


@app.task(name=queue.SEND_ALERT, queue=queue.QUEUE, retry=RETRY)
@_own_connection
def send_alert(alert_id: int) -> None:
    dispatch.alert_send(alert_id=alert_id)


@app.task(name=queue.SEND_DIGEST, queue=queue.QUEUE, retry=RETRY)
@_own_connection
def send_digest(subscription_id: int) -> None:
    dispatch.digest_send(subscription_id=subscription_id)


@app.task(name=queue.SEND_CONFIRMATION, queue=queue.QUEUE, retry=RETRY)
@_own_connection
def send_confirmation(subscription_id: int) -> None:
    dispatch.confirmation_send(subscription_id=subscription_id)


@app.task(name=queue.TELL_READER, queue=queue.QUEUE, retry=RETRY)
@_own_connection
def tell_reader(notice_id: int, revision_id: int) -> None:
    dispatch.reader_notice_send(notice_id=notice_id, revision_id=revision_id)


@app.periodic(cron="0 * * * *", periodic_id="alerts_hourly")
@app.task(name="alerts.hourly", queue=queue.QUEUE, queueing_lock="alerts_hourly")
@_own_connection
def hourly(timestamp: int) -> None:
    """Every hour on the hour: the digests due (FACTCHECK_ALERTS_DIGEST_HOUR, in
    TIME_ZONE; one missed while no worker ran goes at the next run), and the addresses
    nobody confirmed in time deleted."""
    dispatch.digests_enqueue()
    dispatch.unconfirmed_purge()
