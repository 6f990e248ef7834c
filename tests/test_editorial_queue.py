"""The editorial queue shows each person what to work on next."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Verdict
from tests import factories

pytestmark = pytest.mark.django_db


def test_queue_lists_reviews_oldest_first_and_personal_work(factchecker, editor, login):
    now = timezone.now()
    newer = factories.make_verdict(
        status="in_review", headline="Newer in review", submitted_at=now
    )
    older = factories.make_verdict(
        status="in_review", headline="Older in review", submitted_at=now - timedelta(days=2)
    )
    mine = factories.make_claim(
        text="A claim assigned to the fact-checker.", assigned_to=factchecker
    )
    waiting = factories.make_claim(text="A claim nobody has checked yet.")
    returned = factories.make_verdict(author=factchecker, headline="Returned verdict")
    services.verdict_submit(verdict=returned, user=factchecker)
    services.verdict_return(verdict=returned, user=editor, comment="More sources.")
    published = factories.make_verdict(status="published", headline="Already published")

    page = login(factchecker).get(reverse("editorial-queue")).content.decode()
    assert page.index("Older in review") < page.index("Newer in review")
    assert (
        "Returned verdict" in page.split('id="queue-returned"')[1].split('id="queue-assigned"')[0]
    )
    assert mine.text in page.split('id="queue-assigned"')[1]
    awaiting = page.split('id="queue-awaiting-verdict"')[1]
    assert waiting.text in awaiting
    assert published.claim.text not in awaiting
    assert newer.claim.text not in awaiting
    assert older.claim.text not in awaiting
    assert Verdict.objects.awaiting_review().count() == 2


def test_queue_is_linked_from_the_admin_home_and_closed_to_the_public(editor, login, client):
    assert reverse("editorial-queue").encode() in login(editor).get(reverse("admin:index")).content
    assert client.get(reverse("editorial-queue")).status_code == 302
