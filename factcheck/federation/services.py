"""Every write of the federation: peers and feed subscriptions (editors holding
``federation.manage_federation``), a peer's review imported as theirs, and a subscribed
feed fetched and imported, with the report of what changed.

Imports go through the one ClaimReview import service (``claimreview_import``): as
theirs, public or staff-only reference, all or nothing. Fetches go through the one
outbound client, outside any transaction.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from procrastinate import exceptions as queue_exceptions
from procrastinate.contrib.django import app

from claims.services.claimreview import ReviewRecord, ReviewReport, claimreview_import
from factcheck.base import outbound
from factcheck.base.services import AnyUser, changes_to, require, save_validated
from factcheck.claimreview.parse import parse
from factcheck.federation import selectors
from factcheck.federation.models import (
    GOOGLE_API,
    MANAGE_FEDERATION,
    FeedKind,
    FeedReport,
    FeedSubscription,
    ImportAs,
    Peer,
    PeerKind,
    ReportOutcome,
)
from factcheck.federation.peers import PeerReview

PEER_FIELDS = ("name", "kind", "base_url", "api_key", "import_as", "active")
SUBSCRIPTION_FIELDS = ("name", "feed_url", "kind", "import_as", "every_minutes", "active")
FETCH_TASK = "federation.fetch_feed"
# A factcheck installation's feed is next asked from its last Last-Modified less this:
# a revision written in a transaction that committed after the answer was made is still
# newer than that (reviews fetched twice are "unchanged").
OVERLAP = timedelta(minutes=10)
ERRORS_KEPT = 20_000  # characters of a report's list of errors


def _check_address(field: str, url: str) -> None:
    try:
        outbound.check_url(url)
    except outbound.OutboundError as exc:
        raise ValidationError({field: [str(exc)]}) from None


def _manager(user: AnyUser) -> Any:
    return require(user, MANAGE_FEDERATION, _("configure peers and feed subscriptions"))


# -- Peers ----------------------------------------------------------------------------------


def peer_create(
    *,
    user: AnyUser,
    name: str,
    kind: str = PeerKind.FACTCHECK,
    base_url: str = "",
    api_key: str = "",
    import_as: str = ImportAs.PUBLIC,
    active: bool = True,
) -> Peer:
    with transaction.atomic():
        actor = _manager(user)
        base_url = base_url.strip() or (GOOGLE_API if kind == PeerKind.GOOGLE else "")
        _check_address("base_url", base_url)
        peer = Peer(
            name=name.strip(),
            kind=kind,
            base_url=base_url,
            api_key=api_key.strip(),
            import_as=import_as,
            active=active,
            created_by=actor,
        )
        save_validated(peer, {})
        return peer


def peer_update(*, peer: Peer, user: AnyUser, changes: Mapping[str, Any]) -> Peer:
    """``api_key`` given empty keeps the key (the form never shows it)."""
    with transaction.atomic():
        _manager(user)
        peer = Peer.objects.select_for_update().get(pk=peer.pk)
        given = {k: v for k, v in changes.items() if not (k == "api_key" and not v)}
        real = changes_to(peer, given, allowed=PEER_FIELDS)
        if "base_url" in real:
            _check_address("base_url", real["base_url"])
            if peer.api_key and "api_key" not in given:
                # The saved key is never shown: moved with the address, it would be sent to
                # a host of the editor's choosing. Whoever moves it types it again.
                raise ValidationError(
                    {"api_key": [_("Give the API key again: it is sent to the new address.")]}
                )
        if real:
            save_validated(peer, real)
        return peer


def peer_delete(*, peer: Peer, user: AnyUser) -> None:
    """What was imported from it stays: the reviews are theirs, not the peer's."""
    with transaction.atomic():
        _manager(user)
        Peer.objects.filter(pk=peer.pk).delete()


def review_record(review: PeerReview, *, where: str) -> ReviewRecord:
    """A review from a peer's answer as the ClaimReview importer reads one."""
    if not review.rating:
        raise ValidationError(
            _("%(where)s: their review gives no rating, so it cannot be filed.") % {"where": where}
        )
    if not review.claim_text:
        raise ValidationError(_("%(where)s: their review names no claim.") % {"where": where})
    parts = urlsplit(review.url)
    site = review.publisher_site.removeprefix("https://").removeprefix("http://").strip("/")
    publisher_url = f"https://{site}/" if site else f"{parts.scheme}://{parts.netloc}/"
    return ReviewRecord(
        review_url=review.url,
        publisher_name=review.publisher_name,
        publisher_url=publisher_url,
        claim_text=review.claim_text,
        rating_label=review.rating,
        review_date=review.review_date,
        headline=review.title,
        claimant=review.claimant,
        claim_date=review.claim_date,
        language=review.language,
        where=where,
        # Their review's own date, as a ClaimReview file gives it: without it the record
        # would say the date is unknown ("first seen" on that day) though they gave it.
        their_review=(
            {"datePublished": review.review_date.isoformat()} if review.review_date else {}
        ),
    )


