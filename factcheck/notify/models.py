"""Webhooks: the endpoints editors register, the events the newsroom's work raises, and
each delivery of an event to an endpoint with every attempt made (docs/webhooks.md)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.postgres.fields import ArrayField
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from factcheck.base import events
from factcheck.base.db import URL_MAX_LENGTH, Timestamped, choices_constraint, http_url_constraint

MANAGE_WEBHOOKS = "notify.manage_webhooks"


class EventType(models.TextChoices):
    VERDICT_PUBLISHED = events.VERDICT_PUBLISHED, "Verdict published"
    VERDICT_CORRECTED = events.VERDICT_CORRECTED, "Verdict corrected, updated or clarified"
    VERDICT_RETRACTED = events.VERDICT_RETRACTED, "Verdict retracted"
    VERDICT_TAKEN_DOWN = events.VERDICT_TAKEN_DOWN, "Verdict taken down"
    SUGGESTION_RECEIVED = events.SUGGESTION_RECEIVED, "Reader suggestion received"
    CLAIM_REPEATED = events.CLAIM_REPEATED, "Claim repeated (a repeat made public)"
    # Sent only by the "Send a test event" action, to the endpoints chosen.
    TEST = "webhook.test", "Test event"


# What an endpoint can subscribe to: every event but the test.
SUBSCRIBABLE = [value for value in EventType.values if value != EventType.TEST]


class EndpointFormat(models.TextChoices):
    STANDARD = "standard", "Standard Webhooks (versioned JSON)"
    SLACK = "slack", "Slack-compatible message (Slack, Mattermost, Google Chat incoming webhooks)"


class WebhookEndpoint(Timestamped):
    """Where the newsroom wants to hear of events: an address, the events, a format, and
    the secret deliveries are signed with (shown once, when created or rotated)."""

    Format = EndpointFormat

    name = models.CharField(
        max_length=200, help_text="What this endpoint is, e.g. “Newsroom Slack, #factchecks”."
    )
    url = models.URLField(
        "URL",
        max_length=URL_MAX_LENGTH,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="The receiver's address (https://…). Private and local addresses are "
        "refused unless the server's FACTCHECK_OUTBOUND_ALLOW names them.",
    )
    events = ArrayField(
        models.CharField(max_length=40, choices=[(v, EventType(v).label) for v in SUBSCRIBABLE]),
        help_text="The events sent to it.",
    )
    format = models.CharField(
        max_length=20,
        choices=EndpointFormat.choices,
        default=EndpointFormat.STANDARD,
        help_text="Standard Webhooks JSON for programs; a Slack-compatible message for a "
        "chat's incoming webhook.",
    )
    active = models.BooleanField(
        default=True,
        help_text="Deliveries are sent only while it is on. Switched off by itself after "
        "too many failed deliveries in a row (see the note).",
    )
    disabled_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was switched off."
    )
    disabled_note = models.TextField(blank=True, help_text="Why it was switched off.")
    consecutive_failures = models.PositiveIntegerField(
        default=0, help_text="Failed delivery attempts in a row (a success starts again at 0)."
    )
    secret = models.CharField(
        max_length=100, help_text="The signing secret (whsec_…). Shown once, never again."
    )
    previous_secret = models.CharField(
        max_length=100,
        blank=True,
        help_text="The secret before the last rotation, also signing until the time below.",
    )
    previous_secret_until = models.DateTimeField(
        null=True, blank=True, help_text="Until when deliveries are signed with both secrets."
    )
    created_by = models.ForeignKey(
        "auth.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who registered it.",
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "webhook endpoint"
        permissions = [("manage_webhooks", "Can register and manage webhook endpoints")]
        constraints = [
            http_url_constraint("url", "webhookendpoint_url_http"),
            choices_constraint("format", EndpointFormat, "webhookendpoint_format_valid"),
            models.CheckConstraint(
                condition=models.Q(events__contained_by=SUBSCRIBABLE)
                & models.Q(events__len__gte=1),
                name="webhookendpoint_events_valid",
                violation_error_message=_("Choose at least one event to send."),
            ),
            models.CheckConstraint(
                condition=models.Q(secret__startswith="whsec_"),
                name="webhookendpoint_secret_format",
            ),
        ]
        indexes = [models.Index(fields=["active"], name="webhookendpoint_active_idx")]

    def __str__(self) -> str:
        return self.name

    def signing_secrets(self, at: datetime | None = None) -> list[str]:
        """The secrets a delivery made ``at`` is signed with: the current one, and the one
        before during the rotation's grace period."""
        at = at or timezone.now()
        secrets = [self.secret]
        if self.previous_secret and self.previous_secret_until and at < self.previous_secret_until:
            secrets.append(self.previous_secret)
        return secrets


class WebhookEvent(Timestamped):
    """Something that happened, with the payload every endpoint that wanted it is sent
    (recorded in the transaction of the write that caused it)."""

    Type = EventType

    type = models.CharField(max_length=40, choices=EventType.choices)
    payload = models.JSONField(
        help_text="The versioned JSON sent to Standard Webhooks endpoints (Slack-format "
        "endpoints get a message made from it)."
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "webhook event"
        constraints = [choices_constraint("type", EventType, "webhookevent_type_valid")]
        indexes = [models.Index(fields=["-created_at"], name="webhookevent_created_idx")]

    def __str__(self) -> str:
        return f"{self.get_type_display()} #{self.pk}"


# The admin shows a delivery's status in each staff member's language.
class DeliveryStatus(models.TextChoices):
    PENDING = "pending", gettext_noop("Waiting to be sent (or retried)")
    DELIVERED = "delivered", gettext_noop("Delivered")
    FAILED = "failed", gettext_noop("Failed (no attempts left)")
    ABANDONED = "abandoned", gettext_noop("Not sent: the endpoint was switched off")


class WebhookDelivery(Timestamped):
    """One event for one endpoint: its ``webhook-id`` (the receiver's idempotency key,
    the same on every attempt), where it stands, and its last answer."""

    Status = DeliveryStatus

    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    message_id = models.CharField(
        max_length=64,
        unique=True,
        help_text="The webhook-id header: the same on every attempt, so the receiver can "
        "tell a repeat from a new event.",
    )
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0, help_text="Attempts made so far.")
    last_status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The HTTP status of the last answer (none: no answer)."
    )
    last_response_ms = models.PositiveIntegerField(
        null=True, blank=True, help_text="How long the last attempt took, in milliseconds."
    )
    last_error = models.TextField(blank=True, help_text="Why the last attempt failed.")
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        constraints = [
            choices_constraint("status", DeliveryStatus, "webhookdelivery_status_valid"),
            models.CheckConstraint(
                condition=~models.Q(status="delivered") | models.Q(delivered_at__isnull=False),
                name="webhookdelivery_delivered_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["endpoint", "-created_at"], name="webhookdelivery_endpoint_idx"),
            models.Index(fields=["status", "-created_at"], name="webhookdelivery_status_idx"),
        ]

    def __str__(self) -> str:
        return self.message_id


class DeliveryAttempt(Timestamped):
    """One try at a delivery: the log the admin shows."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveIntegerField(help_text="1 for the first attempt.")
    succeeded = models.BooleanField()
    status_code = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The HTTP status answered (none: no answer)."
    )
    response_ms = models.PositiveIntegerField(help_text="How long it took, in milliseconds.")
    error = models.TextField(blank=True, help_text="Why it failed.")

    class Meta:
        ordering = ["delivery", "number"]
        verbose_name = "delivery attempt"
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "number"], name="deliveryattempt_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.delivery} attempt {self.number}"
