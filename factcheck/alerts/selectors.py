"""Reads of the alerts' tables, and of the public record for them: what may be followed
(speakers and topics the public sees) and who follows a published claim, from the public
index (``claims.selectors.public``), never from the newsroom's working rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from claims.models import PublishedClaim, Speaker, Topic
from claims.selectors import public as queries
from factcheck.alerts.models import Alert, ReaderNotice, Subscription, Target


def public_speaker(slug: str) -> Speaker | None:
    """The speaker at ``slug`` if their page is public (one merged into another leads to
    that one, as its page does)."""
    address = queries.speaker_at(slug)
    if address is None:
        return None
    return address.moved_to or address.speaker


def public_topic(slug: str) -> Topic | None:
    return queries.topics().filter(slug=slug).first()


def served_claim(slug: str) -> PublishedClaim | None:
    """The public index's row of the claim at ``slug`` (what a revision published of it)."""
    return queries.published_claims().filter(slug=slug).defer("document").first()


def _confirmed() -> QuerySet[Subscription]:
    return Subscription.objects.filter(confirmed_at__isnull=False)


def anyone_follows() -> bool:
    return _confirmed().exists()


def followers(claim: PublishedClaim) -> QuerySet[Subscription]:
    """The confirmed subscriptions a public claim concerns: its speaker as published (or
    the one that speaker was merged into, whose page lists it), one of its topics, or a
    search that finds it on the search page (the same full-text query, on the public
    index's search document)."""
    speakers = [claim.speaker_id] if claim.speaker_id else []
    if claim.speaker_id:
        merged = Speaker.objects.filter(pk=claim.speaker_id).values_list("merged_into", flat=True)
        speakers += [pk for pk in merged if pk]
    this_claim = queries.published_claims().filter(claim_id=claim.claim_id)
    # The search page's own matching, with each subscription's words in place of a reader's.
    found = Exists(queries.search_published(this_claim, cast(Any, OuterRef("query"))))
    return (
        _confirmed()
        .filter(
            Q(target=Target.SPEAKER, speaker_id__in=speakers)
            | Q(target=Target.TOPIC, topic_id__in=claim.topics)
            | (Q(target=Target.SEARCH) & found)
        )
        .order_by("pk")
    )


def waiting_readers(claim_id: int) -> QuerySet[ReaderNotice]:
    """Readers waiting to hear of this claim's first verdict (suggestions turned into it)."""
    return ReaderNotice.objects.filter(
        status=ReaderNotice.Status.WAITING, suggestion__claim_id=claim_id
    ).order_by("pk")


def anyone_waits() -> bool:
    return ReaderNotice.objects.filter(status=ReaderNotice.Status.WAITING).exists()


def digests_due(before: datetime) -> QuerySet[Subscription]:
    """Daily subscriptions holding alerts recorded before ``before`` and not yet sent."""
    pending = Alert.objects.filter(
        subscription=OuterRef("pk"), status=Alert.Status.PENDING, created_at__lt=before
    )
    return (
        _confirmed()
        .filter(frequency=Subscription.Frequency.DAILY)
        .filter(Exists(pending))
        .order_by("pk")
    )


def pending_alerts(subscription: Subscription, before: datetime) -> QuerySet[Alert]:
    return Alert.objects.filter(
        subscription=subscription, status=Alert.Status.PENDING, created_at__lt=before
    ).order_by("created_at", "pk")


def target_label(subscription: Subscription) -> str:
    """What a subscription follows, in words for its owner: the speaker's or topic's name
    while their page is public (never a name the public does not see)."""
    if subscription.target == Target.SEARCH:
        return _("the search “%(words)s”") % {"words": subscription.query}
    if subscription.target == Target.SPEAKER and subscription.speaker is not None:
        speaker = public_speaker(subscription.speaker.slug)
        return speaker.name if speaker is not None else _("a speaker no longer on our site")
    if subscription.topic is not None:
        topic = public_topic(subscription.topic.slug)
        if topic is None:
            return _("a topic no longer on our site")
        return _("the topic %(topic)s") % {"topic": topic.name}
    return _("something no longer on our site")


def subscription_by_key(key: str) -> Subscription | None:
    return Subscription.objects.select_related("speaker", "topic").filter(key=key).first()
