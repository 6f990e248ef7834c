"""Reads for the long commands' runs: the runs themselves, and what the queue says of
their jobs (Procrastinate's tables, read-only)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone
from procrastinate.contrib.django.models import ProcrastinateJob, ProcrastinateWorker

from factcheck.jobs.models import ACTIVE, JobRun


def runs() -> QuerySet[JobRun]:
    return JobRun.objects.select_related("started_by")


def any_active() -> bool:
    return JobRun.objects.filter(status__in=ACTIVE).exists()


def queue_status(run: JobRun) -> str | None:
    """The status of the run's job in the queue (``todo``, ``doing``, ``failed``…), or
    None when the queue no longer holds it (finished jobs leave it)."""
    if run.job_id is None:
        return None
    found = ProcrastinateJob.objects.filter(pk=run.job_id).values_list("status", flat=True)
    return next(iter(found), None)


def workers_alive(*, within_seconds: int) -> int:
    """Workers that sent a heartbeat in the last ``within_seconds``."""
    since = timezone.now() - timedelta(seconds=within_seconds)
    return ProcrastinateWorker.objects.filter(last_heartbeat__gte=since).count()
