"""Webhooks end to end: events enqueued in the transaction of the write that caused them,
delivered by a real Procrastinate worker to a real receiver on 127.0.0.1 that verifies
every signature with the Standard Webhooks package; retries keep the webhook-id; an
endpoint that keeps failing is switched off."""

from __future__ import annotations

import socket

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from claims import services as claim_services
from claims.models import Verdict
from factcheck.base import events
from factcheck.notify import services
from factcheck.notify.models import DeliveryAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from tests import factories
from tests.conftest import MARKER
from tests.webhook_parts import clear_queue, payloads, publish, queued, receiver, run_jobs

EVERYTHING = [e for e in events.EVENTS if e != events.CLAIM_REPEATED]


@pytest.fixture
def hooks(settings):
    settings.FACTCHECK_OUTBOUND_ALLOW = ["127.0.0.1"]
    settings.FACTCHECK_WEBHOOK_RETRY_SECONDS = 0  # retries at once: the test waits for none
    settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS = 5
    settings.FACTCHECK_WEBHOOK_DISABLE_AFTER = 20
    return settings


def _endpoint(editor, url, *, events=(events.VERDICT_PUBLISHED,), format="standard"):
    return services.endpoint_create(
        user=editor, name="Newsroom hooks", url=url, events=list(events), format=format
    )


# -- In the write's transaction (no worker needed) -------------------------------------------


@pytest.mark.django_db
def test_a_publish_records_its_event_and_enqueues_the_delivery_in_its_transaction(
    hooks, factchecker, editor
):
    endpoint, _ = _endpoint(editor, "https://hooks.example.org/in")
    verdict = publish(author=factchecker, headline="Bridge figure is wrong")
    delivery = WebhookDelivery.objects.get()
    assert delivery.endpoint == endpoint
    assert delivery.status == "pending"
    assert delivery.message_id.startswith("msg_")
    payload = delivery.event.payload
    assert payload["type"] == "verdict.published"
    assert payload["version"] == 1
    assert payload["data"]["verdict"]["slug"] == verdict.slug
    assert payload["data"]["verdict"]["headline"] == "Bridge figure is wrong"
    assert payload["data"]["revision"]["kind"] == "published"
    assert payload["data"]["claim"]["slug"] == verdict.claim.slug
    (job,) = queued()
    assert job["args"] == {"delivery_id": delivery.pk}
    assert job["status"] == "todo"


@pytest.mark.django_db
def test_a_publish_that_rolls_back_sends_nothing(hooks, factchecker, editor):
    _endpoint(editor, "https://hooks.example.org/in")

    class Boom(Exception):
        pass

    inside = []

    def publish_then_fail() -> None:
        with transaction.atomic():
            publish(author=factchecker)
            inside.append(len(queued()))  # enqueued, inside the transaction
            raise Boom

    with pytest.raises(Boom):
        publish_then_fail()
    assert inside == [1]
    assert queued() == []
    assert not WebhookEvent.objects.exists()
    assert not WebhookDelivery.objects.exists()
    assert not Verdict.objects.filter(status="published").exists()


@pytest.mark.django_db
def test_nothing_is_recorded_without_an_endpoint_that_wants_the_event(hooks, factchecker, editor):
    publish(author=factchecker)
    _endpoint(editor, "https://hooks.example.org/in", events=[events.VERDICT_RETRACTED])
    publish(author=factchecker)
    assert not WebhookEvent.objects.exists()
    assert queued() == []


