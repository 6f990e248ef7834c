"""Feed subscriptions: a peer's ClaimReview DataFeed fetched with conditional requests,
new and changed reviews imported as theirs (public or staff-only reference), a report of
every fetch, a failed import writing nothing; the periodic job and a real worker. The feed
is served by a local HTTP server."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError
from django.urls import reverse

from claims.models import Verdict
from claims.services import claimreview
from factcheck.federation import services, tasks
from factcheck.federation.models import FeedReport, FeedSubscription
from tests.federation_parts import Answer, Asked, Route, fake_site, fixed
from tests.webhook_parts import clear_queue, queued, run_jobs

pytestmark = pytest.mark.django_db
LAST_MODIFIED = "Mon, 30 Nov 2026 10:00:00 GMT"


def review(n: int, rating: str = "False", **changes: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://othercheck.example.org/checks/{n}",
        "claimReviewed": f"The mayor said the bridge cost {n} million dollars",
        "datePublished": "2026-11-02",
        "author": {
            "@type": "Organization",
            "name": "Other Check",
            "url": "https://othercheck.example.org/",
        },
        "reviewRating": {"@type": "Rating", "alternateName": rating},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Jane Mayor"}},
    }
    found.update(changes)
    return found


def datafeed(*reviews: dict[str, Any]) -> bytes:
    elements = [{"@type": "DataFeedItem", "item": [r]} for r in reviews]
    return json.dumps(
        {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": elements}
    ).encode()


class Feed:
    """A peer's feed: answers 304 to the ETag of its current version."""

    def __init__(self, *reviews: dict[str, Any]) -> None:
        self.version = 1
        self.body = datafeed(*reviews)

    def change(self, *reviews: dict[str, Any]) -> None:
        self.version += 1
        self.body = datafeed(*reviews)

    def __call__(self, asked: Asked) -> Answer:
        etag = f'"v{self.version}"'
        headers = {
            "Content-Type": "application/json",
            "ETag": etag,
            "Last-Modified": LAST_MODIFIED,
        }
        if asked.headers.get("if-none-match") == etag:
            return Answer(304, b"", headers)
        return Answer(body=self.body, headers=headers)


@pytest.fixture
def feeds_on(settings: Any) -> Any:
    settings.FACTCHECK_OUTBOUND_ALLOW = ["127.0.0.1"]
    return settings


def _subscribe(editor: Any, url: str, **fields: Any) -> FeedSubscription:
    fields.setdefault("kind", "datafeed")
    return services.subscription_create(user=editor, name="Other Check", feed_url=url, **fields)


def _fetch(subscription: FeedSubscription) -> FeedReport:
    report = services.feed_fetch(subscription_id=subscription.pk)
    assert report is not None
    return report


def test_new_reviews_are_imported_as_theirs_and_an_unchanged_feed_is_a_304(feeds_on, editor):
    feed = Feed(review(1), review(2, rating="Mostly False"))
    with fake_site({"feed": feed}) as site:
        subscription = _subscribe(editor, site.base("feed") + "claimreview-feed.json")
        first = _fetch(subscription)
        assert (first.outcome, first.http_status) == ("imported", 200)
        assert (first.reviews, first.created, first.updated, first.invalid) == (2, 2, 0, 0)
        verdicts = Verdict.objects.filter(
            external_url__startswith="https://othercheck.example.org/"
        )
        assert sorted(v.status for v in verdicts) == ["published", "published"]
        assert {v.publisher.name for v in verdicts} == {"Other Check"}
        assert Verdict.objects.public().filter(pk__in=verdicts).count() == 2
        subscription.refresh_from_db()
        assert subscription.etag == '"v1"'
        assert subscription.last_modified == LAST_MODIFIED
        assert subscription.since is None  # any DataFeed: fetched whole
        second = _fetch(subscription)
        assert (second.outcome, second.http_status) == ("not_modified", 304)
        assert site.asked[-1].headers["if-none-match"] == '"v1"'
        assert site.asked[-1].headers["if-modified-since"] == LAST_MODIFIED
        # Changed: one review's rating, one new; the unchanged one is left alone.
        feed.change(review(1), review(2, rating="False"), review(3))
        third = _fetch(subscription)
        assert (third.created, third.updated, third.unchanged) == (1, 1, 1)
    assert Verdict.objects.get(external_url=review(2)["url"]).rating.label == "False"
    subscription.refresh_from_db()
    assert subscription.last_checked_at is not None
    assert (
        list(subscription.reports.values_list("outcome", flat=True))
        == [
            "imported",
            "not_modified",
            "imported",
        ][::-1]
    )


