"""The admin's list of alert subscriptions names the speaker or topic followed ("Speaker:
Jane Doe"), not "speaker #1", with the same number of queries for one row or many."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services as claim_services
from factcheck.alerts import services
from factcheck.alerts.models import Subscription
from tests import factories
from tests.webhook_parts import publish

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:alerts_subscription_changelist"


def _followed(editor, factchecker):
    topic = claim_services.topic_create(user=editor, name="Transport", slug="transport")
    claim = factories.make_claim(text="Trains run on time.")
    claim.topics.add(topic)
    publish(author=factchecker, claim=claim)
    return claim.speaker, topic


def _add(editor, numbers, speaker, topic):
    for n in numbers:
        services.subscription_add(
            user=editor, email=f"desk{n}@example.org", frequency="daily", speaker=speaker
        )
        services.subscription_add(
            user=editor, email=f"desk{n}@example.org", frequency="daily", topic=topic
        )
        services.subscription_add(
            user=editor, email=f"desk{n}@example.org", frequency="daily", query="bus fares"
        )


def _queries(client):
    with CaptureQueriesContext(connection) as seen:
        page = client.get(reverse(CHANGELIST))
    assert page.status_code == 200
    return len(seen.captured_queries), page.content.decode()


def test_the_list_names_the_speaker_and_topic(editor, factchecker, login):
    speaker, topic = _followed(editor, factchecker)
    _add(editor, range(1), speaker, topic)
    _, html = _queries(login(editor))
    assert f"Speaker: {speaker.name}" in html
    assert "Topic: Transport" in html
    assert "Search: “bus fares”" in html
    assert "speaker #" not in html
    assert "topic #" not in html


def test_the_list_costs_the_same_queries_for_one_row_or_many(editor, factchecker, login):
    speaker, topic = _followed(editor, factchecker)
    _add(editor, range(1), speaker, topic)
    client = login(editor)
    _queries(client)  # the first request reads the session and caches of its own
    few, _ = _queries(client)
    _add(editor, range(1, 8), speaker, topic)
    assert Subscription.objects.count() == 24
    many, html = _queries(client)
    assert html.count(f"Speaker: {speaker.name}") == 8
    assert many == few


def test_a_subscription_reads_as_what_it_follows(editor, factchecker):
    speaker, topic = _followed(editor, factchecker)
    on_speaker = services.subscription_add(
        user=editor, email="desk@example.org", frequency="daily", speaker=speaker
    )
    on_topic = services.subscription_add(
        user=editor, email="desk@example.org", frequency="daily", topic=topic
    )
    assert str(on_speaker) == (
        f"Alerts on the speaker {speaker.name} (subscription #{on_speaker.pk})"
    )
    assert str(on_topic) == f"Alerts on the topic Transport (subscription #{on_topic.pk})"
