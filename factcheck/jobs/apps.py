from __future__ import annotations

from django.apps import AppConfig


class JobsConfig(AppConfig):
    """The job queue's set-up (Procrastinate), and the long commands staff start from the
    admin as jobs, with their progress (``JobRun``)."""

    name = "factcheck.jobs"
    label = "jobs"
    verbose_name = "Jobs"
    default_auto_field = "django.db.models.BigAutoField"
