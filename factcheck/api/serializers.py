"""What the API sends, field by field, as the OpenAPI schema documents it.

Claims and verdicts are served as the public index stores them
(claims/selectors/documents.py, written by the revision services): ``ClaimSerializer`` and
``VerdictWithClaimSerializer`` are their definition in the schema, and
tests/api/test_claim_documents.py holds every served document to it, key for key and type
for type. The other serializers build their responses too (speakers, outlets, topics,
articles, ratings).

Plain serializers, not ModelSerializers, so that the API imports no models module: each
field says what the model's column holds (type, length, nullability, help text), and
tests/api/test_serializer_fields.py holds them to the models."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.choices import SpeakerKind, VerdictStatus
from factcheck.api import fields
from factcheck.base.db import URL_MAX_LENGTH
from factcheck.base.http import site_url
from factcheck.claimreview import page_url
from sources.choices import OutletKind

PUBLIC_SLUG = "Used in public URLs."
LANGUAGE = "Language tag, e.g. “en”, “ar”."
# The caps of Claim.text and Claim.quote (TextFields), which the model sets by a Django
# validator: the same validator here, so that its message is the same too.
CLAIM_TEXT_MAX = 2000
QUOTE_MAX = 10000


class SpeakerBriefSerializer(serializers.Serializer[Any]):
    slug = serializers.SlugField(max_length=200, help_text=PUBLIC_SLUG)
    name = serializers.CharField(
        max_length=200,
        help_text=(
            "A person's or organisation's name. For unnamed speakers, a lower-case description "
            "exactly as reported, e.g. “an anonymous Egyptian official”: never invent a name."
        ),
    )
    kind = serializers.ChoiceField(choices=SpeakerKind.choices, required=False)
    title = fields.speaker_title()


class OutletBriefSerializer(serializers.Serializer[Any]):
    slug = serializers.SlugField(max_length=200, help_text=PUBLIC_SLUG)
    name = serializers.CharField(
        max_length=200, help_text="The publisher's name as readers know it."
    )
    domain = serializers.CharField(
        max_length=253,
        help_text="The web domain without scheme or www, e.g. “foxnews.com”. Used to match URLs to outlets.",
    )


class ArticleBriefSerializer(serializers.Serializer[Any]):
    slug = serializers.SlugField(max_length=200, help_text=PUBLIC_SLUG)
    title = serializers.CharField(max_length=500)
    url = fields.article_url()
    published_on = fields.article_published_on()
    outlet = OutletBriefSerializer(allow_null=True)


class TopicBriefSerializer(serializers.Serializer[Any]):
    slug = serializers.SlugField(max_length=100, help_text=PUBLIC_SLUG)
    name = serializers.CharField(max_length=100, help_text="e.g. “Foreign policy”.")


RATING_POSITION = (
    "Place on the scale, 1 = least accurate. Published as ClaimReview ratingValue. "
    "Leave empty for labels that are not a degree of truth (e.g. “Unproven”)."
)


def _rating_position() -> serializers.IntegerField:
    # A PositiveSmallIntegerField's range, as the schema has always said it.
    return serializers.IntegerField(
        allow_null=True,
        required=False,
        min_value=0,
        max_value=32767,
        help_text=RATING_POSITION,
    )


class RatingSerializer(serializers.Serializer[Any]):
    slug = serializers.SlugField(max_length=100)
    label = serializers.CharField(  # type: ignore[assignment]  # a field named "label"
        max_length=100, help_text="As readers see it, e.g. “Mostly False”."
    )
    position = _rating_position()
    best = serializers.IntegerField(
        allow_null=True, help_text="The scale's most accurate position (ClaimReview bestRating)."
    )
    worst = serializers.IntegerField(
        allow_null=True, help_text="The scale's least accurate position (worstRating)."
    )
    scale = serializers.CharField(source="scale.slug", read_only=True)


class PublisherSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    url = serializers.URLField(allow_blank=True)
    ours = serializers.BooleanField(help_text="True for our own verdicts.")


class RetractionSerializer(serializers.Serializer[Any]):
    date = serializers.DateTimeField()
    note = serializers.CharField()


class VerdictSerializer(serializers.Serializer[Any]):
    """A public verdict on a claim: ours, or another fact-checker's, credited to them."""

    slug = serializers.SlugField(max_length=200, help_text="Used in the verdict's public URL.")
    status = serializers.ChoiceField(choices=VerdictStatus.choices, read_only=True)
    publisher = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()
    headline = serializers.CharField(
        max_length=300, help_text="The verdict page's title, e.g. “No, …”."
    )
    summary = serializers.CharField(
        allow_blank=True,
        required=False,
        help_text="Two or three plain sentences: what is true, what is not. Required before publishing.",
    )
    author = serializers.CharField(
        allow_blank=True,
        help_text="Who wrote our verdict, by the name they publish under, as published; "
        "empty for other publishers' reviews.",
    )
    reviewers = serializers.ListField(
        child=serializers.CharField(),
        help_text="The editors who approved the published text, by their public names.",
    )
    page_url = serializers.SerializerMethodField(
        help_text="The verdict's public page: ours, or the other publisher's own page."
    )
    first_published = serializers.DateTimeField(
        source="published_at",
        help_text="The date it is listed and filtered by: its publication, or for another "
        "publisher's review that gave no date, the day we first saw it (`date_first_seen`).",
    )
    review_date = serializers.DateTimeField(
        allow_null=True,
        help_text="When the review was published; null when its publisher gave no date.",
    )
    date_first_seen = serializers.DateTimeField(
        allow_null=True,
        help_text="For another publisher's review that gave no date: when we first saw it "
        "(imported it). Null when the review's own date is known.",
    )
    # Not the verdict's column: ours are in their claim's language (stored documents).
    language = serializers.CharField(
        source="review_language",
        max_length=35,
        help_text="The review's own BCP 47 language tag (another publisher's as imported, "
        "or detected: `und` when it could not be told; ours in its claim's language).",
    )
    last_updated = serializers.SerializerMethodField()
    corrections = serializers.IntegerField(source="correction_count")
    retraction = serializers.SerializerMethodField()

    @extend_schema_field(PublisherSerializer)
    def get_publisher(self, verdict: Any) -> dict[str, Any]:
        if verdict.publisher is None:
            name, url = settings.FACTCHECK_PUBLISHER_NAME, settings.FACTCHECK_PUBLISHER_URL
            return {"name": name, "url": url, "ours": True}
        return {"name": verdict.publisher.name, "url": verdict.publisher.url, "ours": False}

    @extend_schema_field(RatingSerializer)
    def get_rating(self, verdict: Any) -> dict[str, Any]:
        rating: Any = verdict.rating
        rating.best, rating.worst = verdict.best, verdict.worst
        return RatingSerializer(rating).data

    def get_page_url(self, verdict: Any) -> str:
        return page_url(verdict) if verdict.is_ours else verdict.external_url

    @extend_schema_field(serializers.DateTimeField())
    def get_last_updated(self, verdict: Any) -> Any:
        latest = verdict.last_correction
        moment = max(verdict.published_at, latest) if latest else verdict.published_at
        return _instant(moment)

    @extend_schema_field(RetractionSerializer(allow_null=True))
    def get_retraction(self, verdict: Any) -> dict[str, Any] | None:
        if verdict.status != VerdictStatus.RETRACTED:
            return None
        return {"date": _instant(verdict.retracted_at), "note": verdict.retraction_note}


