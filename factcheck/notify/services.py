"""Every write of the webhooks: endpoints (registered, changed, switched on and off,
their secret rotated), events recorded with their deliveries, and each delivery attempt.

Deliveries are enqueued as jobs by name (``notify.deliver``, in ``factcheck.notify.tasks``)
through Django's connection, so in the transaction of the write that caused them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from procrastinate.contrib.django import app

from claims.selectors.public import event_still_public, revision_event_document
from factcheck.base import events, outbound
from factcheck.base.http import site_url
from factcheck.base.services import AnyUser, Refused, changes_to, require, save_validated
from factcheck.notify import payloads
from factcheck.notify.models import (
    MANAGE_WEBHOOKS,
    DeliveryAttempt,
    EventType,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from factcheck.notify.selectors import delivery_with_parts, endpoints_for

DELIVER_TASK = "notify.deliver"
ENDPOINT_FIELDS = ("name", "url", "events", "format")
# A receiver's answer is read only to show its start in the log.
MAX_ANSWER_BYTES = 64 * 1024
TAKEN_DOWN = (
    "Not sent: its verdict was taken down since, and only the takedown notice may leave "
    "the site now."
)


# -- Events, from the domain's transaction -------------------------------------------------


def _event_data(event_type: str, data: Mapping[str, Any]) -> dict[str, Any]:
    if "revision_id" in data:
        return revision_event_document(data["revision_id"])
    if event_type == events.SUGGESTION_RECEIVED:
        suggestion = dict(data["suggestion"])
        told: dict[str, Any] = {"suggestion": suggestion}
        try:
            path = reverse("admin:claims_readersuggestion_change", args=[suggestion["id"]])
            told["admin_url"] = site_url(path)
        except NoReverseMatch:
            pass
        return told
    return dict(data)


def event_record(event_type: str, **data: Any) -> WebhookEvent | None:
    """The listener of ``factcheck.base.events``: when any endpoint switched on wants
    ``event_type``, record the event and one delivery per endpoint, and enqueue them, in
    the caller's transaction (a write that rolls back sends nothing)."""
    with transaction.atomic(savepoint=False):
        endpoints = list(endpoints_for(event_type))
        if not endpoints:
            return None
        now = timezone.now()
        payload = payloads.envelope(event_type, now, _event_data(event_type, data))
        event = WebhookEvent.objects.create(type=event_type, payload=payload)
        _deliver(event, endpoints)
        return event


def _deliver(event: WebhookEvent, endpoints: Iterable[WebhookEndpoint]) -> list[WebhookDelivery]:
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(event=event, endpoint=endpoint, message_id=f"msg_{uuid.uuid4().hex}")
        for endpoint in endpoints
    )
    for delivery in deliveries:
        _enqueue(delivery)
    return deliveries


def _enqueue(delivery: WebhookDelivery) -> None:
    # One job per delivery; the lock keeps two attempts at one delivery from running at
    # once (a stalled job put back while an editor asked for it again).
    app.configure_task(
        DELIVER_TASK, queue="webhooks", lock=f"webhook-delivery-{delivery.pk}"
    ).defer(delivery_id=delivery.pk)


# -- Endpoints, by editors ------------------------------------------------------------------


def _check_address(url: str) -> None:
    try:
        outbound.check_url(url)
    except outbound.OutboundError as exc:
        raise ValidationError({"url": [str(exc)]}) from None


