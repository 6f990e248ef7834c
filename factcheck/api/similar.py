"""Has this been checked? The matcher through the API: for staff, every claim on file
(``GET /api/v1/staff/claims/similar/``); for everyone, our public verdicts
(``GET /api/v1/checked/``). Both answer best first, "likely the same claim" then
"related", and an empty list when nothing is close enough (not found)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from claims.selectors import public as queries
from claims.selectors.newsroom_similar import StaffCandidate, similar_claims_for_staff
from claims.selectors.similar import QUERY_MAX, QUERY_MIN, Similar, query_text
from factcheck.api.parameters import FORMAT, KnownParameters
from factcheck.api.staff import ERRORS, IsStaff
from factcheck.api.views import LIST_ERRORS, PublicEndpoint
from factcheck.base.http import site_url
from factcheck.base.numbers import BadInteger, parse_int

STAFF_LIMIT = (1, 50, 8)  # minimum, maximum, default
PUBLIC_LIMIT = (1, 20, 5)
LABELS = ["likely the same claim", "related"]
FLAGS = ["different figure", "opposite wording"]


def _text(request: Request) -> str:
    raw = request.query_params.get("text", "")
    if not raw.strip():
        raise ValidationError({"text": ["Give the claim's words: ?text=…"]})
    if len(raw) > QUERY_MAX:
        raise ValidationError(
            {"text": [f"At most {QUERY_MAX} characters: one claim, not an article."]}
        )
    query = query_text(raw)
    if not query:
        raise ValidationError({"text": [f"At least {QUERY_MIN} characters: a claim to match."]})
    return query


def _limit(request: Request, bounds: tuple[int, int, int]) -> int:
    low, high, default = bounds
    raw = request.query_params.get("limit", "")
    if raw == "":
        return default
    try:
        return parse_int(raw, name="limit", minimum=low, maximum=high)
    except BadInteger as bad:
        raise ValidationError({"limit": [bad.message]}) from None


def _exclude(request: Request) -> int | None:
    raw = request.query_params.get("exclude", "")
    if raw == "":
        return None
    try:
        return parse_int(raw, name="exclude", minimum=1)
    except BadInteger as bad:
        raise ValidationError({"exclude": [bad.message]}) from None


def _all_of(**readers: Any) -> dict[str, Any]:
    """Every parameter read, and every bad one named in one 400 (as DRF's serializers
    answer), so a caller fixes them all at once."""
    values: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for name, read in readers.items():
        try:
            values[name] = read()
        except ValidationError as bad:
            errors.update(bad.detail)  # type: ignore[arg-type]
    if errors:
        raise ValidationError(errors)
    return values


TEXT = OpenApiParameter(
    "text",
    str,
    required=True,
    description=f"The claim, in any language the model reads ({QUERY_MIN} to {QUERY_MAX} characters).",
)
MATCHED_BY = serializers.ChoiceField(
    choices=["meaning", "words"],
    help_text="`meaning`: claim vectors (rewordings and translations are found); `words`: "
    "shared words only, where vectors are off.",
)


class _Candidate(serializers.Serializer[Any]):
    slug = serializers.SlugField(help_text="The claim's slug.")
    text = serializers.CharField(help_text="The claim's words.")
    score = serializers.FloatField(
        help_text="Cosine of the two texts' vectors (with `words`: trigram or rank score)."
    )
    label = serializers.ChoiceField(choices=LABELS)  # type: ignore[assignment]  # a field named "label"
    flags = serializers.ListField(
        child=serializers.ChoiceField(choices=FLAGS),
        help_text="What keeps the two apart whatever the score: a flagged candidate is "
        "never labelled the same claim.",
    )


class StaffVerdictBrief(serializers.Serializer[Any]):
    status = serializers.CharField()
    status_label = serializers.CharField()
    rating = serializers.CharField()
    publisher = serializers.CharField()
    ours = serializers.BooleanField()
    date = serializers.DateField(allow_null=True)
    headline = serializers.CharField()


class StaffCandidateSerializer(_Candidate):
    id = serializers.IntegerField(source="claim_id")
    matched = serializers.CharField(help_text="The wording that matched.")
    matched_kind = serializers.ChoiceField(choices=["text", "quote", "reviewed"])
    speaker = serializers.CharField()
    verdicts = StaffVerdictBrief(many=True, help_text="Drafts and archive references included.")


class StaffSimilarSerializer(serializers.Serializer[Any]):
    matched_by = MATCHED_BY
    note = serializers.CharField(help_text="Why words, when they are used; else empty.")
    results = StaffCandidateSerializer(many=True)


class PublicVerdictBrief(serializers.Serializer[Any]):
    publisher = serializers.CharField()
    ours = serializers.BooleanField()
    rating = serializers.CharField(help_text="The rating's label.")
    rating_slug = serializers.CharField()
    headline = serializers.CharField()
    url = serializers.URLField(help_text="The verdict's page (ours here, theirs at their site).")
    date = serializers.DateField(allow_null=True)
    status = serializers.ChoiceField(choices=["published", "retracted"])


class PublicCandidateSerializer(_Candidate):
    url = serializers.URLField(help_text="The claim's page here.")
    api_url = serializers.URLField(help_text="The claim in this API.")
    speaker = serializers.CharField()
    verdicts = PublicVerdictBrief(many=True)


class PublicSimilarSerializer(serializers.Serializer[Any]):
    matched_by = MATCHED_BY
    results = PublicCandidateSerializer(many=True)


def _staff_json(found: Similar[StaffCandidate]) -> dict[str, Any]:
    return {
        "matched_by": found.by,
        "note": found.reason,
        "results": StaffCandidateSerializer(found.candidates, many=True).data,
    }


class StaffSimilarClaims(KnownParameters, GenericAPIView[Any]):
    """Claims on file like a text, as the admin's "Already checked?" shows them."""

    permission_classes = [IsStaff]
    query_parameters = FORMAT | {"text", "limit", "exclude"}
    serializer_class = StaffSimilarSerializer

    @extend_schema(
        operation_id="staff_claims_similar",
        summary="Claims on file like a text (drafts and archive references included)",
        parameters=[
            TEXT,
            OpenApiParameter("limit", int, description="1 to 50 (default 8)."),
            OpenApiParameter("exclude", int, description="A claim's id to leave out (its own)."),
        ],
        responses={200: StaffSimilarSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        found = similar_claims_for_staff(
            **_all_of(
                text=lambda: _text(request),
                exclude_pk=lambda: _exclude(request),
                limit=lambda: _limit(request, STAFF_LIMIT),
            )
        )
        return Response(_staff_json(found))


def _public_json(found: Similar[queries.PublicCandidate]) -> dict[str, Any]:
    results = []
    for candidate in found.candidates:
        item = asdict(candidate)
        item["url"] = site_url(reverse("web:claim", args=[candidate.slug]))
        item["api_url"] = site_url(reverse("api:claim-detail", args=[candidate.slug]))
        results.append(item)
    return {
        "matched_by": found.by,
        "results": PublicCandidateSerializer(results, many=True).data,
    }


class CheckedClaims(PublicEndpoint):
    """Our closest public verdicts for a claim in any language."""

    query_parameters = FORMAT | {"text", "limit"}
    serializer_class = PublicSimilarSerializer

    @extend_schema(
        operation_id="checked",
        summary="Has this been checked? Public claims like a text, with their verdicts",
        description="Public claims saying what `text` says, reworded or in another "
        "language, best first: `likely the same claim`, then `related`. An empty "
        "`results` means not found. A changed figure or an opposite wording is flagged "
        "and never labelled the same claim.",
        parameters=[TEXT, OpenApiParameter("limit", int, description="1 to 20 (default 5).")],
        responses={200: PublicSimilarSerializer, **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        found = queries.similar_public_verdicts(
            **_all_of(text=lambda: _text(request), limit=lambda: _limit(request, PUBLIC_LIMIT))
        )
        return Response(_public_json(found))
