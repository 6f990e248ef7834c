"""The editorial queue: what the newsroom should work on next."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from claims.models import Claim, Verdict, VerdictReview

QUEUE_LENGTH = 50


def editorial_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    claims = Claim.objects.select_related("speaker", "assigned_to")
    awaiting_verdict = claims.awaiting_verdict().order_by("created_at", "pk")
    in_review = Verdict.objects.awaiting_review().select_related(
        "claim__speaker", "author", "rating"
    )
    returned = (
        Verdict.objects.filter(status=Verdict.Status.DRAFT, author=user)  # type: ignore[misc]
        .filter(
            Exists(
                VerdictReview.objects.filter(
                    verdict=OuterRef("pk"),
                    round=OuterRef("review_round"),
                    decision=VerdictReview.Decision.RETURNED,
                )
            )
        )
        .select_related("claim__speaker")
        .order_by("updated_at")
    )
    published_by_us = Verdict.objects.ours().public().filter(claim=OuterRef("pk"))
    mine = claims.filter(assigned_to=user).exclude(Exists(published_by_us))  # type: ignore[misc]
    context = {
        **admin.site.each_context(request),
        "title": "Editorial queue",
        "awaiting_verdict": awaiting_verdict[:QUEUE_LENGTH],
        "awaiting_verdict_count": awaiting_verdict.count(),
        "in_review": in_review[:QUEUE_LENGTH],
        "in_review_count": in_review.count(),
        "returned": returned[:QUEUE_LENGTH],
        "assigned": mine.order_by("created_at", "pk")[:QUEUE_LENGTH],
    }
    return TemplateResponse(request, "admin/claims/editorial_queue.html", context)
