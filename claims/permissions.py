"""Who may do what, named once: the services enforce these, the admin shows only what
they allow, and the API will check the same names."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet

from claims.models import Verdict

ADD_CLAIM = "claims.add_claim"
CHANGE_CLAIM = "claims.change_claim"
ADD_SPEAKER = "claims.add_speaker"
CHANGE_SPEAKER = "claims.change_speaker"
ADD_TOPIC = "claims.add_topic"
CHANGE_TOPIC = "claims.change_topic"
ADD_VERDICT = "claims.add_verdict"
WRITE_VERDICT = "claims.change_verdict"
DELETE_VERDICT = "claims.delete_verdict"
REVIEW_VERDICT = "claims.review_verdict"
# Retract and correct published verdicts, and change anything they show (claim
# wording, speaker details, cited sources): the editors' permission.
CORRECT_RECORD = "claims.retract_verdict"
TAKEDOWN_VERDICT = "claims.takedown_verdict"
CHANGE_RATING = "claims.change_rating"
ADD_RATING = "claims.add_rating"
ADD_ABOUT = "claims.add_aboutsection"
CHANGE_ABOUT = "claims.change_aboutsection"
HANDLE_SUGGESTIONS = "claims.change_readersuggestion"
ADD_RATINGSCALE = "claims.add_ratingscale"
CHANGE_RATINGSCALE = "claims.change_ratingscale"


VIEW_VERDICT = "claims.view_verdict"


def reads_the_newsroom(user: Any) -> bool:
    """Whether ``user`` may read the working copies (drafts, verdicts in review): the
    newsroom's roles, not any account with the staff flag. The draft preview on public
    pages, the staff API and the editorial queue all ask this."""
    return bool(user.is_authenticated and user.is_staff and user.has_perm(VIEW_VERDICT))


def can_edit_verdict(user: Any, verdict: Verdict) -> bool:
    """Drafts by anyone who writes verdicts; verdicts in review by editors; published
    ones by editors, through a correction; retracted and taken-down ones by nobody."""
    needed = {
        Verdict.Status.DRAFT: WRITE_VERDICT,
        Verdict.Status.IN_REVIEW: REVIEW_VERDICT,
        Verdict.Status.PUBLISHED: CORRECT_RECORD,
    }.get(Verdict.Status(verdict.status))
    return bool(needed and user.is_active and user.has_perm(needed))


def fact_checkers() -> QuerySet[Any]:
    """Active users who can write verdicts, and so can be assigned a claim."""
    return _holders(WRITE_VERDICT)


def editors() -> QuerySet[Any]:
    """Active users who can review and publish verdicts."""
    return _holders(REVIEW_VERDICT)


def _holders(perm: str) -> QuerySet[Any]:
    app_label, codename = perm.split(".")
    granted = Permission.objects.filter(codename=codename, content_type__app_label=app_label)
    users = get_user_model().objects.filter(is_active=True)
    holders = users.filter(
        Q(is_superuser=True) | Q(groups__permissions__in=granted) | Q(user_permissions__in=granted)
    )
    return users.filter(pk__in=holders.values("pk")).order_by("username")
