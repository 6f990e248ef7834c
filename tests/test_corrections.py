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


def _served(verdict):
    return verdict.revisions.order_by("-number").first()


def test_an_update_note_without_changes_is_filed_as_an_update(published, editor, editor2, login):
    response = _post(
        login(editor),
        published,
        correction_kind="update",
        correction_note="The ministry confirmed the figures on 3 March.",
    )
    assert response.status_code == 200
    assert not Correction.objects.exists()  # proposed: another editor must approve it
    factories.publish_proposal(published, editor2)
    assert _served(published).kind == "update"
    correction = Correction.objects.get()
    assert (correction.kind, correction.note) == (
        "update",
        "The ministry confirmed the figures on 3 March.",
    )
    assert correction.previous_rating is None


def test_a_clarification_is_kept_too(published, editor, editor2):
    proposed = services.verdict_correct(
        verdict=published,
        user=editor,
        expected_version=published.version,
        note="“Budget” here means the 2024 budget.",
        kind="clarification",
    )
    assert proposed.proposal_kind == "clarification"
    factories.publish_proposal(published, editor2)
    assert Correction.objects.get().kind == "clarification"
    assert _served(published).note == "“Budget” here means the 2024 budget."


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


def test_a_summary_change_reaches_readers_only_as_an_approved_correction(
    published, editor, editor2
):
    before = _served(published).document
    services.verdict_update(
        verdict=published,
        user=editor,
        expected_version=published.version,
        changes={"summary": "A better summary."},
    )
    # The working copy changed; readers still read the published revision.
    assert Verdict.objects.get(pk=published.pk).summary == "A better summary."
    assert _served(published).document == before
    services.verdict_update(
        verdict=published,
        user=editor,
        expected_version=factories.version(published),
        correction_note="The summary overstated the gap.",
    )
    with pytest.raises(TransitionError, match="You changed what this verdict would publish"):
        factories.publish_proposal(published, editor)
    factories.publish_proposal(published, editor2)
    assert _served(published).document["verdict"]["summary"] == "A better summary."
    assert Correction.objects.get().note == "The summary overstated the gap."


def test_editing_a_published_verdict_without_a_note_changes_only_the_working_copy(
    published, editor
):
    before = _served(published).document
    for changes in ({"headline": "New headline"}, {"body": "Rewritten body."}):
        services.verdict_update(
            verdict=published,
            user=editor,
            expected_version=factories.version(published),
            changes=changes,
        )
    assert _served(published).document == before
    assert Verdict.objects.get(pk=published.pk).proposed_at is None


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


def test_adding_a_source_to_a_published_verdict_is_a_correction(published, editor, editor2):
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
    factories.publish_proposal(published, editor2)
    assert Correction.objects.get().kind == "update"
    titles = [line["title"] for line in _served(published).document["sources"]]
    assert titles[-1] == "The 2024 census table"


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
