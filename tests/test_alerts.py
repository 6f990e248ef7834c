"""Email alerts end to end, with a real SMTP server (aiosmtpd) and Django's SMTP backend:
double opt-in, alerts at once and in a daily digest for speakers, topics and searches,
RFC 8058 one-click unsubscribe, content read from the public record only, and the jobs
enqueued in the publication's transaction (a real worker in the committed test)."""

from __future__ import annotations

import smtplib
import urllib.request
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims import services as claim_services
from factcheck.alerts import dispatch, services
from factcheck.alerts.models import Alert, Subscription
from tests import factories
from tests.alert_parts import alert_jobs, drain, html_of, links, smtp_server, text_of, whole
from tests.conftest import MARKER
from tests.webhook_parts import clear_queue, publish, run_jobs

READER = "journalist@example.org"


@pytest.fixture
def smtp(settings):
    settings.FACTCHECK_SITE_URL = "https://factcheck.example.org/"
    with smtp_server(settings) as box:
        yield box


def _on_record(speaker: Any, author: Any, **fields: Any) -> Any:
    """A published verdict of ours on a new claim by ``speaker``, through review."""
    claim = factories.make_claim(speaker=speaker, text=fields.pop("text", "A claim to check."))
    for topic in fields.pop("topics", []):
        claim.topics.add(topic)
    return publish(author=author, claim=claim, **fields)


def _subject(message: Any) -> str:
    """The subject without the site's name after it (unfolded: a long one is folded)."""
    return str(message["Subject"]).strip().rsplit(" · ", 1)[0]


def _follow(frequency: str = "immediate", **target: Any) -> Subscription:
    subscription = services.subscription_request(email=READER, frequency=frequency, **target)
    drain()  # the confirmation
    confirmed = services.subscription_confirm(key=subscription.key)
    assert confirmed is not None
    return confirmed


