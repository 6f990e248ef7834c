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


def _section(page, name):
    return page.split(f'id="queue-{name}"')[1].split('<div class="module"')[0]


def test_a_saved_draft_stays_in_its_authors_queue(factchecker, login):
    claim = factories.make_claim(text="A claim being researched now.")
    draft = services.verdict_create(
        user=factchecker, claim=claim, headline="Draft in progress", summary="Not yet."
    )
    page = login(factchecker).get(reverse("editorial-queue")).content.decode()
    assert draft.headline in _section(page, "drafts")
    assert claim.text not in _section(page, "awaiting-verdict")


def test_returned_to_me_shows_the_comment_who_and_when(factchecker, editor, login):
    verdict = factories.make_verdict(author=factchecker, headline="Needs another look")
    services.verdict_submit(verdict=verdict, user=factchecker)
    services.verdict_return(verdict=verdict, user=editor, comment="Add the 2023 census table.")
    returned = _section(
        login(factchecker).get(reverse("editorial-queue")).content.decode(), "returned"
    )
    assert "Needs another look" in returned
    assert "Add the 2023 census table." in returned
    assert "editor" in returned
    assert timezone.localdate().isoformat() in returned
    drafts = _section(
        login(factchecker).get(reverse("editorial-queue")).content.decode(), "drafts"
    )
    assert "Needs another look" not in drafts  # listed once, where the comment is


def test_the_workflow_box_shows_the_latest_review_comment(factchecker, editor, login):
    verdict = factories.make_verdict(author=factchecker)
    services.verdict_submit(verdict=verdict, user=factchecker)
    services.verdict_return(verdict=verdict, user=editor, comment="Cite the ministry's table.")
    page = login(factchecker).get(reverse("admin:claims_verdict_change", args=[verdict.pk]))
    box = page.content.decode().split('id="workflow"')[1].split("</div>")[0]
    assert "Returned to the author by editor" in box
    assert "Cite the ministry&#x27;s table." in box
