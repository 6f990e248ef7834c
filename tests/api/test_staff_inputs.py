"""The staff API names what is wrong with odd input, in JSON, and writes nothing: a typo
in a nested source line, an address with no letter in it, a body too big to read."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Claim, Speaker, Verdict
from tests import factories
from tests.api.test_staff_writes import _client

pytestmark = pytest.mark.django_db


def test_an_unknown_key_in_a_source_line_is_named(factchecker):
    client = _client(factchecker)
    claim = client.post(reverse("api:staff-claims"), {"text": "Rents doubled."}, format="json")
    source = client.post(
        reverse("api:staff-sources"),
        {"title": "Housing survey", "url": "https://stats.example/housing"},
        format="json",
    )
    response = client.post(
        reverse("api:staff-verdicts"),
        {
            "claim": claim.json()["slug"],
            "headline": "Rents rose by a third",
            "rating": "false",
            "sources": [{"source": source.json()["id"], "nots": "typo of note"}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "sources": {"0": {"nots": ["Unknown field: not part of this record."]}}
    }
    assert not Verdict.objects.exists()


def test_an_unknown_key_in_a_workflow_step_is_named(factchecker):
    verdict = factories.make_verdict(author=factchecker)
    response = _client(factchecker).post(
        reverse("api:staff-verdict-step", args=[verdict.pk, "submit"]),
        {"coment": "typo of comment"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"coment": ["Unknown field: not part of this record."]}
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT


@pytest.mark.parametrize("slug", ["-", "__"])
def test_a_slug_without_a_letter_or_digit_is_refused(factchecker, slug):
    client = _client(factchecker)
    claim = client.post(
        reverse("api:staff-claims"), {"text": "Rents doubled.", "slug": slug}, format="json"
    )
    speaker = client.post(
        reverse("api:staff-speakers"), {"name": "Jane Doe", "slug": slug}, format="json"
    )
    for response in (claim, speaker):
        assert response.status_code == 400
        assert "letter or digit" in response.json()["slug"][0]
    assert not Claim.objects.exists()
    assert not Speaker.objects.filter(name="Jane Doe").exists()


def test_a_body_too_big_to_read_is_a_json_413(factchecker, settings):
    response = _client(factchecker).post(
        reverse("api:staff-claims"),
        data="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "too large" in response.json()["detail"]


@pytest.mark.parametrize("depth", [33, 100_000])
def test_a_body_nested_too_deep_is_a_400_naming_it(factchecker, depth):
    response = _client(factchecker).post(
        reverse("api:staff-claims"),
        data="[" * depth + "]" * depth,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "nests more than 32 levels" in response.json()["detail"]


def test_a_right_of_reply_date_in_the_future_is_refused(factchecker):
    client = _client(factchecker)
    claim = client.post(reverse("api:staff-claims"), {"text": "Rents doubled."}, format="json")
    response = client.post(
        reverse("api:staff-verdicts"),
        {
            "claim": claim.json()["slug"],
            "headline": "Rents rose by a third",
            "rating": "false",
            "speaker_contacted_at": "2999-01-01T00:00:00Z",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "future" in response.json()["speaker_contacted_at"][0]
