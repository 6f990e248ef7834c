"""The API's serializers name no model (the import contract in pyproject.toml), so nothing
builds their fields from the models any more: each field is held here to what DRF's
ModelSerializer builds from the model's column (type, length, choices, nullability,
whether it is required, help text, label, and for staff writes every validator: a slug
already taken, a date in the future, a text too long), so that a changed column fails
here rather than as a 500 or a schema that no longer says what the API accepts."""

from __future__ import annotations

from types import FunctionType
from typing import Any

import pytest
from django.db import models
from django.urls import reverse
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.validators import UniqueValidator

from claims.models import Claim, Rating, RatingScale, Speaker, Topic, Verdict
from claims.services.claims import CLAIM_FIELDS
from claims.services.speakers import SPEAKER_FIELDS
from claims.services.verdicts import VERDICT_FIELDS
from factcheck.api import serializers as public
from factcheck.api import staff_serializers as staff
from sources.models import Article, Outlet, Source
from sources.services import ARTICLE_FIELDS, SOURCE_FIELDS
from tests import factories

READS = [
    (public.SpeakerBriefSerializer, Speaker),
    (public.SpeakerSerializer, Speaker),
    (public.OutletBriefSerializer, Outlet),
    (public.OutletSerializer, Outlet),
    (public.ArticleBriefSerializer, Article),
    (public.ArticleSerializer, Article),
    (public.TopicBriefSerializer, Topic),
    (public.TopicSerializer, Topic),
    (public.RatingSerializer, Rating),
    (public.ScaleRatingSerializer, Rating),
    (public.RatingScaleSerializer, RatingScale),
    (public.VerdictSerializer, Verdict),
    (public.VerdictWithClaimSerializer, Verdict),
    (public.ClaimSerializer, Claim),
    (public.ClaimBriefSerializer, Claim),
]
WRITES = [
    (staff.ClaimWriteSerializer, Claim),
    (staff.SpeakerWriteSerializer, Speaker),
    (staff.ArticleWriteSerializer, Article),
    (staff.SourceWriteSerializer, Source),
    (staff.VerdictWriteSerializer, Verdict),
]


def _validator(validator: Any) -> tuple[Any, ...]:
    queryset = getattr(validator, "queryset", None)
    if queryset is not None:  # ModelSerializer's is a Manager, ours a selector's QuerySet
        queryset = (queryset.model, str(queryset.all().query))
    return (
        type(validator),
        getattr(validator, "limit_value", None),
        str(getattr(validator, "message", "")),
        getattr(getattr(validator, "regex", None), "pattern", None),
        queryset,
    )


def _described(field: Any, *, writing: bool) -> dict[str, Any]:
    """What a field says of its column: everything the schema and validation read."""
    validators = field.validators
    if not writing:  # checks of input alone (a slug taken, a date to come): never run on answers
        validators = [v for v in validators if not isinstance(v, UniqueValidator | FunctionType)]
    described = {
        "type": type(field),
        "validators": [_validator(v) for v in validators],
        "child": _described(field.child, writing=writing) if hasattr(field, "child") else None,
    }
    for name in ("required", "read_only", "allow_null", "allow_blank", "help_text", "label"):
        described[name] = getattr(field, name, None)
    for name in ("max_length", "min_length", "max_value", "min_value", "choices"):
        described[name] = getattr(field, name, None)
    return described


def _columns(serializer: Any, model: type[models.Model]) -> list[str]:
    """The serializer's fields that are the model's own plain columns, by the same name."""
    names = {f.name for f in model._meta.get_fields() if f.concrete and not f.is_relation}
    return [
        name
        for name, field in serializer.fields.items()
        if name in names
        and field.source == name
        and not isinstance(field, (serializers.SerializerMethodField, serializers.RelatedField))
    ]


