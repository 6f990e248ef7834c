"""Long commands started from the admin as jobs: the vector backfill and the ClaimReview
import from a URL, each recorded with who started it, run by a real worker through the
same services as its command, with its progress and outcome on the run; a failed import
writes nothing; an unexpected error leaves the job among the queue's dead letters."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from pghistory.models import Events

from claims.models import Claim, Verdict
from claims.services.vectors import VectorsUnavailable
from factcheck.base import routing
from factcheck.jobs import runs, services
from factcheck.jobs.models import JobRun
from factcheck.jobs.services import Progress, job_run_begin
from sources.models import Outlet
from tests import factories
from tests.databases import server_url
from tests.test_claimreview_import import _feed, _review
from tests.webhook_parts import clear_queue, queued, run_jobs

ADD = "admin:jobs_jobrun_add"
CHANGELIST = "admin:jobs_jobrun_changelist"


@contextmanager
def serving(body: bytes, status: int = 200) -> Iterator[str]:
    """A site on 127.0.0.1 answering every GET with ``body``; yields its feed's URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/feed.json"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def loopback(settings):
    settings.FACTCHECK_OUTBOUND_ALLOW = ["127.0.0.1"]
    return settings


@pytest.fixture
def queue():
    clear_queue()
    yield
    clear_queue()


# -- Starting a run (no worker needed) ------------------------------------------------------


@pytest.mark.django_db
def test_a_run_is_recorded_with_its_job_in_one_transaction(editor):
    run = services.job_run_embed_claims(user=editor)
    assert (run.kind, run.status, run.started_by) == ("embed_claims", "queued", editor)
    (job,) = queued("jobs.embed_claims")
    assert job["args"] == {"run_id": run.pk}
    assert job["id"] == JobRun.objects.get().job_id

    class Boom(Exception):
        pass

    def start_then_fail() -> None:
        with transaction.atomic():
            services.job_run_import_claimreview(user=editor, url="https://checks.example.org/f")
            raise Boom

    with pytest.raises(Boom):
        start_then_fail()
    assert queued("jobs.import_claimreview") == []
    assert JobRun.objects.count() == 1


@pytest.mark.django_db
def test_a_second_backfill_is_refused_while_one_waits(editor):
    first = services.job_run_embed_claims(user=editor)
    with pytest.raises(ValidationError, match=f"#{first.pk} is already waiting for a worker"):
        services.job_run_embed_claims(user=editor)
    JobRun.objects.filter(pk=first.pk).update(status="running")
    services.job_run_embed_claims(user=editor)  # behind a running one: the newer claims


@pytest.mark.django_db
def test_fact_checkers_start_no_long_command(factchecker):
    with pytest.raises(PermissionDenied, match="compute claim vectors"):
        services.job_run_embed_claims(user=factchecker)
    with pytest.raises(PermissionDenied, match="import ClaimReview from a URL"):
        services.job_run_import_claimreview(user=factchecker, url="https://checks.example.org/")
    assert not JobRun.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "Give the address of the ClaimReview to import."),
        ("ftp://checks.example.org/feed", "Enter a valid URL"),
        ("http://10.0.0.1/feed.json", "private address"),
        ("http://169.254.169.254/latest/", "link-local address"),
    ],
)
def test_an_import_from_an_address_the_site_may_not_read_is_refused(editor, url, message):
    with pytest.raises(ValidationError, match=message) as refused:
        services.job_run_import_claimreview(user=editor, url=url)
    assert "source_url" in refused.value.error_dict
    assert not JobRun.objects.exists()
    assert queued("jobs.import_claimreview") == []


def test_the_runs_are_read_on_the_primary(monkeypatch):
    monkeypatch.setattr(routing, "replicas", lambda: ["replica1"])
    with routing.reading_from_replica():
        assert routing.ReplicaRouter().db_for_read(JobRun) == "default"


# -- Run by a real worker -------------------------------------------------------------------

committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@committed
def test_an_import_from_a_url_runs_through_the_import_service_with_its_progress(
    queue, loopback, editor
):
    with serving(json.dumps(_feed(5)).encode()) as url:
        run = services.job_run_import_claimreview(user=editor, url=url)
        run_jobs()
    run.refresh_from_db()
    assert run.status == "succeeded", run.error
    assert (run.done, run.total, run.attempts) == (5, 5, 1)
    assert run.result.startswith("5 reviews added, 0 updated, 0 unchanged")
    assert run.began_at is not None
    assert run.finished_at is not None
    assert run.began_at <= run.finished_at
    assert run.rate() is not None
    assert Verdict.objects.filter(publisher__domain="checks.example.org").count() == 5
    assert queued("jobs.import_claimreview") == []  # finished: it left the queue
    # Recorded as the editor's import, in the audit history's context.
    verdict = Verdict.objects.order_by("pk").first()
    assert {e.pgh_context["user"] for e in Events.objects.tracks(verdict)} == {editor.pk}

    # With "skip invalid": the valid reviews imported, the others listed.
    broken = _review(url="https://checks.example.org/2", reviewRating={"@type": "Rating"})
    other = _review(url="https://checks.example.org/other")
    with serving(json.dumps([other, broken]).encode()) as url:
        skipping = services.job_run_import_claimreview(user=editor, url=url, skip_invalid=True)
        run_jobs()
    skipping.refresh_from_db()
    assert skipping.status == "succeeded", skipping.error
    assert "1 reviews added" in skipping.result
    assert "Left out ClaimReview 2 (https://checks.example.org/2)" in skipping.result
    assert Verdict.objects.count() == 6

    # Progress is written on a connection of its own: seen while the run's own
    # transaction (an import is one) is still open.
    outside = f"{server_url()}/{transaction.get_connection().settings_dict['NAME']}"
    with transaction.atomic():
        progress = Progress(run.pk)
        progress.begin(total=40)
        progress.add(12)
        progress.flush()
        with psycopg.connect(outside) as reader:
            seen = reader.execute(
                "SELECT done, total FROM jobs_jobrun WHERE id = %s", [run.pk]
            ).fetchone()
        progress.close()
    assert seen == (12, 40)


@committed
def test_a_failed_import_writes_nothing_and_says_why(queue, loopback, editor):
    # Read well, refused by the import itself after two others were written.
    nameless = _review(url="https://intranet/review", author={"@type": "Organization"})
    feed = _feed(2)
    feed["dataFeedElement"].append({"@type": "DataFeedItem", "item": [nameless]})
    with serving(json.dumps(feed).encode()) as url:
        invalid = services.job_run_import_claimreview(user=editor, url=url)
        run_jobs()
    with serving(b"gone", status=404) as url:
        missing = services.job_run_import_claimreview(user=editor, url=url)
        run_jobs()
    invalid.refresh_from_db()
    missing.refresh_from_db()
    assert invalid.status == "failed"
    assert "ClaimReview 3: no publisher site can be told" in invalid.error
    assert invalid.error.endswith("Nothing was imported.")
    assert (invalid.done, invalid.total) == (2, 3)  # how far it got before rolling back
    assert missing.status == "failed"
    assert "could not be read (it answered HTTP 404)" in missing.error
    assert not Verdict.objects.exists()
    assert not Outlet.objects.exists()
    assert not Claim.objects.exists()
    # The input's fault, not the queue's: the jobs ended, none kept as failed.
    assert queued("jobs.import_claimreview") == []


