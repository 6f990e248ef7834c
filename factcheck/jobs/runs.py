"""The long commands as jobs: each calls the same service as its command
(``embed_claims``: ``embed_backfill``; ``import_claimreview URL``: ``read_url``, ``parse``
and ``claimreview_import``) and records its progress and outcome on its ``JobRun``."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connections
from procrastinate import JobContext
from procrastinate.contrib.django import app

from claims.selectors.vectors import count_missing, model_state
from claims.services.claimreview import ReviewRecord, ReviewReport, Skipped, claimreview_import
from claims.services.vectors import VectorsUnavailable, embed_backfill, vector_storage_enable
from factcheck.base import outbound
from factcheck.claimreview.from_url import MAX_BYTES, read_url
from factcheck.claimreview.parse import parse
from factcheck.jobs.models import JobRun
from factcheck.jobs.services import (
    QUEUE,
    Progress,
    job_run_begin,
    job_run_fail,
    job_run_finish,
)

EMBED_BATCH = 64


class RunRefused(Exception):
    """The run cannot do its work (its input, a permission, what this server lacks); the
    message says why. The job itself ends normally: nothing for the queue to retry."""


def _run(run_id: int, work: Callable[[JobRun, Progress], str]) -> None:
    """Begin the run, do ``work``, record how it ended. An unexpected error is recorded
    and raised again, so the queue keeps the job as failed (the dead letters)."""
    close_old_connections()
    try:
        run = job_run_begin(run_id=run_id)
        if run is None:
            return
        progress = Progress(run_id)
        try:
            result = work(run, progress)
        except RunRefused as exc:
            job_run_fail(run_id=run_id, done=progress.done, error=str(exc))
            return
        except Exception as exc:
            job_run_fail(
                run_id=run_id,
                done=progress.done,
                error=f"Unexpected error ({type(exc).__name__}: {exc}). The job is kept as "
                "failed in the queue (Procrastinate jobs), with its traceback in the "
                "worker's log.",
            )
            raise
        finally:
            progress.close()
        job_run_finish(run_id=run_id, done=progress.done, result=result)
    finally:
        # A worker thread's connection is closed at the end, as a request's would be.
        connections.close_all()


# -- Claim vectors --------------------------------------------------------------------------


def _embed(run: JobRun, progress: Progress) -> str:
    try:
        vector_storage_enable()
        state = model_state()
        progress.begin(total=sum(count_missing(version=state.model_version)) if state.on else None)
        report = embed_backfill(
            batch=EMBED_BATCH, on_batch=lambda claims, vectors: progress.add(claims)
        )
    except VectorsUnavailable as exc:
        raise RunRefused(str(exc)) from None
    return (
        f"{report.vectors} vectors computed for {report.claims} claims and "
        f"{report.published} public claims."
    )


@app.task(name="jobs.embed_claims", queue=QUEUE, pass_context=True)
def embed_claims(context: JobContext, run_id: int) -> None:
    """``manage.py embed_claims``, started from the admin. Each batch commits: a run cut
    off (its worker died) goes on with the claims still missing a vector."""
    _run(run_id, _embed)


# -- ClaimReview from a URL -----------------------------------------------------------------


def _read(url: str) -> str:
    try:
        return read_url(url)
    except outbound.ResponseTooLarge:
        raise RunRefused(f"{url}: larger than {MAX_BYTES // 2**20} MB.") from None
    except outbound.OutboundError as exc:
        raise RunRefused(f"{url}: could not be read ({exc}).") from None
    except UnicodeDecodeError as exc:
        raise RunRefused(f"{url}: not UTF-8 text ({exc.reason} at byte {exc.start}).") from None


def _counted(
    records: list[ReviewRecord | Skipped], progress: Progress
) -> Iterator[ReviewRecord | Skipped]:
    for record in records:
        yield record
        if isinstance(record, ReviewRecord):
            progress.add(1)  # once the import asks for the next: this one is written


def import_summary(report: ReviewReport, *, skip_invalid: bool) -> str:
    held = (
        f", {report.held} held in the newsroom (not public) left as they are"
        if report.held
        else ""
    )
    invalid = f", {len(report.skipped)} invalid left out" if skip_invalid else ""
    lines = [
        f"{report.created} reviews added, {report.updated} updated, {report.unchanged} "
        f"unchanged, {report.skipped_ours} of our own skipped{held}{invalid}."
    ]
    lines += [f"Left out {s.where} ({s.url or 'no URL'}): {s.reason}" for s in report.skipped]
    return "\n".join(lines)


def _import(run: JobRun, progress: Progress) -> str:
    if run.started_by is None:
        raise RunRefused("The staff member who started this import no longer exists.")
    text = _read(run.source_url)
    try:
        records = parse(text, skip_invalid=run.skip_invalid)
        progress.begin(total=sum(isinstance(r, ReviewRecord) for r in records))
        # All or nothing (unless skip_invalid): one transaction, rolled back on a refusal.
        report = claimreview_import(
            records=_counted(records, progress),
            user=run.started_by,
            skip_invalid=run.skip_invalid,
        )
    except ValidationError as exc:
        raise RunRefused(f"{'; '.join(exc.messages)} Nothing was imported.") from None
    except PermissionDenied as exc:
        raise RunRefused(f"{exc} Nothing was imported.") from None
    return import_summary(report, skip_invalid=run.skip_invalid)


@app.task(name="jobs.import_claimreview", queue=QUEUE, pass_context=True)
def import_claimreview(context: JobContext, run_id: int) -> None:
    """``manage.py import_claimreview URL``, started from the admin. One transaction:
    a run cut off wrote nothing, and runs again from the start."""
    _run(run_id, _import)