def _from_the_model(model: type[models.Model], names: list[str], *, writing: bool) -> Any:
    meta: dict[str, Any] = {"model": model, "fields": names}
    if writing:
        # As the staff ModelSerializers had it: the service makes a slug when none is sent.
        meta["extra_kwargs"] = {"slug": {"required": False}}
    return type("FromTheModel", (serializers.ModelSerializer,), {"Meta": type("Meta", (), meta)})()


@pytest.mark.parametrize(
    ("serializer_class", "model", "writing"),
    [(s, m, False) for s, m in READS] + [(s, m, True) for s, m in WRITES],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_each_field_says_what_its_column_holds(serializer_class, model, writing):
    ours = serializer_class()
    names = _columns(ours, model)
    assert names, "nothing compared"
    expected = _from_the_model(model, names, writing=writing).fields
    for name in names:
        assert _described(ours.fields[name], writing=writing) == _described(
            expected[name], writing=writing
        ), name


@pytest.mark.parametrize(
    ("serializer_class", "fields", "extra"),
    [
        (staff.ClaimWriteSerializer, CLAIM_FIELDS, ["correction_note"]),
        (staff.SpeakerWriteSerializer, SPEAKER_FIELDS, []),
        (staff.ArticleWriteSerializer, ARTICLE_FIELDS, []),
        (staff.SourceWriteSerializer, SOURCE_FIELDS, ["correction_note"]),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_staff_records_list_what_their_services_accept(serializer_class, fields, extra):
    assert list(serializer_class().fields) == ["id", "version", *fields, *extra]


def test_a_verdict_lists_what_its_service_accepts_then_its_workflow():
    assert list(staff.VerdictWriteSerializer().fields) == [
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


def _client(user: Any) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "body", "field"),
    [
        ("api:staff-claims", {"text": "x" * 2001}, "text"),
        ("api:staff-claims", {"text": "A claim.", "quote": "x" * 10001}, "quote"),
        ("api:staff-claims", {"text": "A claim.", "slug": "taken-claim"}, "slug"),
        ("api:staff-claims", {"text": "A claim.", "claimed_on": "2999-01-01"}, "claimed_on"),
        ("api:staff-claims", {"text": "A claim.", "language": "e" * 36}, "language"),
        ("api:staff-speakers", {"name": "Jane", "kind": "alien"}, "kind"),
        ("api:staff-speakers", {"name": "Jane", "country": "EGY"}, "country"),
        ("api:staff-speakers", {"name": "Jane", "same_as": ["not a url"]}, "same_as"),
        ("api:staff-speakers", {"name": "Jane", "slug": "taken-speaker"}, "slug"),
        ("api:staff-articles", {"title": "t" * 501}, "title"),
        ("api:staff-articles", {"title": "A title", "url": "nowhere"}, "url"),
        ("api:staff-sources", {"title": "Records", "kind": "rumour"}, "kind"),
        ("api:staff-verdicts", {"claim": "taken-claim", "headline": "h" * 301}, "headline"),
        (
            "api:staff-verdicts",
            {"claim": "taken-claim", "headline": "No", "slug": "taken-verdict"},
            "slug",
        ),
        (
            "api:staff-verdicts",
            {"claim": "taken-claim", "headline": "No", "correction_kind": "rewrite"},
            "correction_kind",
        ),
    ],
)
def test_what_a_column_would_refuse_is_a_400_naming_the_field(factchecker, route, body, field):
    claim = factories.make_claim(
        slug="taken-claim", speaker=factories.make_speaker(slug="taken-speaker")
    )
    factories.make_verdict(slug="taken-verdict", claim=factories.make_claim())
    counts = [m.objects.count() for m in (Claim, Speaker, Article, Source, Verdict)]
    response = _client(factchecker).post(reverse(route), body, format="json")
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]
    assert [m.objects.count() for m in (Claim, Speaker, Article, Source, Verdict)] == counts
    assert Claim.objects.get(pk=claim.pk).slug == "taken-claim"
