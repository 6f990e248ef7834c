"""Reads of the federation's tables, and of the reviews already on file here that peers'
answers name."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from claims.models import Verdict
from factcheck.federation.models import FeedReport, FeedSubscription, Peer
from factcheck.federation.peers import PeerTarget


def _target(peer: Peer) -> PeerTarget:
    return PeerTarget(
        pk=peer.pk,
        name=peer.name,
        kind=peer.kind,
        base_url=peer.base_url,
        api_key=peer.api_key,
        changed=peer.updated_at.timestamp(),
    )


def active_peers() -> list[PeerTarget]:
    """The peers "Already checked?" asks, in name order."""
    return [_target(peer) for peer in Peer.objects.filter(active=True).order_by("name", "pk")]


def active_peer(pk: int) -> tuple[Peer, PeerTarget] | None:
    peer = Peer.objects.filter(pk=pk, active=True).first()
    return None if peer is None else (peer, _target(peer))


def reviews_on_file(urls: Iterable[str]) -> dict[str, Verdict]:
    """The verdicts here that are other publishers' reviews at these addresses (imported
    before, in any state), by address."""
    wanted = sorted(set(urls))
    if not wanted:
        return {}
    rows = (
        Verdict.objects.filter(external_url__in=wanted, publisher__isnull=False)
        .only("pk", "status", "external_url", "slug")
        .order_by("pk")
    )
    return {row.external_url: row for row in rows}


def due_subscriptions() -> list[int]:
    """Subscriptions switched on whose interval has passed since they were last fetched
    (never fetched: at once), the longest waiting first."""
    now = timezone.now()
    rows = FeedSubscription.objects.filter(active=True).order_by("last_checked_at", "pk")
    return [
        row.pk
        for row in rows.only("pk", "last_checked_at", "every_minutes")
        if row.last_checked_at is None
        # Less half a minute: a feed fetched just after one tick is due at the tick an
        # interval later, not the one after.
        or (now - row.last_checked_at).total_seconds() >= row.every_minutes * 60 - 30
    ]


def subscription(pk: int) -> FeedSubscription | None:
    return FeedSubscription.objects.select_related("created_by").filter(pk=pk).first()


def reports_of(subscription_id: int) -> QuerySet[FeedReport]:
    return FeedReport.objects.filter(subscription_id=subscription_id).order_by(
        "-created_at", "-pk"
    )
