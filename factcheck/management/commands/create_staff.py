"""Create a staff member in a newsroom role and print their one-time password-set link."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from claims.services.staff import ROLES, staff_member_create
from factcheck.base.http import site_url
from factcheck.management.base import DataCommand


class Command(DataCommand):
    help = (
        "Create a staff member in a newsroom role (fact-checker: researches and drafts; "
        "editor: reviews, publishes and corrects, needs another editor's approval; "
        "editor-in-chief: an editor who also takes verdicts down) and print a one-time "
        "link at FACTCHECK_SITE_URL where they set their own password. The link works once "
        "and expires after PASSWORD_RESET_TIMEOUT (by default 3 days); run `manage.py create_staff "
        "--link USERNAME` for a new one. Unlike `createsuperuser`, the account has only "
        "its role's permissions."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username", help="Their sign-in name (not shown to readers).")
        parser.add_argument("--role", choices=sorted(ROLES), help="Their role (required).")
        parser.add_argument("--email", default="", help="For password resets by email.")
        parser.add_argument(
            "--name",
            default="",
            help='The byline readers see, "First Last" (they can change it themselves).',
        )
        parser.add_argument(
            "--link",
            action="store_true",
            help="Only print a new password-set link for an existing staff member.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["link"]:
            user = (
                get_user_model()
                .objects.filter(username=options["username"], is_active=True, is_staff=True)
                .first()
            )
            if user is None:
                raise CommandError(f"No active staff member named {options['username']!r}.")
        else:
            if not options["role"]:
                raise CommandError(f"Give --role: one of {', '.join(sorted(ROLES))}.")
            first, _, last = options["name"].strip().partition(" ")
            try:
                user = staff_member_create(
                    username=options["username"],
                    role=options["role"],
                    email=options["email"],
                    first_name=first,
                    last_name=last,
                )
            except ValidationError as refused:
                raise CommandError(" ".join(refused.messages)) from None
            self.stdout.write(
                self.style.SUCCESS(f"Created {user.username} ({ROLES[options['role']]}).")
            )
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        link = site_url(reverse("password_reset_confirm", args=[uid, token]))
        hours = settings.PASSWORD_RESET_TIMEOUT // 3600
        self.stdout.write(f"Password-set link (works once, for {hours} hours): {link}")
