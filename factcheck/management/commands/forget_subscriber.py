"""Delete every trace of an email address, on its owner's request."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from factcheck.alerts.services import subscriber_forget
from factcheck.management.base import DataCommand


class Command(DataCommand):
    help = (
        "Forget an email address everywhere, on its owner's request: every alert "
        "subscription of it (confirmed or not, with its alerts and the admin's log entries "
        "about it) is deleted, and it is blanked wherever a reader left it on a suggested "
        "claim. The address is compared in any case."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email", help="The address to forget.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            done = subscriber_forget(email=options["email"], user=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            f"Forgotten: {done.subscriptions} subscription(s) deleted, "
            f"{done.suggestions} suggestion contact(s) blanked."
        )
