"""Replace the database's contents with a backup made by ``manage.py backup``."""

from __future__ import annotations

import subprocess
import tempfile
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from factcheck.base.numbers import whole_number
from factcheck.base.publication import (
    PublicationGeneration,
    publication_generation,
    set_publication_generation,
)
from factcheck.management.pgtools import client_binary, libpq_environment, server_major

# Everything goes, then the backup comes back, in one transaction: a restore that fails
# part-way leaves the database as it was.
REPLACE_EVERYTHING = "DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n"


class Command(BaseCommand):
    help = (
        "Replace everything in the database with the backup at PATH (made by "
        "`manage.py backup`), in one transaction: if anything fails, nothing changes. "
        "Everything since the backup is undone, the public record included: corrections, "
        "retractions and takedowns made since must be made again (a takedown at once). "
        "Stop the app first: a restore waits at most --lock-timeout seconds for other "
        "sessions' locks."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", help="The backup file.")
        parser.add_argument(
            "--noinput", "--no-input", action="store_true", help="Do not ask to confirm."
        )
        parser.add_argument(
            "--lock-timeout",
            type=whole_number(minimum=0, maximum=3600),
            default=10,
            help="Seconds to wait for other sessions' locks before giving up (default 10).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["lock_timeout"] < 1:
            raise CommandError("--lock-timeout must be at least 1 second.")
        source = Path(options["path"])
        if not source.is_file():
            raise CommandError(f"{source} is not a file.")
        major = server_major()
        # A new, empty database (a restore on a new machine) has no generation yet.
        empty = PublicationGeneration._meta.db_table not in connection.introspection.table_names()
        generation = 0 if empty else publication_generation()
        name = connection.settings_dict["NAME"]
        if not options["noinput"]:
            answer = input(
                f"This replaces everything in the database {name!r}: every correction, "
                "retraction and takedown made since the backup is undone. Type 'yes': "
            )
            if answer.strip() != "yes":
                raise CommandError("Restore cancelled; nothing changed.")
        connection.close()  # our own session must not hold anything the restore drops
        env = libpq_environment()
        env["PGOPTIONS"] = f"-c lock_timeout={options['lock_timeout']}s"
        with tempfile.TemporaryDirectory() as work:
            script = Path(work) / "restore.sql"
            preamble = Path(work) / "preamble.sql"
            preamble.write_text(REPLACE_EVERYTHING)
            self._run(
                [
                    str(client_binary("pg_restore", major)),
                    "--no-owner",
                    "-f",
                    str(script),
                    str(source),
                ],
                env,
                f"{source} is not a backup pg_restore can read",
            )
            psql = client_binary("psql", major)
            self._run(
                [
                    str(psql),
                    "-X",
                    "-q",
                    "-v",
                    "ON_ERROR_STOP=1",
                    "--single-transaction",
                    "-f",
                    str(preamble),
                    "-f",
                    str(script),
                ],
                env,
                "The restore failed and was rolled back; the database is unchanged",
            )
        # Cached public pages are keyed by this counter: past anything used before.
        set_publication_generation(generation + 1)
        self.stdout.write(self.style.SUCCESS(f"Restored {source} into {name!r}."))

    @staticmethod
    def _run(command: list[str], env: dict[str, str], failure: str) -> None:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            detail = result.stderr.strip().splitlines()
            raise CommandError(f"{failure}: {' '.join(detail[-3:])}")
