"""From a publication to the mail: the listener that enqueues a dispatch in the
publication's transaction, and the work of the jobs (``factcheck.alerts.tasks``) that
find who follows it and send.

Every message is made when it is sent, from the revision's public document
(``claims.selectors.public``): a revision no longer served (a later one replaced it, or the
verdict was taken down) is not sent. A job that fails (the SMTP server refused or did not
answer) rolls back what it recorded and is tried again: at least once, so a message may
in rare cases arrive twice (the server took it, the worker died before recording it).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.selectors import public as queries
from factcheck.alerts import mail, queue
from factcheck.alerts.erasure import erase_subscriptions
from factcheck.alerts.models import Alert, ReaderNotice, Subscription
from factcheck.alerts.selectors import (
    anyone_follows,
    anyone_waits,
    digests_due,
    followers,
    pending_alerts,
    served_claim,
    waiting_readers,
)
from factcheck.base import events

# What subscribers hear of: a verdict of ours published, corrected (updated, clarified)
# or retracted. A takedown sends nothing: it withdraws what was public.
ALERTING = {events.VERDICT_PUBLISHED, events.VERDICT_CORRECTED, events.VERDICT_RETRACTED}


def on_event(event: str, **data: Any) -> None:
    """The listener of ``factcheck.base.events``, in the transaction of the revision:
    one dispatch job per revision, when anyone follows anything or waits to be told."""
    if event not in ALERTING:
        return
    first = event == events.VERDICT_PUBLISHED
    if anyone_follows() or (first and anyone_waits()):
        revision_id = int(data["revision_id"])
        queue.defer(queue.DISPATCH, lock=f"alerts-revision-{revision_id}", revision_id=revision_id)


def _public(document: dict[str, Any]) -> bool:
    return "claim" in document and queries.event_still_public(document)


def revision_dispatch(*, revision_id: int) -> int:
    """Record an alert of this revision for every confirmed subscription its claim concerns
    and enqueue those to send at once (daily ones wait for the digest); on a first
    publication, enqueue the notices of the readers who suggested the claim. Run again, it
    adds nothing twice. Returns how many subscriptions it concerns."""
    document = queries.revision_event_document(revision_id)
    if not _public(document):
        return 0
    claim = served_claim(document["claim"]["slug"])
    if claim is None:
        return 0
    with transaction.atomic():
        concerned = list(followers(claim))
        Alert.objects.bulk_create(
            [Alert(subscription=s, revision_id=revision_id) for s in concerned],
            ignore_conflicts=True,
        )
        at_once = Alert.objects.filter(
            revision_id=revision_id,
            status=Alert.Status.PENDING,
            subscription__frequency=Subscription.Frequency.IMMEDIATE,
        ).values_list("pk", flat=True)
        for alert_id in at_once:
            queue.defer(queue.SEND_ALERT, lock=f"alerts-alert-{alert_id}", alert_id=alert_id)
        if document["revision"]["kind"] == "published":
            for notice_id in waiting_readers(claim.claim_id).values_list("pk", flat=True):
                queue.defer(
                    queue.TELL_READER,
                    lock=f"alerts-reader-{notice_id}",
                    notice_id=notice_id,
                    revision_id=revision_id,
                )
        return len(concerned)


def alert_send(*, alert_id: int) -> str:
    """Send one alert at once; returns what became of it."""
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update(of=("self",))
            .select_related("subscription__speaker", "subscription__topic")
            .filter(pk=alert_id)
            .first()
        )
        if alert is None or alert.status != Alert.Status.PENDING:
            return "gone" if alert is None else alert.status
        document = queries.revision_event_document(alert.revision_id)
        if not _public(document):
            alert.status = Alert.Status.SKIPPED
        else:
            mail.alert_message(alert.subscription, document).send()
            alert.status, alert.sent_at = Alert.Status.SENT, timezone.now()
        alert.save(update_fields=["status", "sent_at", "updated_at"])
        return alert.status


def digest_moment(now: datetime) -> datetime:
    """The latest FACTCHECK_ALERTS_DIGEST_HOUR o'clock (in TIME_ZONE) at or before ``now``:
    a digest holds the alerts recorded before it."""
    local = timezone.localtime(now)
    moment = local.replace(
        hour=settings.FACTCHECK_ALERTS_DIGEST_HOUR, minute=0, second=0, microsecond=0
    )
    return moment if moment <= local else moment - timedelta(days=1)


def digests_enqueue(*, now: datetime | None = None) -> int:
    """The periodic job's work: one digest job for each daily subscription holding alerts
    from before the last digest hour. Run every hour, a digest missed while no worker ran
    goes out at the next run."""
    before = digest_moment(now or timezone.now())
    ids = list(digests_due(before).values_list("pk", flat=True))
    for subscription_id in ids:
        queue.defer(
            queue.SEND_DIGEST,
            lock=f"alerts-digest-{subscription_id}",
            subscription_id=subscription_id,
        )
    return len(ids)


def digest_send(*, subscription_id: int, now: datetime | None = None) -> int:
    """One digest: every pending alert of the subscription recorded before the last
    digest hour, still public, in one message. Returns how many it carried."""
    before = digest_moment(now or timezone.now())
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update(of=("self",))
            .select_related("speaker", "topic")
            .filter(pk=subscription_id, confirmed_at__isnull=False)
            .first()
        )
        if subscription is None:
            return 0
        alerts = list(pending_alerts(subscription, before))
        documents = {a.pk: queries.revision_event_document(a.revision_id) for a in alerts}
        shown = [a for a in alerts if _public(documents[a.pk])]
        if shown:
            mail.digest_message(subscription, [documents[a.pk] for a in shown]).send()
        sent = timezone.now()
        Alert.objects.filter(pk__in=[a.pk for a in shown]).update(
            status=Alert.Status.SENT, sent_at=sent, updated_at=sent
        )
        Alert.objects.filter(pk__in=[a.pk for a in alerts if a not in shown]).update(
            status=Alert.Status.SKIPPED, updated_at=sent
        )
        return len(shown)


def confirmation_send(*, subscription_id: int) -> bool:
    """Mail the confirmation link of a subscription still waiting for it."""
    subscription = (
        Subscription.objects.select_related("speaker", "topic")
        .filter(pk=subscription_id, confirmed_at__isnull=True)
        .first()
    )
    if subscription is None:
        return False
    mail.confirmation_message(subscription).send()
    return True


def reader_notice_send(*, notice_id: int, revision_id: int) -> bool:
    """Tell a reader, once, that the claim they suggested was checked. A notice whose
    address was forgotten meanwhile is dropped; one whose verdict is no longer public
    waits for the next publication."""
    with transaction.atomic():
        notice = (
            ReaderNotice.objects.select_for_update(of=("self",))
            .select_related("suggestion")
            .filter(pk=notice_id)
            .first()
        )
        if notice is None or notice.status != ReaderNotice.Status.WAITING:
            return False
        address = notice.suggestion.contact.strip()
        if not address:
            notice.delete()
            return False
        document = queries.revision_event_document(revision_id)
        if not _public(document):
            return False
        mail.reader_message(address, document, notice.language).send()
        notice.status, notice.sent_at = ReaderNotice.Status.SENT, timezone.now()
        notice.revision_id = revision_id
        notice.save(update_fields=["status", "sent_at", "revision", "updated_at"])
        return True


def unconfirmed_purge(*, now: datetime | None = None) -> int:
    """Delete the subscriptions nobody confirmed within FACTCHECK_ALERTS_CONFIRM_DAYS:
    an address kept without its owner's consent."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.FACTCHECK_ALERTS_CONFIRM_DAYS)
    with transaction.atomic():
        return erase_subscriptions(
            Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
        )