def _instant(moment: Any) -> Any:
    """As every DateTimeField writes it (in TIME_ZONE), not as the JSON encoder would."""
    return serializers.DateTimeField().to_representation(moment)


def _claim_text() -> serializers.CharField:
    return serializers.CharField(
        validators=[MaxLengthValidator(CLAIM_TEXT_MAX)],
        help_text="The claim as we check it, in neutral wording: one checkable statement.",
    )


def _claimed_on() -> serializers.DateField:
    return serializers.DateField(
        allow_null=True, required=False, help_text="When the claim was made, if known."
    )


def _language() -> serializers.CharField:
    return serializers.CharField(max_length=35, required=False, help_text=LANGUAGE)


class AppearanceSerializer(serializers.Serializer[Any]):
    """Where else a claim was said, as our verdict's latest revision published it (claim
    families): the same claim said again, or reported again, by someone, somewhere."""

    text = serializers.CharField(
        allow_blank=True,
        help_text="The claim in the words of this appearance, when it was said differently; "
        "empty when it is the claim itself.",
    )
    quote = serializers.CharField(allow_blank=True, help_text="Their exact words, when known.")
    speaker = SpeakerBriefSerializer(allow_null=True, help_text="Who said it, when known.")
    outlet = OutletBriefSerializer(allow_null=True, help_text="Where it was said or reported.")
    article = ArticleBriefSerializer(allow_null=True, help_text="The article it appeared in.")
    date = serializers.DateField(allow_null=True, help_text="When it was said, if known.")
    url = serializers.CharField(allow_blank=True, help_text="Where it can be seen or heard.")
    repeat = serializers.BooleanField(
        help_text="True when another claim, confirmed by an editor to be the same claim, "
        "was said (a repeat); false for another appearance of this claim itself."
    )