def endpoint_create(
    *,
    user: AnyUser,
    name: str,
    url: str,
    events: Iterable[str],
    format: str = WebhookEndpoint.Format.STANDARD,
) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; returns it with its new secret, which is shown this once."""
    with transaction.atomic():
        actor = require(user, MANAGE_WEBHOOKS, _("manage webhooks"))
        _check_address(url)
        secret = payloads.new_secret()
        endpoint = WebhookEndpoint(
            name=name.strip(),
            url=url.strip(),
            events=sorted(set(events)),
            format=format,
            secret=secret,
            created_by=actor,
        )
        save_validated(endpoint, {})
        return endpoint, secret


def endpoint_update(
    *, endpoint: WebhookEndpoint, user: AnyUser, changes: Mapping[str, Any]
) -> WebhookEndpoint:
    with transaction.atomic():
        require(user, MANAGE_WEBHOOKS, _("manage webhooks"))
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        given = dict(changes)
        if "events" in given:
            given["events"] = sorted(set(given["events"]))
        real = changes_to(endpoint, given, allowed=ENDPOINT_FIELDS)
        if "url" in real:
            _check_address(real["url"])
        if real:
            save_validated(endpoint, real)
        return endpoint


def endpoint_delete(*, endpoint: WebhookEndpoint, user: AnyUser) -> None:
    """Remove an endpoint with its delivery log; jobs still queued for it find nothing."""
    with transaction.atomic():
        require(user, MANAGE_WEBHOOKS, _("manage webhooks"))
        WebhookEndpoint.objects.filter(pk=endpoint.pk).delete()


def endpoint_rotate_secret(*, endpoint: WebhookEndpoint, user: AnyUser) -> str:
    """A new secret, returned to be shown once. For FACTCHECK_WEBHOOK_ROTATION_HOURS the
    deliveries carry a signature by the old secret too, while the receiver switches."""
    with transaction.atomic():
        require(user, MANAGE_WEBHOOKS, _("manage webhooks"))
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        secret = payloads.new_secret()
        hours = settings.FACTCHECK_WEBHOOK_ROTATION_HOURS
        endpoint.previous_secret = endpoint.secret if hours else ""
        endpoint.previous_secret_until = timezone.now() + timedelta(hours=hours) if hours else None
        endpoint.secret = secret
        endpoint.save(
            update_fields=["secret", "previous_secret", "previous_secret_until", "updated_at"]
        )
        return secret


def endpoint_enable(*, endpoint: WebhookEndpoint, user: AnyUser) -> WebhookEndpoint:
    """Switch an endpoint on again (after fixing its receiver): its count of failures
    starts again at 0. Deliveries given up meanwhile can be sent again from the log."""
    with transaction.atomic():
        require(user, MANAGE_WEBHOOKS, _("manage webhooks"))
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        endpoint.active, endpoint.consecutive_failures = True, 0
        endpoint.disabled_at, endpoint.disabled_note = None, ""
        endpoint.save(
            update_fields=[
                "active",
                "consecutive_failures",
                "disabled_at",
                "disabled_note",
                "updated_at",
            ]
        )
        return endpoint


def endpoint_disable(*, endpoint: WebhookEndpoint, user: AnyUser, note: str) -> WebhookEndpoint:
    with transaction.atomic():
        actor = require(user, MANAGE_WEBHOOKS, _("manage webhooks"))
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        _switch_off(endpoint, note or f"Switched off by {actor.get_username()}.")
        return endpoint


def _switch_off(endpoint: WebhookEndpoint, note: str) -> None:
    endpoint.active = False
    endpoint.disabled_at = timezone.now()
    endpoint.disabled_note = note
    endpoint.save(update_fields=["active", "disabled_at", "disabled_note", "updated_at"])


def endpoint_send_test(*, endpoint: WebhookEndpoint, user: AnyUser) -> WebhookDelivery:
    """A test event for this endpoint alone, sent whether it is switched on or not (to
    check a receiver before switching it on again); tried once, and not counted among
    its failures."""
    with transaction.atomic():
        actor = require(user, MANAGE_WEBHOOKS, _("manage webhooks"))
        data = {
            "message": f"{actor.get_username()} sent this test from "
            f"{settings.FACTCHECK_PUBLISHER_NAME} to check the endpoint “{endpoint.name}”.",
            "endpoint": endpoint.name,
            "site": settings.FACTCHECK_SITE_URL,
        }
        payload = payloads.envelope(EventType.TEST, timezone.now(), data)
        event = WebhookEvent.objects.create(type=EventType.TEST, payload=payload)
        (delivery,) = _deliver(event, [endpoint])
        return delivery


def delivery_retry(*, delivery: WebhookDelivery, user: AnyUser) -> WebhookDelivery:
    """Send a failed or abandoned delivery again, with the same webhook-id (a receiver
    that had it after all treats it as a repeat)."""
    with transaction.atomic():
        require(user, MANAGE_WEBHOOKS, _("manage webhooks"))
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("event")
            .get(pk=delivery.pk)
        )
        if delivery.status not in (
            WebhookDelivery.Status.FAILED,
            WebhookDelivery.Status.ABANDONED,
        ):
            raise Refused(
                _(
                    "Delivery %(delivery)s is %(status)s: only failed or abandoned deliveries "
                    "are sent again."
                )
                % {
                    "delivery": delivery.message_id,
                    "status": _(delivery.get_status_display()).lower(),
                }
            )
        if not event_still_public(delivery.event.payload.get("data") or {}):
            raise Refused(
                _(
                    "Delivery %(delivery)s is not sent again: its verdict was taken down since, "
                    "and only the takedown notice may leave the site now."
                )
                % {"delivery": delivery.message_id}
            )
        delivery.status = WebhookDelivery.Status.PENDING
        delivery.save(update_fields=["status", "updated_at"])
        _enqueue(delivery)
        return delivery


# -- Attempts, by the workers ---------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What became of one attempt: ``retry`` asks the job queue to try again later."""

    status: str
    retry: bool
    error: str = ""


