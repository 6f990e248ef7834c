"""The webhooks in the admin: registering an endpoint shows its secret once, bad input is
a form error, rotation shows the new secret once, the test event and the log."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from factcheck.notify import services
from factcheck.notify.models import WebhookDelivery, WebhookEndpoint
from tests import factories

pytestmark = pytest.mark.django_db

ADD = "admin:notify_webhookendpoint_add"
CHANGELIST = "admin:notify_webhookendpoint_changelist"


def _form(**overrides):
    data = {
        "name": "Newsroom Slack",
        "url": "https://hooks.example.org/services/T000",
        "events": ["verdict.published", "verdict.retracted"],
        "format": "slack",
    }
    data.update(overrides)
    return data


def test_an_editor_registers_an_endpoint_and_sees_its_secret_once(editor, login):
    client = login(editor)
    page = client.post(reverse(ADD), _form(), follow=True)
    assert page.status_code == 200
    assert len(page.redirect_chain) == 1  # shown after a redirect: a reload posts nothing
    endpoint = WebhookEndpoint.objects.get()
    text = page.content.decode()
    assert endpoint.secret in text
    assert "shown this once and never again" in text
    assert "no-cache" in page.headers["Cache-Control"]
    assert endpoint.events == ["verdict.published", "verdict.retracted"]
    assert endpoint.format == "slack"
    assert endpoint.created_by == editor
    # Never again: not on its page, not in the list.
    change = client.get(reverse("admin:notify_webhookendpoint_change", args=[endpoint.pk]))
    assert change.status_code == 200
    assert endpoint.secret not in change.content.decode()
    assert f"whsec_…{endpoint.secret[-4:]}" in change.content.decode()
    assert endpoint.secret not in client.get(reverse(CHANGELIST)).content.decode()
    # Its change form saves what was changed, and the secret stays.
    saved = client.post(
        reverse("admin:notify_webhookendpoint_change", args=[endpoint.pk]),
        _form(name="Renamed hook", events=["verdict.published"], format="slack"),
    )
    assert saved.status_code == 302, saved.content.decode()[:3000]
    renamed = WebhookEndpoint.objects.get()
    assert (renamed.name, renamed.events) == ("Renamed hook", ["verdict.published"])
    assert renamed.secret == endpoint.secret


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"url": "ftp://hooks.example.org/in"}, "Only http:// and https://"),
        ({"url": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"url": "http://10.0.0.1/hooks"}, "private address"),
        ({"url": "http://169.254.169.254/latest/"}, "link-local address"),
        ({"url": "http://localhost:8000/hooks"}, "loopback address"),
        ({"events": []}, "This field is required"),
        ({"events": ["verdict.exploded"]}, "Select a valid choice"),
        ({"events": ["webhook.test"]}, "Select a valid choice"),
        ({"format": "xml"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_a_form_error_naming_the_problem(editor, login, overrides, message):
    page = login(editor).post(reverse(ADD), _form(**overrides))
    assert page.status_code == 200
    assert message in page.content.decode()
    assert "errornote" in page.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_fact_checkers_see_no_webhooks(factchecker, login):
    client = login(factchecker)
    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.post(reverse(ADD), _form()).status_code == 403
    assert client.get(reverse("admin:notify_webhookdelivery_changelist")).status_code == 403
    assert not WebhookEndpoint.objects.exists()


def _action(client, action, endpoint):
    return client.post(
        reverse(CHANGELIST), {"action": action, "_selected_action": [endpoint.pk]}, follow=True
    )


def test_rotating_shows_the_new_secret_once(editor, login):
    endpoint, old = services.endpoint_create(
        user=editor,
        name="Receiver",
        url="https://hooks.example.org/in",
        events=["verdict.published"],
    )
    page = _action(login(editor), "rotate_secret", endpoint)
    endpoint.refresh_from_db()
    text = page.content.decode()
    assert endpoint.secret != old
    assert endpoint.secret in text
    assert old not in text
    assert "deliveries carry two signatures" in text
    assert endpoint.previous_secret == old


def test_the_test_event_action_queues_a_delivery(editor, login):
    endpoint, _ = services.endpoint_create(
        user=editor,
        name="Receiver",
        url="https://hooks.example.org/in",
        events=["verdict.published"],
    )
    page = _action(login(editor), "send_test_event", endpoint)
    assert "sent a test event" in page.content.decode()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.endpoint, delivery.event.type, delivery.status) == (
        endpoint,
        "webhook.test",
        "pending",
    )


def test_a_switched_off_endpoint_shows_why_and_is_switched_on_again(editor, login):
    endpoint, _ = services.endpoint_create(
        user=editor,
        name="Receiver",
        url="https://hooks.example.org/in",
        events=["verdict.published"],
    )
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=20)
    services.endpoint_disable(endpoint=endpoint, user=editor, note="Switched off after 20 failed")
    client = login(editor)
    assert "Off since" in client.get(reverse(CHANGELIST)).content.decode()
    page = client.get(reverse("admin:notify_webhookendpoint_change", args=[endpoint.pk]))
    assert "Switched off after 20 failed" in page.content.decode()
    _action(client, "switch_on", endpoint)
    endpoint.refresh_from_db()
    assert endpoint.active
    assert endpoint.consecutive_failures == 0
    assert endpoint.disabled_note == ""


def test_the_delivery_log_costs_the_same_queries_however_many_rows(editor, login):
    endpoint, _ = services.endpoint_create(
        user=editor,
        name="Receiver",
        url="https://hooks.example.org/in",
        events=["verdict.published"],
    )
    client = login(editor)
    url = reverse("admin:notify_webhookdelivery_changelist")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    services.endpoint_send_test(endpoint=endpoint, user=editor)
    queries()  # a session's first page also reads the staff member's language once
    one = queries()
    for _ in range(6):
        services.endpoint_send_test(endpoint=endpoint, user=editor)
    assert queries() == one
    page = client.get(url).content.decode()
    assert page.count("msg_") >= 7


def test_a_delivery_shows_its_attempts(editor, login):
    endpoint, _ = services.endpoint_create(
        user=editor,
        name="Receiver",
        url="https://hooks.example.org/in",
        events=["verdict.published"],
    )
    delivery = services.endpoint_send_test(endpoint=endpoint, user=editor)
    delivery.attempt_log.create(
        number=1, succeeded=False, status_code=503, response_ms=41, error="HTTP 503: busy"
    )
    page = login(editor).get(reverse("admin:notify_webhookdelivery_change", args=[delivery.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "HTTP 503: busy" in text
    assert "503" in text
    assert "41" in text
    assert delivery.message_id in text


def test_failed_jobs_are_listed_for_the_operators(login):
    admin_user = factories.make_user(username="operator", is_superuser=True)
    page = login(admin_user).get("/admin/procrastinate/procrastinatejob/?status=failed")
    assert page.status_code == 200
