"""Every change is kept with who and when; the public sees only the dated public record."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pghistory.models import Events

from claims import services
from claims.models import Claim
from claims.selectors.public import revision_history
from sources.models import Source
from tests import factories
from tests.test_admin_workflow import _form_data

pytestmark = pytest.mark.django_db


def _events(obj):
    return list(Events.objects.tracks(obj).order_by("pgh_created_at", "pgh_id"))


def test_admin_edit_is_recorded_with_user_fields_and_old_and_new_values(editor, login):
    verdict = factories.make_verdict(headline="Before")
    login(editor).post(
        reverse("admin:claims_verdict_change", args=[verdict.pk]),
        _form_data(verdict, headline="After"),
    )
    update = _events(verdict)[-1]
    assert update.pgh_label == "update"
    assert update.pgh_diff["headline"] == ["Before", "After"]
    assert update.pgh_context["user"] == editor.pk
    assert update.pgh_context["url"] == reverse("admin:claims_verdict_change", args=[verdict.pk])


def test_queryset_updates_are_recorded_too():
    claim = factories.make_claim(context="")
    source = factories.make_source(title="Old title")
    Claim.objects.filter(pk=claim.pk).update(context="a radio interview")
    Source.objects.filter(pk=source.pk).update(title="New title")
    assert _events(claim)[-1].pgh_diff == {"context": ["", "a radio interview"]}
    assert _events(source)[-1].pgh_diff == {"title": ["Old title", "New title"]}


def test_services_stamp_the_acting_user_outside_any_request(factchecker, editor):
    verdict = factories.make_verdict(author=factchecker)
    services.verdict_submit(verdict=verdict, user=factchecker)
    services.verdict_publish(
        verdict=verdict, user=editor, expected_version=factories.version(verdict)
    )
    updates = [e for e in _events(verdict) if e.pgh_label == "update"]
    assert [(e.pgh_diff["status"][1], e.pgh_context["user"]) for e in updates] == [
        ("in_review", factchecker.pk),
        ("published", editor.pk),
    ]


def test_saving_without_changes_records_no_event():
    speaker = factories.make_speaker()
    before = len(_events(speaker))
    speaker.save()
    assert len(_events(speaker)) == before


def test_admin_change_form_links_to_the_events_with_who_did_what(editor, login):
    verdict = factories.make_verdict()
    login(editor).post(
        reverse("admin:claims_verdict_change", args=[verdict.pk]),
        _form_data(verdict, headline="Edited"),
    )
    page = login(editor).get(reverse("admin:claims_verdict_change", args=[verdict.pk]))
    assert f"obj=claims.Verdict:{verdict.pk}".encode() in page.content
    events = login(editor).get(
        reverse("admin:claims_auditevent_changelist"),
        {"method": "tracks", "obj": f"claims.Verdict:{verdict.pk}"},
    )
    assert events.status_code == 200
    assert editor.username in events.content.decode()  # who made each change


def test_public_history_lists_only_dated_public_events(factchecker, editor, editor2):
    verdict = factories.make_verdict(author=factchecker, rating=factories.rating("false"))
    services.verdict_submit(verdict=verdict, user=factchecker)
    services.verdict_return(verdict=verdict, user=editor, comment="PRIVATE-REVIEW-MARKER")
    services.verdict_submit(verdict=verdict, user=factchecker)
    assert revision_history(verdict.pk) == []
    services.verdict_publish(
        verdict=verdict, user=editor, expected_version=factories.version(verdict)
    )
    services.verdict_correct(
        verdict=verdict,
        user=editor,
        expected_version=factories.version(verdict),
        note="Typo in the summary.",
        kind="clarification",
        changes={"summary": "Better."},
    )
    factories.publish_proposal(verdict, editor2)
    services.verdict_correct(
        verdict=verdict,
        user=editor,
        expected_version=factories.version(verdict),
        note="New data.",
        changes={"rating": factories.rating("half-true")},
    )
    factories.publish_proposal(verdict, editor2)
    services.verdict_retract(verdict=verdict, user=editor, note="The source was forged.")
    history = revision_history(verdict.pk)[::-1]  # newest first on the page
    assert [e.kind for e in history] == ["published", "clarification", "correction", "retraction"]
    assert history[1].changes.texts[0].label == "Summary"
    assert ("+", "Better.") in history[1].changes.texts[0].segments
    assert history[2].changes.rating == ("False", "Half True")
    assert history[-1].note == "The source was forged."
    assert all("PRIVATE-REVIEW-MARKER" not in e.note for e in history)
    assert [e.at for e in history] == sorted(e.at for e in history)
