"""The peer the API is measured against: the claims page as a team would write it from
the DRF docs, with nested ``ModelSerializer``s over the newsroom's own models
(``select_related``, ``prefetch_related``, cursor pages of 50) and no stored documents.
It is how this project's API was written before the public record became revisions
(2026-11-27), kept here, in the benchmark only, so that the comparison stays the same.

It reads the working rows of the claims in the public index: the same page as the API
for an archive whose working rows equal their revisions (the demo data; a test checks
it), never mounted outside the benchmark's URLconf."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Min, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from rest_framework import generics, serializers
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny

from claims.models import (
    Claim,
    PublishedTranslation,
    Rating,
    Speaker,
    Topic,
    Verdict,
    VerdictReview,
    VerdictRevision,
)
from claims.selectors.newsroom import display_name
from claims.services.published import APPEARANCE_KEYS
from factcheck.base.http import site_url
from sources.models import Article, Outlet


class _Speaker(serializers.ModelSerializer[Speaker]):
    class Meta:
        model = Speaker
        fields = ["slug", "name", "kind", "title"]


class _Outlet(serializers.ModelSerializer[Outlet]):
    class Meta:
        model = Outlet
        fields = ["slug", "name", "domain"]


class _Article(serializers.ModelSerializer[Article]):
    outlet = _Outlet(allow_null=True)

    class Meta:
        model = Article
        fields = ["slug", "title", "url", "published_on", "outlet"]


class _Topic(serializers.ModelSerializer[Topic]):
    class Meta:
        model = Topic
        fields = ["slug", "name"]


class _Rating(serializers.ModelSerializer[Rating]):
    scale: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    best = serializers.IntegerField(allow_null=True)
    worst = serializers.IntegerField(allow_null=True)

    class Meta:
        model = Rating
        fields = ["slug", "label", "position", "best", "worst", "scale"]


def _instant(moment: Any) -> Any:
    return serializers.DateTimeField().to_representation(moment)


class _Verdict(serializers.ModelSerializer[Verdict]):
    publisher = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    first_published = serializers.DateTimeField(source="published_at")
    last_updated = serializers.SerializerMethodField()
    corrections = serializers.IntegerField(source="correction_count")
    retraction = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()
    reviewers = serializers.SerializerMethodField()
    review_date = serializers.SerializerMethodField()
    date_first_seen = serializers.SerializerMethodField()
    language = serializers.SerializerMethodField()

    class Meta:
        model = Verdict
        fields = [
            "slug",
            "status",
            "publisher",
            "rating",
            "headline",
            "summary",
            "author",
            "reviewers",
            "page_url",
            "first_published",
            "review_date",
            "date_first_seen",
            "language",
            "last_updated",
            "corrections",
            "retraction",
        ]

    def get_author(self, verdict: Verdict) -> str:
        return display_name(verdict.author)

    def get_reviewers(self, verdict: Any) -> list[str]:
        return sorted(display_name(review.reviewer) for review in verdict.approvals)

    def _dated(self, verdict: Verdict) -> bool:
        theirs: Any = verdict.their_review
        return theirs is None or bool(theirs.get("datePublished"))

    def get_review_date(self, verdict: Verdict) -> Any:
        return _instant(verdict.published_at) if self._dated(verdict) else None

    def get_date_first_seen(self, verdict: Verdict) -> Any:
        return None if self._dated(verdict) else _instant(verdict.published_at)

    def get_language(self, verdict: Verdict) -> str:
        return verdict.language or verdict.claim.language

    def get_publisher(self, verdict: Verdict) -> dict[str, Any]:
        if verdict.publisher is None:
            name, url = settings.FACTCHECK_PUBLISHER_NAME, settings.FACTCHECK_PUBLISHER_URL
            return {"name": name, "url": url, "ours": True}
        return {"name": verdict.publisher.name, "url": verdict.publisher.url, "ours": False}

    def get_rating(self, verdict: Any) -> dict[str, Any]:
        rating: Any = verdict.rating
        rating.best, rating.worst = verdict.best, verdict.worst
        return dict(_Rating(rating).data)

    def get_page_url(self, verdict: Verdict) -> str:
        if verdict.publisher_id is not None:
            return verdict.external_url
        return site_url(f"claims/{verdict.claim.slug}/")

    def get_last_updated(self, verdict: Any) -> Any:
        # Its latest revision: a correction's, or a retraction's.
        moments = [verdict.published_at, verdict.last_correction, verdict.retracted_at]
        return _instant(max(moment for moment in moments if moment))

    def get_retraction(self, verdict: Any) -> dict[str, Any] | None:
        if verdict.status != Verdict.Status.RETRACTED:
            return None
        return {"date": _instant(verdict.retracted_at), "note": verdict.retraction_note}


class _Claim(serializers.ModelSerializer[Claim]):
    url = serializers.SerializerMethodField()
    speaker = _Speaker(allow_null=True)
    article = _Article(allow_null=True)
    outlet = _Outlet(source="appeared_in", allow_null=True)
    appearance_url = serializers.URLField(source="url")
    topics = _Topic(many=True)
    verdicts = _Verdict(many=True, source="public_verdicts")
    appearances = serializers.SerializerMethodField()
    translations = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "slug",
            "url",
            "text",
            "quote",
            "speaker",
            "article",
            "outlet",
            "appearance_url",
            "archived_url",
            "claimed_on",
            "context",
            "topics",
            "language",
            "verdicts",
            "appearances",
            "translations",
        ]

    def get_appearances(self, claim: Claim) -> list[dict[str, Any]]:
        """The family's public appearances as the API gives them: those of the lead
        verdict's latest revision (ours first), the keys the public index keeps. A query
        per claim, as a serializer over the models naturally does."""
        verdicts = sorted(claim.public_verdicts, key=lambda v: v.publisher_id is not None)  # type: ignore[attr-defined]
        if not verdicts:
            return []
        latest = (
            verdicts[0].revisions.order_by("-number").values_list("document", flat=True).first()
        )
        return [
            {key: entry[key] for key in APPEARANCE_KEYS}
            for entry in (latest or {}).get("appearances") or []
        ]

    def get_translations(self, claim: Claim) -> list[dict[str, Any]]:
        """The published translations of our verdict on it, by language: a query per
        claim, as ``get_appearances``."""
        rows = PublishedTranslation.objects.filter(claim_id=claim.pk).order_by("language")
        return [
            {
                "language": row.language,
                "url": row.url,
                "headline": row.headline,
                "out_of_date": not row.current,
            }
            for row in rows.only("language", "url", "headline", "current")
        ]

    def get_url(self, claim: Claim) -> str:
        return site_url(reverse("api:claim-detail", args=[claim.slug]))


def _bound(aggregate: Any) -> Subquery:
    ratings = Rating.objects.filter(scale=OuterRef("rating__scale")).order_by()
    return Subquery(ratings.values("scale").annotate(bound=aggregate).values("bound")[:1])


def _verdicts() -> QuerySet[Verdict]:
    corrections = VerdictRevision.objects.filter(
        verdict=OuterRef("pk"), kind__in=["correction", "update", "clarification"]
    ).order_by()
    return (
        Verdict.objects.public()
        .select_related("rating__scale", "publisher", "claim", "author")
        .prefetch_related(
            # The editors who approved it (a plain peer's reading: every approval on file).
            Prefetch(
                "reviews",
                queryset=VerdictReview.objects.filter(decision="approved").select_related(
                    "reviewer"
                ),
                to_attr="approvals",
            )
        )
        .annotate(
            correction_count=Coalesce(
                Subquery(corrections.values("verdict").annotate(n=Count("pk")).values("n")[:1]),
                0,
            ),
            last_correction=Subquery(
                corrections.order_by("-published_at").values("published_at")[:1]
            ),
            best=_bound(Max("position")),
            worst=_bound(Min("position")),
        )
        .order_by("publisher_id", "pk")
    )


class _Pages(CursorPagination):
    page_size = 50
    ordering = ("-published_at", "-id")


class DrfModelClaims(generics.ListAPIView[Claim]):
    """Nested ModelSerializers over the models, as the DRF docs write them."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    throttle_classes: list[Any] = []
    serializer_class = _Claim
    pagination_class = _Pages
    filter_backends: list[Any] = []

    def get_queryset(self) -> QuerySet[Claim]:
        return (
            Claim.objects.public()
            .select_related("speaker", "article__outlet", "appeared_in")
            .prefetch_related(
                Prefetch("topics", queryset=Topic.objects.order_by("name")),
                Prefetch("verdicts", queryset=_verdicts(), to_attr="public_verdicts"),
            )
        )