def peer_review_import(*, peer: Peer, review: PeerReview, user: AnyUser) -> ReviewReport:
    """One review from a peer's answer, imported as its publisher's (public or staff-only
    reference, as the peer is set up), by the import service and its rules: an editor's
    step, our own verdicts never imported, a review held in the newsroom left alone."""
    record = review_record(review, where=_("%(peer)s's answer") % {"peer": peer.name})
    return claimreview_import(
        records=[record], user=user, as_reference=peer.import_as == ImportAs.REFERENCE
    )


# -- Feed subscriptions -------------------------------------------------------------------------


def subscription_create(
    *,
    user: AnyUser,
    name: str,
    feed_url: str,
    kind: str = FeedKind.FACTCHECK,
    import_as: str = ImportAs.PUBLIC,
    every_minutes: int = 60,
    active: bool = True,
) -> FeedSubscription:
    with transaction.atomic():
        actor = _manager(user)
        _check_address("feed_url", feed_url.strip())
        subscription = FeedSubscription(
            name=name.strip(),
            feed_url=feed_url.strip(),
            kind=kind,
            import_as=import_as,
            every_minutes=every_minutes,
            active=active,
            created_by=actor,
        )
        save_validated(subscription, {})
        return subscription


def subscription_update(
    *, subscription: FeedSubscription, user: AnyUser, changes: Mapping[str, Any]
) -> FeedSubscription:
    """Another address or kind of feed starts again from a whole fetch; from then on its
    imports run as the editor who changed what or how it imports."""
    with transaction.atomic():
        actor = _manager(user)
        subscription = FeedSubscription.objects.select_for_update().get(pk=subscription.pk)
        real = changes_to(subscription, changes, allowed=SUBSCRIPTION_FIELDS)
        if "feed_url" in real:
            _check_address("feed_url", real["feed_url"])
        if {"feed_url", "kind"} & set(real):
            real.update(etag="", last_modified="", since=None)
        if {"feed_url", "kind", "import_as"} & set(real):
            # Whoever chooses what is imported, and how, is who imports it (the audit
            # history names them), never the editor who first subscribed.
            real["created_by"] = actor
        if real:
            save_validated(subscription, real)
        return subscription


def subscription_start_over(*, subscription: FeedSubscription, user: AnyUser) -> FeedSubscription:
    """The next fetch takes the whole feed, unconditionally: its ETag, Last-Modified and
    ``since`` forgotten (after the peer's site moved, or to bring back what it left out)."""
    with transaction.atomic():
        _manager(user)
        FeedSubscription.objects.filter(pk=subscription.pk).update(
            etag="", last_modified="", since=None, updated_at=timezone.now()
        )
        return FeedSubscription.objects.get(pk=subscription.pk)


def subscription_delete(*, subscription: FeedSubscription, user: AnyUser) -> None:
    """Its reports go with it; what it imported stays (their reviews, on file here)."""
    with transaction.atomic():
        _manager(user)
        FeedSubscription.objects.filter(pk=subscription.pk).delete()


def enqueue_fetch(subscription_id: int) -> bool:
    """A fetch of the feed as a job, in the caller's transaction; False when one is already
    waiting (the queueing lock keeps one per feed, and the lock one running)."""
    lock = f"federation-feed-{subscription_id}"
    try:
        with transaction.atomic():  # a refusal rolls back this savepoint, not the caller
            app.configure_task(
                FETCH_TASK, queue="federation", lock=lock, queueing_lock=lock
            ).defer(subscription_id=subscription_id)
    except queue_exceptions.AlreadyEnqueued:
        return False
    return True


def subscription_fetch_soon(*, subscription: FeedSubscription, user: AnyUser) -> bool:
    """The admin's "Fetch now": the job is queued (a worker runs it at once)."""
    with transaction.atomic():
        _manager(user)
        return enqueue_fetch(subscription.pk)


def asked_url(subscription: FeedSubscription) -> str:
    """The feed's address, with ``since`` for a factcheck installation's feed once a
    fetch told where to start next."""
    if subscription.kind != FeedKind.FACTCHECK or subscription.since is None:
        return subscription.feed_url
    parts = urlsplit(subscription.feed_url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "since"]
    query.append(("since", subscription.since.astimezone(UTC).isoformat()))
    return urlunsplit(parts._replace(query=urlencode(query)))