@pytest.mark.django_db
def test_corrections_retractions_takedowns_and_suggestions_are_events(hooks, factchecker, editor):
    _endpoint(editor, "https://hooks.example.org/in", events=EVERYTHING)
    chief = factories.make_user(username="chief")
    chief.groups.add(Group.objects.get(name="Editor-in-chief"))
    verdict = publish(author=factchecker, headline="First words")
    claim_services.verdict_correct(
        verdict=verdict,
        user=editor,
        expected_version=factories.version(verdict),
        note="The figure was for 2023, not 2024.",
        changes={"headline": "Corrected words"},
    )
    editor2 = factories.make_user(username="second-editor")
    editor2.groups.add(Group.objects.get(name="Editor"))
    factories.publish_proposal(verdict, editor2)
    claim_services.verdict_retract(verdict=verdict, user=editor, note="The source recanted.")
    other = publish(author=factchecker, headline="Soon gone")
    claim_services.verdict_takedown(verdict=other, user=chief, note="Removed on a court order.")
    claim_services.suggestion_submit(
        text="The mayor doubled the budget", seen_where="a leaflet", contact="reader@example.org"
    )
    found = [e.payload for e in WebhookEvent.objects.order_by("pk")]
    assert [p["type"] for p in found] == [
        "verdict.published",
        "verdict.corrected",
        "verdict.retracted",
        "verdict.published",
        "verdict.taken_down",
        "suggestion.received",
    ]
    corrected, retracted, takedown, suggestion = found[1], found[2], found[4], found[5]
    assert corrected["data"]["revision"]["kind"] == "correction"
    assert corrected["data"]["revision"]["note"] == "The figure was for 2023, not 2024."
    assert corrected["data"]["verdict"]["headline"] == "Corrected words"
    assert retracted["data"]["verdict"]["status"] == "retracted"
    assert retracted["data"]["verdict"]["retraction"]["note"] == "The source recanted."
    # A takedown says it happened and why, nothing of what was removed.
    assert takedown["data"]["takedown"]["note"] == "Removed on a court order."
    assert "Soon gone" not in str(takedown)
    assert set(takedown["data"]) == {"revision", "verdict", "takedown"}
    # The reader's suggestion, never their contact.
    assert suggestion["data"]["suggestion"]["text"] == "The mayor doubled the budget"
    assert suggestion["data"]["suggestion"]["seen_where"] == "a leaflet"
    assert "reader@example.org" not in str(suggestion)
    assert "contact" not in suggestion["data"]["suggestion"]
    assert WebhookDelivery.objects.count() == 6


@pytest.mark.django_db
def test_a_payload_carries_the_published_revision_never_the_working_copy(
    hooks, factchecker, editor
):
    """An approved but unpublished correction (and a working-copy edit of the claim) stay
    out of the retraction's payload: it carries the last published revision."""
    verdict = publish(author=factchecker, headline="As published")
    claim_services.verdict_correct(
        verdict=verdict,
        user=editor,
        expected_version=factories.version(verdict),
        note=f"{MARKER} proposed note",
        changes={"headline": f"{MARKER} proposed headline"},
    )
    type(verdict.claim).objects.filter(pk=verdict.claim_id).update(quote=f"{MARKER} working quote")
    _endpoint(editor, "https://hooks.example.org/in", events=EVERYTHING)
    claim_services.verdict_retract(verdict=verdict, user=editor, note="Withdrawn.")
    (event,) = WebhookEvent.objects.all()
    assert event.type == "verdict.retracted"
    assert MARKER not in str(event.payload)
    assert event.payload["data"]["verdict"]["headline"] == "As published"


@pytest.mark.django_db
def test_other_publishers_imported_reviews_are_not_our_events(hooks, editor):
    _endpoint(editor, "https://hooks.example.org/in", events=EVERYTHING)
    factories.make_verdict(
        status="published",
        publisher=factories.make_outlet(kind="fact_checker", name="Other Check"),
        external_url="https://other.example.org/review",
    )
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db
def test_an_endpoint_on_a_private_address_cannot_be_registered(hooks, editor):
    hooks.FACTCHECK_OUTBOUND_ALLOW = []
    for url in ("http://10.0.0.1/hooks", "http://169.254.169.254/", "http://localhost:8000/"):
        with pytest.raises(ValidationError, match="FACTCHECK_OUTBOUND_ALLOW"):
            _endpoint(editor, url)
    with pytest.raises(ValidationError):
        _endpoint(editor, "ftp://hooks.example.org/in")
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.django_db
def test_fact_checkers_cannot_manage_webhooks(hooks, factchecker):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="manage webhooks"):
        _endpoint(factchecker, "https://hooks.example.org/in")


# -- Delivered by a real worker to a real receiver -------------------------------------------


# A worker reads committed rows; serialized_rollback restores the migrations' rows (the
# roles) after the flush that ends each of these tests.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def queue():
    clear_queue()
    yield
    clear_queue()


