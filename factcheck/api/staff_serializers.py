"""What staff send to write, and the record they get back: explicit fields, related
records by slug (sources by id), never more than the services accept.

Plain serializers, so that the API imports no models module: related records come from
``claims.selectors.newsroom``; each field checks what the model's column would refuse
(length, choices, a slug already taken), so that bad input is a 400 naming the field.
tests/api/test_serializer_fields.py holds the fields to the models."""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxLengthValidator
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.validators import UniqueValidator

from claims.choices import CorrectionKind, SpeakerKind, VerdictStatus
from claims.selectors import newsroom
from factcheck.api import fields
from factcheck.api.serializers import CLAIM_TEXT_MAX, LANGUAGE, PUBLIC_SLUG, QUOTE_MAX
from factcheck.base.db import not_in_future
from factcheck.base.numbers import is_key
from sources.choices import SourceKind

TEXTAREA = {"base_template": "textarea.html"}


class _Strict(serializers.Serializer[Any]):
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


def _own_slug(rows: Any, record: str, help_text: str = PUBLIC_SLUG) -> serializers.SlugField:
    """A record's own slug: optional (the service makes one), unique among ``rows``."""
    taken = UniqueValidator(queryset=rows, message=f"{record} with this slug already exists.")
    return serializers.SlugField(
        max_length=200, required=False, help_text=help_text, validators=[taken]
    )


def _id() -> serializers.IntegerField:
    # What ModelSerializer made of a BigAutoField; the stubs do not know DRF 3.15's field.
    return serializers.BigIntegerField(label="ID", read_only=True)  # type: ignore[attr-defined]


def _version() -> serializers.IntegerField:
    return serializers.IntegerField(read_only=True)


def _url(help_text: str, label: str = "URL") -> serializers.URLField:
    return fields.web_url(help_text, label=label)


def _text(help_text: str, **kwargs: Any) -> serializers.CharField:
    """A TextField the model lets stay empty."""
    return serializers.CharField(
        allow_blank=True, required=False, style=TEXTAREA, help_text=help_text, **kwargs
    )


def _date(help_text: str) -> serializers.DateField:
    return fields.known_date(help_text, validators=[not_in_future])


def _language() -> serializers.CharField:
    return serializers.CharField(max_length=35, required=False, help_text=LANGUAGE)


# Fields in the order of the services' field lists (CLAIM_FIELDS, SPEAKER_FIELDS, ...),
# as the schema and the answers have always listed them.


