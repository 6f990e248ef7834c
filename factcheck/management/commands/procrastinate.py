"""``manage.py procrastinate …``: Procrastinate's own command, with one change: its
``worker`` starts again by itself when its database went away and came back (a restart of
the embedded server or of PostgreSQL, a failover), where Procrastinate's would stop
(``factcheck.jobs.worker.run_worker``). This app comes before Procrastinate's in
INSTALLED_APPS, so Django runs this command (as staticfiles does with ``runserver``)."""

from __future__ import annotations

from typing import Any

from procrastinate.contrib.django.management.commands import procrastinate

from factcheck.jobs.worker import run_worker


class Command(procrastinate.Command):
    def handle(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("command") != "worker":
            return super().handle(*args, **kwargs)
        skipped = {*self._django_options, "command", "func"}
        options = {key: value for key, value in kwargs.items() if key not in skipped}
        self.stderr.write(
            f"Launching a worker on {', '.join(options.get('queues') or []) or 'all queues'}"
        )
        run_worker(options)
        return None
