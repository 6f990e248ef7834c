"""The page showing a webhook endpoint's new secret comes after a redirect (POST, then
GET): reloading it registers no second endpoint and rotates nothing, and it shows the secret
only the first time (then it says it was shown already and how to get a new one)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from factcheck.notify import services
from factcheck.notify.models import WebhookEndpoint

pytestmark = pytest.mark.django_db

ADD = "admin:notify_webhookendpoint_add"
CHANGELIST = "admin:notify_webhookendpoint_changelist"
FORM = {
    "name": "Newsroom Slack",
    "url": "https://hooks.example.org/services/T000",
    "events": ["verdict.published"],
    "format": "slack",
}


def _secret_url(endpoint: WebhookEndpoint) -> str:
    return reverse("admin:notify_webhookendpoint_secret", args=[endpoint.pk])


def test_adding_redirects_to_the_secret_and_a_reload_adds_nothing(editor, login):
    client = login(editor)
    posted = client.post(reverse(ADD), FORM)
    endpoint = WebhookEndpoint.objects.get()
    assert posted.status_code == 302
    assert posted["Location"] == _secret_url(endpoint)
    assert endpoint.secret not in posted.content.decode()
    first = client.get(posted["Location"])
    assert first.status_code == 200
    assert endpoint.secret in first.content.decode()
    assert "shown this once and never again" in first.content.decode()
    assert "no-cache" in first.headers["Cache-Control"]
    reloaded = client.get(posted["Location"])  # what a browser's reload now does
    assert reloaded.status_code == 200
    text = reloaded.content.decode()
    assert endpoint.secret not in text
    assert "was shown already" in text
    assert "Rotate the signing secret" in text
    assert reverse(CHANGELIST) in text
    assert "no-cache" in reloaded.headers["Cache-Control"]
    assert WebhookEndpoint.objects.count() == 1


def test_rotating_redirects_to_the_secret_and_a_reload_rotates_nothing(editor, login):
    endpoint, old = services.endpoint_create(
        user=editor,
        name="Receiver",
        url="https://hooks.example.org/in",
        events=["verdict.published"],
    )
    client = login(editor)
    posted = client.post(
        reverse(CHANGELIST), {"action": "rotate_secret", "_selected_action": [endpoint.pk]}
    )
    assert posted.status_code == 302
    assert posted["Location"] == _secret_url(endpoint)
    endpoint.refresh_from_db()
    rotated = endpoint.secret
    assert rotated != old
    first = client.get(posted["Location"]).content.decode()
    assert rotated in first
    assert old not in first
    assert "was rotated" in first
    again = client.get(posted["Location"]).content.decode()
    assert rotated not in again
    assert "was shown already" in again
    endpoint.refresh_from_db()
    assert endpoint.secret == rotated  # the reload rotated nothing


def test_the_secret_is_for_the_session_that_made_it(editor, login):
    client = login(editor)
    client.post(reverse(ADD), FORM)
    endpoint = WebhookEndpoint.objects.get()
    other = login(editor)  # another session of the same editor: not shown there
    page = other.get(_secret_url(endpoint))
    assert page.status_code == 200
    assert endpoint.secret not in page.content.decode()
    assert endpoint.secret in client.get(_secret_url(endpoint)).content.decode()


def test_the_secret_page_is_for_those_who_manage_webhooks(editor, factchecker, login):
    endpoint, _ = services.endpoint_create(
        user=editor,
        name="Receiver",
        url="https://hooks.example.org/in",
        events=["verdict.published"],
    )
    assert login(factchecker).get(_secret_url(endpoint)).status_code == 403
    missing = reverse("admin:notify_webhookendpoint_secret", args=[endpoint.pk + 1000])
    assert login(editor).get(missing).status_code == 302
