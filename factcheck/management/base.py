"""The base of the commands that read or write the project's tables: on a database that
is not migrated (or not reachable) they stop with what to do, before any query can fail
with a traceback."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.migrations.executor import MigrationExecutor


def unapplied_migrations(alias: str = DEFAULT_DB_ALIAS) -> int:
    """How many of the project's migrations the database lacks."""
    connection = connections[alias]
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


class DataCommand(BaseCommand):
    """A command over the project's data: refused with a clear message on a database that
    is unreachable or not migrated."""

    def execute(self, *args: Any, **options: Any) -> Any:
        settings_dict = connections[DEFAULT_DB_ALIAS].settings_dict
        where = f"{settings_dict.get('NAME')} on {settings_dict.get('HOST') or 'the local socket'}"
        try:
            missing = unapplied_migrations()
        except OperationalError as exc:
            raise CommandError(
                f"Cannot reach the database ({where}): {str(exc).strip().splitlines()[0]}. "
                "Check DATABASE_URL, or leave it unset to use the embedded database."
            ) from None
        if missing:
            raise CommandError(
                f"The database ({where}) lacks {missing} of the project's migrations: run "
                "`python manage.py migrate` first (or `python manage.py quickstart`, which "
                "also loads the seed into a new database)."
            )
        return super().execute(*args, **options)
