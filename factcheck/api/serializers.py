"""What the API sends, field by field, as the OpenAPI schema documents it.

Claims and verdicts are served as the public index stores them (factcheck/api/documents.py,
written by the revision services): ``ClaimSerializer`` and ``VerdictWithClaimSerializer``
are their definition in the schema, and tests/api/test_claim_documents.py holds every
served document to it, key for key and type for type. The other serializers build their
responses too (speakers, outlets, topics, articles, ratings)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import Claim, Rating, RatingScale, Speaker, Topic, Verdict
from factcheck.claimreview import page_url
from sources.models import Article, Outlet


class SpeakerBriefSerializer(serializers.ModelSerializer[Speaker]):
    class Meta:
        model = Speaker
        fields = ["slug", "name", "kind", "title"]


class OutletBriefSerializer(serializers.ModelSerializer[Outlet]):
    class Meta:
        model = Outlet
        fields = ["slug", "name", "domain"]


class ArticleBriefSerializer(serializers.ModelSerializer[Article]):
    outlet = OutletBriefSerializer(allow_null=True)

    class Meta:
        model = Article
        fields = ["slug", "title", "url", "published_on", "outlet"]


class TopicBriefSerializer(serializers.ModelSerializer[Topic]):
    class Meta:
        model = Topic
        fields = ["slug", "name"]


class RatingSerializer(serializers.ModelSerializer[Rating]):
    scale: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
    best = serializers.IntegerField(
        allow_null=True, help_text="The scale's most accurate position (ClaimReview bestRating)."
    )
    worst = serializers.IntegerField(
        allow_null=True, help_text="The scale's least accurate position (worstRating)."
    )

    class Meta:
        model = Rating
        fields = ["slug", "label", "position", "best", "worst", "scale"]


class PublisherSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    url = serializers.URLField(allow_blank=True)
    ours = serializers.BooleanField(help_text="True for our own verdicts.")


class RetractionSerializer(serializers.Serializer[Any]):
    date = serializers.DateTimeField()
    note = serializers.CharField()


class VerdictSerializer(serializers.ModelSerializer[Verdict]):
    """A public verdict on a claim: ours, or another fact-checker's, credited to them."""

    publisher = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField(
        help_text="The verdict's public page: ours, or the other publisher's own page."
    )
    first_published = serializers.DateTimeField(source="published_at")
    last_updated = serializers.SerializerMethodField()
    corrections = serializers.IntegerField(source="correction_count")
    retraction = serializers.SerializerMethodField()

    class Meta:
        model = Verdict
        fields = [
            "slug",
            "status",
            "publisher",
            "rating",
            "headline",
            "summary",
            "page_url",
            "first_published",
            "last_updated",
            "corrections",
            "retraction",
        ]

    @extend_schema_field(PublisherSerializer)
    def get_publisher(self, verdict: Verdict) -> dict[str, Any]:
        if verdict.publisher is None:
            name, url = settings.FACTCHECK_PUBLISHER_NAME, settings.FACTCHECK_PUBLISHER_URL
            return {"name": name, "url": url, "ours": True}
        return {"name": verdict.publisher.name, "url": verdict.publisher.url, "ours": False}

    @extend_schema_field(RatingSerializer)
    def get_rating(self, verdict: Verdict) -> dict[str, Any]:
        rating: Any = verdict.rating
        rating.best, rating.worst = verdict.best, verdict.worst  # type: ignore[attr-defined]
        return RatingSerializer(rating).data

    def get_page_url(self, verdict: Verdict) -> str:
        return page_url(verdict) if verdict.is_ours else verdict.external_url

    @extend_schema_field(serializers.DateTimeField())
    def get_last_updated(self, verdict: Any) -> Any:
        latest = verdict.last_correction
        moment = max(verdict.published_at, latest) if latest else verdict.published_at
        return _instant(moment)

    @extend_schema_field(RetractionSerializer(allow_null=True))
    def get_retraction(self, verdict: Verdict) -> dict[str, Any] | None:
        if verdict.status != Verdict.Status.RETRACTED:
            return None
        return {"date": _instant(verdict.retracted_at), "note": verdict.retraction_note}


