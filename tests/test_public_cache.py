"""The public response cache: anonymous reads served from it, never a signed-in one,
and never a response any write has made stale (the publication generation)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from factcheck.base.publication import bump_publication_generation, publication_generation
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cache_on(settings: Any) -> None:
    settings.PUBLIC_CACHE_SECONDS = 60


def page(verdict: Any) -> str:
    return reverse("web:claim", args=[verdict.claim.slug])


def test_an_anonymous_read_is_served_from_the_cache_the_second_time(client):
    verdict = factories.make_verdict(status="published", headline="Cached headline")
    first = client.get(page(verdict))
    assert first["X-Public-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(page(verdict))
    assert second["X-Public-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert len(queries) == 1  # the generation, nothing else


def test_a_takedown_is_never_hidden_by_the_cache(client):
    verdict = factories.make_verdict(status="published", headline="Soon taken down")
    assert "Soon taken down" in client.get(page(verdict)).content.decode()
    chief = factories.make_user(username="chief")
    chief.groups.add(Group.objects.get(name="Editor-in-chief"))
    services.verdict_takedown(verdict=verdict, user=chief, note="Removed on a court order.")
    response = client.get(page(verdict))
    assert "Soon taken down" not in response.content.decode()
    assert response.get("X-Public-Cache") != "hit"


def test_a_correction_shows_at_once(client, editor, editor2):
    verdict = factories.make_verdict(status="published", summary="Old wording.")
    client.get(page(verdict))
    services.verdict_correct(
        verdict=verdict,
        user=editor,
        expected_version=verdict.version,
        changes={"summary": "New wording."},
        note="We corrected the wording.",
    )
    assert "New wording." not in client.get(page(verdict)).content.decode()  # proposed only
    factories.publish_proposal(verdict, editor2)
    assert "New wording." in client.get(page(verdict)).content.decode()


def test_every_write_service_bumps_the_generation_when_it_commits(editor):
    before = publication_generation()
    services.topic_create(user=editor, name="Cache topic")
    assert publication_generation() > before


def test_a_signed_in_reader_is_never_served_or_stored(client, login, editor):
    verdict = factories.make_verdict(status="published")
    staff = login(editor)
    assert "X-Public-Cache" not in staff.get(page(verdict))
    assert client.get(page(verdict))["X-Public-Cache"] == "miss"
    assert "X-Public-Cache" not in staff.get(page(verdict))


def test_credentials_and_cookies_bypass_the_cache(client):
    verdict = factories.make_verdict(status="published")
    client.get(page(verdict))
    assert "X-Public-Cache" not in client.get(page(verdict), HTTP_AUTHORIZATION="Token x")
    with_messages = Client()
    with_messages.cookies["messages"] = "anything"
    assert "X-Public-Cache" not in with_messages.get(page(verdict))


def test_a_page_with_a_form_token_is_not_stored(client):
    client.get(reverse("web:suggest"))
    assert client.get(reverse("web:suggest")).get("X-Public-Cache") != "hit"


def test_not_found_answers_and_api_formats_are_kept_apart(client):
    verdict = factories.make_verdict(status="published")
    assert "X-Public-Cache" not in client.get("/claims/no-such-claim/")
    json = client.get("/api/v1/claims/", HTTP_ACCEPT="application/json")
    assert json["X-Public-Cache"] == "miss"
    other = client.get("/api/v1/claims/", HTTP_ACCEPT="application/json; indent=4")
    assert other["X-Public-Cache"] == "miss"  # the Accept header is part of the question
    again = client.get("/api/v1/claims/", HTTP_ACCEPT="application/json")
    assert again["X-Public-Cache"] == "hit"
    assert again.content == json.content
    bump_publication_generation()
    assert client.get(page(verdict))["X-Public-Cache"] == "miss"


def test_switched_off_nothing_is_cached(client, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    verdict = factories.make_verdict(status="published")
    client.get(page(verdict))
    assert "X-Public-Cache" not in client.get(page(verdict))
