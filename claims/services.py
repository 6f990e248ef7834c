"""Editorial state changes. The admin and the API call these and nothing else.

Each service takes keyword-only arguments, checks who is acting, locks the row
it changes, and runs in one transaction, so a rule enforced here cannot be
skipped by any interface. Every change is stamped with the acting user in the
audit history.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pghistory
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from claims.models import Claim, Correction, Rating, Verdict, VerdictReview
from claims.models.verdict import VerdictStatus

AnyUser = User | AnonymousUser


class TransitionError(ValidationError):
    """A workflow step refused because of the verdict's state or content."""


@contextmanager
def _acting(user: AnyUser) -> Iterator[None]:
    with transaction.atomic(), pghistory.context(user=user.pk):
        yield


def _require(user: AnyUser, perm: str, action: str) -> User:
    """Refuse unless ``user`` is signed in and holds ``perm``; return them as a User."""
    if not isinstance(user, User) or not user.is_active or not user.has_perm(perm):
        raise PermissionDenied(f"You do not have permission to {action}.")
    return user


def _locked(verdict: Verdict) -> Verdict:
    return (
        Verdict.objects.select_for_update(of=("self",)).select_related("rating").get(pk=verdict.pk)
    )


def _publishable_problems(verdict: Verdict) -> list[str]:
    problems = []
    if verdict.rating_id is None:
        problems.append("a rating")
    if not verdict.summary.strip():
        problems.append("a summary")
    if not verdict.verdict_sources.exists():
        problems.append("at least one source")
    return problems


def _assert_complete(verdict: Verdict, action: str) -> None:
    problems = _publishable_problems(verdict)
    if problems:
        raise TransitionError(f"A verdict needs {', '.join(problems)} before it can be {action}.")


def _assert_status(verdict: Verdict, allowed: VerdictStatus, action: str) -> None:
    if verdict.status != allowed:
        raise TransitionError(
            f"Only a verdict that is {allowed.label.lower()} can be {action}; "
            f"this one is {verdict.get_status_display().lower()}."
        )


def verdict_submit(*, verdict: Verdict, user: AnyUser) -> Verdict:
    """Send a draft to the editors for review."""
    with _acting(user):
        _require(user, "claims.change_verdict", "submit verdicts for review")
        verdict = _locked(verdict)
        _assert_status(verdict, Verdict.Status.DRAFT, "submitted for review")
        _assert_complete(verdict, "submitted for review")
        verdict.status = Verdict.Status.IN_REVIEW
        verdict.submitted_at = timezone.now()
        verdict.review_round += 1
        verdict.save(update_fields=["status", "submitted_at", "review_round", "updated_at"])
        return verdict


def _assert_not_author(verdict: Verdict, user: AnyUser, action: str) -> None:
    if verdict.author_id is not None and verdict.author_id == user.pk:
        raise TransitionError(
            f"You wrote this verdict, so you cannot {action} it: another editor must."
        )


def _approvals(verdict: Verdict) -> set[int]:
    return set(
        verdict.reviews.filter(
            round=verdict.review_round, decision=VerdictReview.Decision.APPROVED
        )
        .exclude(reviewer_id=verdict.author_id)
        .values_list("reviewer_id", flat=True)
    )


def verdict_approve(*, verdict: Verdict, user: AnyUser, comment: str = "") -> Verdict:
    """Record an editor's approval without publishing (when several reviews are required)."""
    with _acting(user):
        actor = _require(user, "claims.review_verdict", "review verdicts")
        verdict = _locked(verdict)
        _assert_status(verdict, Verdict.Status.IN_REVIEW, "approved")
        _assert_not_author(verdict, user, "approve")
        if user.pk not in _approvals(verdict):
            VerdictReview.objects.create(
                verdict=verdict,
                reviewer=actor,
                decision=VerdictReview.Decision.APPROVED,
                comment=comment,
                round=verdict.review_round,
            )
        return verdict


def verdict_revised_in_review(*, verdict: Verdict, user: AnyUser) -> bool:
    """Record that a verdict in review was edited: approvals given to the earlier text
    no longer count. Returns True when approvals were set aside."""
    with _acting(user):
        _require(user, "claims.review_verdict", "edit verdicts in review")
        verdict = _locked(verdict)
        _assert_status(verdict, Verdict.Status.IN_REVIEW, "revised in review")
        if not _approvals(verdict):
            return False
        # A new round: approvals are counted per round, so the old ones lapse.
        verdict.review_round += 1
        verdict.save(update_fields=["review_round", "updated_at"])
        return True


