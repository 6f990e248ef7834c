"""Real parts for the alerts' tests: an SMTP server on 127.0.0.1 (aiosmtpd) that Django's
SMTP backend sends to, and the alerts' jobs run in the test's transaction."""

from __future__ import annotations

import email
import email.policy
import json
import logging
import re
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from django.db import connection

from factcheck.alerts import dispatch, queue

# aiosmtpd logs every SMTP command at INFO.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@dataclass
class Mailbox:
    """What the server received; answers ``refuse`` (e.g. "451 try again later") to the
    first ``refuse_first`` messages."""

    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)
    refuse_first: int = 0
    refuse: str = "451 4.3.0 Try again later"
    seen: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.seen += 1
        if self.seen <= self.refuse_first:
            return self.refuse
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(parsed)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [
            m for m, rcpt in zip(self.messages, self.recipients, strict=True) if address in rcpt
        ]


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    return str(part.get_content())


def whole(message: EmailMessage) -> str:
    """Every header and part, decoded: what a grep of the message would see."""
    headers = "\n".join(f"{k}: {v}" for k, v in message.items())
    return f"{headers}\n{text_of(message)}\n{html_of(message)}"


def links(message: EmailMessage, path: str) -> list[str]:
    return re.findall(rf"https?://[^\s\"'<>]*{re.escape(path)}[^\s\"'<>]*", text_of(message))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def smtp_server(settings: Any, **options: Any) -> Iterator[Mailbox]:
    """A real SMTP server, and Django's SMTP backend pointed at it (no TLS, no login)."""
    box = Mailbox(**options)
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    try:
        yield box
    finally:
        controller.stop()


_WORK: dict[str, Callable[..., Any]] = {
    queue.DISPATCH: dispatch.revision_dispatch,
    queue.SEND_ALERT: dispatch.alert_send,
    queue.SEND_DIGEST: dispatch.digest_send,
    queue.SEND_CONFIRMATION: dispatch.confirmation_send,
    queue.TELL_READER: dispatch.reader_notice_send,
}


def alert_jobs() -> list[tuple[str, dict[str, Any]]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT task_name, args FROM procrastinate_jobs "
            "WHERE task_name LIKE 'alerts.%%' AND status = 'todo' ORDER BY id"
        )
        rows = cursor.fetchall()
    return [(name, json.loads(args) if isinstance(args, str) else args) for name, args in rows]


def drain() -> list[str]:
    """Run the alerts' queued jobs here, in the test's transaction, as a worker would run
    them after the commit (each job's work, without the worker's own connection), until
    none is left; returns the tasks run, in order."""
    ran: list[str] = []
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM procrastinate_jobs WHERE id = (SELECT id FROM procrastinate_jobs "
                "WHERE task_name LIKE 'alerts.%%' AND status = 'todo' ORDER BY id LIMIT 1) "
                "RETURNING task_name, args"
            )
            row = cursor.fetchone()
        if row is None:
            return ran
        name, args = row
        _WORK[name](**(json.loads(args) if isinstance(args, str) else args))
        ran.append(name)
