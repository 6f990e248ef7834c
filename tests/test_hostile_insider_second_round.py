"""The hostile-insider review, second round: ratings the record shows stay as published,
editing the shared scale counts as contributing, bylines name one person each, the audit
history has no page that fails, and readers' contact details stay with the editors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Rating, ReaderSuggestion, Verdict
from claims.services import TransitionError
from factcheck.base.services import delete_record
from tests import factories

pytestmark = pytest.mark.django_db


def _published_then_rerated(editor):
    """A published verdict whose working copy moved to another rating: its published
    rating is in no working verdict, but readers are shown it."""
    verdict = factories.make_verdict(status="published", rating=factories.rating("true"))
    Verdict.objects.filter(pk=verdict.pk).update(rating=factories.rating("false"))
    return Rating.objects.get(scale__slug="truth", slug="true")


def test_a_rating_published_verdicts_show_keeps_its_label_and_cannot_be_deleted(editor):
    rating = _published_then_rerated(editor)
    with pytest.raises(TransitionError, match="working or published"):
        services.rating_update(
            rating=rating,
            user=editor,
            expected_version=factories.version(rating),
            changes={"label": "Verified", "slug": "verified"},
        )
    editor.is_superuser = True  # every permission: the guard, not the permission, refuses
    editor.save()
    with pytest.raises(ValidationError, match="Published verdicts show this rating"):
        delete_record(obj=rating, user=editor)
    assert Rating.objects.filter(pk=rating.pk).exists()


def test_an_editor_who_added_a_rating_to_the_scale_cannot_publish_alone(factchecker, editor):
    """The published rating carries its scale's ends: a new rating at the top of the scale
    changes every new document's bestRating."""
    verdict = factories.make_verdict(status="in_review", author=factchecker)
    # Written an hour ago: the test's one transaction gives every audit event its start
    # time, and the scale's edits count from the verdict's creation on.
    Verdict.objects.filter(pk=verdict.pk).update(created_at=timezone.now() - timedelta(hours=1))
    services.rating_create(
        user=editor,
        scale=factories.rating("true").scale,
        label="Beyond true",
        slug="beyond-true",
        position=60,
        definition="More than true.",
        colour="#0a7d32",
    )
    with pytest.raises(TransitionError, match="You changed what this verdict would publish"):
        services.verdict_publish(
            verdict=verdict, user=editor, expected_version=factories.version(verdict)
        )


def test_an_edit_of_the_scale_before_a_verdict_existed_bars_no_one_from_reviewing_it(
    factchecker, editor
):
    # (Rows written straight by the factories before any service call: in one test
    # transaction, the audit context of a service call would otherwise stick to them.)
    claim, source = factories.make_claim(), factories.make_source()
    scale = factories.rating("true").scale
    services.ratingscale_update(
        scale=scale,
        user=editor,
        expected_version=factories.version(scale),
        changes={"description": "A typo fixed long ago."},
    )
    verdict = services.verdict_create(
        user=factchecker,
        claim=claim,
        headline="A new verdict",
        rating=factories.rating("false"),
        summary="Checked.",
        sources=[services.SourceLine(source=source, note="")],
    )
    services.verdict_submit(verdict=verdict, user=factchecker)
    services.verdict_publish(
        verdict=verdict, user=editor, expected_version=factories.version(verdict)
    )
    assert Verdict.objects.get(pk=verdict.pk).status == Verdict.Status.PUBLISHED


def test_a_byline_names_one_person(factchecker, editor):
    services.byline_update(user=editor, first_name="Ed", last_name="Two")
    with pytest.raises(ValidationError, match="already signs with this name"):
        services.byline_update(user=factchecker, first_name="ed ", last_name=" TWO")


@pytest.mark.parametrize(
    "address",
    [
        "claims.verdict/change/",
        "auth.user:1/change/",
        "claims.verdict:7/history/",
        "claims.verdict/delete/",
    ],
)
def test_the_audit_history_has_no_page_for_one_event(address, editor, login):
    editor.is_superuser = True
    editor.save()
    url = reverse("admin:claims_auditevent_changelist") + address
    assert login(editor).get(url).status_code == 404


def test_an_audit_record_label_in_capitals_shows_that_records_history(editor, login):
    topic = services.topic_create(user=editor, name="Water", slug="water")
    other = services.topic_create(user=editor, name="Bread prices", slug="bread")
    page = login(editor).get(
        reverse("admin:claims_auditevent_changelist"), {"obj": f"Claims.Topic:{topic.pk}"}
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Water" in text
    assert other.name not in text


def test_only_editors_see_how_to_reach_a_reader(factchecker, editor, login):
    suggestion = ReaderSuggestion.objects.create(
        text="The mayor said crime doubled.", contact="reader@example.org"
    )
    url = reverse("admin:claims_readersuggestion_change", args=[suggestion.pk])
    assert "reader@example.org" in login(editor).get(url).content.decode()
    seen = login(factchecker).get(url)
    assert seen.status_code == 200
    assert "reader@example.org" not in seen.content.decode()


def test_the_staff_flag_alone_shows_no_draft(client, login, db):
    """A staff account without the newsroom's read permission (one odd permission only)
    sees no draft: not in the preview of a claim page, the staff API or the queue."""
    from django.contrib.auth.models import Permission
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    odd = factories.make_user(username="oddstaff")
    odd.user_permissions.add(Permission.objects.get(codename="view_rating"))
    draft = factories.make_verdict(headline="SECRET draft headline")
    session = login(odd)
    assert session.get(reverse("web:claim", args=[draft.claim.slug])).status_code == 404
    assert session.get(reverse("editorial-queue")).status_code == 403
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=odd).key}")
    assert api.get(reverse("api:staff-verdict", args=[draft.pk])).status_code == 403
