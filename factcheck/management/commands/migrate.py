"""Django's ``migrate``, taking turns: several processes migrating one database at once
(two quickstarts, containers starting together) run one after the other."""

from __future__ import annotations

from typing import Any

from django.core.management.commands import migrate

from factcheck.base.db import advisory_lock


class Command(migrate.Command):
    def handle(self, *args: Any, **options: Any) -> None:
        with advisory_lock("factcheck:migrate", using=options["database"]):
            super().handle(*args, **options)