@pytest.mark.django_db
def test_a_reader_subscribes_from_a_speaker_page_and_hears_nothing_before_confirming(
    smtp, factchecker
):
    speaker = factories.make_speaker(name="Mayor Jones", slug="mayor-jones")
    _on_record(speaker, factchecker, headline="Bus fares did not double")
    client = Client()
    page = client.get(reverse("web:speaker", args=["mayor-jones"])).content.decode()
    follow = reverse("alerts:subscribe") + "?speaker=mayor-jones"
    assert f'href="{follow}"' in page
    form = client.get(follow)
    assert form.status_code == 200
    assert "Mayor Jones" in form.content.decode()
    sent = client.post(follow, {"email": "Journalist@Example.org", "frequency": "immediate"})
    assert sent.status_code == 302
    assert "Check your inbox" in client.get(sent["Location"]).content.decode()
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.confirmed_at) == (READER, None)
    assert drain() == ["alerts.send_confirmation"]
    (confirmation,) = smtp.to(READER)
    assert "Confirm" in confirmation["Subject"]
    assert "Mayor Jones" in text_of(confirmation)
    assert "List-Unsubscribe" not in confirmation
    # Nothing but the confirmation before the owner confirms: no job at all.
    _on_record(speaker, factchecker, headline="Before confirming")
    assert alert_jobs() == []
    (link,) = links(confirmation, "/alerts/confirm/")
    path = link.removeprefix("https://factcheck.example.org")
    opened = client.get(path)  # a link scanner opening it confirms nothing
    assert opened.status_code == 200
    assert Subscription.objects.get().confirmed_at is None
    assert "Alerts confirmed" in client.post(path).content.decode()
    assert Subscription.objects.get().confirmed_at is not None
    _on_record(speaker, factchecker, headline="Mayor misquoted the budget", summary="It rose 3%.")
    assert drain() == ["alerts.dispatch", "alerts.send_alert"]
    alert = smtp.to(READER)[-1]
    assert len(smtp.messages) == 2
    assert "Mayor misquoted the budget" in alert["Subject"]
    body = text_of(alert)
    assert "Mayor misquoted the budget" in body
    assert "It rose 3%." in body
    assert "Rated: False" in body
    assert "Before confirming" not in whole(alert)
    assert "https://factcheck.example.org/claims/" in body
    assert "Mayor misquoted the budget" in html_of(alert)
    # RFC 8058 one-click unsubscribe.
    (unsubscribe,) = links(alert, "/alerts/unsubscribe/")
    # (A long header is folded on the wire; unfolded, it is the address alone.)
    assert alert["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert alert["From"].endswith("<factcheck@localhost>")


@pytest.mark.django_db
def test_one_click_unsubscribe_is_a_post_without_login_or_csrf_token(smtp, factchecker):
    speaker = factories.make_speaker(name="Senator Lee", slug="senator-lee")
    _on_record(speaker, factchecker)
    _follow(speaker=speaker)
    _on_record(speaker, factchecker, headline="Senator Lee's figure")
    drain()
    header = smtp.messages[-1]["List-Unsubscribe"].strip().strip("<>")
    path = header.removeprefix("https://factcheck.example.org")
    browser = Client(enforce_csrf_checks=True)
    shown = browser.get(path)  # a page with a button: opening the link changes nothing
    assert shown.status_code == 200
    assert "Senator Lee" in shown.content.decode()
    assert Subscription.objects.exists()
    done = browser.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert done.status_code == 200
    assert "no more alerts" in done.content.decode()
    assert not Subscription.objects.exists()
    again = browser.post(path, {"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200
    assert "already" in again.content.decode()
    _on_record(speaker, factchecker, headline="After unsubscribing")
    assert drain() == []
    assert "After unsubscribing" not in str([whole(m) for m in smtp.messages])


@pytest.mark.django_db
def test_topics_and_searches_are_followed_too(smtp, factchecker, editor):
    speaker = factories.make_speaker(name="Minister Diaz")
    transport = claim_services.topic_create(user=editor, name="Transport", slug="transport")
    _on_record(speaker, factchecker, topics=[transport], text="Trains run on time.")
    _follow(topic=transport)
    services.subscription_request(email="desk@example.org", frequency="immediate", query="tram")
    drain()
    services.subscription_confirm(key=Subscription.objects.get(query="tram").key)
    _on_record(speaker, factchecker, topics=[transport], text="Buses are free.", headline="Buses")
    _on_record(speaker, factchecker, text="The tram line doubled its riders.", headline="Trams")
    _on_record(speaker, factchecker, text="Schools reopened.", headline="Schools")
    drain()
    assert [_subject(m) for m in smtp.to(READER)[1:]] == ["Published: Buses"]
    assert [_subject(m) for m in smtp.to("desk@example.org")[1:]] == ["Published: Trams"]
    assert "the topic Transport" in text_of(smtp.to(READER)[-1])


@pytest.mark.django_db
def test_corrections_and_retractions_are_alerts_and_each_is_sent_once(smtp, factchecker, editor):
    speaker = factories.make_speaker(name="Governor Park")
    verdict = _on_record(speaker, factchecker, headline="First words")
    _follow(speaker=speaker)
    claim_services.verdict_correct(
        verdict=verdict,
        user=editor,
        expected_version=factories.version(verdict),
        note="The figure was for 2023.",
        changes={"headline": "Corrected words"},
    )
    second = factories.make_user(username="second-editor")
    second.groups.add(Group.objects.get(name="Editor"))
    factories.publish_proposal(verdict, second)
    drain()
    claim_services.verdict_retract(verdict=verdict, user=editor, note="The source recanted.")
    drain()
    subjects = [_subject(m) for m in smtp.to(READER)[1:]]
    assert subjects == ["Corrected: Corrected words", "Retracted: Corrected words"]
    assert "Note: The figure was for 2023." in text_of(smtp.to(READER)[1])
    assert "Note: The source recanted." in text_of(smtp.to(READER)[2])
    # A dispatch run again (a job retried) sends nothing twice.
    for alert in Alert.objects.all():
        dispatch.revision_dispatch(revision_id=alert.revision_id)
    drain()
    assert len(smtp.to(READER)) == 3


@pytest.mark.django_db
def test_a_daily_digest_gathers_the_days_verdicts_in_one_message(smtp, settings, factchecker):
    settings.FACTCHECK_ALERTS_DIGEST_HOUR = 7
    speaker = factories.make_speaker(name="Chancellor Weiss")
    _on_record(speaker, factchecker)
    _follow(frequency="daily", speaker=speaker)
    _on_record(speaker, factchecker, headline="Debt claim")
    _on_record(speaker, factchecker, headline="Jobs claim")
    assert drain() == ["alerts.dispatch", "alerts.dispatch"]
    assert len(smtp.to(READER)) == 1  # the confirmation only
    tomorrow = timezone.localtime() + timedelta(days=1)
    at_eight = tomorrow.replace(hour=8, minute=0)
    assert dispatch.digests_enqueue(now=at_eight) == 1
    ((_, args),) = alert_jobs()
    dispatch.digest_send(now=at_eight, **args)
    drain()
    (digest,) = smtp.to(READER)[1:]
    assert "Daily digest: 2 verdicts on Chancellor Weiss" in digest["Subject"]
    body = text_of(digest)
    assert body.index("Debt claim") < body.index("Jobs claim")
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Sent: the next hourly run finds nothing more to send.
    assert dispatch.digests_enqueue(now=at_eight + timedelta(hours=1)) == 0
    assert not Alert.objects.filter(status="pending").exists()


@pytest.mark.django_db
def test_a_draft_on_a_followed_speaker_never_makes_an_email(smtp, factchecker, editor):
    """Leak test: drafts, verdicts in review and unpublished edits of a public verdict, each
    with the marker, on a followed speaker: no message carries the marker."""
    speaker = factories.make_speaker(name="Deputy Moss", slug="deputy-moss")
    public = _on_record(speaker, factchecker, headline="Public words")
    _follow(speaker=speaker)
    claim = factories.make_claim(speaker=speaker, text=f"{MARKER} draft claim")
    draft = factories.make_verdict(
        claim=claim, author=factchecker, headline=f"{MARKER} draft", summary=MARKER
    )
    in_review = factories.make_verdict(
        claim=factories.make_claim(speaker=speaker, text=f"{MARKER} in review"),
        author=factchecker,
        headline=f"{MARKER} in review",
    )
    claim_services.verdict_submit(verdict=in_review, user=factchecker)
    claim_services.verdict_update(
        verdict=public,
        user=editor,
        expected_version=factories.version(public),
        changes={"summary": f"{MARKER} unpublished edit"},
    )
    claim_services.verdict_retract(verdict=public, user=editor, note="Withdrawn by us.")
    drain()
    assert draft.status == "draft"
    (retracted,) = smtp.to(READER)[1:]
    assert "Retracted: Public words" in retracted["Subject"]
    for message in smtp.messages:
        assert MARKER not in whole(message)


@pytest.mark.django_db
def test_the_alerts_are_enqueued_in_the_publications_transaction(smtp, factchecker):
    speaker = factories.make_speaker(name="Judge Amos")
    _on_record(speaker, factchecker)
    _follow(speaker=speaker)

    class Boom(Exception):
        pass

    inside = []

    def publish_then_fail() -> None:
        with transaction.atomic():
            _on_record(speaker, factchecker, headline="Rolled back")
            inside.append(alert_jobs())  # enqueued, inside the transaction
            raise Boom

    with pytest.raises(Boom):
        publish_then_fail()
    assert [name for name, _ in inside[0]] == ["alerts.dispatch"]
    assert alert_jobs() == []  # a publication that rolls back sends nothing
    assert drain() == []
    assert len(smtp.to(READER)) == 1  # the confirmation


@pytest.mark.django_db
def test_a_revision_replaced_or_taken_down_before_sending_is_not_sent(smtp, factchecker, editor):
    speaker = factories.make_speaker(name="Councillor Roy")
    _on_record(speaker, factchecker)
    _follow(speaker=speaker)
    gone = _on_record(speaker, factchecker, headline="Soon taken down")
    chief = factories.make_user(username="chief")
    chief.groups.add(Group.objects.get(name="Editor-in-chief"))
    claim_services.verdict_takedown(verdict=gone, user=chief, note="Court order.")
    assert drain() == ["alerts.dispatch"]  # no send: the verdict left the public record
    assert len(smtp.to(READER)) == 1


@pytest.mark.django_db
def test_a_mail_server_that_refuses_is_tried_again(settings, factchecker):
    settings.FACTCHECK_SITE_URL = "https://factcheck.example.org/"
    with smtp_server(settings, refuse_first=1) as box:
        speaker = factories.make_speaker(name="Mayor Ortiz")
        _on_record(speaker, factchecker)
        subscription = services.subscription_request(
            email=READER, frequency="immediate", speaker=speaker
        )
        with pytest.raises(smtplib.SMTPDataError, match="Try again later"):
            drain()  # the job fails; the queue tries it again (tasks.RETRY)
        dispatch.confirmation_send(subscription_id=subscription.pk)  # the retry
        assert len(box.to(READER)) == 1
        services.subscription_confirm(key=subscription.key)
        box.refuse_first = box.seen + 1  # the next message is refused
        _on_record(speaker, factchecker, headline="Retried")
        with pytest.raises(smtplib.SMTPDataError):
            drain()
        (alert,) = Alert.objects.all()
        assert alert.status == "pending"  # rolled back with the refusal
        assert dispatch.alert_send(alert_id=alert.pk) == "sent"
        assert Alert.objects.get().status == "sent"
        assert "Retried" in box.to(READER)[-1]["Subject"]
        assert len(box.to(READER)) == 2


def test_the_jobs_retry_mail_trouble_and_the_digest_runs_every_hour():
    from procrastinate.contrib.django import app

    from factcheck.alerts import tasks

    assert tasks.RETRY.max_attempts == 6
    assert tasks.RETRY.get_retry_decision(
        exception=OSError("refused"), job=type("J", (), {"attempts": 0})()
    )
    assert not tasks.RETRY.get_retry_decision(
        exception=KeyError("bug"), job=type("J", (), {"attempts": 0})()
    )
    periodic = {p.periodic_id: p for p in app.periodic_registry.periodic_tasks.values()}
    assert periodic["alerts_hourly"].cron == "0 * * * *"


committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _work_off() -> None:
    """A worker until the alerts' queue is empty (a worker started with ``wait=False``
    may stop while another of its threads still defers a job; a real one keeps going)."""
    for _ in range(5):
        run_jobs()
        if not alert_jobs():
            return
    raise AssertionError(f"jobs left: {alert_jobs()}")


@committed
def test_a_publication_reaches_the_subscriber_through_a_worker_and_one_click_unsubscribes(
    settings, live_server, factchecker
):
    """The whole path with real parts: the publication commits its dispatch job, a
    Procrastinate worker sends through the SMTP server, and the List-Unsubscribe address
    is POSTed by an HTTP client, as a mail provider does, against the live server."""
    settings.FACTCHECK_SITE_URL = live_server.url + "/"
    clear_queue()
    with smtp_server(settings) as box:
        speaker = factories.make_speaker(name="President Vale")
        _on_record(speaker, factchecker)
        subscription = services.subscription_request(
            email=READER, frequency="immediate", speaker=speaker
        )
        _work_off()
        (link,) = links(box.to(READER)[0], "/alerts/confirm/")
        services.subscription_confirm(key=subscription.key)
        _on_record(speaker, factchecker, headline="Vale's growth figure")
        _work_off()
        alert = box.to(READER)[-1]
        assert "Vale's growth figure" in alert["Subject"]
        url = alert["List-Unsubscribe"].strip().strip("<>")
        request = urllib.request.Request(url, data=b"List-Unsubscribe=One-Click", method="POST")
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert answer.status == 200
        assert not Subscription.objects.exists()
        assert link.startswith(live_server.url)
    clear_queue()