def test_a_reference_subscription_files_staff_only_records(feeds_on, editor):
    with fake_site({"feed": Feed(review(1))}) as site:
        subscription = _subscribe(editor, site.base("feed"), import_as="reference")
        assert _fetch(subscription).created == 1
    verdict = Verdict.objects.get(external_url=review(1)["url"])
    assert verdict.status == "reference"
    assert not Verdict.objects.public().exists()
    assert not verdict.revisions.exists()


def test_a_factcheck_installations_feed_is_asked_only_for_what_changed(feeds_on, editor):
    with fake_site({"feed": Feed(review(1))}) as site:
        url = site.base("feed") + "claimreview-feed.json"
        subscription = _subscribe(editor, url, kind="factcheck")
        _fetch(subscription)
        assert "since" not in site.asked[0].query  # the first fetch takes everything
        subscription.refresh_from_db()
        assert subscription.since is not None
        report = _fetch(subscription)
    (since,) = parse_qs(urlsplit(report.url).query)["since"]
    assert site.asked[-1].query["since"] == [since]
    # Its last Last-Modified less ten minutes: what committed late is still asked for.
    assert since == "2026-11-30T09:50:00+00:00"


def test_a_failed_fetch_or_import_writes_nothing_but_its_report(feeds_on, editor, monkeypatch):
    routes: dict[str, Route] = {
        "garbage": fixed(
            Answer(body=b"<html>Bad gateway</html>", headers={"Content-Type": "text/html"})
        ),
        "error": fixed(Answer(500, b"down")),
        "private": fixed(Answer(302, b"", {"Location": "http://10.0.0.1/feed.json"})),
        "good": Feed(review(1), review(2)),
    }
    with fake_site(routes) as site:
        for name, why in [
            ("garbage", "JSON-LD"),
            ("error", "HTTP 500"),
            ("private", "private address"),
        ]:
            report = _fetch(_subscribe(editor, site.base(name)))
            assert report.outcome == "failed", name
            assert why in report.errors, (name, report.errors)
        # The database refuses the second review: the first is not kept either.
        calls: list[int] = []
        real = claimreview._one

        def failing(*args: Any, **kwargs: Any) -> None:
            calls.append(1)
            if len(calls) == 2:
                raise DatabaseError("the database went away")
            real(*args, **kwargs)

        monkeypatch.setattr(claimreview, "_one", failing)
        subscription = _subscribe(editor, site.base("good"))
        report = _fetch(subscription)
    assert report.outcome == "failed"
    assert "the database went away" in report.errors
    assert not Verdict.objects.exists()
    subscription.refresh_from_db()
    assert subscription.etag == ""  # fetched whole again next time
    assert subscription.last_checked_at is not None


def test_invalid_reviews_are_left_out_and_listed(feeds_on, editor):
    broken = review(2, url="javascript:alert(1)")
    with fake_site({"feed": Feed(review(1), broken)}) as site:
        report = _fetch(_subscribe(editor, site.base("feed")))
    assert (report.outcome, report.created, report.invalid) == ("imported", 1, 1)
    assert "ClaimReview 2" in report.errors
    assert "url" in report.errors


def test_our_own_verdicts_and_the_newsroom_s_held_reviews_are_left_alone(
    feeds_on, editor, settings
):
    ours = review(1, url=settings.FACTCHECK_SITE_URL + "claims/ours/")
    with fake_site({"feed": Feed(ours, review(2))}) as site:
        subscription = _subscribe(editor, site.base("feed"))
        assert _fetch(subscription).skipped_ours == 1
        Verdict.objects.filter(external_url=review(2)["url"]).update(status="reference")
        subscription.etag = ""
        subscription.save()
        assert _fetch(subscription).held == 1


