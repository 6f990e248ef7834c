"""The verdict workflow: draft → in review → published → retracted, and the legal takedown.

Review means someone else approved the final text: an approval counts only from an
editor who neither wrote the verdict nor edited it during the current submission,
and only for the version of the text they were looking at.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from claims import permissions
from claims.models import Correction, Rating, Verdict, VerdictReview
from claims.models.verdict import VerdictStatus
from claims.selectors import approvals, contributors
from claims.services.search import reindex_claims
from factcheck.base.concurrency import lock_current_version
from factcheck.base.services import AnyUser, Refused, acting, require


class TransitionError(Refused):
    """A workflow step refused because of the verdict's state or content."""


def locked(verdict: Verdict, expected_version: int | None = None) -> Verdict:
    """The verdict's current row, locked for the transaction; stale versions refused."""
    if expected_version is not None:
        return lock_current_version(Verdict, pk=verdict.pk, expected=expected_version)
    return Verdict.objects.select_for_update(of=("self",)).get(pk=verdict.pk)


def publishable_problems(verdict: Verdict) -> list[str]:
    problems = []
    if verdict.rating_id is None:
        problems.append("a rating")
    if not verdict.summary.strip():
        problems.append("a summary")
    if not verdict.verdict_sources.exists():
        problems.append("at least one source")
    return problems


def assert_complete(verdict: Verdict, action: str) -> None:
    problems = publishable_problems(verdict)
    if problems:
        raise TransitionError(f"A verdict needs {', '.join(problems)} before it can be {action}.")


def assert_status(verdict: Verdict, allowed: VerdictStatus, action: str) -> None:
    if verdict.status != allowed:
        raise TransitionError(
            f"Only a verdict that is {allowed.label.lower()} can be {action}; "
            f"this one is {verdict.get_status_display().lower()}."
        )


def assert_not_author(verdict: Verdict, user: AnyUser, action: str) -> None:
    if verdict.author_id is not None and verdict.author_id == user.pk:
        raise TransitionError(
            f"You wrote this verdict, so you cannot {action} it: another editor must."
        )


def assert_independent(verdict: Verdict, user: AnyUser, action: str) -> None:
    assert_not_author(verdict, user, action)
    if user.pk in contributors(verdict):
        others = permissions.editors().exclude(pk__in=contributors(verdict))
        way_out = (
            "another editor who has not edited it must"
            if others.exists()
            else "every editor has now edited it, so return it to its author, whose "
            "resubmission starts a fresh review"
        )
        raise TransitionError(
            f"You edited this verdict during this review, so your approval would not be a "
            f"second pair of eyes: {way_out}."
        )


def record_edit(verdict: Verdict, user: Any) -> None:
    """An edit during review starts a new round (earlier approvals lapse) and makes the
    editor a contributor to the text under review."""
    verdict.review_round += 1
    verdict.save(update_fields=["review_round", "updated_at"])
    VerdictReview.objects.create(
        verdict=verdict,
        reviewer_id=user.pk,
        decision=VerdictReview.Decision.EDITED,
        round=verdict.review_round,
    )


def verdict_submit(*, verdict: Verdict, user: AnyUser) -> Verdict:
    """Send a draft to the editors for review: a new submission, with a fresh review."""
    with acting(user):
        require(user, permissions.WRITE_VERDICT, "submit verdicts for review")
        verdict = locked(verdict)
        assert_status(verdict, Verdict.Status.DRAFT, "submitted for review")
        assert_complete(verdict, "submitted for review")
        verdict.status = Verdict.Status.IN_REVIEW
        verdict.submitted_at = timezone.now()
        verdict.review_round += 1
        verdict.submission_round = verdict.review_round
        verdict.save(
            update_fields=[
                "status",
                "submitted_at",
                "review_round",
                "submission_round",
                "updated_at",
            ]
        )
        return verdict


def verdict_approve(
    *, verdict: Verdict, user: AnyUser, expected_version: int, comment: str = ""
) -> Verdict:
    """Record an editor's approval of the text they read (version ``expected_version``)."""
    with acting(user):
        actor = require(user, permissions.REVIEW_VERDICT, "review verdicts")
        verdict = locked(verdict, expected_version)
        assert_status(verdict, Verdict.Status.IN_REVIEW, "approved")
        assert_independent(verdict, user, "approve")
        if actor.pk not in approvals(verdict):
            VerdictReview.objects.create(
                verdict=verdict,
                reviewer=actor,
                decision=VerdictReview.Decision.APPROVED,
                comment=comment,
                round=verdict.review_round,
            )
        return verdict


