"""Back the whole database up into one file, with pg_dump."""

from __future__ import annotations

import os
import subprocess
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from factcheck.management.pgtools import client_binary, libpq_environment, server_major


class Command(BaseCommand):
    help = (
        "Write a backup of the whole database (schema, data, audit history) to PATH, in "
        "pg_dump's custom format, with the pg_dump matching the server (the embedded one "
        "included). Default: FACTCHECK_BACKUP_DIR/factcheck-<UTC time>.dump (backups/ in "
        "the project, /var/lib/factcheck/backups in the Docker image). Restore with "
        "`manage.py restore PATH`. A backup that fails leaves no file behind."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", nargs="?", help="Where to write the backup.")
        parser.add_argument("--force", action="store_true", help="Overwrite PATH when it exists.")

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        default = Path(settings.FACTCHECK_BACKUP_DIR) / f"factcheck-{stamp}.dump"
        target = Path(options["path"]) if options["path"] else default
        if target.exists() and not options["force"]:
            raise CommandError(f"{target} exists; pass --force to overwrite it.")
        if not target.parent.is_dir():
            if options["path"]:
                raise CommandError(f"The folder {target.parent} does not exist.")
            try:
                target.parent.mkdir(parents=True)
            except OSError as exc:
                raise CommandError(
                    f"Could not create the backup folder {target.parent} "
                    f"(FACTCHECK_BACKUP_DIR): {exc.strerror}."
                ) from None
        if not os.access(target.parent, os.W_OK):
            raise CommandError(
                f"This user cannot write to {target.parent}: give a PATH elsewhere, or set "
                "FACTCHECK_BACKUP_DIR to a folder it can write."
            )
        pg_dump = client_binary("pg_dump", server_major())
        partial = target.with_name(f".{target.name}.partial")
        command = [str(pg_dump), "--format=custom", "--no-owner", f"--file={partial}"]
        result = subprocess.run(command, env=libpq_environment(), capture_output=True, text=True)
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        partial.replace(target)
        size = target.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backed up to {target} ({size:,} bytes)."))
