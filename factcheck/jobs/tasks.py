"""Jobs every installation runs, whatever its apps: the recovery of jobs whose worker
died while running them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from procrastinate import JobContext
from procrastinate.contrib.django import app


def every(seconds: int) -> str:
    """A cron line for every ``seconds`` (with the seconds field Procrastinate reads)."""
    if seconds < 60:
        return f"* * * * * */{max(1, seconds)}"
    return f"*/{max(1, min(59, seconds // 60))} * * * *"


# FACTCHECK_JOBS_STALLED_SECONDS bounds how long a dead worker's job waits: the worker is
# taken for dead after half of it without a heartbeat (``stalled_worker_timeout``), its
# jobs are looked for every quarter of it (here), and a worker picks them up within an
# eighth of it (``fetch_job_polling_interval``), or at once when told by NOTIFY.
_STALLED = settings.FACTCHECK_JOBS_STALLED_SECONDS


@app.periodic(cron=every(_STALLED // 4), periodic_id="retry_stalled_jobs")
@app.task(
    name="jobs.retry_stalled_jobs",
    queue="maintenance",
    queueing_lock="retry_stalled_jobs",
    pass_context=True,
)
async def retry_stalled_jobs(context: JobContext, timestamp: int) -> None:
    """Put back in the queue every job left "doing" by a worker that stopped sending its
    heartbeat (killed, its machine lost): at-least-once, so each job's own work must be
    safe to run again (webhook deliveries keep their webhook-id for that)."""
    manager: Any = context.app.job_manager
    stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=_STALLED // 2)
    for job in stalled:
        await manager.retry_job(job)