def verdict_publish(
    *, verdict: Verdict, user: AnyUser, expected_version: int, comment: str = ""
) -> Verdict:
    """Approve (as ``user``) and publish, once enough independent editors have approved."""
    with acting(user):
        require(user, permissions.REVIEW_VERDICT, "publish verdicts")
        verdict = locked(verdict, expected_version)
        assert_status(verdict, Verdict.Status.IN_REVIEW, "published")
        assert_independent(verdict, user, "publish")
        assert_complete(verdict, "published")
        verdict = verdict_approve(
            verdict=verdict, user=user, expected_version=expected_version, comment=comment
        )
        required = settings.FACTCHECK_REVIEWERS_REQUIRED
        missing = required - len(approvals(verdict))
        if missing > 0:
            raise TransitionError(
                f"This verdict needs approval from {required} editors who neither wrote nor "
                f"edited it; {missing} more must approve it before it can be published."
            )
        verdict.status = Verdict.Status.PUBLISHED
        verdict.published_at = timezone.now()
        verdict.save(update_fields=["status", "published_at", "updated_at"])
        reindex_claims([verdict.claim_id])
        return verdict


def verdict_return(*, verdict: Verdict, user: AnyUser, comment: str) -> Verdict:
    """Send a verdict in review back to its author as a draft, saying why."""
    with acting(user):
        actor = require(user, permissions.REVIEW_VERDICT, "return verdicts")
        if not comment.strip():
            raise TransitionError(
                "Say what the author should change: a comment is required to return a verdict."
            )
        verdict = locked(verdict)
        assert_status(verdict, Verdict.Status.IN_REVIEW, "returned")
        assert_not_author(verdict, user, "return")
        VerdictReview.objects.create(
            verdict=verdict,
            reviewer=actor,
            decision=VerdictReview.Decision.RETURNED,
            comment=comment.strip(),
            round=verdict.review_round,
        )
        verdict.status = Verdict.Status.DRAFT
        verdict.save(update_fields=["status", "updated_at"])
        return verdict


def verdict_retract(*, verdict: Verdict, user: AnyUser, note: str) -> Verdict:
    """Withdraw a published verdict's conclusion. It stays public, with the notice."""
    with acting(user):
        require(user, permissions.CORRECT_RECORD, "retract verdicts")
        if not note.strip():
            raise TransitionError("A retraction needs a public note saying why.")
        verdict = locked(verdict)
        assert_status(verdict, Verdict.Status.PUBLISHED, "retracted")
        verdict.status = Verdict.Status.RETRACTED
        verdict.retracted_at = timezone.now()
        verdict.retraction_note = note.strip()
        verdict.save(update_fields=["status", "retracted_at", "retraction_note", "updated_at"])
        reindex_claims([verdict.claim_id])
        return verdict


def verdict_takedown(*, verdict: Verdict, user: AnyUser, note: str) -> Verdict:
    """Take one of our verdicts out of public view (a court order, a risk to someone's
    safety). The only way published content stops being public: only a notice that it
    was removed, and why, stays public; the audit history records who and when."""
    with acting(user):
        require(user, permissions.TAKEDOWN_VERDICT, "take verdicts down")
        if not note.strip():
            raise TransitionError(
                "A takedown needs a public note saying that the verdict was removed and why "
                "(e.g. “Removed on a court order of 3 March 2026.”)."
            )
        verdict = locked(verdict)
        if not verdict.is_public:
            raise TransitionError(
                "Only a published or retracted verdict can be taken down; this one is "
                f"{verdict.get_status_display().lower()}."
            )
        if not verdict.is_ours:
            raise TransitionError("Only our own verdicts can be taken down here.")
        verdict.status = Verdict.Status.WITHDRAWN
        verdict.withdrawn_at = timezone.now()
        verdict.withdrawal_note = note.strip()
        verdict.save(update_fields=["status", "withdrawn_at", "withdrawal_note", "updated_at"])
        reindex_claims([verdict.claim_id])  # its words leave the public search at once
        return verdict


def file_correction(
    *,
    verdict: Verdict,
    actor: AnyUser,
    note: str,
    kind: str = Correction.Kind.CORRECTION,
    previous_rating: Rating | None = None,
    new_rating: Rating | None = None,
) -> Correction:
    return Correction.objects.create(
        verdict=verdict,
        kind=kind,
        note=note.strip(),
        previous_rating=previous_rating,
        new_rating=new_rating,
        created_by_id=actor.pk,
    )
