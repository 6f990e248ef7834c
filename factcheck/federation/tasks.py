"""The jobs of feed subscriptions: a periodic look for the feeds due, and the fetch of
one feed (``services.feed_fetch``)."""

from __future__ import annotations

from django.db import close_old_connections, connections
from procrastinate.contrib.django import app

from factcheck.federation import selectors, services

# Every five minutes (the shortest interval a subscription may ask for).
DUE_CRON = "*/5 * * * *"


@app.periodic(cron=DUE_CRON, periodic_id="federation_feeds_due")
@app.task(name="federation.feeds_due", queue="federation", queueing_lock="federation_feeds_due")
def feeds_due(timestamp: int) -> None:
    """Queue a fetch of every subscribed feed whose interval has passed."""
    close_old_connections()
    try:
        for subscription_id in selectors.due_subscriptions():
            services.enqueue_fetch(subscription_id)
    finally:
        connections.close_all()


@app.task(name=services.FETCH_TASK, queue="federation")
def fetch_feed(subscription_id: int) -> None:
    """Fetch one feed and import what changed; the outcome is its report (a failure
    included: the job itself ends well, and the feed is tried again when next due).
    Runs in a worker thread: its database connection is closed at the end."""
    close_old_connections()
    try:
        services.feed_fetch(subscription_id=subscription_id)
    finally:
        connections.close_all()
