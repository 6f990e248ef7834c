"""Set up (or remove) two-factor sign-in for a staff member."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from factcheck.base.signin import two_factor_enrol, two_factor_remove
from factcheck.management.base import DataCommand


class Command(DataCommand):
    help = (
        "Give a staff member an authenticator (TOTP) device and print the address to add "
        "to their authenticator app; from then on signing in asks for its one-time code. "
        "--remove takes it away (a lost phone)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", help="The staff member's username.")
        parser.add_argument("--remove", action="store_true", help="Remove their device instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None or not user.is_staff:
            raise CommandError(f"No staff member named {options['username']!r}.")
        if options["remove"]:
            removed = two_factor_remove(user=user)
            self.stdout.write(f"Removed {removed} device(s) for {user.username}.")
            return
        device = two_factor_enrol(user=user)
        self.stdout.write(
            f"Two-factor sign-in is on for {user.username}. Add this to their authenticator "
            f"app (as a link or a QR code), then sign in with its code:\n{device.config_url}"
        )
