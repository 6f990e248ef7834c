"""Every write of the long commands run as jobs: a run started by staff (recorded, and its
job enqueued, in one transaction), then begun, advanced, finished or failed by the worker
that runs it (``factcheck.jobs.runs``)."""

from __future__ import annotations

import time

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from procrastinate.contrib.django import app

from claims import permissions
from factcheck.base import outbound
from factcheck.base.services import AnyUser, Refused, require, save_validated
from factcheck.jobs.models import START_EMBEDDING, START_IMPORT, JobRun, RunKind, RunStatus

QUEUE = "commands"
TASKS = {
    RunKind.EMBED_CLAIMS: "jobs.embed_claims",
    RunKind.IMPORT_CLAIMREVIEW: "jobs.import_claimreview",
}
# One long command at a time in the whole installation (jobs with the same lock run one
# after another, whichever worker takes them), so a worker's other thread stays free for
# webhook deliveries however long a backfill runs.
LOCK = "long-command"


def _enqueue(run: JobRun) -> None:
    job_id = app.configure_task(TASKS[RunKind(run.kind)], queue=QUEUE, lock=LOCK).defer(
        run_id=run.pk
    )
    run.job_id = job_id
    run.save(update_fields=["job_id", "updated_at"])


# -- Started by staff ---------------------------------------------------------------------


def job_run_embed_claims(*, user: AnyUser) -> JobRun:
    """Compute the missing claim vectors (what ``manage.py embed_claims`` does), as a job."""
    with transaction.atomic():
        actor = require(user, START_EMBEDDING, _("compute claim vectors from the admin"))
        waiting = (
            JobRun.objects.select_for_update()
            .filter(kind=RunKind.EMBED_CLAIMS, status=RunStatus.QUEUED)
            .first()
        )
        if waiting is not None:
            raise Refused(
                _(
                    "%(run)s is already waiting for a worker: it will compute every vector "
                    "missing when it begins."
                )
                % {"run": waiting}
            )
        run = JobRun.objects.create(kind=RunKind.EMBED_CLAIMS, started_by=actor)
        _enqueue(run)
        return run


def job_run_import_claimreview(*, user: AnyUser, url: str, skip_invalid: bool = False) -> JobRun:
    """Import the ClaimReview at ``url`` (what ``manage.py import_claimreview URL`` does),
    as a job, recorded as ``user``'s import."""
    with transaction.atomic():
        actor = require(user, START_IMPORT, _("import ClaimReview from a URL"))
        # The import publishes other publishers' reviews: an editor's step, checked again
        # when it runs.
        require(actor, permissions.REVIEW_VERDICT, _("import fact-checks (an editor's step)"))
        url = url.strip()
        if not url:
            raise ValidationError(
                {"source_url": [_("Give the address of the ClaimReview to import.")]}
            )
        run = JobRun(
            kind=RunKind.IMPORT_CLAIMREVIEW,
            started_by=actor,
            source_url=url,
            skip_invalid=skip_invalid,
        )
        save_validated(run, {})
        try:
            outbound.check_url(run.source_url)
        except outbound.OutboundError as exc:
            raise ValidationError({"source_url": [str(exc)]}) from None
        _enqueue(run)
        return run


# -- Run by a worker ----------------------------------------------------------------------


def job_run_begin(*, run_id: int) -> JobRun | None:
    """A worker begins the run (again, when the worker that began it died): None when
    there is nothing to run (ended already, or gone)."""
    with transaction.atomic():
        run = (
            JobRun.objects.select_for_update(of=("self",))
            .select_related("started_by")
            .filter(pk=run_id)
            .first()
        )
        if run is None or not run.active:
            return None
        run.status = RunStatus.RUNNING
        run.attempts += 1
        run.began_at, run.done, run.total = timezone.now(), 0, None
        run.save(update_fields=["status", "attempts", "began_at", "done", "total", "updated_at"])
        return run


def _end(run_id: int, status: RunStatus, *, done: int, result: str = "", error: str = "") -> None:
    with transaction.atomic():
        JobRun.objects.filter(pk=run_id).update(
            status=status,
            done=done,
            result=result,
            error=error,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )


def job_run_finish(*, run_id: int, done: int, result: str) -> None:
    _end(run_id, RunStatus.SUCCEEDED, done=done, result=result)


def job_run_fail(*, run_id: int, done: int, error: str) -> None:
    """The run ended without doing its work: ``error`` says why (an import that fails
    has written nothing: its transaction rolled back)."""
    _end(run_id, RunStatus.FAILED, done=done, error=error or "Failed.")


class Progress:
    """How far a run got, written on a database connection of its own, in autocommit: the
    admin sees it at once, although an import's own work is one transaction that commits
    only at its end. Written at most twice a second."""

    EVERY = 0.5

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.done = 0
        self._written = 0.0
        self._connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def begin(self, *, total: int | None) -> None:
        self._write("total = %s", total)

    def add(self, count: int) -> None:
        self.done += count
        if time.monotonic() - self._written >= self.EVERY:
            self.flush()

    def flush(self) -> None:
        self._write("done = %s", self.done)

    def _write(self, assignment: str, value: int | None) -> None:
        table = self._connection.ops.quote_name(JobRun._meta.db_table)
        with self._connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET {assignment}, updated_at = now() WHERE id = %s",
                [value, self.run_id],
            )
        self._written = time.monotonic()

    def close(self) -> None:
        self._connection.close()