@committed
def test_the_receiver_gets_the_event_signed(queue, hooks, factchecker, editor):
    with receiver() as got:
        _, secret = _endpoint(editor, got.url)
        got.secrets = [secret]
        verdict = publish(author=factchecker, headline="Signed and sent")
        run_jobs()
    (received,) = got.received
    assert received.verified
    assert received.payload["type"] == "verdict.published"
    assert received.payload["data"]["verdict"]["headline"] == "Signed and sent"
    assert received.payload["data"]["verdict"]["slug"] == verdict.slug
    delivery = WebhookDelivery.objects.get()
    assert received.webhook_id == delivery.message_id
    assert delivery.status == "delivered"
    assert delivery.delivered_at is not None
    assert (delivery.attempts, delivery.last_status_code) == (1, 200)
    (attempt,) = DeliveryAttempt.objects.all()
    assert attempt.succeeded
    assert attempt.status_code == 200
    assert attempt.response_ms >= 0
    assert queued() == []  # the finished job left the queue


@committed
def test_a_receiver_that_fails_then_recovers_gets_it_with_the_same_webhook_id(
    queue, hooks, factchecker, editor
):
    with receiver(fail_first=2) as got:
        endpoint, secret = _endpoint(editor, got.url)
        got.secrets = [secret]
        publish(author=factchecker)
        run_jobs()
    assert len(got.received) == 3
    assert len(set(got.ids)) == 1  # one idempotency id for every attempt
    assert all(r.verified for r in got.received)  # each attempt signed afresh
    delivery = WebhookDelivery.objects.get()
    assert delivery.message_id == got.ids[0]
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    log = list(delivery.attempt_log.values_list("status_code", "succeeded"))
    assert log == [(500, False), (500, False), (200, True)]
    assert "HTTP 500: down for maintenance" in delivery.attempt_log.first().error
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0
    assert endpoint.active


@committed
def test_an_endpoint_is_switched_off_after_repeated_failures(queue, hooks, factchecker, editor):
    hooks.FACTCHECK_WEBHOOK_DISABLE_AFTER = 3
    with receiver(fail_first=100) as got:
        endpoint, secret = _endpoint(editor, got.url)
        got.secrets = [secret]
        publish(author=factchecker)
        run_jobs()
        assert len(got.received) == 3
        endpoint.refresh_from_db()
        assert not endpoint.active
        assert "Switched off after 3 failed delivery attempts in a row" in endpoint.disabled_note
        assert "HTTP 500" in endpoint.disabled_note
        assert WebhookDelivery.objects.get().status == "abandoned"
        # While it is off, new events are not sent to it.
        publish(author=factchecker)
        run_jobs()
        assert len(got.received) == 3
        assert WebhookDelivery.objects.count() == 1
        # Switched on again, and the abandoned delivery sent again: same webhook-id.
        got.fail_first = 0
        services.endpoint_enable(endpoint=endpoint, user=editor)
        services.delivery_retry(delivery=WebhookDelivery.objects.get(), user=editor)
        run_jobs()
    assert len(got.received) == 4
    assert len(set(got.ids)) == 1
    assert WebhookDelivery.objects.get().status == "delivered"


@committed
def test_a_delivery_without_attempts_left_fails_and_its_job_too(queue, hooks, factchecker, editor):
    hooks.FACTCHECK_WEBHOOK_MAX_ATTEMPTS = 2
    with receiver(fail_first=100) as got:
        _endpoint(editor, got.url)
        publish(author=factchecker)
        run_jobs()
    assert len(got.received) == 2
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    # The dead letter: the job stays, failed, for the admin's list of jobs.
    (job,) = queued()
    assert (job["status"], job["attempts"]) == ("failed", 2)