class TranslationSerializer(serializers.Serializer[Any]):
    """A published translation of one of our verdicts (reviewed and published like any):
    the verdict in another language, on its claim's page in that language."""

    language = serializers.CharField(max_length=35, help_text="The translation's language tag.")
    url = serializers.URLField(help_text="Its page: the claim's page in its language.")
    headline = serializers.CharField(help_text="Its headline, as published.")
    out_of_date = serializers.BooleanField(
        help_text="The original was corrected or updated after the revision it translates: "
        "its page says so, and it is searched and carried in the ClaimReview feed again "
        "once its own revision catches up."
    )


TRANSLATIONS = (
    "Published translations of our verdict, by language (empty for other publishers' "
    "reviews and untranslated verdicts); none while it is retracted."
)


class ClaimSerializer(serializers.Serializer[Any]):
    slug = serializers.SlugField(max_length=200, help_text=PUBLIC_SLUG)
    url = serializers.SerializerMethodField(help_text="This claim in the API.")
    text = _claim_text()
    quote = serializers.CharField(
        allow_blank=True,
        required=False,
        validators=[MaxLengthValidator(QUOTE_MAX)],
        help_text="The speaker's exact words, when there are any.",
    )
    speaker = SpeakerBriefSerializer(allow_null=True)
    article = ArticleBriefSerializer(allow_null=True)
    outlet = OutletBriefSerializer(source="appeared_in", allow_null=True)
    appearance_url = serializers.URLField(source="url")
    archived_url = serializers.URLField(
        max_length=URL_MAX_LENGTH,
        allow_blank=True,
        required=False,
        label="Archived copy URL",
        help_text="A permanent copy of where it appeared (e.g. the Wayback Machine), in case the page changes or disappears.",
    )
    claimed_on = _claimed_on()
    # Any: the serializer's metaclass takes fields off the class, so ``self.context`` is
    # still the serializer's context; the stubs do not know that.
    context: Any = serializers.CharField(
        max_length=500,
        allow_blank=True,
        required=False,
        help_text="The occasion, e.g. “an interview with Fox News”.",
    )
    topics = TopicBriefSerializer(many=True)
    language = _language()
    appearances = AppearanceSerializer(
        many=True, help_text="Where else it was said, oldest first (claim families)."
    )
    verdicts = VerdictSerializer(many=True, source="public_verdicts")
    translations = TranslationSerializer(many=True, help_text=TRANSLATIONS)

    def get_url(self, claim: Any) -> str:
        return site_url(reverse("api:claim-detail", args=[claim.slug]))