def _instant(moment: Any) -> Any:
    """As every DateTimeField writes it (in TIME_ZONE), not as the JSON encoder would."""
    return serializers.DateTimeField().to_representation(moment)


class ClaimSerializer(serializers.ModelSerializer[Claim]):
    url = serializers.SerializerMethodField(help_text="This claim in the API.")
    speaker = SpeakerBriefSerializer(allow_null=True)
    article = ArticleBriefSerializer(allow_null=True)
    outlet = OutletBriefSerializer(source="appeared_in", allow_null=True)
    appearance_url = serializers.URLField(source="url")
    topics = TopicBriefSerializer(many=True)
    verdicts = VerdictSerializer(many=True, source="public_verdicts")

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
        ]

    def get_url(self, claim: Claim) -> str:
        request = self.context["request"]
        return request.build_absolute_uri(reverse("api:claim-detail", args=[claim.slug]))


class ClaimBriefSerializer(serializers.ModelSerializer[Claim]):
    speaker = SpeakerBriefSerializer(allow_null=True)

    class Meta:
        model = Claim
        fields = ["slug", "text", "speaker", "claimed_on", "language"]


class VerdictWithClaimSerializer(VerdictSerializer):
    claim = ClaimBriefSerializer()

    class Meta(VerdictSerializer.Meta):
        fields = [*VerdictSerializer.Meta.fields, "claim"]


class TakedownNoticeSerializer(serializers.Serializer[Any]):
    """All that stays public of a verdict taken down (a court order, a safety risk)."""

    # Built from the takedown revision's notice (claims.selectors.public.takedown_notice).

    slug = serializers.SlugField()
    status = serializers.ChoiceField(choices=[Verdict.Status.WITHDRAWN.value])
    notice = serializers.CharField(source="note", help_text="Why it was removed.")
    taken_down = serializers.DateTimeField(source="at")


class RatingCountSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    position = serializers.IntegerField(allow_null=True)
    count = serializers.IntegerField()


class PublisherCountSerializer(serializers.Serializer[Any]):
    publisher = serializers.CharField()
    slug = serializers.CharField()
    count = serializers.IntegerField()


class RecordSerializer(serializers.Serializer[Any]):
    verdicts = serializers.IntegerField(
        help_text="Our published verdicts (retracted ones left out)."
    )
    by_rating = RatingCountSerializer(many=True)
    first = serializers.DateTimeField(allow_null=True)
    last = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()
    other_publishers = PublisherCountSerializer(
        many=True, help_text="Reviews by other fact-checkers, counted apart, per publisher."
    )


class SpeakerSerializer(serializers.ModelSerializer[Speaker]):
    record = RecordSerializer(help_text="This speaker's record on our published verdicts.")

    class Meta:
        model = Speaker
        fields = [
            "slug",
            "name",
            "kind",
            "title",
            "affiliation",
            "country",
            "description",
            "same_as",
            "record",
        ]


class OutletSerializer(serializers.ModelSerializer[Outlet]):
    class Meta:
        model = Outlet
        fields = ["slug", "name", "domain", "kind", "country", "url", "description"]


class ArticleSerializer(serializers.ModelSerializer[Article]):
    outlet = OutletBriefSerializer(allow_null=True)
    claims = ClaimBriefSerializer(many=True, source="public_claims")

    class Meta:
        model = Article
        fields = ["slug", "title", "url", "byline", "published_on", "language", "outlet", "claims"]


class TopicSerializer(serializers.ModelSerializer[Topic]):
    class Meta:
        model = Topic
        fields = ["slug", "name", "description"]


class ScaleRatingSerializer(serializers.ModelSerializer[Rating]):
    class Meta:
        model = Rating
        fields = ["slug", "label", "position", "definition", "colour"]


class RatingScaleSerializer(serializers.ModelSerializer[RatingScale]):
    ratings = ScaleRatingSerializer(many=True)

    class Meta:
        model = RatingScale
        fields = ["slug", "name", "description", "is_default", "ratings"]
