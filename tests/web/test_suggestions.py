"""Readers suggest claims: protected against floods and spam, landing in the queue."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from claims.models import Claim, ReaderSuggestion
from tests import factories

pytestmark = pytest.mark.django_db
FORM = {
    "text": "The mayor said bus fares doubled.",
    "seen_where": "a radio interview",
    "contact": "reader@example.org",
    "consent": "on",  # without it the address is not kept (tests/test_alerts_personal_data.py)
}


def test_a_suggestion_reaches_the_editorial_queue(client, editor, login):
    response = client.post(reverse("web:suggest"), FORM, follow=True)
    assert "reached our editors" in response.content.decode()
    suggestion = ReaderSuggestion.objects.get()
    assert (suggestion.text, suggestion.contact, suggestion.status) == (
        FORM["text"],
        FORM["contact"],
        "new",
    )
    queue = login(editor).get(reverse("editorial-queue")).content.decode()
    assert "The mayor said bus fares doubled." in queue.split('id="queue-suggestions"')[1]


def test_the_honeypot_catches_robots_silently(client, db):
    response = client.post(
        reverse("web:suggest"), {**FORM, "website": "http://spam.example"}, follow=True
    )
    assert "reached our editors" in response.content.decode()
    assert not ReaderSuggestion.objects.exists()


@override_settings(FACTCHECK_SUGGESTIONS_PER_HOUR=2, TRUSTED_PROXY_COUNT=1)
def test_floods_are_limited_per_reader_behind_the_proxy(client, db):
    one = {"HTTP_X_FORWARDED_FOR": "198.51.100.7", "REMOTE_ADDR": "10.0.0.1"}
    two = {"HTTP_X_FORWARDED_FOR": "198.51.100.8", "REMOTE_ADDR": "10.0.0.1"}
    codes = [client.post(reverse("web:suggest"), FORM, **one).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert client.post(reverse("web:suggest"), FORM, **two).status_code == 302
    assert ReaderSuggestion.objects.count() == 3


def test_an_empty_or_enormous_suggestion_is_a_message(client, db):
    response = client.post(reverse("web:suggest"), {"text": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    response = client.post(reverse("web:suggest"), {"text": "x" * 3000})
    assert "at most 2000 characters" in response.content.decode()
    assert not ReaderSuggestion.objects.exists()


def test_editors_turn_a_suggestion_into_a_claim_or_dismiss_it(editor, login, db):
    keep = ReaderSuggestion.objects.create(text="Bus fares doubled.", seen_where="radio")
    drop = ReaderSuggestion.objects.create(text="Aliens run the council.")
    client = login(editor)
    url = reverse("admin:claims_readersuggestion_changelist")
    client.post(url, {"action": "accept", "_selected_action": [keep.pk]})
    client.post(url, {"action": "dismiss", "_selected_action": [drop.pk]})
    keep.refresh_from_db()
    drop.refresh_from_db()
    assert keep.status == "accepted"
    assert keep.claim == Claim.objects.get(text="Bus fares doubled.")
    assert keep.claim.created_by == editor
    assert drop.status == "dismissed"


def test_the_readers_contact_is_never_public(client, db):
    client.post(reverse("web:suggest"), FORM)
    verdict = factories.make_verdict(status="published")
    for url in ("/", reverse("web:claim", args=[verdict.claim.slug]), reverse("api:claim-list")):
        assert "reader@example.org" not in client.get(url).content.decode()
