"""Addresses are personal data: kept only with consent, deleted on request everywhere,
never in the API, the exports, webhook payloads or the audit history; and the forms that
take them (following something, suggesting a claim) are guarded like the suggest form."""

from __future__ import annotations

import io
import time
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.admin.models import LogEntry
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from claims import services as claim_services
from claims.models import ReaderSuggestion
from factcheck.alerts import dispatch, services, tokens
from factcheck.alerts.models import ReaderNotice, Subscription
from factcheck.notify import services as webhooks
from factcheck.notify.models import WebhookEvent
from tests import factories
from tests.alert_parts import alert_jobs, drain, smtp_server, text_of
from tests.conftest import MARKER
from tests.webhook_parts import publish

pytestmark = pytest.mark.django_db
ADDRESS = "reader.one@example.org"
NEIGHBOUR = "desk@example.org"


@pytest.fixture
def smtp(settings):
    settings.FACTCHECK_SITE_URL = "https://factcheck.example.org/"
    with smtp_server(settings) as box:
        yield box


def tables_holding(text: str) -> set[str]:
    """Every table of the database with a row whose text holds ``text`` (any column, any
    case): the event tables of the audit history, the job queue, the admin's log and
    webhook payloads included."""
    found = set()
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        for (table,) in cursor.fetchall():
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT 1 FROM {quoted} AS t WHERE t::text ILIKE %s LIMIT 1", [f"%{text}%"]
            )
            if cursor.fetchone():
                found.add(table)
    return found


def _speaker_on_record(author: Any, name: str = "Mayor Jones") -> Any:
    speaker = factories.make_speaker(name=name)
    publish(author=author, claim=factories.make_claim(speaker=speaker))
    return speaker


def _suggest(client: Client, **form: Any) -> Any:
    data = {"text": "The mayor said bus fares doubled.", "seen_where": "radio", **form}
    return client.post(reverse("web:suggest"), data, follow=True)


def test_a_reader_who_ticks_the_box_is_told_once_when_the_claim_is_checked(
    smtp, factchecker, editor
):
    _suggest(Client(), contact=ADDRESS, consent="on")
    suggestion = ReaderSuggestion.objects.get()
    assert suggestion.contact == ADDRESS
    notice = ReaderNotice.objects.get()
    assert notice.status == "waiting"
    claim = claim_services.suggestion_accept(suggestion=suggestion, user=editor)
    verdict = publish(author=factchecker, claim=claim, headline="Fares rose 4%, not 100%")
    assert drain() == ["alerts.dispatch", "alerts.tell_reader"]
    (told,) = smtp.to(ADDRESS)
    assert "The claim you suggested was checked" in told["Subject"]
    assert "Fares rose 4%, not 100%" in text_of(told)
    assert "List-Unsubscribe" not in told  # nothing to unsubscribe from: it is the only one
    claim_services.verdict_retract(verdict=verdict, user=editor, note="Recanted.")
    drain()
    assert len(smtp.to(ADDRESS)) == 1
    assert ReaderNotice.objects.get().status == "sent"


def test_without_the_box_ticked_the_address_is_not_stored(client):
    page = _suggest(client, contact=ADDRESS).content.decode()
    assert "reached our editors" in page
    assert "did not keep it" in page
    suggestion = ReaderSuggestion.objects.get()
    assert suggestion.contact == ""
    assert not ReaderNotice.objects.exists()
    assert tables_holding(ADDRESS) == set()


def test_a_box_ticked_without_a_valid_address_is_a_form_error(client):
    page = _suggest(client, contact="not an address", consent="on")
    assert page.status_code == 200
    assert "Enter a valid email address" in page.content.decode()
    assert not ReaderSuggestion.objects.exists()


def _everywhere(editor: Any, factchecker: Any, login: Any) -> Any:
    """The address in every place it may be: subscriptions confirmed and not (one added by
    staff in the admin), alerts sent, a suggestion left with consent and told; beside a
    webhook endpoint that hears of everything."""
    webhooks.endpoint_create(
        user=editor,
        name="All events",
        url="https://hooks.example.org/in",
        events=["verdict.published", "suggestion.received", "verdict.retracted"],
    )
    speaker = _speaker_on_record(factchecker)
    confirmed = services.subscription_request(
        email=ADDRESS.upper(), frequency="immediate", speaker=speaker
    )
    services.subscription_confirm(key=confirmed.key)
    services.subscription_request(email=NEIGHBOUR, frequency="immediate", speaker=speaker)
    added = login(editor).post(
        reverse("admin:alerts_subscription_add"),
        {"email": ADDRESS, "frequency": "daily", "query": "bus fares"},
    )
    assert added.status_code == 302, added.content.decode()[:3000]
    _suggest(Client(), contact=ADDRESS, consent="on")
    suggestion = ReaderSuggestion.objects.get()
    claim = claim_services.suggestion_accept(suggestion=suggestion, user=editor)
    publish(author=factchecker, claim=claim)
    publish(author=factchecker, claim=factories.make_claim(speaker=speaker))
    drain()
    return speaker