class ClaimWriteSerializer(_Strict):
    id = _id()
    version = _version()
    text = serializers.CharField(
        validators=[MaxLengthValidator(CLAIM_TEXT_MAX)],
        style=TEXTAREA,
        help_text="The claim as we check it, in neutral wording: one checkable statement.",
    )
    quote = _text(
        "The speaker's exact words, when there are any.",
        validators=[MaxLengthValidator(QUOTE_MAX)],
    )
    speaker = _slug(newsroom.current_speakers(), allow_null=True, required=False)
    # Any: the serializer's metaclass takes fields off the class, so ``self.context`` is
    # still the serializer's context; the stubs do not know that.
    context: Any = serializers.CharField(
        max_length=500,
        allow_blank=True,
        required=False,
        help_text="The occasion, e.g. “an interview with Fox News”.",
    )
    claimed_on = _date("When the claim was made, if known.")
    article = _slug(newsroom.articles(), allow_null=True, required=False)
    appeared_in = _slug(newsroom.outlets(), allow_null=True, required=False)
    url = _url("Where the claim can be seen or heard.")
    archived_url = _url(
        "A permanent copy of where it appeared (e.g. the Wayback Machine), in case the page changes or disappears.",
        label="Archived copy URL",
    )
    topics = _slug(newsroom.topics(), many=True, required=False)
    language = _language()
    slug = _own_slug(newsroom.claims(), "claim")
    assigned_to = serializers.SlugRelatedField(
        slug_field="username",
        queryset=newsroom.assignable_users(),
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


class SpeakerWriteSerializer(_Strict):
    id = _id()
    version = _version()
    name = serializers.CharField(
        max_length=200,
        help_text=(
            "A person's or organisation's name. For unnamed speakers, a lower-case description "
            "exactly as reported, e.g. “an anonymous Egyptian official”: never invent a name."
        ),
    )
    # Among every speaker, merged ones too: their addresses still redirect.
    slug = _own_slug(newsroom.speakers(), "speaker")
    kind = serializers.ChoiceField(choices=SpeakerKind.choices, required=False)
    title = fields.speaker_title()
    affiliation = fields.speaker_affiliation()
    country = fields.speaker_country()
    description = _text("A neutral sentence or two for readers.")
    same_as = serializers.ListField(
        child=serializers.URLField(max_length=500, label="Same as"),
        required=False,
        help_text="Pages that identify this speaker (Wikipedia, Wikidata, official site), one per line.",
    )


class ArticleWriteSerializer(_Strict):
    id = _id()
    version = _version()
    outlet = _slug(newsroom.outlets(), allow_null=True, required=False)
    title = serializers.CharField(max_length=500)
    slug = _own_slug(newsroom.articles(), "article")
    url = fields.article_url()
    byline = fields.article_byline()
    published_on = fields.article_published_on(validators=[not_in_future])
    language = _language()
    text = _text("The full text, as published.")
    full_text_public = serializers.BooleanField(
        required=False,
        label="Show the full text publicly",
        help_text=(
            "Tick only for our own articles or ones licensed to republish. Otherwise the public "
            "page shows just the paragraphs we checked, with a link to the original."
        ),
    )


class SourceWriteSerializer(_Strict):
    id = _id()
    version = _version()
    title = serializers.CharField(max_length=500, help_text="The document's own title.")
    url = _url("Where to read it.")
    publisher = serializers.CharField(
        max_length=300, allow_blank=True, required=False, help_text="Who issued or published it."
    )
    published_on = _date("Its date, if it has one.")
    archived_url = _url(
        "A permanent copy (e.g. the Wayback Machine), in case the page changes.",
        label="Archived copy URL",
    )
    kind = serializers.ChoiceField(choices=SourceKind.choices, required=False)
    correction_note = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text="Needed when a published verdict of ours cites the source and its title or URL changes.",
    )


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


class SourceLineSerializer(_Strict):
    source = KeyField(queryset=newsroom.sources())  # type: ignore[assignment]
    note = serializers.CharField(required=False, allow_blank=True, default="")


class VerdictWriteSerializer(_Strict):
    # No check that the claim has no verdict from this publisher yet: the service refuses
    # it with the editors' message.
    id = _id()
    version = _version()
    status = serializers.ChoiceField(choices=VerdictStatus.choices, read_only=True)
    claim = _slug(newsroom.claims())
    publisher = _slug(newsroom.outlets(), allow_null=True, required=False)
    external_url = _url("For imported verdicts: the publisher's own page.", label="External URL")
    slug = _own_slug(newsroom.verdicts(), "verdict", "Used in the verdict's public URL.")
    headline = serializers.CharField(
        max_length=300, help_text="The verdict page's title, e.g. “No, …”."
    )
    rating = _slug(
        newsroom.default_scale_ratings(),
        allow_null=True,
        required=False,
        help_text="A rating of the default scale, by slug, e.g. `false`.",
    )
    summary = _text(
        "Two or three plain sentences: what is true, what is not. Required before publishing."
    )
    body = _text("The full fact-check, in Markdown.")
    speaker_contacted_at = serializers.DateTimeField(
        allow_null=True,
        required=False,
        help_text="Right of reply: when we asked the speaker for comment.",
    )
    speaker_response = _text("Right of reply: what the speaker said, or that they did not answer.")
    sources = SourceLineSerializer(
        many=True, required=False, write_only=True, help_text="In the order readers see them."
    )
    correction_note = serializers.CharField(write_only=True, required=False, allow_blank=True)
    correction_kind = serializers.ChoiceField(
        choices=CorrectionKind.choices, write_only=True, required=False
    )
    review_round = serializers.IntegerField(
        read_only=True,
        help_text="Rounds of review so far: each submission and each edit during review starts one.",
    )
    published_at = serializers.DateTimeField(allow_null=True, read_only=True)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        lines = instance.verdict_sources.order_by("position", "pk")
        data["sources"] = [{"source": line.source_id, "note": line.note} for line in lines]
        return data


class WorkflowStepSerializer(_Strict):
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
        choices=CorrectionKind.choices,
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
