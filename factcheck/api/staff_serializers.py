"""What staff send to write, and the record they get back: explicit fields, related
records by slug (sources by id), never more than the services accept."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from claims.models import Claim, Correction, Rating, Speaker, Topic, Verdict
from claims.services.claims import CLAIM_FIELDS
from claims.services.speakers import SPEAKER_FIELDS
from claims.services.verdicts import VERDICT_FIELDS
from factcheck.base.numbers import is_key
from sources import services as source_services
from sources.models import Article, Outlet, Source


class _Strict(serializers.ModelSerializer[Any]):
    """Refuses fields it does not know, rather than silently ignoring a typo."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {name: ["Unknown field: not part of this record."] for name in unknown}
                )
        return super().to_internal_value(data)


def _slug(queryset: Any, **kwargs: Any) -> Any:
    return serializers.SlugRelatedField(slug_field="slug", queryset=queryset, **kwargs)


class ClaimWriteSerializer(_Strict):
    speaker = _slug(Speaker.objects.current(), allow_null=True, required=False)
    article = _slug(Article.objects.all(), allow_null=True, required=False)
    appeared_in = _slug(Outlet.objects.all(), allow_null=True, required=False)
    topics = _slug(Topic.objects.all(), many=True, required=False)
    assigned_to = serializers.SlugRelatedField(
        slug_field="username",
        queryset=get_user_model().objects.filter(is_active=True),
        allow_null=True,
        required=False,
        help_text="The fact-checker researching it, by username.",
    )
    correction_note = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text="Needed when the claim has a published verdict and its wording, quote or speaker changes.",
    )

    class Meta:
        model = Claim
        fields = ["id", "version", *CLAIM_FIELDS, "correction_note"]
        read_only_fields = ["id", "version"]
        extra_kwargs = {"slug": {"required": False}}


class SpeakerWriteSerializer(_Strict):
    class Meta:
        model = Speaker
        fields = ["id", "version", *SPEAKER_FIELDS]
        read_only_fields = ["id", "version"]
        extra_kwargs = {"slug": {"required": False}}


class ArticleWriteSerializer(_Strict):
    outlet = _slug(Outlet.objects.all(), allow_null=True, required=False)

    class Meta:
        model = Article
        fields = ["id", "version", *source_services.ARTICLE_FIELDS]
        read_only_fields = ["id", "version"]
        extra_kwargs = {"slug": {"required": False}}


class SourceWriteSerializer(_Strict):
    correction_note = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text="Needed when a published verdict of ours cites the source and its title or URL changes.",
    )

    class Meta:
        model = Source
        fields = ["id", "version", *source_services.SOURCE_FIELDS, "correction_note"]
        read_only_fields = ["id", "version"]


class KeyField(serializers.PrimaryKeyRelatedField):
    """A record by id: a JSON number or ASCII digits. DRF hands a string to the database
    lookup, where int() reads "٣" as 3."""

    default_error_messages = {
        **serializers.PrimaryKeyRelatedField.default_error_messages,
        "not_a_key": "Give an id: a whole number in the digits 0 to 9.",
    }

    def to_internal_value(self, data: Any) -> Any:
        if not is_key(data):
            self.fail("not_a_key")
        return super().to_internal_value(data)


class SourceLineSerializer(serializers.Serializer[Any]):
    source = KeyField(queryset=Source.objects.all())  # type: ignore[assignment]
    note = serializers.CharField(required=False, allow_blank=True, default="")


class VerdictWriteSerializer(_Strict):
    claim = _slug(Claim.objects.all())
    publisher = _slug(Outlet.objects.all(), allow_null=True, required=False)
    rating = _slug(
        Rating.objects.filter(scale__is_default=True),
        allow_null=True,
        required=False,
        help_text="A rating of the default scale, by slug, e.g. `false`.",
    )
    sources = SourceLineSerializer(
        many=True, required=False, write_only=True, help_text="In the order readers see them."
    )
    correction_note = serializers.CharField(write_only=True, required=False, allow_blank=True)
    correction_kind = serializers.ChoiceField(
        choices=Correction.Kind.choices, write_only=True, required=False
    )

    class Meta:
        model = Verdict
        fields = [
            "id",
            "version",
            "status",
            *VERDICT_FIELDS,
            "sources",
            "correction_note",
            "correction_kind",
            "review_round",
            "published_at",
        ]
        read_only_fields = ["id", "version", "status", "review_round", "published_at"]
        extra_kwargs = {"slug": {"required": False}}
        # One verdict per claim and publisher: the service refuses it with the editors' message.
        validators: list[Any] = []

    def to_representation(self, instance: Verdict) -> dict[str, Any]:
        data = super().to_representation(instance)
        lines = instance.verdict_sources.order_by("position", "pk")
        data["sources"] = [{"source": line.source_id, "note": line.note} for line in lines]
        return data


class WorkflowStepSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="approve, publish, return: an internal comment (required to return).",
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="retract, takedown, correct: the public note (required).",
    )
    kind = serializers.ChoiceField(
        choices=Correction.Kind.choices,
        required=False,
        help_text="correct: correction, update or clarification.",
    )


class ErrorSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField(help_text="What was refused, and what to do.")


class StaffTokenSerializer(AuthTokenSerializer):
    otp_token = serializers.CharField(
        required=False,
        max_length=16,
        help_text="The one-time code from your authenticator app, if you set one up "
        "(required of everyone when the newsroom requires two-factor sign-in).",
    )
