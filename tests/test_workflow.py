"""The verdict workflow: the services enforce the newsroom's rules for every interface."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from claims import services
from claims.models import Correction, Verdict, VerdictReview
from claims.services import TransitionError
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(factchecker):
    return factories.make_verdict(author=factchecker)


def test_fact_checker_submits_a_complete_draft(draft, factchecker):
    verdict = services.verdict_submit(verdict=draft, user=factchecker)
    assert verdict.status == Verdict.Status.IN_REVIEW
    assert verdict.submitted_at is not None
    assert verdict.review_round == 1


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        ({"rating": None}, "a rating"),
        ({"summary": "  "}, "a summary"),
        ({"sources": True}, "at least one source"),
    ],
)
def test_an_incomplete_draft_cannot_be_submitted(factchecker, change, missing):
    no_sources = change.pop("sources", False)
    verdict = factories.make_verdict(author=factchecker, with_source=not no_sources, **change)
    with pytest.raises(TransitionError, match=missing):
        services.verdict_submit(verdict=verdict, user=factchecker)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT


def test_fact_checker_cannot_publish(draft, factchecker):
    services.verdict_submit(verdict=draft, user=factchecker)
    with pytest.raises(PermissionDenied, match="permission to publish"):
        services.verdict_publish(
            verdict=draft, user=factchecker, expected_version=factories.version(draft)
        )
    draft.refresh_from_db()
    assert draft.status == Verdict.Status.IN_REVIEW


def test_an_editor_cannot_publish_their_own_verdict(editor):
    verdict = factories.make_verdict(author=editor)
    services.verdict_submit(verdict=verdict, user=editor)
    with pytest.raises(TransitionError, match="You wrote this verdict"):
        services.verdict_publish(
            verdict=verdict, user=editor, expected_version=factories.version(verdict)
        )
    assert Verdict.objects.get(pk=verdict.pk).status == Verdict.Status.IN_REVIEW
    assert not VerdictReview.objects.filter(verdict=verdict).exists()


def test_another_editor_publishes_and_the_review_is_recorded(draft, factchecker, editor):
    services.verdict_submit(verdict=draft, user=factchecker)
    verdict = services.verdict_publish(
        verdict=draft,
        user=editor,
        expected_version=factories.version(draft),
        comment="Solid sourcing.",
    )
    assert verdict.status == Verdict.Status.PUBLISHED
    assert verdict.published_at is not None
    review = VerdictReview.objects.get(verdict=verdict)
    assert (review.reviewer, review.decision, review.comment, review.round) == (
        editor,
        "approved",
        "Solid sourcing.",
        1,
    )


def test_a_draft_cannot_be_published_without_review(draft, editor):
    with pytest.raises(
        TransitionError,
        match="Only a verdict in review, or a published one with a proposed revision, can be published",
    ):
        services.verdict_publish(
            verdict=draft, user=editor, expected_version=factories.version(draft)
        )


@override_settings(FACTCHECK_REVIEWERS_REQUIRED=2)
def test_two_required_reviewers_means_two_distinct_editors(draft, factchecker, editor, editor2):
    services.verdict_submit(verdict=draft, user=factchecker)
    with pytest.raises(TransitionError, match="1 more must approve"):
        services.verdict_publish(
            verdict=draft, user=editor, expected_version=factories.version(draft)
        )
    # The refused publish rolled back entirely, approval included.
    assert not VerdictReview.objects.filter(verdict=draft).exists()
    services.verdict_approve(verdict=draft, user=editor, expected_version=factories.version(draft))
    services.verdict_approve(
        verdict=draft, user=editor, expected_version=factories.version(draft)
    )  # approving twice counts once
    verdict = services.verdict_publish(
        verdict=draft, user=editor2, expected_version=factories.version(draft)
    )
    assert verdict.status == Verdict.Status.PUBLISHED
    assert set(verdict.reviews.values_list("reviewer__username", flat=True)) == {
        "editor",
        "editor2",
    }


@override_settings(FACTCHECK_REVIEWERS_REQUIRED=2)
def test_approvals_do_not_carry_over_to_a_resubmitted_draft(draft, factchecker, editor, editor2):
    services.verdict_submit(verdict=draft, user=factchecker)
    services.verdict_approve(verdict=draft, user=editor, expected_version=factories.version(draft))
    services.verdict_return(verdict=draft, user=editor2, comment="Add the 2023 figures.")
    services.verdict_submit(verdict=draft, user=factchecker)
    with pytest.raises(TransitionError, match="1 more must approve"):
        services.verdict_publish(
            verdict=draft, user=editor2, expected_version=factories.version(draft)
        )


def test_return_needs_a_comment_and_goes_back_to_draft(draft, factchecker, editor):
    services.verdict_submit(verdict=draft, user=factchecker)
    with pytest.raises(TransitionError, match="comment is required"):
        services.verdict_return(verdict=draft, user=editor, comment=" ")
    verdict = services.verdict_return(verdict=draft, user=editor, comment="Cite the census table.")
    assert verdict.status == Verdict.Status.DRAFT
    review = VerdictReview.objects.get(verdict=verdict)
    assert (review.decision, review.comment) == ("returned", "Cite the census table.")


def test_fact_checker_cannot_return_or_retract(draft, factchecker):
    services.verdict_submit(verdict=draft, user=factchecker)
    with pytest.raises(PermissionDenied):
        services.verdict_return(verdict=draft, user=factchecker, comment="x")
    published = factories.make_verdict(status="published")
    with pytest.raises(PermissionDenied):
        services.verdict_retract(verdict=published, user=factchecker, note="x")


def test_anonymous_users_can_do_nothing(draft):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.verdict_submit(verdict=draft, user=AnonymousUser())


def test_retracted_verdict_stays_public_with_its_notice(editor):
    verdict = factories.make_verdict(status="published")
    with pytest.raises(TransitionError, match="public note"):
        services.verdict_retract(verdict=verdict, user=editor, note="")
    verdict = services.verdict_retract(
        verdict=verdict, user=editor, note="The figures were misread."
    )
    assert verdict.status == Verdict.Status.RETRACTED
    assert verdict.retraction_note == "The figures were misread."
    assert Verdict.objects.public().filter(pk=verdict.pk).exists()
    with pytest.raises(TransitionError, match="Only a verdict that is published can be retracted"):
        services.verdict_retract(verdict=verdict, user=editor, note="again")


def test_rating_change_on_a_published_verdict_files_a_public_correction(editor, editor2):
    verdict = factories.make_verdict(status="published", rating=factories.rating("false"))
    services.verdict_correct(
        verdict=verdict,
        user=editor,
        expected_version=verdict.version,
        note="New data from the ministry.",
        changes={"rating": factories.rating("half-true")},
    )
    verdict.refresh_from_db()
    assert verdict.rating.slug == "half-true"  # the working copy
    assert not verdict.corrections.exists()  # nothing public until another editor approves
    factories.publish_proposal(verdict, editor2)
    correction = verdict.corrections.get()
    assert (correction.previous_rating.slug, correction.new_rating.slug) == ("false", "half-true")
    assert correction.created_by == editor


def test_correction_needs_a_note_and_a_published_verdict(editor):
    verdict = factories.make_verdict(status="published")
    with pytest.raises(TransitionError, match="public note"):
        services.verdict_correct(
            verdict=verdict,
            user=editor,
            expected_version=verdict.version,
            note=" ",
            changes={"summary": "New summary."},
        )
    draft = factories.make_verdict()
    with pytest.raises(TransitionError, match="Only a verdict that is published can be corrected"):
        services.verdict_correct(
            verdict=draft,
            user=editor,
            expected_version=draft.version,
            note="n",
            changes={"summary": "New summary."},
        )
    assert not Correction.objects.exists()


def test_claims_are_assigned_only_to_people_who_write_verdicts(editor, factchecker):
    claim = factories.make_claim()
    outsider = factories.make_user()
    with pytest.raises(TransitionError, match="cannot write verdicts"):
        services.claim_assign(claim=claim, assignee=outsider, user=editor)
    claim = services.claim_assign(claim=claim, assignee=factchecker, user=editor)
    assert claim.assigned_to == factchecker


@override_settings(FACTCHECK_REVIEWERS_REQUIRED=2)
def test_editing_in_review_sets_earlier_approvals_aside(draft, factchecker, editor, editor2):
    services.verdict_submit(verdict=draft, user=factchecker)
    services.verdict_approve(verdict=draft, user=editor, expected_version=factories.version(draft))
    edited = services.verdict_update(
        verdict=draft,
        user=editor2,
        expected_version=factories.version(draft),
        changes={"headline": "A sharper headline"},
    )
    assert edited.review_round == 2
    # editor2 edited it, so only editor's approval could count, and it was for round 1.
    with pytest.raises(TransitionError, match="You changed what this verdict would publish"):
        services.verdict_publish(verdict=draft, user=editor2, expected_version=edited.version)
    services.verdict_approve(verdict=draft, user=editor, expected_version=edited.version)
    with pytest.raises(TransitionError, match="1 more must approve"):
        services.verdict_publish(verdict=draft, user=editor, expected_version=edited.version)
