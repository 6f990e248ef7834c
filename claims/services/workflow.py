"""The verdict workflow: draft → in review → published → retracted, and the legal takedown.

Review means someone else approved the final text: an approval counts only from an
editor who changed nothing in what would be published (the verdict, its sources, the
claim, the speaker, the cited sources; in any round, since the last published revision),
and only for the exact content they approved (its hash): any change voids it. What is
published is a revision (``claims.services.revisions``); the public never reads the
working rows.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from claims import permissions
from claims.choices import VerdictStatus, status_name
from claims.models import Correction, Rating, Verdict, VerdictReview
from claims.models.revision import RevisionKind
from claims.selectors.newsroom import (
    approvals,
    content_hash,
    contributors,
    is_under_review,
    latest_revision,
    proposal,
    proposal_hash,
    unpublished_changes,
)
from claims.services.revisions import (
    hold_document_rows,
    revision_from_working_copy,
    revision_with_notice,
    revisions_withholding,
)
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
        problems.append(_("a rating"))
    if not verdict.summary.strip():
        problems.append(_("a summary"))
    if not verdict.verdict_sources.exists():
        problems.append(_("at least one source"))
    return problems


# The ``action`` of the refusals below is a step's past participle ("submitted for review",
# "approved") or its verb ("approve"), translated where the step names it.


def assert_complete(verdict: Verdict, action: str) -> None:
    problems = publishable_problems(verdict)
    if problems:
        raise TransitionError(
            # Translators: %(missing)s lists what is missing ("a rating, a summary");
            # %(action)s is the step, e.g. "published".
            _("A verdict needs %(missing)s before it can be %(action)s.")
            % {"missing": pgettext("list separator", ", ").join(problems), "action": action}
        )


def assert_status(verdict: Verdict, allowed: VerdictStatus, action: str) -> None:
    if verdict.status != allowed:
        raise TransitionError(
            # Translators: %(allowed)s and %(status)s are statuses ("published", "draft");
            # %(action)s is the step, e.g. "retracted".
            _("Only a verdict that is %(allowed)s can be %(action)s; this one is %(status)s.")
            % {
                "allowed": status_name(allowed),
                "action": action,
                "status": status_name(verdict.status),
            }
        )


def assert_not_author(verdict: Verdict, user: AnyUser, action: str) -> None:
    if verdict.author_id is not None and verdict.author_id == user.pk:
        raise TransitionError(
            # Translators: %(action)s is the step's verb, e.g. "approve".
            _("You wrote this verdict, so you cannot %(action)s it: another editor must.")
            % {"action": action}
        )


def assert_independent(verdict: Verdict, user: AnyUser, action: str) -> None:
    """Refuse ``user`` when they changed anything in what ``verdict`` would publish; the
    refusal names who could approve instead."""
    if settings.FACTCHECK_REVIEWERS_REQUIRED == 0:
        return  # the newsroom runs without independent review; the page says so
    assert_not_author(verdict, user, action)
    involved = contributors(verdict)
    if user.pk in involved:
        others = [e.get_username() for e in permissions.editors().exclude(pk__in=involved)[:5]]
        way_out = (
            _("an editor who changed none of it must: %(editors)s")
            % {"editors": ", ".join(others)}
            if others
            else _(
                "no editor is independent of it: add a reviewer to the newsroom, or run "
                "with FACTCHECK_REVIEWERS_REQUIRED=0 (the page then says it was not "
                "independently reviewed)"
            )
        )
        raise TransitionError(
            _(
                "You changed what this verdict would publish (the verdict, its claim, speaker "
                "or sources), so your approval would not be a second pair of eyes: "
                "%(way_out)s."
            )
            % {"way_out": way_out}
        )


def assert_unchanged(current: str, expected_hash: str | None) -> None:
    if expected_hash and expected_hash != current:
        raise TransitionError(
            _(
                "What this verdict would publish changed since you read it (the verdict, its "
                "claim, speaker or sources): read the changes and approve again."
            )
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
        require(user, permissions.WRITE_VERDICT, _("submit verdicts for review"))
        verdict = locked(verdict)
        assert_status(verdict, Verdict.Status.DRAFT, _("submitted for review"))
        assert_complete(verdict, _("submitted for review"))
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


def assert_under_review(verdict: Verdict, action: str) -> None:
    if not is_under_review(verdict):
        raise TransitionError(
            _(
                "Only a verdict in review, or a published one with a proposed revision, can be "
                "%(action)s; this one is %(status)s with nothing proposed."
            )
            % {"action": action, "status": status_name(verdict.status)}
        )


def verdict_approve(
    *,
    verdict: Verdict,
    user: AnyUser,
    expected_version: int,
    comment: str = "",
    expected_hash: str | None = None,
) -> Verdict:
    """Record an editor's approval of exactly what would be published now (its hash: the
    document with the revision's kind and note); ``expected_hash``, when given, is what
    they read, refused if it changed since."""
    with acting(user):
        actor = require(user, permissions.REVIEW_VERDICT, _("review verdicts"))
        verdict = locked(verdict, expected_version)
        hold_document_rows(verdict)  # what is approved is what its hash names
        assert_under_review(verdict, _("approved"))
        assert_independent(verdict, user, _("approve"))
        proposed = proposal(verdict)
        current = content_hash(proposed)
        assert_unchanged(current, expected_hash)
        if actor.pk not in approvals(verdict, current):
            VerdictReview.objects.create(
                verdict=verdict,
                reviewer=actor,
                decision=VerdictReview.Decision.APPROVED,
                comment=comment,
                round=verdict.review_round,
                content_hash=current,
                approved_document=proposed,
            )
        return verdict


def verdict_publish(
    *,
    verdict: Verdict,
    user: AnyUser,
    expected_version: int,
    comment: str = "",
    expected_hash: str | None = None,
) -> Verdict:
    """Approve (as ``user``) and publish: the first revision of a verdict in review, or the
    proposed revision of a published one, once enough independent editors approved
    exactly it."""
    with acting(user):
        require(user, permissions.REVIEW_VERDICT, _("publish verdicts"))
        verdict = locked(verdict, expected_version)
        # Nothing the document reads may change between the check of what the editor read
        # and the revision: edits of the claim, speaker or sources wait for this step.
        hold_document_rows(verdict)
        assert_under_review(verdict, _("published"))
        assert_complete(verdict, _("published"))
        assert_independent(verdict, user, _("publish"))
        current = proposal_hash(verdict)
        assert_unchanged(current, expected_hash)
        required = settings.FACTCHECK_REVIEWERS_REQUIRED
        if required > 0:
            verdict = verdict_approve(
                verdict=verdict,
                user=user,
                expected_version=expected_version,
                comment=comment,
                expected_hash=current,
            )
        approved = approvals(verdict, current)
        missing = required - len(approved)
        if missing > 0:
            raise TransitionError(
                ngettext(
                    "This needs approval from %(required)s editors who changed none of it; "
                    "%(missing)s more must approve it before it can be published.",
                    "This needs approval from %(required)s editors who changed none of it; "
                    "%(missing)s more must approve it before it can be published.",
                    missing,
                )
                % {"required": required, "missing": missing}
            )
        if verdict.status == Verdict.Status.PUBLISHED:
            return _publish_proposal(
                verdict, user, approved, independent=required > 0, approved_hash=current
            )
        verdict.status = Verdict.Status.PUBLISHED
        verdict.published_at = timezone.now()
        verdict.save(update_fields=["status", "published_at", "updated_at"])
        revision_from_working_copy(
            verdict=verdict,
            kind=RevisionKind.PUBLISHED,
            user=user,
            approver_ids=approved,
            at=verdict.published_at,
            independently_reviewed=required > 0,
            expected_hash=current,
        )
        return verdict


def _publish_proposal(
    verdict: Verdict, user: AnyUser, approved: set[int], *, independent: bool, approved_hash: str
) -> Verdict:
    """The proposed revision goes public, with a dated public note (and, for the corrections
    log, the rating it replaced)."""
    last = latest_revision(verdict)
    previous = ((last.document.get("refs") or {}).get("rating")) if last is not None else None
    changed = previous is not None and previous != verdict.rating_id
    correction = Correction.objects.create(
        verdict=verdict,
        kind=verdict.proposal_kind,
        note=verdict.proposal_note,
        previous_rating_id=previous if changed else None,
        new_rating_id=verdict.rating_id if changed else None,
        created_by_id=verdict.proposed_by_id,
    )
    revision_from_working_copy(
        verdict=verdict,
        kind=verdict.proposal_kind,
        note=verdict.proposal_note,
        user=user,
        approver_ids=approved,
        at=correction.published_at,
        independently_reviewed=independent,
        expected_hash=approved_hash,
    )
    _clear_proposal(verdict)
    return verdict


def _clear_proposal(verdict: Verdict) -> None:
    verdict.proposal_kind, verdict.proposal_note = "", ""
    verdict.proposed_at, verdict.proposed_by = None, None
    verdict.save(
        update_fields=[
            "proposal_kind",
            "proposal_note",
            "proposed_at",
            "proposed_by",
            "updated_at",
        ]
    )


def revision_propose(*, verdict: Verdict, user: AnyUser, kind: str, note: str) -> Verdict:
    """Propose the working copy of a published verdict, with a public note, as its next
    revision (a correction, an update or a clarification). Readers keep the latest
    revision until independent editors approve exactly this proposal and it is published."""
    with acting(user):
        actor = require(user, permissions.CORRECT_RECORD, _("propose corrections"))
        verdict = locked(verdict)
        assert_status(verdict, Verdict.Status.PUBLISHED, _("corrected"))
        if kind not in Correction.Kind.values:
            raise TransitionError(
                _("Unknown kind of revision %(kind)s: use correction, update or clarification.")
                % {"kind": repr(kind)}
            )
        if not note.strip():
            raise TransitionError(
                _(
                    "A correction, update or clarification needs a public note saying what "
                    "changed and why."
                )
            )
        changes = unpublished_changes(verdict)
        if kind == Correction.Kind.CORRECTION and (changes is None or changes.empty):
            raise TransitionError(
                _(
                    "Nothing on the verdict changes, so there is nothing to correct. To add a "
                    "public note without a change, file it as an update or a clarification."
                )
            )
        verdict.proposal_kind, verdict.proposal_note = kind, note.strip()
        verdict.proposed_at, verdict.proposed_by = timezone.now(), actor
        verdict.save(
            update_fields=[
                "proposal_kind",
                "proposal_note",
                "proposed_at",
                "proposed_by",
                "updated_at",
            ]
        )
        return verdict


def verdict_return(*, verdict: Verdict, user: AnyUser, comment: str) -> Verdict:
    """Send a verdict in review back to its author as a draft, saying why."""
    with acting(user):
        actor = require(user, permissions.REVIEW_VERDICT, _("return verdicts"))
        if not comment.strip():
            raise TransitionError(
                _("Say what the author should change: a comment is required to return a verdict.")
            )
        verdict = locked(verdict)
        assert_under_review(verdict, _("returned"))
        if verdict.status == Verdict.Status.IN_REVIEW:
            assert_not_author(verdict, user, _("return"))
        VerdictReview.objects.create(
            verdict=verdict,
            reviewer=actor,
            decision=VerdictReview.Decision.RETURNED,
            comment=comment.strip(),
            round=verdict.review_round,
        )
        if verdict.status == Verdict.Status.PUBLISHED:
            # A proposal sent back: readers keep the latest revision; the working copy
            # keeps its edits for a better proposal.
            _clear_proposal(verdict)
            return verdict
        verdict.status = Verdict.Status.DRAFT
        verdict.save(update_fields=["status", "updated_at"])
        return verdict


def verdict_retract(*, verdict: Verdict, user: AnyUser, note: str) -> Verdict:
    """Withdraw a published verdict's conclusion. It stays public, with the notice."""
    with acting(user):
        require(user, permissions.CORRECT_RECORD, _("retract verdicts"))
        if not note.strip():
            raise TransitionError(_("A retraction needs a public note saying why."))
        verdict = locked(verdict)
        assert_status(verdict, Verdict.Status.PUBLISHED, _("retracted"))
        if verdict.proposed_at is not None:
            _clear_proposal(verdict)  # a retraction supersedes any proposed revision
        verdict.status = Verdict.Status.RETRACTED
        verdict.retracted_at = timezone.now()
        verdict.retraction_note = note.strip()
        verdict.save(update_fields=["status", "retracted_at", "retraction_note", "updated_at"])
        revision_with_notice(
            verdict=verdict,
            kind=RevisionKind.RETRACTION,
            note=note,
            user=user,
            at=verdict.retracted_at,
        )
        return verdict