def verdict_publish(*, verdict: Verdict, user: AnyUser, comment: str = "") -> Verdict:
    """Approve (as ``user``) and publish, once enough editors besides the author have approved."""
    with _acting(user):
        _require(user, "claims.review_verdict", "publish verdicts")
        verdict = _locked(verdict)
        _assert_status(verdict, Verdict.Status.IN_REVIEW, "published")
        _assert_not_author(verdict, user, "publish")
        _assert_complete(verdict, "published")
        verdict = verdict_approve(verdict=verdict, user=user, comment=comment)
        required = settings.FACTCHECK_REVIEWERS_REQUIRED
        missing = required - len(_approvals(verdict))
        if missing > 0:
            raise TransitionError(
                f"This verdict needs approval from {required} editors besides its author; "
                f"{missing} more must approve it before it can be published."
            )
        verdict.status = Verdict.Status.PUBLISHED
        verdict.published_at = timezone.now()
        verdict.save(update_fields=["status", "published_at", "updated_at"])
        return verdict


def verdict_return(*, verdict: Verdict, user: AnyUser, comment: str) -> Verdict:
    """Send a verdict in review back to its author as a draft, saying why."""
    with _acting(user):
        actor = _require(user, "claims.review_verdict", "return verdicts")
        if not comment.strip():
            raise TransitionError(
                "Say what the author should change: a comment is required to return a verdict."
            )
        verdict = _locked(verdict)
        _assert_status(verdict, Verdict.Status.IN_REVIEW, "returned")
        _assert_not_author(verdict, user, "return")
        VerdictReview.objects.create(
            verdict=verdict,
            reviewer=actor,
            decision=VerdictReview.Decision.RETURNED,
            comment=comment,
            round=verdict.review_round,
        )
        verdict.status = Verdict.Status.DRAFT
        verdict.save(update_fields=["status", "updated_at"])
        return verdict


def verdict_retract(*, verdict: Verdict, user: AnyUser, note: str) -> Verdict:
    """Withdraw a published verdict. It stays public, with the notice, and is never removed."""
    with _acting(user):
        _require(user, "claims.retract_verdict", "retract verdicts")
        if not note.strip():
            raise TransitionError("A retraction needs a public note saying why.")
        verdict = _locked(verdict)
        _assert_status(verdict, Verdict.Status.PUBLISHED, "retracted")
        verdict.status = Verdict.Status.RETRACTED
        verdict.retracted_at = timezone.now()
        verdict.retraction_note = note.strip()
        verdict.save(update_fields=["status", "retracted_at", "retraction_note", "updated_at"])
        return verdict


def verdict_correct(
    *,
    verdict: Verdict,
    user: AnyUser,
    note: str,
    kind: str = Correction.Kind.CORRECTION,
    rating: Rating | None = None,
    summary: str | None = None,
) -> Correction:
    """Change a published verdict's rating or summary, with a public correction entry."""
    with _acting(user):
        actor = _require(user, "claims.retract_verdict", "correct published verdicts")
        if not note.strip():
            raise TransitionError("A correction needs a public note saying what changed and why.")
        if kind not in Correction.Kind.values:
            raise TransitionError(f"Unknown correction kind {kind!r}.")
        verdict = _locked(verdict)
        _assert_status(verdict, Verdict.Status.PUBLISHED, "corrected")
        previous_rating = verdict.rating
        fields = ["updated_at"]
        if rating is not None and rating.pk != verdict.rating_id:
            verdict.rating = rating
            verdict.clean()
            fields.append("rating")
        if summary is not None and summary != verdict.summary:
            if not summary.strip():
                raise TransitionError("A published verdict cannot lose its summary.")
            verdict.summary = summary
            fields.append("summary")
        changed_rating = "rating" in fields
        correction = Correction.objects.create(
            verdict=verdict,
            kind=kind,
            note=note.strip(),
            previous_rating=previous_rating if changed_rating else None,
            new_rating=verdict.rating if changed_rating else None,
            created_by=actor,
        )
        verdict.save(update_fields=fields)
        return correction


def claim_assign(*, claim: Claim, assignee: User | None, user: AnyUser) -> Claim:
    """Give a claim to a fact-checker to research (or take it back with ``assignee=None``)."""
    with _acting(user):
        _require(user, "claims.change_claim", "assign claims")
        if assignee is not None and not assignee.has_perm("claims.change_verdict"):
            raise TransitionError(
                f"{assignee} cannot write verdicts, so cannot be assigned a claim."
            )
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        claim.assigned_to = assignee
        claim.save(update_fields=["assigned_to", "updated_at"])
        return claim