def test_subscribing_is_for_editors_and_private_feeds_are_refused(feeds_on, editor, factchecker):
    with pytest.raises(PermissionDenied):
        _subscribe(factchecker, "https://othercheck.example.org/feed.json")
    feeds_on.FACTCHECK_OUTBOUND_ALLOW = []
    with pytest.raises(ValidationError, match="loopback"):
        _subscribe(editor, "http://127.0.0.1:8000/feed.json")
    with pytest.raises(ValidationError):
        _subscribe(editor, "https://othercheck.example.org/feed.json", every_minutes=1)
    long_url = "https://othercheck.example.org/" + "é" * 1900
    _subscribe(editor, long_url)
    with pytest.raises(ValidationError, match="already subscribed"):
        _subscribe(editor, long_url)


def test_a_subscription_whose_subscriber_was_removed_says_so(feeds_on, editor):
    with fake_site({"feed": Feed(review(1))}) as site:
        subscription = _subscribe(editor, site.base("feed"))
        FeedSubscription.objects.filter(pk=subscription.pk).update(created_by=None)
        report = _fetch(subscription)
    assert report.outcome == "failed"
    assert "Subscribe again" in report.errors
    assert not Verdict.objects.exists()


def test_the_admin_lists_reports_and_queues_a_fetch(feeds_on, editor, factchecker, login):
    clear_queue()
    with fake_site({"feed": Feed(review(1))}) as site:
        subscription = _subscribe(editor, site.base("feed"))
        _fetch(subscription)
    client = login(editor)
    page = client.get(reverse("admin:federation_feedsubscription_change", args=[subscription.pk]))
    assert "Fetched and imported" in page.content.decode()
    assert "1 new" in page.content.decode()
    reports = client.get(reverse("admin:federation_feedreport_changelist")).content.decode()
    assert "Other Check" in reports
    action = {"action": "fetch_now", "_selected_action": [subscription.pk]}
    client.post(reverse("admin:federation_feedsubscription_changelist"), action)
    client.post(reverse("admin:federation_feedsubscription_changelist"), action)
    assert [job["args"] for job in queued("federation.fetch_feed")] == [
        {"subscription_id": subscription.pk}
    ]
    subscription.refresh_from_db()
    assert subscription.etag == '"v1"'
    start_over = {"action": "start_over", "_selected_action": [subscription.pk]}
    client.post(reverse("admin:federation_feedsubscription_changelist"), start_over)
    subscription.refresh_from_db()
    assert (subscription.etag, subscription.last_modified, subscription.since) == ("", "", None)
    # Its change form saves what was changed.
    form = {
        "name": "Other Check, renamed",
        "feed_url": subscription.feed_url,
        "kind": subscription.kind,
        "import_as": subscription.import_as,
        "every_minutes": 30,
        "active": "on",
    }
    change = reverse("admin:federation_feedsubscription_change", args=[subscription.pk])
    saved = client.post(change, form)
    assert saved.status_code == 302, saved.content.decode()[:3000]
    subscription.refresh_from_db()
    assert (subscription.name, subscription.every_minutes) == ("Other Check, renamed", 30)
    for name in ("feedreport", "feedsubscription", "peer"):
        listing = reverse(f"admin:federation_{name}_changelist")
        assert login(factchecker).get(listing).status_code == 403
    clear_queue()


# -- The periodic job and a real worker -------------------------------------------------------

committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@committed
def test_the_periodic_job_queues_the_feeds_due_and_a_worker_fetches_them(feeds_on, editor):
    clear_queue()
    try:
        with fake_site({"feed": Feed(review(1))}) as site:
            due = _subscribe(editor, site.base("feed"))
            services.subscription_create(
                user=editor, name="Off", feed_url=site.base("off"), kind="datafeed", active=False
            )
            tasks.feeds_due(timestamp=0)
            tasks.feeds_due(timestamp=0)  # queued once: the queueing lock
            assert [j["args"] for j in queued("federation.fetch_feed")] == [
                {"subscription_id": due.pk}
            ]
            run_jobs()
            assert site.count("off") == 0
        report = FeedReport.objects.get()
        assert (report.subscription_id, report.outcome, report.created) == (due.pk, "imported", 1)
        assert Verdict.objects.public().count() == 1
        # Fetched just now: not due again until its interval has passed.
        tasks.feeds_due(timestamp=0)
        assert queued("federation.fetch_feed") == []
    finally:
        clear_queue()
