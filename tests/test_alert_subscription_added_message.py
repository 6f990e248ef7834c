"""Adding a journalist's alerts in the admin says what they follow: "Alerts on the speaker
Jane Doe", not the blank search the unsaved form held ("Alerts on search “”")."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from claims import services as claim_services
from factcheck.alerts.models import Subscription
from tests import factories
from tests.webhook_parts import publish

pytestmark = pytest.mark.django_db

ADD = "admin:alerts_subscription_add"


def _added(client, **fields):
    form = {"email": "Desk@Example.org", "frequency": "immediate", "query": "", **fields}
    response = client.post(reverse(ADD), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    return str(list(get_messages(response.wsgi_request))[-1])


def test_the_message_names_the_speaker_or_topic_followed(editor, factchecker, login):
    topic = claim_services.topic_create(user=editor, name="Transport", slug="transport")
    claim = factories.make_claim(text="Trains run on time.")
    claim.topics.add(topic)
    speaker = claim.speaker
    publish(author=factchecker, claim=claim)
    client = login(editor)
    said = _added(client, speaker=str(speaker.pk))
    subscription = Subscription.objects.get(speaker=speaker)
    assert f"Alerts on the speaker {speaker.name} (subscription #{subscription.pk})" in said
    assert "search" not in said
    said = _added(client, email="other@example.org", topic=str(topic.pk))
    assert "Alerts on the topic Transport" in said


def test_the_message_names_the_search_followed(editor, login):
    said = _added(login(editor), query="bridge budget")
    assert "Alerts on search “bridge budget”" in said
