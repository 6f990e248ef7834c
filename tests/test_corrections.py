"""Honest corrections: filed only for a real change, or as an explicit update or
clarification with a note; a request that changes nothing is refused, never filed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
from claims.models import Correction, Verdict
from claims.services import TransitionError
from tests import factories
from tests.test_admin_workflow import _form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return factories.make_verdict(status="published", rating=factories.rating("false"))


def _post(client, verdict, **overrides):
    return client.post(
        reverse("admin:claims_verdict_change", args=[verdict.pk]),
        _form_data(verdict, **overrides),
        follow=True,
    )


def test_clearing_the_rating_is_refused_and_files_nothing(published, editor, login):
    response = _post(
        login(editor), published, rating="", correction_note="Rating withdrawn pending review"
    )
    assert "keeps a rating" in response.content.decode()
    assert Verdict.objects.get(pk=published.pk).rating.slug == "false"
    assert not Correction.objects.exists()


def test_an_update_note_without_changes_is_filed_as_an_update(published, editor, login):
    response = _post(
        login(editor),
        published,
        correction_kind="update",
        correction_note="The ministry confirmed the figures on 3 March.",
    )
    assert response.status_code == 200
    correction = Correction.objects.get()
    assert (correction.kind, correction.note) == (
        "update",
        "The ministry confirmed the figures on 3 March.",
    )
    assert correction.previous_rating is None


def test_a_clarification_is_kept_too(published, editor):
    correction = services.verdict_correct(
        verdict=published,
        user=editor,
        expected_version=published.version,
        note="“Budget” here means the 2024 budget.",
        kind="clarification",
    )
    assert correction.kind == "clarification"


def test_a_correction_that_changes_nothing_is_refused(published, editor, login):
    response = _post(login(editor), published, correction_note="Fixed it.")
    assert "nothing to correct" in response.content.decode()
    assert not Correction.objects.exists()
    with pytest.raises(TransitionError, match="nothing to correct"):
        services.verdict_correct(
            verdict=published,
            user=editor,
            expected_version=published.version,
            note="Fixed it.",
            changes={"rating": published.rating},
        )


def test_a_plain_save_with_nothing_changed_is_no_correction_and_no_error(published, editor, login):
    response = _post(login(editor), published)
    assert "was changed successfully" in response.content.decode()
    assert not Correction.objects.exists()


def test_a_whitespace_summary_is_a_message_not_a_server_error(published, editor, login):
    response = _post(login(editor), published, summary="   ", correction_note="Shorter.")
    assert response.status_code == 200
    assert "cannot lose its summary" in response.content.decode()
    assert Verdict.objects.get(pk=published.pk).summary == published.summary


def test_a_summary_change_needs_a_note_and_files_a_correction(published, editor):
    with pytest.raises(TransitionError, match="needs a public note"):
        services.verdict_update(
            verdict=published,
            user=editor,
            expected_version=published.version,
            changes={"summary": "A better summary."},
        )
    services.verdict_update(
        verdict=published,
        user=editor,
        expected_version=published.version,
        changes={"summary": "A better summary."},
        correction_note="The summary overstated the gap.",
    )
    assert Verdict.objects.get(pk=published.pk).summary == "A better summary."
    assert Correction.objects.get().note == "The summary overstated the gap."


def test_headline_and_body_of_a_published_verdict_change_only_with_a_note(published, editor):
    for changes in ({"headline": "New headline"}, {"body": "Rewritten body."}):
        with pytest.raises(TransitionError, match="needs a public note"):
            services.verdict_update(
                verdict=published,
                user=editor,
                expected_version=factories.version(published),
                changes=changes,
            )


def test_a_published_verdict_keeps_at_least_one_source_whatever_the_interface(published, editor):
    with pytest.raises(TransitionError, match="at least one source"):
        services.verdict_update(
            verdict=published,
            user=editor,
            expected_version=published.version,
            sources=[],
            correction_note="Dropped the sources.",
        )
    assert published.verdict_sources.count() == 1


def test_adding_a_source_to_a_published_verdict_is_a_correction(published, editor):
    existing = published.verdict_sources.get()
    added = factories.make_source(title="The 2024 census table")
    services.verdict_update(
        verdict=published,
        user=editor,
        expected_version=published.version,
        sources=[
            services.SourceLine(source=existing.source, note=existing.note),
            services.SourceLine(source=added, note="The official count."),
        ],
        correction_note="Added the census table we relied on.",
        correction_kind="update",
    )
    assert [vs.source for vs in published.verdict_sources.order_by("position")] == [
        existing.source,
        added,
    ]
    assert Correction.objects.get().kind == "update"


def test_the_identity_of_a_published_verdict_is_fixed(published, editor):
    with pytest.raises(TransitionError, match="cannot change"):
        services.verdict_update(
            verdict=published,
            user=editor,
            expected_version=published.version,
            changes={"slug": "new-address"},
            correction_note="Moved.",
        )


def test_retracted_verdicts_cannot_be_edited(editor):
    verdict = factories.make_verdict(status="retracted")
    with pytest.raises(Exception, match="retracted verdict is part of the public record"):
        services.verdict_update(
            verdict=verdict,
            user=editor,
            expected_version=verdict.version,
            changes={"headline": "x"},
        )
