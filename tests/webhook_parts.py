"""Real parts for the webhook and job tests: a receiver on 127.0.0.1 that verifies every
delivery's signature with the Standard Webhooks package, and a Procrastinate worker."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group
from django.db import connection
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from claims import services
from tests import factories


@dataclass
class Received:
    webhook_id: str
    timestamp: str
    signature: str
    body: bytes
    verified: bool
    payload: Any


@dataclass
class Receiver:
    """Answers 500 to the first ``fail_first`` deliveries, then 200; ``hold`` (when set)
    keeps the first request waiting until it is released or the connection drops."""

    url: str = ""
    secrets: list[str] = field(default_factory=list)
    fail_first: int = 0
    received: list[Received] = field(default_factory=list)
    hold: threading.Event | None = None
    holding: threading.Event = field(default_factory=threading.Event)

    def verify(self, body: bytes, headers: dict[str, str]) -> tuple[bool, Any]:
        for secret in self.secrets:
            try:
                return True, Webhook(secret).verify(body, headers)
            except WebhookVerificationError:
                continue
        return False, None

    @property
    def ids(self) -> list[str]:
        return [r.webhook_id for r in self.received]


@contextmanager
def receiver(**options: Any) -> Iterator[Receiver]:
    state = Receiver(**options)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k.lower(): v for k, v in self.headers.items()}
            verified, payload = state.verify(body, headers)
            state.received.append(
                Received(
                    headers.get("webhook-id", ""),
                    headers.get("webhook-timestamp", ""),
                    headers.get("webhook-signature", ""),
                    body,
                    verified,
                    payload,
                )
            )
            if state.hold is not None and len(state.received) == 1:
                state.holding.set()
                state.hold.wait(30)
            failing = len(state.received) <= state.fail_first
            self.send_response(500 if failing else 200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"down for maintenance" if failing else b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    state.url = f"http://127.0.0.1:{httpd.server_port}/hooks"
    try:
        yield state
    finally:
        if state.hold is not None:
            state.hold.set()
        httpd.shutdown()
        httpd.server_close()


def run_jobs() -> None:
    """A real Procrastinate worker, in this process, on its own connection (as
    ``manage.py procrastinate worker`` makes it), until no job is ready. One job at a
    time: with two, the second slot finding nothing would stop the worker before a retry
    or a job put back by the first is run."""
    from procrastinate.contrib.django import app

    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(
            wait=False, install_signal_handlers=False, listen_notify=False, concurrency=1
        )


def clear_queue() -> None:
    """Jobs left by an earlier transactional test (the flush between them leaves the
    queue's tables, which Django does not manage)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM procrastinate_jobs")


def queued(task: str = "notify.deliver") -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, status, args, attempts FROM procrastinate_jobs WHERE task_name = %s "
            "ORDER BY id",
            [task],
        )
        rows = [dict(zip(("id", "status", "args", "attempts"), r, strict=True)) for r in cursor]
    for row in rows:  # Django's cursor hands jsonb back as text
        row["args"] = json.loads(row["args"]) if isinstance(row["args"], str) else row["args"]
    return rows


def publish(*, author: Any, editor: Any = None, **fields: Any) -> Any:
    """A verdict of ours through the review path: written, submitted, approved and
    published by another editor (a new one by default: inside a test's transaction the
    audit history would count an earlier publisher among the next verdict's writers)."""
    if editor is None:
        editor = factories.make_user()
        editor.groups.add(Group.objects.get(name="Editor"))
    verdict = factories.make_verdict(author=author, **fields)
    services.verdict_submit(verdict=verdict, user=author)
    return services.verdict_publish(
        verdict=verdict, user=editor, expected_version=factories.version(verdict)
    )


def payloads(state: Receiver) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in state.received]