def test_forget_subscriber_deletes_every_trace_of_the_address(smtp, editor, factchecker, login):
    _everywhere(editor, factchecker, login)
    assert len(smtp.to(ADDRESS)) >= 3  # confirmations, an alert, the reader's notice
    assert Subscription.objects.filter(email=ADDRESS).count() == 2
    assert LogEntry.objects.filter(object_repr__startswith="Alerts on").exists()
    assert tables_holding(ADDRESS) >= {"alerts_subscription", "claims_readersuggestion"}
    said = io.StringIO()
    call_command("forget_subscriber", "Reader.One@Example.ORG", stdout=said)
    assert "2 subscription(s) deleted, 1 suggestion contact(s) blanked" in said.getvalue()
    assert ADDRESS not in said.getvalue().lower()
    assert tables_holding(ADDRESS) == set()
    assert not Subscription.objects.filter(email=ADDRESS).exists()
    assert not LogEntry.objects.filter(object_repr__startswith="Alerts on").exists()
    assert not ReaderNotice.objects.exists()
    assert ReaderSuggestion.objects.get().contact == ""  # the suggestion itself stays
    assert Subscription.objects.filter(email=NEIGHBOUR).exists()  # someone else's


def test_forgetting_an_address_leaves_one_that_merely_contains_it():
    for contact in ("other.reader.one@example.org", f"Reader One <{ADDRESS.upper()}>, 555-0100"):
        claim_services.suggestion_submit(text="A claim.", contact=contact)
    assert claim_services.suggestion_contact_forget(email=ADDRESS) == 1
    assert sorted(ReaderSuggestion.objects.values_list("contact", flat=True)) == [
        "",
        "other.reader.one@example.org",
    ]


def test_an_address_is_held_only_by_its_two_tables_and_never_served(
    smtp, client, editor, factchecker, login
):
    """Grepped: the API (lists, details, the ClaimReview feed, CSV), the staff CSV export,
    webhook payloads, the audit history, the job queue: none holds the address."""
    speaker = _everywhere(editor, factchecker, login)
    assert WebhookEvent.objects.filter(type="suggestion.received").exists()
    assert tables_holding(ADDRESS) == {"alerts_subscription", "claims_readersuggestion"}
    urls = [
        reverse("api:claim-list"),
        reverse("api:claim-list") + "?format=csv",
        reverse("api:verdict-list"),
        reverse("api:speaker-list"),
        reverse("api:speaker-detail", args=[speaker.slug]),
        reverse("api:topic-list"),
        reverse("api:claimreview-feed"),
        reverse("web:speaker", args=[speaker.slug]),
        "/feeds/verdicts.rss",
    ]
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, url
        assert ADDRESS not in body.decode().lower(), url
    for event in WebhookEvent.objects.all():
        assert ADDRESS not in str(event.payload).lower()
    staff = login(editor)
    exported = staff.post(
        reverse("admin:claims_claim_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(ReaderSuggestion.objects.values_list("claim_id", flat=True)),
        },
    )
    body = b"".join(exported.streaming_content) if exported.streaming else exported.content
    assert exported.status_code == 200
    assert ADDRESS not in body.decode().lower()


def test_following_needs_a_speaker_or_topic_the_public_sees(client, editor, factchecker):
    hidden = factories.make_speaker(name=f"{MARKER} Speaker", slug="zqx-speaker")
    factories.make_verdict(claim=factories.make_claim(speaker=hidden), author=factchecker)
    topic = claim_services.topic_create(user=editor, name=f"{MARKER} Topic", slug="zqx-topic")
    for url in ("/alerts/subscribe/?speaker=zqx-speaker", "/alerts/subscribe/?topic=zqx-topic"):
        for response in (client.get(url), client.post(url, {"email": ADDRESS})):
            assert response.status_code == 404
            assert MARKER not in response.content.decode()
    assert not Subscription.objects.exists()
    with pytest.raises(ValidationError, match="published verdicts"):
        services.subscription_add(user=editor, email=ADDRESS, frequency="daily", speaker=hidden)
    with pytest.raises(ValidationError, match="published verdicts"):
        services.subscription_request(email=ADDRESS, frequency="daily", topic=topic)
    for asked in ("", "?speaker=a&topic=b", "?q=" + "x" * 501):
        response = client.get("/alerts/subscribe/" + asked)
        assert response.status_code == 400
        assert "q" in response.content.decode()