@committed
def test_a_test_event_reaches_the_endpoint_and_counts_no_failure(queue, hooks, editor):
    with receiver(fail_first=1) as got:
        endpoint, secret = _endpoint(editor, got.url)
        got.secrets = [secret]
        services.endpoint_send_test(endpoint=endpoint, user=editor)
        run_jobs()
        assert len(got.received) == 1  # tried once
        endpoint.refresh_from_db()
        assert endpoint.consecutive_failures == 0
        services.endpoint_send_test(endpoint=endpoint, user=editor)
        run_jobs()
    assert [r.payload["type"] for r in got.received] == ["webhook.test", "webhook.test"]
    assert all(r.verified for r in got.received)
    assert "editor sent this test" in got.received[1].payload["data"]["message"]
    statuses = list(WebhookDelivery.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["failed", "delivered"]


@committed
def test_a_slack_endpoint_gets_a_message(queue, hooks, factchecker, editor):
    with receiver() as got:
        _, secret = _endpoint(editor, got.url, format="slack")
        got.secrets = [secret]
        publish(author=factchecker, headline="Tax <claim> & truth")
        run_jobs()
    (received,) = got.received
    assert received.verified
    assert set(received.payload) == {"text"}
    text = received.payload["text"]
    assert text.startswith("Published: <http://")
    assert "|Tax &lt;claim&gt; &amp; truth>" in text


@committed
def test_a_delivery_to_a_name_that_now_resolves_to_a_private_address_is_refused(
    queue, hooks, factchecker, editor, monkeypatch
):
    """The endpoint's name was public when it was registered; by the time of delivery it
    resolves to the loopback (DNS rebinding), which is not allowed: nothing is sent."""
    hooks.FACTCHECK_OUTBOUND_ALLOW = []
    hooks.FACTCHECK_WEBHOOK_MAX_ATTEMPTS = 1
    with receiver() as got:
        port = int(got.url.split(":")[2].split("/")[0])
        _endpoint(editor, f"http://hooks.example.org:{port}/hooks")
        real = socket.getaddrinfo

        def rebinding(host, *args, **kwargs):
            if host == "hooks.example.org":
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
            return real(host, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", rebinding)
        publish(author=factchecker)
        run_jobs()
    assert got.received == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert "loopback address" in delivery.last_error
    assert delivery.last_status_code is None


@committed
def test_every_payload_delivered_is_valid_json_with_its_version(queue, hooks, factchecker, editor):
    with receiver() as got:
        _, secret = _endpoint(editor, got.url, events=EVERYTHING)
        got.secrets = [secret]
        verdict = publish(author=factchecker)
        claim_services.verdict_retract(verdict=verdict, user=editor, note="Withdrawn.")
        run_jobs()
    assert sorted(p["type"] for p in payloads(got)) == ["verdict.published", "verdict.retracted"]
    assert {p["version"] for p in payloads(got)} == {1}
    assert all(r.verified for r in got.received)


def _update(verdict, proposer, approver, note) -> None:
    claim_services.verdict_correct(
        verdict=verdict,
        user=proposer,
        expected_version=factories.version(verdict),
        note=note,
        kind="update",
    )
    factories.publish_proposal(verdict, approver)


@pytest.mark.django_db
def test_a_repeat_made_public_by_an_update_is_a_claim_repeated_event(hooks, factchecker, editor):
    _endpoint(editor, "https://hooks.example.org/in", events=events.EVENTS)
    second = factories.make_user(username="second-editor")
    second.groups.add(Group.objects.get(name="Editor"))
    verdict = publish(author=factchecker, headline="Massachusetts was 47th")
    repeat = factories.make_claim(
        text="When Romney was governor, Massachusetts was 47th in job creation.",
        speaker=factories.make_speaker(name="Jane Repeater", slug="jane-repeater"),
        url="https://video.example.com/jane",
    )
    claim_services.claim_link_as_repeat(claim=repeat, of=verdict.claim, user=factchecker)
    # Linked, not yet public: nobody outside the newsroom is told.
    assert not WebhookEvent.objects.filter(type=events.CLAIM_REPEATED).exists()
    _update(verdict, editor, second, "Also said by Jane Repeater.")
    (told,) = WebhookEvent.objects.filter(type=events.CLAIM_REPEATED)
    [said] = told.payload["data"]["claim"]["appearances"]
    assert said["speaker"]["name"] == "Jane Repeater"
    # A later update that adds no repeat is no second claim.repeated.
    _update(verdict, editor, second, "A clearer summary.")
    assert WebhookEvent.objects.filter(type=events.CLAIM_REPEATED).count() == 1
    assert WebhookEvent.objects.filter(type=events.VERDICT_CORRECTED).count() == 2