def _request(delivery: WebhookDelivery) -> tuple[bytes, dict[str, str]]:
    endpoint, payload = delivery.endpoint, delivery.event.payload
    slack = endpoint.format == WebhookEndpoint.Format.SLACK
    body = payloads.slack_body(payload) if slack else payloads.standard_body(payload)
    now = timezone.now()
    headers = payloads.signature_headers(
        message_id=delivery.message_id, at=now, body=body, secrets=endpoint.signing_secrets(now)
    )
    return body, {"Content-Type": "application/json", **headers}


def _send(delivery: WebhookDelivery) -> tuple[int | None, int, str]:
    """POST the delivery; (status, milliseconds, error) with an error when it failed."""
    body, headers = _request(delivery)
    started = timezone.now()
    try:
        answer = outbound.fetch(
            delivery.endpoint.url,
            method="POST",
            data=body,
            headers=headers,
            timeout=settings.FACTCHECK_WEBHOOK_TIMEOUT,
            max_bytes=MAX_ANSWER_BYTES,
            max_redirects=0,  # a redirect is not a delivery
        )
    except outbound.ResponseTooLarge:
        # It answered; only its answer was long. A 2xx was not read, so not known.
        elapsed = int((timezone.now() - started).total_seconds() * 1000)
        return None, elapsed, "The answer was larger than 64 KB and was not read."
    except outbound.OutboundError as exc:
        elapsed = int((timezone.now() - started).total_seconds() * 1000)
        return None, elapsed, str(exc)
    if answer.ok:
        return answer.status, answer.elapsed_ms, ""
    said = answer.body[:200].decode("utf-8", "replace").strip()
    return (
        answer.status,
        answer.elapsed_ms,
        f"HTTP {answer.status}" + (f": {said}" if said else ""),
    )


def delivery_attempt(*, delivery_id: int, final: bool) -> Outcome:
    """One attempt at a delivery (the job ``notify.deliver``): sent through the outbound
    client, then recorded in the log. ``final``: the job queue has no attempt left after
    this one. A delivery already made is not sent again (a job run twice, after a worker
    died between recording and finishing, sends nothing more; one that died between
    sending and recording sends it again, with the same webhook-id)."""
    delivery = delivery_with_parts(delivery_id)
    if delivery is None:  # its endpoint was deleted
        return Outcome("gone", retry=False)
    if delivery.status != WebhookDelivery.Status.PENDING:
        # Delivered, given up or abandoned: this job is a repeat (``delivery_retry`` sets
        # a delivery pending again before it enqueues it).
        return Outcome(delivery.status, retry=False)
    test = delivery.event.type == EventType.TEST
    # Checked at each attempt, not when the event was recorded: a retry hours later must
    # not carry a verdict taken down meanwhile.
    withdrawn = not event_still_public(delivery.event.payload.get("data") or {})
    if withdrawn or (not test and not delivery.endpoint.active):
        why = {"last_error": TAKEN_DOWN} if withdrawn else {}
        with transaction.atomic():
            WebhookDelivery.objects.filter(pk=delivery.pk).update(
                status=WebhookDelivery.Status.ABANDONED, updated_at=timezone.now(), **why
            )
        return Outcome(WebhookDelivery.Status.ABANDONED, retry=False)
    status_code, elapsed, error = _send(delivery)
    return _record(delivery.pk, status_code, elapsed, error, final=final or test, test=test)


def _record(
    delivery_id: int, status_code: int | None, elapsed: int, error: str, *, final: bool, test: bool
) -> Outcome:
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("endpoint")
            .get(pk=delivery_id)
        )
        endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
        delivery.attempts += 1
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            succeeded=not error,
            status_code=status_code,
            response_ms=elapsed,
            error=error,
        )
        delivery.last_status_code, delivery.last_response_ms = status_code, elapsed
        delivery.last_error = error
        retry = False
        if not error:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = timezone.now()
            if not test and endpoint.consecutive_failures:
                endpoint.consecutive_failures = 0
                endpoint.save(update_fields=["consecutive_failures", "updated_at"])
        else:
            if not test:
                endpoint.consecutive_failures += 1
                endpoint.save(update_fields=["consecutive_failures", "updated_at"])
                limit = settings.FACTCHECK_WEBHOOK_DISABLE_AFTER
                if endpoint.active and endpoint.consecutive_failures >= limit:
                    _switch_off(
                        endpoint,
                        f"Switched off after {endpoint.consecutive_failures} failed delivery "
                        f"attempts in a row; the last: {error}. Fix the receiver, send a test "
                        "event, then switch it on again.",
                    )
            if final:
                delivery.status = WebhookDelivery.Status.FAILED
            elif not endpoint.active:
                delivery.status = WebhookDelivery.Status.ABANDONED
            else:
                retry = True
        delivery.save(
            update_fields=[
                "attempts",
                "status",
                "delivered_at",
                "last_status_code",
                "last_response_ms",
                "last_error",
                "updated_at",
            ]
        )
        return Outcome(delivery.status, retry=retry, error=error)
