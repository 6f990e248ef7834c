"""A transaction that fails part-way leaves nothing behind: the database connection is cut
in the middle of a publish (after the verdict row was written, before the service ended),
and the verdict, its reviews, its audit history and the public cache's counter are all as
they were."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError, connection

from claims import services
from claims.models import AuditEvent, Verdict, VerdictReview, VerdictRevision
from factcheck.base.publication import publication_generation
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _cut_the_connection(claim_ids: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")


def test_a_publish_cut_off_half_way_writes_nothing(factchecker, editor, monkeypatch):
    verdict = factories.make_verdict(author=factchecker)
    services.verdict_submit(verdict=verdict, user=factchecker)
    verdict.refresh_from_db()
    before = {
        "verdict": Verdict.objects.filter(pk=verdict.pk).values().get(),
        "reviews": VerdictReview.objects.count(),
        "events": AuditEvent.objects.count(),
        "revisions": VerdictRevision.objects.count(),
        "generation": publication_generation(),
    }
    monkeypatch.setattr("claims.services.revisions.refresh_published", _cut_the_connection)
    with pytest.raises(OperationalError):
        services.verdict_publish(verdict=verdict, user=editor, expected_version=verdict.version)
    connection.close()  # the next query connects afresh, as the next request would
    after = {
        "verdict": Verdict.objects.filter(pk=verdict.pk).values().get(),
        "reviews": VerdictReview.objects.count(),
        "events": AuditEvent.objects.count(),
        "revisions": VerdictRevision.objects.count(),
        "generation": publication_generation(),
    }
    assert after == before
    assert Verdict.objects.get(pk=verdict.pk).status == "in_review"
    assert not Verdict.objects.public().filter(pk=verdict.pk).exists()
