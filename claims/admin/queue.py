"""The editorial queue: what the newsroom should work on next."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from claims import permissions
from claims.models import Claim, ReaderSuggestion, Verdict, VerdictReview
from claims.selectors.families import (
    covered_by_family_verdict,
    linked_awaiting_update,
    repeats_of_checked,
)

QUEUE_LENGTH = 50
COUNT_CAP = 1000  # "1000+": counting every claim awaiting a verdict on each visit costs too much


def _capped(rows: Any) -> str:
    count = rows[: COUNT_CAP + 1].count()
    return f"{COUNT_CAP}+" if count > COUNT_CAP else str(count)


def editorial_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.reads_the_newsroom(user):
        # Drafts, verdicts in review and readers' suggestions: not for every staff account.
        raise PermissionDenied
    claims = Claim.objects.select_related("speaker", "assigned_to")
    # A claim linked as the same claim as one we have a verdict on needs no verdict of
    # its own: its family's verdict covers it (an update shows it).
    awaiting_verdict = (
        claims.awaiting_verdict().exclude(covered_by_family_verdict()).order_by("created_at", "pk")
    )
    repeats = repeats_of_checked()
    in_review = Verdict.objects.awaiting_review().select_related(
        "claim__speaker", "author", "rating"
    )
    returns = VerdictReview.objects.filter(
        verdict=OuterRef("pk"),
        round=OuterRef("review_round"),
        decision=VerdictReview.Decision.RETURNED,
    ).order_by("-created_at", "-pk")
    my_drafts = Verdict.objects.filter(
        status=Verdict.Status.DRAFT, author_id=user.pk
    ).select_related("claim__speaker", "rating")
    returned = (
        my_drafts.filter(Exists(returns))
        .annotate(
            return_comment=Subquery(returns.values("comment")[:1]),
            returned_by=Subquery(returns.values("reviewer__username")[:1]),
            returned_at=Subquery(returns.values("created_at")[:1]),
        )
        .order_by("-returned_at")
    )
    drafts = my_drafts.exclude(Exists(returns)).order_by("-updated_at")
    published_by_us = Verdict.objects.ours().public().filter(claim=OuterRef("pk"))
    mine = claims.filter(assigned_to_id=user.pk).exclude(Exists(published_by_us))
    suggestions = ReaderSuggestion.objects.filter(status=ReaderSuggestion.Status.NEW)
    context = {
        "suggestions": suggestions.order_by("created_at", "pk")[:QUEUE_LENGTH],
        "suggestions_count": _capped(suggestions),
        **admin.site.each_context(request),
        "title": _("Editorial queue"),
        "awaiting_verdict": awaiting_verdict[:QUEUE_LENGTH],
        "awaiting_verdict_count": _capped(awaiting_verdict),
        "in_review": in_review[:QUEUE_LENGTH],
        "in_review_count": _capped(in_review),
        "returned": returned[:QUEUE_LENGTH],
        "drafts": drafts[:QUEUE_LENGTH],
        "assigned": mine.order_by("created_at", "pk")[:QUEUE_LENGTH],
        "repeats": repeats[:QUEUE_LENGTH],
        "repeats_count": _capped(repeats),
        "linked_awaiting_update": linked_awaiting_update(QUEUE_LENGTH),
    }
    return TemplateResponse(request, "admin/claims/editorial_queue.html", context)
