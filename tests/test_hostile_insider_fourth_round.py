"""Hostile insider, fourth round: the write paths and public surfaces of issue 20 (email
alerts, peers and feed subscriptions, long commands as jobs), attacked as every role and as
a peer that answers in bad faith. Each test is an attack; each pins a rule the round found
broken (and now fixed) or one nothing else pinned."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from claims import services as claim_services
from claims.models import Claim, Speaker, Verdict, VerdictRevision
from factcheck.alerts import dispatch
from factcheck.alerts import services as alerts
from factcheck.alerts.models import Subscription
from factcheck.federation import services as federation
from factcheck.federation.models import FeedSubscription, Peer
from factcheck.jobs.models import JobRun
from tests import factories
from tests.alert_parts import drain, smtp_server, whole
from tests.conftest import MARKER
from tests.federation_parts import GOOGLE_KEY, Answer, Asked, fake_site, fixed, google

pytestmark = pytest.mark.django_db
FETCH = federation.FETCH_TASK

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://othercheck.example.org/checks/bridge",
    "claimReviewed": "The mayor said the bridge cost a billion dollars",
    "datePublished": "2026-11-02",
    "author": {
        "@type": "Organization",
        "name": "Other Check",
        "url": "https://othercheck.example.org/",
    },
    "reviewRating": {"@type": "Rating", "alternateName": "False"},
}
FEED = json.dumps(
    {"@type": "DataFeed", "dataFeedElement": [{"@type": "DataFeedItem", "item": [REVIEW]}]}
).encode()


@pytest.fixture
def loopback(settings: Any) -> Any:
    settings.FACTCHECK_OUTBOUND_ALLOW = ["127.0.0.1"]
    settings.FACTCHECK_PEER_BUDGET_MS = 2000
    settings.FACTCHECK_PEER_CACHE_SECONDS = 0
    return settings


# -- A peer's feed that answers in bad faith ------------------------------------------------


@pytest.mark.parametrize(
    "last_modified",
    [
        "Fri, 31 Dec 9999 23:59:59 -1500",  # year 10000 in UTC: Python cannot read it back
        "Fri, 31 Dec 9999 23:59:59 -2359",  # an offset PostgreSQL does not take
        "Sat, 01 Jan 2500 00:00:00 GMT",  # the future: nothing newer would be asked for
    ],
)
def test_a_feeds_last_modified_from_the_future_neither_wedges_nor_blinds_the_subscription(
    loopback, editor, login, last_modified
):
    headers = {"Content-Type": "application/json", "Last-Modified": last_modified}
    with fake_site({"feed": fixed(Answer(body=FEED, headers=headers))}) as site:
        subscription = federation.subscription_create(
            user=editor, name="Bad Faith", feed_url=site.base("feed"), kind="factcheck"
        )
        first = federation.feed_fetch(subscription_id=subscription.pk)
        assert first is not None
        assert first.outcome == "imported", first.errors
        second = federation.feed_fetch(subscription_id=subscription.pk)
        assert second is not None
        assert second.outcome == "imported", second.errors
    subscription = FeedSubscription.objects.get(pk=subscription.pk)
    assert subscription.since is not None
    assert subscription.since <= timezone.now()
    client = login(editor)
    assert client.get(reverse("admin:federation_feedsubscription_changelist")).status_code == 200
    page = reverse("admin:federation_feedsubscription_change", args=[subscription.pk])
    assert client.get(page).status_code == 200


def test_a_feeds_validators_that_cannot_be_sent_back_do_not_break_the_next_fetch(loopback, editor):
    # A folded header, cut where it was stored, would end in a bare line break: a header
    # value http.client refuses to send (ValueError, outside every handler).
    etag = '"' + "x" * 497 + "\r\n y" + '"'

    def route(asked: Asked) -> Answer:
        return Answer(body=FEED, headers={"Content-Type": "application/json", "ETag": etag})

    with fake_site({"feed": route}) as site:
        subscription = federation.subscription_create(
            user=editor, name="Folded", feed_url=site.base("feed"), kind="datafeed"
        )
        for _ in range(2):
            report = federation.feed_fetch(subscription_id=subscription.pk)
            assert report is not None
            assert report.outcome == "imported", report.errors


# -- Peers: the saved API key ---------------------------------------------------------------


def test_an_editor_cannot_send_the_saved_google_key_to_an_address_of_their_choosing(
    loopback, editor, editor2, login
):
    with fake_site({"google": google(b"{}"), "mine": fixed(Answer(body=b"{}"))}) as site:
        peer = federation.peer_create(
            user=editor,
            name="Google",
            kind="google",
            base_url=site.base("google"),
            api_key=GOOGLE_KEY,
        )
        # Another editor (the key is never shown to them) points the peer elsewhere.
        with pytest.raises(ValidationError) as refused:
            federation.peer_update(
                peer=peer, user=editor2, changes={"base_url": site.base("mine"), "api_key": ""}
            )
        assert "api_key" in refused.value.message_dict
        # Nor through the admin's form (whose key field is always shown empty).
        form = {
            "name": "Google",
            "kind": "google",
            "base_url": site.base("mine"),
            "api_key": "",
            "import_as": "public",
            "active": "on",
        }
        page = login(editor2).post(reverse("admin:federation_peer_change", args=[peer.pk]), form)
        assert page.status_code == 200  # the form again, with what is missing
        assert Peer.objects.get(pk=peer.pk).base_url == site.base("google")
        # With the key typed again, it moves.
        federation.peer_update(
            peer=peer, user=editor2, changes={"base_url": site.base("mine"), "api_key": "new"}
        )
    peer = Peer.objects.get(pk=peer.pk)
    assert peer.api_key == "new"


def test_whoever_repoints_a_feed_is_who_its_imports_run_as(loopback, editor, editor2):
    with fake_site({"feed": fixed(Answer(body=FEED))}) as site:
        subscription = federation.subscription_create(
            user=editor, name="Other Check", feed_url=site.base("feed"), import_as="reference"
        )
        # editor2 points editor's subscription at a feed of their choosing, made public:
        # the imports (and the audit history) must not name editor.
        federation.subscription_update(
            subscription=subscription,
            user=editor2,
            changes={"feed_url": site.base("feed") + "other.json", "import_as": "public"},
        )
        assert FeedSubscription.objects.get(pk=subscription.pk).created_by == editor2
        report = federation.feed_fetch(subscription_id=subscription.pk)
    assert report is not None
    assert report.created == 1, report.errors
    verdict = Verdict.objects.get(external_url=REVIEW["url"])
    assert verdict.claim.created_by_id == editor2.pk
    # A change of name or interval is not a new subscriber.
    federation.subscription_update(
        subscription=subscription, user=editor, changes={"name": "Renamed", "every_minutes": 90}
    )
    assert FeedSubscription.objects.get(pk=subscription.pk).created_by == editor2


# -- Alerts ---------------------------------------------------------------------------------


def test_no_alert_or_digest_carries_anything_the_public_does_not_see(settings, planted):
    """Followers of the planted words and of the speaker whose working copy holds them;
    every revision on file dispatched, every digest sent: no message holds the marker."""
    settings.FACTCHECK_SITE_URL = "https://factcheck.example.org/"
    public = (
        Verdict.objects.public().ours().filter(claim__speaker__isnull=False).order_by("pk").first()
    )
    assert public is not None
    assert public.claim.speaker is not None
    # The working copy edited since publication: the public document is what was reviewed.
    Claim.objects.filter(pk=public.claim_id).update(
        text=f"{MARKER} working text", quote=f"{MARKER} working quote"
    )
    Speaker.objects.filter(pk=public.claim.speaker_id).update(description=f"{MARKER} working")
    wanted: list[dict[str, Any]] = [
        {"query": MARKER, "frequency": "immediate"},
        {"query": f"{MARKER} Trump Qatar", "frequency": "daily"},
        {"speaker": public.claim.speaker, "frequency": "immediate"},
        {"speaker": public.claim.speaker, "frequency": "daily"},
    ]
    with smtp_server(settings) as box:
        for n, target in enumerate(wanted):
            asked = alerts.subscription_request(email=f"follower{n}@example.org", **target)
            assert asked is not None
            assert alerts.subscription_confirm(key=asked.key)
        drain()
        confirmations = len(box.messages)
        for revision_id in VerdictRevision.objects.values_list("pk", flat=True):
            dispatch.revision_dispatch(revision_id=revision_id)
        drain()
        later = timezone.now() + timedelta(days=2)
        for subscription in Subscription.objects.filter(frequency="daily"):
            dispatch.digest_send(subscription_id=subscription.pk, now=later)
        alerted = box.messages[confirmations:]
    assert alerted, "the public verdict's revision is an alert to its speaker's followers"
    for message in alerted:
        assert MARKER not in whole(message)


# -- Odd input: a 400 or a form error, never a 500 --------------------------------------------

ODD = ["²", "٣", "9" * 30, "x" * 3000]


def test_odd_values_on_every_new_route_are_never_a_500(loopback, editor, seed, login, client):
    staff = login(editor)
    admin_lists = [
        "admin:federation_peer_changelist",
        "admin:federation_feedsubscription_changelist",
        "admin:federation_feedreport_changelist",
        "admin:alerts_subscription_changelist",
        "admin:alerts_readernotice_changelist",
        "admin:jobs_jobrun_changelist",
    ]
    for value in ODD:
        for name in admin_lists:
            for param in ("p", "o", "subscription__id__exact"):
                response = staff.get(reverse(name), {param: value})
                assert response.status_code < 500, (name, param, value)
        asked = [
            staff.get(reverse("admin:federation_peer_search"), {"text": value}),
            staff.post(reverse("admin:federation_peer_import"), {"peer": value, "url": value}),
            staff.post(
                reverse("admin:federation_feedsubscription_add"),
                {
                    "name": "x",
                    "feed_url": "https://feeds.example.org/",
                    "kind": "datafeed",
                    "import_as": "public",
                    "every_minutes": value,
                    "active": "on",
                },
            ),
            staff.post(
                reverse("admin:jobs_jobrun_add"),
                {"kind": "import_claimreview", "source_url": f"https://x.example.org/{value}"},
            ),
            client.get(reverse("alerts:subscribe"), {"speaker": value}),
            client.get(reverse("alerts:subscribe"), {"topic": value}),
            client.post(
                reverse("alerts:subscribe") + "?q=budget",
                {"q": value, "email": f"{value}@example.org", "frequency": value},
            ),
            client.get(reverse("alerts:confirm", args=[value])),
            client.post(reverse("alerts:unsubscribe", args=[value])),
            client.get(reverse("api:claimreview-feed"), {"since": f"2026-01-01T00:00:00{value}"}),
        ]
        for response in asked:
            assert response.status_code < 500, (response.request, value)


# -- Roles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "signed-in reader", "staff without a role"])
def test_no_one_below_the_newsroom_reaches_the_new_staff_routes(
    loopback, editor, login, client, who
):
    with fake_site({"peer": fixed(Answer(body=b"{}"))}) as site:
        peer = federation.peer_create(user=editor, name="Peer", base_url=site.base("peer"))
        subscription = federation.subscription_create(
            user=editor, name="Feed", feed_url=site.base("peer")
        )
        if who == "anonymous":
            asker = client
        else:
            user = factories.make_user(username=who.replace(" ", "-"))
            user.is_staff = who.startswith("staff")
            user.save(update_fields=["is_staff"])
            asker = login(user)
        gets = [
            reverse("admin:federation_peer_search") + "?text=budget",
            reverse("admin:federation_peer_changelist"),
            reverse("admin:federation_peer_change", args=[peer.pk]),
            reverse("admin:federation_feedsubscription_change", args=[subscription.pk]),
            reverse("admin:federation_feedreport_changelist"),
            reverse("admin:alerts_subscription_changelist"),
            reverse("admin:alerts_readernotice_changelist"),
            reverse("admin:jobs_jobrun_changelist"),
            reverse("admin:jobs_jobrun_add"),
        ]
        for url in gets:
            assert asker.get(url).status_code in (302, 403), url
        posts = {
            reverse("admin:federation_peer_import"): {
                "peer": peer.pk,
                "text": "budget",
                "url": "x",
            },
            reverse("admin:federation_feedsubscription_changelist"): {
                "action": "fetch_now",
                "_selected_action": [subscription.pk],
            },
            reverse("admin:jobs_jobrun_add"): {"kind": "embed_claims"},
        }
        for url, data in posts.items():
            assert asker.post(url, data).status_code in (302, 403), url
        assert site.asked == []  # no peer was asked on their behalf
    assert not JobRun.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE task_name = %s", [FETCH])
        assert cursor.fetchone() == (0,)  # no fetch queued either


# -- The DataFeed's validators tell nothing of unpublished work --------------------------------


def test_a_draft_saved_in_the_newsroom_changes_nothing_the_public_feed_tells(
    client, seed, factchecker
):
    feed = reverse("api:claimreview-feed")
    first = client.get(feed)
    assert first.status_code == 200
    draft = factories.make_verdict(author=factchecker, headline="A draft")
    claim_services.verdict_update(
        verdict=draft,
        user=factchecker,
        expected_version=factories.version(draft),
        changes={"headline": f"{MARKER} draft headline"},
    )
    again = client.get(feed, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