@committed
def test_a_backfill_that_cannot_run_says_why_and_a_bug_leaves_a_dead_letter(
    queue, editor, monkeypatch
):
    def unavailable() -> None:
        raise VectorsUnavailable("Claim vectors cannot be stored: no pgvector here.")

    monkeypatch.setattr(runs, "vector_storage_enable", unavailable)
    lacking = services.job_run_embed_claims(user=editor)
    run_jobs()
    lacking.refresh_from_db()
    assert (lacking.status, lacking.error) == (
        "failed",
        "Claim vectors cannot be stored: no pgvector here.",
    )
    assert queued("jobs.embed_claims") == []  # this server's lack, not the queue's failure

    def broken(**kwargs: object) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(runs, "vector_storage_enable", lambda: None)
    monkeypatch.setattr(runs, "count_missing", lambda version: (3, 1))
    monkeypatch.setattr(runs, "embed_backfill", broken)
    run = services.job_run_embed_claims(user=editor)
    run_jobs()
    run.refresh_from_db()
    assert run.status == "failed"
    assert "Unexpected error (RuntimeError: the disk is full)" in run.error
    (job,) = queued("jobs.embed_claims")
    assert job["status"] == "failed"  # kept in the queue for the operators
    assert job_run_begin(run_id=run.pk) is None  # a repeat of an ended run does nothing


@committed
def test_the_backfill_computes_the_missing_vectors(queue, editor, claim_vectors, settings):
    settings.FACTCHECK_EMBED_ON_WRITE = False
    factories.make_claim(text="The bridge cost twice the budget.")
    factories.make_claim(text="Unemployment fell to four percent.")
    run = services.job_run_embed_claims(user=editor)
    run_jobs()
    run.refresh_from_db()
    assert run.status == "succeeded", run.error
    assert run.total == run.done >= 2
    assert "vectors computed for 2 claims" in run.result


# -- The admin ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_editor_starts_an_import_and_watches_it(editor, login, loopback):
    client = login(editor)
    form = client.get(reverse(ADD))
    assert form.status_code == 200
    assert "Compute the missing claim vectors" in form.content.decode()
    page = client.post(
        reverse(ADD), {"kind": "import_claimreview", "source_url": "http://127.0.0.1:9/feed.json"}
    )
    run = JobRun.objects.get()
    assert page.status_code == 302
    assert page["Location"] == reverse("admin:jobs_jobrun_change", args=[run.pk])
    shown = client.get(page["Location"])
    text = shown.content.decode()
    assert shown.status_code == 200
    assert '<meta http-equiv="refresh" content="2">' in text
    assert "Waiting for a worker: no job worker is running" in text
    # Reloaded by a meta refresh: the policy still runs no inline script.
    policy = dict(
        d.strip().split(" ", 1) for d in shown.headers["Content-Security-Policy"].split(";")
    )
    assert "unsafe-inline" not in policy["script-src"]
    assert (
        '<meta http-equiv="refresh" content="5">'
        in client.get(reverse(CHANGELIST)).content.decode()
    )
    JobRun.objects.filter(pk=run.pk).update(
        status="running", total=200, done=50, began_at=run.created_at
    )
    text = client.get(page["Location"]).content.decode()
    assert '<progress max="200" value="50">25 %</progress> 50 of 200 reviews (25 %)' in text
    JobRun.objects.filter(pk=run.pk).update(
        status="failed", error="it answered HTTP 404", finished_at=run.created_at
    )
    text = client.get(page["Location"]).content.decode()
    assert "http-equiv" not in text
    assert "it answered HTTP 404" in text


@pytest.mark.django_db
def test_an_address_the_site_may_not_read_is_a_form_error(editor, login):
    page = login(editor).post(
        reverse(ADD), {"kind": "import_claimreview", "source_url": "http://10.1.2.3/feed.json"}
    )
    assert page.status_code == 200
    assert "private address" in page.content.decode()
    assert "errornote" in page.content.decode()
    assert not JobRun.objects.exists()


@pytest.mark.django_db
def test_fact_checkers_see_no_runs(factchecker, login):
    client = login(factchecker)
    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.post(reverse(ADD), {"kind": "embed_claims"}).status_code == 403
    assert not JobRun.objects.exists()