def test_the_follow_form_is_rate_limited_and_catches_robots(client, factchecker):
    speaker = _speaker_on_record(factchecker)
    url = f"/alerts/subscribe/?speaker={speaker.slug}"
    form = {"email": ADDRESS, "frequency": "immediate"}
    with override_settings(FACTCHECK_ALERTS_PER_HOUR=2):
        robot = client.post(url, {**form, "website": "http://spam.example"})
        assert robot.status_code == 302
        assert not Subscription.objects.exists()
        codes = [client.post(url, form).status_code for _ in range(2)]
    assert codes == [302, 429]  # the robot's try counted too
    assert Subscription.objects.count() == 1
    bad = client.post(url, {"email": "not an address", "frequency": "immediate"})
    assert "Enter a valid email address" in bad.content.decode()


def test_one_address_gets_few_confirmations_a_day_whoever_asks(client, settings, factchecker):
    settings.FACTCHECK_ALERTS_CONFIRMATIONS_PER_DAY = 2
    speaker = _speaker_on_record(factchecker)
    for query in ("fares", "budget", "schools"):
        services.subscription_request(email=ADDRESS, frequency="daily", query=query)
    services.subscription_request(email=ADDRESS, frequency="daily", speaker=speaker)
    # Past the limit the address is neither mailed nor kept.
    assert sorted(Subscription.objects.values_list("query", flat=True)) == ["budget", "fares"]
    assert len(alert_jobs()) == 2
    # Asking again for one it follows mails nothing more today, and says nothing of it.
    assert services.subscription_request(email=ADDRESS, frequency="daily", query="fares")
    assert Subscription.objects.count() == 2
    assert len(alert_jobs()) == 2


def test_a_bad_or_expired_link_says_so(client, settings, factchecker):
    speaker = _speaker_on_record(factchecker)
    subscription = services.subscription_request(email=ADDRESS, frequency="daily", speaker=speaker)
    good = tokens.confirm_token(subscription.key)

    class EightDaysAgo(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(time.time()) - 8 * 24 * 3600)

    old = EightDaysAgo(salt=tokens.CONFIRM_SALT).sign(subscription.key)
    for token in (good[:-2] + "xx", old, "nothing"):
        assert client.get(f"/alerts/confirm/{token}/").status_code == 400
        assert client.post(f"/alerts/unsubscribe/{token}/").status_code == 400
    assert Subscription.objects.get().confirmed_at is None
    # An unsubscribe link cannot confirm, nor a confirmation link unsubscribe.
    cancel = tokens.unsubscribe_token(subscription.key)
    assert client.post(f"/alerts/confirm/{cancel}/").status_code == 400
    assert client.post(f"/alerts/unsubscribe/{good}/").status_code == 400
    assert client.post(f"/alerts/confirm/{good}/").status_code == 200


def test_an_address_nobody_confirmed_is_deleted_after_the_window(factchecker):
    speaker = _speaker_on_record(factchecker)
    stale = services.subscription_request(email=ADDRESS, frequency="daily", speaker=speaker)
    kept = services.subscription_request(email=NEIGHBOUR, frequency="daily", speaker=speaker)
    services.subscription_confirm(key=kept.key)
    long_ago = timezone.now() - timedelta(days=8)
    Subscription.objects.update(created_at=long_ago)
    assert dispatch.unconfirmed_purge() == 1
    assert list(Subscription.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not Subscription.objects.filter(pk=stale.pk).exists()


def test_only_editors_manage_subscriptions_in_the_admin(editor, factchecker, login):
    speaker = _speaker_on_record(factchecker)
    staff = login(editor)
    response = staff.post(
        reverse("admin:alerts_subscription_add"),
        {"email": "Desk@Example.org", "frequency": "immediate", "speaker": speaker.pk},
    )
    assert response.status_code == 302
    added = Subscription.objects.get()
    assert (added.email, added.added_by, added.confirmed_at) == ("desk@example.org", editor, None)
    assert [name for name, _ in alert_jobs()] == ["alerts.send_confirmation"]
    listing = staff.get(reverse("admin:alerts_subscription_changelist")).content.decode()
    assert "desk@example.org" in listing
    for page in ("admin:alerts_subscription_changelist", "admin:alerts_readernotice_changelist"):
        assert login(factchecker).get(reverse(page)).status_code == 403
    with pytest.raises(PermissionDenied):
        services.subscriber_forget(email="desk@example.org", user=factchecker)
    staff.post(
        reverse("admin:alerts_subscription_changelist"),
        {"action": "forget_addresses", "_selected_action": [added.pk]},
    )
    assert not Subscription.objects.exists()