def verdict_takedown(*, verdict: Verdict, user: AnyUser, note: str) -> Verdict:
    """Take one of our verdicts out of public view (a court order, a risk to someone's
    safety). The only way published content stops being public: only a notice that it
    was removed, and why, stays public; the audit history records who and when."""
    with acting(user):
        require(user, permissions.TAKEDOWN_VERDICT, _("take verdicts down"))
        if not note.strip():
            raise TransitionError(
                _(
                    "A takedown needs a public note saying that the verdict was removed and why "
                    "(e.g. “Removed on a court order of 3 March 2026.”)."
                )
            )
        verdict = locked(verdict)
        if not verdict.is_public:
            raise TransitionError(
                _(
                    "Only a published or retracted verdict can be taken down; this one is "
                    "%(status)s."
                )
                % {"status": status_name(verdict.status)}
            )
        if not verdict.is_ours:
            raise TransitionError(_("Only our own verdicts can be taken down here."))
        if verdict.proposed_at is not None:
            _clear_proposal(verdict)
        verdict.status = Verdict.Status.WITHDRAWN
        verdict.withdrawn_at = timezone.now()
        verdict.withdrawal_note = note.strip()
        verdict.save(update_fields=["status", "withdrawn_at", "withdrawal_note", "updated_at"])
        # Its words leave the public search at once (the revision reindexes the claim).
        revision_with_notice(
            verdict=verdict,
            kind=RevisionKind.TAKEDOWN,
            note=note,
            user=user,
            at=verdict.withdrawn_at,
        )
        # Its claim, said again elsewhere, leaves what our other verdicts list of it.
        revisions_withholding(claim_id=verdict.claim_id, user=user, at=verdict.withdrawn_at)
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
