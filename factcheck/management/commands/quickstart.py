"""Set up a working newsroom in one command: database, schema, seed data, demo accounts, server."""

from __future__ import annotations

import os
import secrets
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from factcheck.base.db import advisory_lock
from factcheck.seed import seed_load_once

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DEMO_ACCOUNTS = {"editor": "Editor", "factchecker": "Fact-checker"}


class Command(BaseCommand):
    help = (
        "Start the database (embedded when DATABASE_URL is unset), apply migrations, load the "
        "rating scale and seed data (once, into an empty database only), create the demo "
        "accounts 'editor' and 'factchecker', and serve the site. Safe to run again: it "
        "changes and duplicates nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="Set up, then exit without serving."
        )
        parser.add_argument(
            "--port", type=int, default=8000, help="Port to serve on (default 8000)."
        )
        parser.add_argument(
            "--demo-accounts",
            action="store_true",
            help="Create the demo accounts even when DEBUG is off (they are created by default only with DEBUG on).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        if not 1 <= port <= 65535:
            raise CommandError(f"--port must be between 1 and 65535; got {port}.")
        if not (os.environ.get("FACTCHECK_SITE_URL") or os.environ.get("FACTCHECK_PUBLISHER_URL")):
            # Neither address was set (the development default, port 8000): the links the
            # site writes (canonical, sitemap, feeds, ClaimReview) name the port it serves on.
            address = f"http://127.0.0.1:{port}/"
            settings.FACTCHECK_SITE_URL = settings.FACTCHECK_PUBLISHER_URL = address
        self.step("Database")
        connection.ensure_connection()
        where = (
            "embedded PostgreSQL in " + str(settings.EMBEDDED_POSTGRES_DIR)
            if not settings.DATABASE_URL
            else "DATABASE_URL"
        )
        self.stdout.write(f"  using {where}")
        # Two quickstarts at once take turns: the second finds everything in place.
        with advisory_lock("factcheck:quickstart"):
            self.set_up(demo_accounts=settings.DEBUG or options["demo_accounts"])
        if not settings.DEBUG:
            self.step("Static files")
            call_command("collectstatic", interactive=False, verbosity=0)
        if options["no_serve"]:
            self.stdout.write(self.style.SUCCESS("Ready. Serve with: python manage.py runserver"))
            return
        self.step(
            f"Serving the public site at http://127.0.0.1:{port}/ and the newsroom at "
            f"http://127.0.0.1:{port}/admin/ (Ctrl-C to stop)"
        )
        # No autoreloader: it would re-run this whole command in a child process.
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)

    def set_up(self, *, demo_accounts: bool) -> None:
        self.step("Migrations")
        call_command("migrate", interactive=False, verbosity=0)
        self.step("Seed data")
        for fixture in ("rating_scale.json", "seed.json"):
            self.load_once(fixture)
        self.step("Demo accounts")
        if demo_accounts:
            self.create_demo_accounts()
        else:
            self.stdout.write(
                "  skipped: DEBUG is off (pass --demo-accounts to create them anyway)"
            )

    def step(self, title: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(title))

    def load_once(self, fixture: str) -> None:
        outcome = seed_load_once(fixture=FIXTURES / fixture, user=AnonymousUser())
        if outcome.loaded:
            self.stdout.write(f"  {fixture}: loaded")
        elif outcome.earlier is not None:
            when = outcome.earlier.created_at.date().isoformat()
            self.stdout.write(
                f"  {fixture}: already loaded on {when} (never loaded twice)"
                if outcome.earlier.loaded
                else f"  {fixture}: not loaded: the database already held data when the "
                f"quickstart first ran, on {when}"
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"  {fixture}: not loaded: the database already holds "
                    f"{', '.join(outcome.occupied)}, and seed data is loaded only into "
                    "empty tables"
                )
            )

    @transaction.atomic
    def create_demo_accounts(self) -> None:
        User = get_user_model()
        for username, group_name in DEMO_ACCOUNTS.items():
            if User.objects.filter(username=username).exists():
                self.stdout.write(f"  {username}: exists, password unchanged")
                continue
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(username=username, password=password, is_staff=True)
            user.groups.add(Group.objects.get(name=group_name))
            self.stdout.write(
                self.style.WARNING(
                    f"  {username} ({group_name}): password {password}  <- shown only once"
                )
            )
