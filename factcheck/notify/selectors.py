"""Reads of the webhooks' tables."""

from __future__ import annotations

from django.db.models import QuerySet

from factcheck.notify.models import WebhookDelivery, WebhookEndpoint


def endpoints_for(event_type: str) -> QuerySet[WebhookEndpoint]:
    """The endpoints switched on that want ``event_type``."""
    return WebhookEndpoint.objects.filter(active=True, events__contains=[event_type]).order_by(
        "pk"
    )


def delivery_with_parts(delivery_id: int) -> WebhookDelivery | None:
    return (
        WebhookDelivery.objects.select_related("event", "endpoint").filter(pk=delivery_id).first()
    )


def delivery_log() -> QuerySet[WebhookDelivery]:
    """Deliveries for the admin's log, each with its event and endpoint in the same query."""
    return WebhookDelivery.objects.select_related("event", "endpoint")
