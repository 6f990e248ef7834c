"""A burst of publications through the review path reaches a slow receiver, signed, with no
loss, and publishing does not wait for the deliveries (``benchmarks/webhook_burst.py``,
whose 1,000-publication run is in docs/performance.md; here 20, on the test database)."""

from __future__ import annotations

import json
import os

import pytest
from django.db import connection

from benchmarks.webhook_burst import burst
from tests.databases import server_url
from tests.webhook_parts import clear_queue

RECEIVER_MS = 300
PUBLICATIONS = 20  # kept small: each publish runs the whole review path (0.2-0.5 s)

pytestmark = [
    pytest.mark.heavy,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_burst_of_publications_reaches_a_slow_receiver_without_loss(settings):
    settings.FACTCHECK_OUTBOUND_ALLOW = ["127.0.0.1"]
    clear_queue()
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env.update(
        DATABASE_URL=f"{server_url()}/{connection.settings_dict['NAME']}",
        FACTCHECK_OUTBOUND_ALLOW="127.0.0.1",
        FACTCHECK_EMBED_ON_WRITE="0",
        LOG_LEVEL="WARNING",
    )
    try:
        run = burst(
            publications=PUBLICATIONS,
            baseline=5,
            receiver_ms=RECEIVER_MS,
            workers=1,
            worker_env=env,
            deliver_within=60,
        )
    finally:
        clear_queue()
    print(json.dumps(run, indent=2))  # with -s: the figures
    assert run["lost"] == 0, run
    assert run["deliveries"] == PUBLICATIONS + 5  # those that waited for a worker too
    assert run["unique_received"] == run["deliveries"]
    assert run["unexpected"] == 0
    assert run["unverified"] == 0
    assert run["delivery_states"] == {"delivered": run["deliveries"]}
    # Publishing never waits for a delivery: publishes complete while no worker runs (the
    # deliveries wait in the queue), and one during the deliveries takes about as long as
    # one then (the same two cores run the workers meanwhile).
    assert run["received_while_no_worker_ran"] == 0
    assert run["publish_p50_ratio_delivering"] < 2.5, run
