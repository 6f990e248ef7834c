"""Set up a working newsroom in one command: database, schema, seed data, demo accounts, server."""

from __future__ import annotations

import json
import os
import secrets
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.staticfiles.finders import get_finders
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction

from claims.services.about_skeleton import about_skeleton_install
from factcheck.base.db import advisory_lock
from factcheck.base.numbers import whole_number
from factcheck.jobs.worker import start_worker, stop_worker
from factcheck.seed import seed_load_once

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DEMO_ACCOUNTS = {"editor": "Editor", "factchecker": "Fact-checker"}


class Command(BaseCommand):
    help = (
        "Start the database (embedded when DATABASE_URL is unset), apply migrations, load the "
        "rating scale and seed data (once, into an empty database only), create the demo "
        "accounts 'editor' and 'factchecker', and serve the site with a worker for jobs "
        "(webhook deliveries) beside it. Safe to run again: it "
        "changes and duplicates nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="Set up, then exit without serving."
        )
        parser.add_argument(
            "--port",
            type=whole_number(minimum=1, maximum=65_535),
            default=8000,
            help="Port to serve on (default 8000).",
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
            self.collect_static()
        if options["no_serve"]:
            self.stdout.write(self.style.SUCCESS("Ready. Serve with: python manage.py runserver"))
            return
        self.step("Jobs")
        # Webhook deliveries and other jobs run in a worker beside the server (the same
        # `manage.py procrastinate worker` a deployment runs); it stops with this command.
        worker = start_worker()
        self.stdout.write(f"  a worker runs beside the server (process {worker.pid})")
        self.step(
            f"Serving the public site at http://127.0.0.1:{port}/ and the newsroom at "
            f"http://127.0.0.1:{port}/admin/ (Ctrl-C to stop)"
        )
        # runserver answers each request in a thread of its own, which would keep its own
        # persistent connection open after it ends: a busy session would use up the
        # server's connections (Django's docs: no persistent connections in development).
        for alias in connections:
            connections.settings[alias]["CONN_MAX_AGE"] = 0
        try:
            # No autoreloader: it would re-run this whole command in a child process.
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        finally:
            stop_worker(worker)

    def set_up(self, *, demo_accounts: bool) -> None:
        self.step("Migrations")
        call_command("migrate", interactive=False, verbosity=0)
        self.step("Seed data")
        for fixture in ("rating_scale.json", "seed.json"):
            self.load_once(fixture)
        self.step("About page")
        # The migration wrote it already; this is for a database whose editors deleted a
        # section: it comes back as a skeleton, and written sections stay as they are.
        written = about_skeleton_install()
        self.stdout.write(
            f"  skeleton written for: {', '.join(written)} (editors complete it in the admin)"
            if written
            else "  every section is there (the admin lists those still to complete)"
        )
        self.step("Demo accounts")
        if demo_accounts:
            self.create_demo_accounts()
        else:
            self.stdout.write(
                "  skipped: DEBUG is off (pass --demo-accounts to create them anyway)"
            )

    def collect_static(self) -> None:
        """With DEBUG off the app serves the collected files (WhiteNoise's manifest).
        Where this user may not write them (the Docker image collects them when it is
        built, into a folder of root's) they are checked instead of collected again."""
        root = Path(settings.STATIC_ROOT)
        if _writable(root):
            call_command("collectstatic", interactive=False, verbosity=0)
            self.stdout.write(f"  collected into {root}")
            return
        missing = _uncollected_static_files(root)
        if missing:
            raise CommandError(
                f"{root} lacks {len(missing)} static file(s) (such as {missing[0]}), and this "
                "user cannot write there: run `manage.py collectstatic --noinput` as the "
                "folder's owner (with Docker, rebuild the image: `docker compose build`)."
            )
        self.stdout.write(f"  already collected in {root} (read-only here), nothing to do")

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


def _writable(folder: Path) -> bool:
    """Whether collectstatic could write ``folder``, or create it where it is missing."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return os.access(folder, os.W_OK)


def _uncollected_static_files(root: Path) -> list[str]:
    """The static files the finders know that the manifest in ``root`` does not list
    (every one of them when there is no manifest)."""
    # collectstatic's own default ignore patterns.
    found = sorted(
        {path for finder in get_finders() for path, _ in finder.list(["CVS", ".*", "*~"])}
    )
    try:
        manifest = json.loads((root / ManifestStaticFilesStorage.manifest_name).read_text())
        listed = set(manifest["paths"])
    except (OSError, ValueError, KeyError, TypeError):
        return found
    return [path for path in found if path not in listed]