def _next_since(subscription: FeedSubscription, response: outbound.Response) -> Any:
    if subscription.kind != FeedKind.FACTCHECK:
        return None
    try:
        modified = parsedate_to_datetime(response.headers.get("last-modified", ""))
    except (TypeError, ValueError, IndexError):
        return None  # no date to start from: the whole feed next time
    if modified.tzinfo is None:
        return None
    now = timezone.now()
    try:
        modified = modified.astimezone(UTC)
    except OverflowError:  # past the year 9999 in UTC
        modified = now
    # A date in the future (RFC 9110: read as now) would ask for nothing ever again.
    return min(modified, now) - OVERLAP


def _validator(value: str, limit: int) -> str:
    """An ETag or Last-Modified to send back next time: one line of printable ASCII within
    ``limit``, else none (a folded or cut value is a header http.client refuses to send)."""
    return value if len(value) <= limit and re.fullmatch(r"[\x20-\x7e]*", value) else ""


def _close(subscription: FeedSubscription, report: FeedReport, **validators: Any) -> FeedReport:
    report.save()
    FeedSubscription.objects.filter(pk=subscription.pk).update(
        last_checked_at=timezone.now(), updated_at=timezone.now(), **validators
    )
    return report


def _failed(subscription: FeedSubscription, report: FeedReport, why: str) -> FeedReport:
    report.outcome = ReportOutcome.FAILED
    report.errors = why[:ERRORS_KEPT]
    with transaction.atomic():
        return _close(subscription, report)


def feed_fetch(*, subscription_id: int) -> FeedReport | None:
    """Fetch a subscribed feed (conditionally: its last ETag and Last-Modified are sent
    back) and import what it holds as theirs, all in one transaction with the report and
    the validators to send next time: a failed import writes nothing but its report.
    None when the subscription is gone or switched off."""
    subscription = selectors.subscription(subscription_id)
    if subscription is None or not subscription.active:
        return None
    # Stamped first: the periodic look for feeds due does not queue this one again while
    # it is being fetched.
    FeedSubscription.objects.filter(pk=subscription.pk).update(last_checked_at=timezone.now())
    url = asked_url(subscription)
    report = FeedReport(subscription=subscription, url=url)
    headers = {"Accept": "application/ld+json, application/json"}
    if subscription.etag:
        headers["If-None-Match"] = subscription.etag
    if subscription.last_modified:
        headers["If-Modified-Since"] = subscription.last_modified
    try:
        response = outbound.fetch(
            url,
            headers=headers,
            timeout=settings.FACTCHECK_FEED_TIMEOUT,
            max_bytes=settings.FACTCHECK_FEED_MAX_MB * 2**20,
        )
    except outbound.OutboundError as exc:
        return _failed(subscription, report, str(exc))
    report.http_status, report.elapsed_ms = response.status, response.elapsed_ms
    if response.status == 304:
        report.outcome = ReportOutcome.NOT_MODIFIED
        with transaction.atomic():
            return _close(subscription, report)
    if not response.ok:
        return _failed(subscription, report, f"It answered HTTP {response.status}.")
    try:
        records = parse(response.body.decode("utf-8"), skip_invalid=True)
    except UnicodeDecodeError:
        return _failed(subscription, report, "Its answer is not UTF-8 text.")
    except ValidationError as exc:
        return _failed(subscription, report, " ".join(exc.messages))
    report.reviews = len(records)
    user = subscription.created_by
    if user is None:
        return _failed(
            subscription,
            report,
            "No one to import as: whoever subscribed was removed. Subscribe again.",
        )
    try:
        with transaction.atomic():
            done = claimreview_import(
                records=records,
                user=user,
                skip_invalid=True,
                as_reference=subscription.import_as == ImportAs.REFERENCE,
            )
            report.outcome = ReportOutcome.IMPORTED
            report.created, report.updated = done.created, done.updated
            report.unchanged, report.held = done.unchanged, done.held
            report.skipped_ours, report.invalid = done.skipped_ours, len(done.skipped)
            listed = [f"{s.where} ({s.url or 'no URL'}): {s.reason}" for s in done.skipped]
            report.errors = "\n".join(listed)[:ERRORS_KEPT]
            return _close(
                subscription,
                report,
                etag=_validator(response.headers.get("etag", ""), 500),
                last_modified=_validator(response.headers.get("last-modified", ""), 100),
                since=_next_since(subscription, response),
            )
    except (ValidationError, PermissionDenied, DatabaseError) as exc:
        why = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return _failed(subscription, report, f"Nothing was imported: {why}")