class ClaimBriefSerializer(serializers.Serializer[Any]):
    slug = serializers.SlugField(max_length=200, help_text=PUBLIC_SLUG)
    text = _claim_text()
    speaker = SpeakerBriefSerializer(allow_null=True)
    claimed_on = _claimed_on()
    language = _language()


class VerdictWithClaimSerializer(VerdictSerializer):
    claim = ClaimBriefSerializer()
    translations = TranslationSerializer(many=True, help_text=TRANSLATIONS)


class TakedownNoticeSerializer(serializers.Serializer[Any]):
    """All that stays public of a verdict taken down (a court order, a safety risk)."""

    # Built from the takedown revision's notice (claims.selectors.public.takedown_notice).

    slug = serializers.SlugField()
    status = serializers.ChoiceField(choices=[VerdictStatus.WITHDRAWN.value])
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


class SpeakerSerializer(SpeakerBriefSerializer):
    affiliation = fields.speaker_affiliation()
    country = fields.speaker_country()
    description = serializers.CharField(
        allow_blank=True, required=False, help_text="A neutral sentence or two for readers."
    )
    same_as = serializers.ListField(
        child=serializers.URLField(max_length=500, label="Same as"),
        required=False,
        help_text="Pages that identify this speaker (Wikipedia, Wikidata, official site), one per line.",
    )
    record = RecordSerializer(help_text="This speaker's record on our published verdicts.")


class OutletSerializer(OutletBriefSerializer):
    kind = serializers.ChoiceField(choices=OutletKind.choices, required=False)
    country = serializers.CharField(
        max_length=2,
        allow_blank=True,
        required=False,
        help_text="ISO 3166-1 alpha-2 code of the home country, e.g. “AE”.",
    )
    # Django's URLField's default length: an outlet's home page is a short address.
    url = serializers.URLField(
        max_length=200, allow_blank=True, required=False, label="URL", help_text="Home page."
    )
    description = serializers.CharField(
        allow_blank=True,
        required=False,
        help_text="One or two sentences for readers: who runs it.",
    )


class ArticleSerializer(serializers.Serializer[Any]):
    slug = serializers.SlugField(max_length=200, help_text=PUBLIC_SLUG)
    title = serializers.CharField(max_length=500)
    url = fields.article_url()
    byline = fields.article_byline()
    published_on = fields.article_published_on()
    language = _language()
    outlet = OutletBriefSerializer(allow_null=True)
    claims = ClaimBriefSerializer(many=True, source="public_claims")


class TopicSerializer(TopicBriefSerializer):
    description = serializers.CharField(
        allow_blank=True, required=False, help_text="A sentence for readers of the topic page."
    )


class ScaleRatingSerializer(serializers.Serializer[Any]):
    slug = serializers.SlugField(max_length=100)
    label = serializers.CharField(  # type: ignore[assignment]  # a field named "label"
        max_length=100, help_text="As readers see it, e.g. “Mostly False”."
    )
    position = _rating_position()
    definition = serializers.CharField(help_text="What this rating means, shown to readers.")
    colour = serializers.CharField(
        max_length=7, help_text="Hex colour for badges, e.g. “#1a7f37”."
    )


class RatingScaleSerializer(serializers.Serializer[Any]):
    slug = serializers.SlugField(max_length=100)
    name = serializers.CharField(max_length=100, help_text="e.g. “Truth-O-Meter”.")
    description = serializers.CharField(
        allow_blank=True, required=False, help_text="Shown on the public methodology page."
    )
    is_default = serializers.BooleanField(
        required=False,
        help_text="Our own verdicts use the default scale. Only one scale can be the default.",
    )
    ratings = ScaleRatingSerializer(many=True)
