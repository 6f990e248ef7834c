"""A worker killed (SIGKILL) in the middle of a webhook delivery: another worker runs the
job again within the stalled-job bound, and the receiver sees one idempotency id."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection

from factcheck.notify import services
from factcheck.notify.models import WebhookDelivery
from tests.databases import server_url
from tests.test_deployment import ROOT
from tests.webhook_parts import clear_queue, publish, receiver

BOUND = 6  # FACTCHECK_JOBS_STALLED_SECONDS for the workers here (60 by default)

pytestmark = [
    pytest.mark.heavy,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "procrastinate", "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"waited {seconds} s for {what}")


def test_a_worker_killed_mid_delivery_loses_nothing_and_sends_one_id(
    settings, factchecker, editor
):
    settings.FACTCHECK_OUTBOUND_ALLOW = ["127.0.0.1"]
    clear_queue()
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG"}}
    env.update(
        DATABASE_URL=f"{server_url()}/{connection.settings_dict['NAME']}",
        FACTCHECK_OUTBOUND_ALLOW="127.0.0.1",
        FACTCHECK_JOBS_STALLED_SECONDS=str(BOUND),
        FACTCHECK_WEBHOOK_RETRY_SECONDS="0",
        FACTCHECK_WEBHOOK_TIMEOUT="60",  # the held request is cut by the kill, not a timeout
        LOG_LEVEL="WARNING",
    )
    first = second = None
    with receiver(hold=threading.Event()) as got:
        try:
            _endpoint, secret = services.endpoint_create(
                user=editor, name="Receiver", url=got.url, events=["verdict.published"]
            )
            got.secrets = [secret]
            publish(author=factchecker)
            first = _worker(env)
            _wait(got.holding.is_set, 30, "the first worker's request")
            second = _worker(env)  # already running when the first one dies
            time.sleep(2)  # started, registered, beating
            first.send_signal(signal.SIGKILL)
            first.wait(10)
            killed_at = time.monotonic()
            got.hold.set()  # the first request's connection is gone; its answer is lost
            _wait(lambda: len(got.received) >= 2, BOUND + 10, "the delivery to run again")
            again_after = time.monotonic() - killed_at
            _wait(
                lambda: WebhookDelivery.objects.get().status == "delivered",
                10,
                "the delivery to be recorded",
            )
        finally:
            for process in (first, second):
                if process is not None and process.poll() is None:
                    process.send_signal(signal.SIGTERM)
                    try:
                        process.wait(15)
                    except subprocess.TimeoutExpired:
                        process.kill()
                        process.wait()
            clear_queue()
    assert len(got.received) == 2
    assert len(set(got.ids)) == 1  # one idempotency id: the receiver can drop the repeat
    assert all(r.verified for r in got.received)
    assert again_after <= BOUND + 1, f"ran again {again_after:.1f} s after the kill"
    delivery = WebhookDelivery.objects.get()
    assert delivery.message_id == got.ids[0]
    # The killed worker recorded nothing; the second one's attempt is the log's.
    assert list(delivery.attempt_log.values_list("status_code", flat=True)) == [200]
