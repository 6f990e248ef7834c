"""The staff member an import command acts as (``--as``): every write is recorded, and
permitted, as theirs."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def add_acting_user_argument(parser: ArgumentParser, *, needs: str = "") -> None:
    note = f" (needs permission to {needs})" if needs else ""
    parser.add_argument(
        "--as",
        dest="username",
        required=True,
        help=f"The staff member the import is recorded as{note}.",
    )


def acting_user(options: dict[str, Any]) -> Any:
    """The active user ``--as`` names, or a CommandError naming the one that is not."""
    user = get_user_model().objects.filter(username=options["username"], is_active=True).first()
    if user is None:
        raise CommandError(f"No active user named {options['username']!r}.")
    return user
