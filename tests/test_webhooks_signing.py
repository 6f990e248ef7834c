"""Deliveries are signed per Standard Webhooks: the specification's test vector, secrets
in its format, and two signatures during a rotation."""

from __future__ import annotations

import base64
import json
import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from factcheck.notify import payloads, services
from factcheck.notify.models import WebhookEndpoint

# The Standard Webhooks reference vector (the same in every official library's tests).
VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
VECTOR_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"
VECTOR_TIMESTAMP = 1614265330
VECTOR_BODY = b'{"test": 2432232314}'
VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_the_specifications_test_vector_is_reproduced_exactly():
    at = datetime.fromtimestamp(VECTOR_TIMESTAMP, UTC)
    headers = payloads.signature_headers(
        message_id=VECTOR_ID, at=at, body=VECTOR_BODY, secrets=[VECTOR_SECRET]
    )
    assert headers == {
        "webhook-id": VECTOR_ID,
        "webhook-timestamp": str(VECTOR_TIMESTAMP),
        "webhook-signature": VECTOR_SIGNATURE,
    }


def test_a_moment_in_another_time_zone_signs_the_same_instant():
    """The library reads a date-time's clock as UTC: ours converts first."""
    at = datetime.fromtimestamp(VECTOR_TIMESTAMP, zoneinfo.ZoneInfo("Asia/Dubai"))
    headers = payloads.signature_headers(
        message_id=VECTOR_ID, at=at, body=VECTOR_BODY, secrets=[VECTOR_SECRET]
    )
    assert headers["webhook-signature"] == VECTOR_SIGNATURE


def test_a_new_secret_is_in_the_standard_format_and_never_repeats():
    secret = payloads.new_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert payloads.new_secret() != secret
    assert payloads.masked(secret) == f"whsec_…{secret[-4:]}"
    Webhook(secret)  # the receiver's library takes it as it is


def _signed_now(secrets: list[str]) -> tuple[bytes, dict[str, str]]:
    body = payloads.standard_body(
        payloads.envelope("webhook.test", datetime.now(UTC), {"message": "hi"})
    )
    headers = payloads.signature_headers(
        message_id="msg_rotation", at=datetime.now(UTC), body=body, secrets=secrets
    )
    return body, headers


@pytest.mark.django_db
def test_after_a_rotation_both_secrets_verify_for_the_stated_window(editor, settings):
    settings.FACTCHECK_WEBHOOK_ROTATION_HOURS = 24
    endpoint, old = services.endpoint_create(
        user=editor,
        name="Receiver",
        url="https://hooks.example.org/in",
        events=["verdict.published"],
    )
    new = services.endpoint_rotate_secret(endpoint=endpoint, user=editor)
    assert new != old
    endpoint.refresh_from_db()
    assert endpoint.secret == new
    assert endpoint.previous_secret == old
    now = datetime.now(UTC)
    assert endpoint.signing_secrets(now) == [new, old]
    body, headers = _signed_now(endpoint.signing_secrets(now))
    assert len(headers["webhook-signature"].split(" ")) == 2
    # A receiver still on the old secret, and one already on the new, both accept it.
    assert Webhook(old).verify(body, headers)["type"] == "webhook.test"
    assert Webhook(new).verify(body, headers)["type"] == "webhook.test"
    # After the window, the new secret alone.
    later = now + timedelta(hours=24, seconds=1)
    assert endpoint.signing_secrets(later) == [new]
    body, headers = _signed_now(endpoint.signing_secrets(later))
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(body, headers)
    Webhook(new).verify(body, headers)


@pytest.mark.django_db
def test_a_rotation_without_a_window_drops_the_old_secret_at_once(editor, settings):
    settings.FACTCHECK_WEBHOOK_ROTATION_HOURS = 0
    endpoint, _ = services.endpoint_create(
        user=editor,
        name="Receiver",
        url="https://hooks.example.org/in",
        events=["verdict.published"],
    )
    new = services.endpoint_rotate_secret(endpoint=endpoint, user=editor)
    assert WebhookEndpoint.objects.get().signing_secrets() == [new]


def test_the_standard_body_is_compact_sorted_json_with_a_version():
    payload = payloads.envelope(
        "verdict.published", datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), {"b": 1, "a": "é"}
    )
    body = payloads.standard_body(payload)
    assert body.decode() == (
        '{"data":{"a":"é","b":1},"timestamp":"2026-01-02T03:04:05Z",'
        '"type":"verdict.published","version":1}'
    )
    assert json.loads(body) == payload


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (
            {
                "type": "verdict.corrected",
                "data": {
                    "verdict": {"headline": "A <b>&", "page_url": "https://x.org/c/a|b/"},
                    "revision": {"kind": "update", "note": "New <figures>"},
                },
            },
            "Update to <https://x.org/c/a%7Cb/|A &lt;b&gt;&amp;>: New &lt;figures&gt;",
        ),
        (
            {
                "type": "verdict.taken_down",
                "data": {"verdict": {"slug": "gone"}, "takedown": {"note": "Court order"}},
            },
            "Taken down: gone: Court order",
        ),
        (
            {
                "type": "suggestion.received",
                "data": {"suggestion": {"text": "Taxes <up>", "seen_where": ""}},
            },
            "A reader suggested a claim to check: “Taxes &lt;up&gt;”\n*Open it in the newsroom*",
        ),
    ],
)
def test_slack_messages_escape_what_they_quote(payload, expected):
    assert payloads.slack_text(payload) == expected
