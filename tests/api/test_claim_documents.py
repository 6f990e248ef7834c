"""The claims list is written by PostgreSQL (factcheck/api/documents.py); the detail view
and the schema by ClaimSerializer. The two must send the same claim, key for key."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.db.models import DateTimeField, Value
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from rest_framework.fields import DateTimeField as DrfDateTime
from rest_framework.test import APIRequestFactory

from claims import services
from claims.models import Claim, Topic
from claims.selectors import public as queries
from factcheck.api.serializers import ClaimSerializer
from factcheck.base.jsonsql import iso_instant
from tests import factories


def _serialized() -> list[dict]:
    request = APIRequestFactory().get("/")
    claims = queries.claims().order_by("-published_at", "-id")
    data = ClaimSerializer(claims, many=True, context={"request": request}).data
    return json.loads(json.dumps(data))


def _listed(api) -> list[dict]:
    response = api.get(reverse("api:claim-list"), {"page_size": 100})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


def _varied_claims(editor) -> None:
    """Every shape a listed claim can take: no speaker, an article without an outlet,
    topics, another fact-checker's verdict, a retraction and a correction."""
    outlet = factories.make_outlet(name="Gazeta «Ъ»", url="https://gazeta.example.ru/")
    factories.make_verdict(
        status="published", claim=factories.make_claim(speaker=None, quote='«Всё» — "ok"')
    )
    bare = factories.make_claim(article=factories.make_article(), appeared_in=outlet)
    factories.make_verdict(status="published", claim=bare)
    factories.make_verdict(
        status="published",
        claim=bare,
        publisher=outlet,
        external_url="https://gazeta.example.ru/check/1",
    )
    topical = factories.make_claim(article=factories.make_article(outlet=outlet))
    for name in ("Zebra", "Aardvark"):
        topical.topics.add(Topic.objects.create(name=name, slug=name.lower()))
    retracted = factories.make_verdict(status="published", claim=topical)
    services.verdict_retract(verdict=retracted, user=editor, note="The figures were forged.")
    corrected = factories.make_verdict(status="published")
    services.verdict_correct(
        verdict=corrected,
        user=editor,
        expected_version=corrected.version,
        note="The ministry confirmed the figures.",
        kind="update",
    )
    factories.make_verdict(status="draft", headline="DRAFT-MARKER-7731")


def test_the_listed_claims_are_the_serialized_claims_key_for_key(api, seed, editor):
    _varied_claims(editor)
    listed, serialized = _listed(api), _serialized()
    assert len(listed) == Claim.objects.public().count() > 10
    # Compared as text: the same keys, in the same order, with the same values.
    assert [json.dumps(c) for c in listed] == [json.dumps(c) for c in serialized]
    assert "DRAFT-MARKER-7731" not in json.dumps(listed)


@override_settings(TIME_ZONE="America/New_York")
def test_times_are_written_in_the_configured_zone_as_drf_writes_them(api, seed, editor):
    _varied_claims(editor)
    listed, serialized = _listed(api), _serialized()
    stamps = [v["first_published"] for c in listed for v in c["verdicts"]]
    assert any(s.endswith(("-04:00", "-05:00")) for s in stamps)
    assert [json.dumps(c) for c in listed] == [json.dumps(c) for c in serialized]


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns"])
def test_the_sql_time_format_matches_drf_for_odd_offsets(db, zone):
    Topic.objects.create(name="Any", slug="any")  # one row to select the expression on
    moments = [
        datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
        datetime.datetime(2025, 7, 2, 23, 59, 59, 120000, tzinfo=datetime.UTC),
        datetime.datetime(1999, 12, 31, 12, 0, 0, 1, tzinfo=datetime.UTC),
    ]
    with override_settings(TIME_ZONE=zone):
        for moment in moments:
            written = Topic.objects.values_list(
                iso_instant(Value(moment, output_field=DateTimeField())), flat=True
            ).get()
            assert written == DrfDateTime().to_representation(moment), (zone, moment)


def test_a_page_is_one_query_whatever_its_size(api, seed, editor):
    _varied_claims(editor)
    counts = []
    for size in (2, 10, 100):
        with CaptureQueriesContext(connection) as queries_run:
            assert api.get(reverse("api:claim-list"), {"page_size": size}).status_code == 200
        counts.append(len(queries_run.captured_queries))
    assert counts[0] == counts[1] == counts[2] <= 2
