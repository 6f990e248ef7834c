"""A run's page says where it stands in sentences: "Running. This page reloads every 2
seconds.", never "Waiting for a worker This page reloads…" run together."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from factcheck.jobs import admin as jobs_admin
from factcheck.jobs import services
from factcheck.jobs.models import JobRun

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("status", "workers", "said"),
    [
        ("queued", 1, "Waiting for a worker. This page reloads every 2 seconds."),
        ("running", 1, "Running. This page reloads every 2 seconds."),
        ("queued", 0, "no job worker is running."),
        ("succeeded", 1, "Done"),
    ],
)
def test_the_state_is_said_in_sentences(editor, monkeypatch, status, workers, said):
    monkeypatch.setattr(jobs_admin, "workers_alive", lambda within_seconds: workers)
    monkeypatch.setattr(jobs_admin, "queue_status", lambda run: "doing")
    run = services.job_run_embed_claims(user=editor)
    ended = {"finished_at": timezone.now()} if status == "succeeded" else {}
    JobRun.objects.filter(pk=run.pk).update(status=status, **ended)
    run.refresh_from_db()
    text = jobs_admin.JobRunAdmin(JobRun, jobs_admin.admin.site).state(run)
    assert said in text
    assert "worker This" not in text
    assert "Running This" not in text
    assert ".." not in text


def test_the_runs_page_shows_the_sentence(editor, login, monkeypatch):
    monkeypatch.setattr(jobs_admin, "workers_alive", lambda within_seconds: 1)
    run = services.job_run_embed_claims(user=editor)
    page = login(editor).get(reverse("admin:jobs_jobrun_change", args=[run.pk]))
    assert "Waiting for a worker. This page reloads every 2 seconds." in page.content.decode()
