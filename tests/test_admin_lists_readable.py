"""Lists in the webhooks' and subscriptions' admin pages read on a laptop's screen: the
delivery log shows where a delivery stands before its long webhook-id, a switched-off
endpoint's row says so briefly (the note is on its page), and the recent deliveries and
fetches on an endpoint's or a subscription's page are not pushed a label's width aside
by the admin's form CSS (``form .aligned ul { margin-left: 160px }``)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from factcheck.federation import services as federation
from factcheck.federation.models import FeedReport
from factcheck.notify import services
from factcheck.notify.admin import WebhookDeliveryAdmin
from factcheck.notify.models import WebhookEndpoint

pytestmark = pytest.mark.django_db

NOTE = "Switched off after 20 failed delivery attempts in a row; the last: HTTP 500: boom."


def _endpoint(editor):
    endpoint, _ = services.endpoint_create(
        user=editor,
        name="Receiver",
        url="https://hooks.example.org/in",
        events=["verdict.published"],
    )
    return endpoint


def _bare_lists(html: str) -> list[str]:
    return re.findall(r"<ul>", html)


def test_the_delivery_log_shows_the_status_before_the_webhook_id(editor, login):
    columns = list(WebhookDeliveryAdmin.list_display)
    assert columns.index("status") < columns.index("message_id")
    assert columns[-1] == "message_id"
    services.endpoint_send_test(endpoint=_endpoint(editor), user=editor)
    page = login(editor).get(reverse("admin:notify_webhookdelivery_changelist")).content.decode()
    assert page.index("column-status") < page.index("column-message_id")


def test_a_switched_off_endpoint_is_short_in_the_list_and_explained_on_its_page(editor, login):
    endpoint = _endpoint(editor)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=20)
    services.endpoint_disable(endpoint=endpoint, user=editor, note=NOTE)
    client = login(editor)
    listed = client.get(reverse("admin:notify_webhookendpoint_changelist")).content.decode()
    assert "Off since" in listed
    assert NOTE not in listed
    page = client.get(reverse("admin:notify_webhookendpoint_change", args=[endpoint.pk]))
    assert NOTE in page.content.decode()


def test_an_endpoints_recent_deliveries_are_not_indented_by_the_form_css(editor, login):
    endpoint = _endpoint(editor)
    services.endpoint_send_test(endpoint=endpoint, user=editor)
    page = login(editor).get(reverse("admin:notify_webhookendpoint_change", args=[endpoint.pk]))
    html = page.content.decode()
    assert "Test event" in html
    assert _bare_lists(html[html.index("field-recent_deliveries") :]) == []
    assert '<ul style="margin: 0 0 0.5em; padding: 0">' in html


def test_a_subscriptions_recent_fetches_are_not_indented_by_the_form_css(editor, login):
    subscription = federation.subscription_create(
        user=editor,
        name="Their feed",
        feed_url="https://othercheck.example.org/api/v1/claimreview-feed.json",
        kind="factcheck",
        import_as="public",
        every_minutes=60,
        active=True,
    )
    FeedReport.objects.create(
        subscription=subscription, outcome="failed", url=subscription.feed_url, errors="It broke."
    )
    url = reverse("admin:federation_feedsubscription_change", args=[subscription.pk])
    html = login(editor).get(url).content.decode()
    assert "It broke." in html
    assert _bare_lists(html[html.index("field-recent_reports") :]) == []
    assert '<ul style="margin: 0 0 0.5em; padding: 0">' in html
