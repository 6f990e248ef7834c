"""Legal takedown: the only way published content leaves public view, by the
editor-in-chief, leaving a public notice, recorded in the audit history."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from pghistory.models import Events

from claims import services
from claims.models import Claim, Verdict
from claims.services import TransitionError
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(db):
    user = factories.make_user(username="chief")
    user.groups.add(Group.objects.get(name="Editor-in-chief"))
    return user


def test_the_editor_in_chief_takes_a_verdict_down_leaving_a_notice(chief, login):
    verdict = factories.make_verdict(status="published")
    response = login(chief).post(
        reverse("admin:claims_verdict_workflow", args=[verdict.pk, "takedown"]),
        {"text": "Removed on a court order of 3 March 2026.", "version": verdict.version},
        follow=True,
    )
    assert "it is now taken down" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.WITHDRAWN
    assert verdict.withdrawal_note == "Removed on a court order of 3 March 2026."
    assert not Verdict.objects.public().filter(pk=verdict.pk).exists()
    assert not Claim.objects.public().filter(pk=verdict.claim_id).exists()
    event = Events.objects.tracks(verdict).filter(pgh_label="update").get()
    assert event.pgh_diff["status"] == ["published", "withdrawn"]
    assert event.pgh_context["user"] == chief.pk


def test_editors_cannot_take_down_and_are_not_offered_the_button(editor, login):
    verdict = factories.make_verdict(status="published")
    page = login(editor).get(reverse("admin:claims_verdict_change", args=[verdict.pk]))
    assert b'name="workflow-takedown"' not in page.content
    with pytest.raises(PermissionDenied):
        services.verdict_takedown(verdict=verdict, user=editor, note="x")


def test_a_takedown_needs_a_public_reason_and_a_public_verdict(chief):
    verdict = factories.make_verdict(status="published")
    with pytest.raises(TransitionError, match="needs a public note"):
        services.verdict_takedown(verdict=verdict, user=chief, note="  ")
    draft = factories.make_verdict()
    with pytest.raises(TransitionError, match="Only a published or retracted verdict"):
        services.verdict_takedown(verdict=draft, user=chief, note="Court order.")


def test_a_taken_down_verdict_is_never_deleted_nor_edited(chief, editor):
    verdict = factories.make_verdict(status="published")
    services.verdict_takedown(verdict=verdict, user=chief, note="Court order.")
    with (
        pytest.raises(IntegrityError, match="verdict_public_undeletable"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM claims_verdict WHERE id = %s", [verdict.pk])
    with pytest.raises(PermissionDenied, match="taken down"):
        services.verdict_update(
            verdict=verdict,
            user=editor,
            expected_version=factories.version(verdict),
            changes={"headline": "Back"},
        )


def test_only_unpublished_verdicts_can_be_deleted(editor, login):
    draft = factories.make_verdict()
    published = factories.make_verdict(status="published")
    with pytest.raises(TransitionError, match="part of the public record"):
        services.verdict_delete(verdict=published, user=editor)
    services.verdict_delete(verdict=draft, user=editor)
    assert not Verdict.objects.filter(pk=draft.pk).exists()
    changelist = login(editor).get(reverse("admin:claims_verdict_changelist"))
    assert b"delete_selected" not in changelist.content
