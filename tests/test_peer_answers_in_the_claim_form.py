"""The peers' answers are shown inside the claim's own form, so they hold no form of their
own: the HTML parser drops a nested form, and its "Import as theirs" button then saved the
claim instead of importing (the browser test: tests/test_peer_import_browser.py). And a
review imported from a peer's answer keeps the date they gave it, not "first seen"."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Verdict
from factcheck.federation import services
from factcheck.federation.peers import PeerReview
from tests.federation_parts import Answer, claim, fake_site, fixed, search_answer

pytestmark = pytest.mark.django_db

TEXT = "The senator said unemployment doubled in two years"
THEIR_URL = "https://othercheck.example.org/checks/unemployment-doubled"


@pytest.fixture
def peers_on(settings):
    settings.FACTCHECK_OUTBOUND_ALLOW = ["127.0.0.1"]
    settings.FACTCHECK_PEER_CACHE_SECONDS = 300


def _served(verdict: Verdict) -> dict:
    """The verdict as the public API serves it (its published revision)."""
    response = Client().get(reverse("api:verdict-detail", args=[verdict.slug]))
    assert response.status_code == 200
    return response.json()


def test_the_answers_hold_plain_buttons_and_no_form(peers_on, editor, login):
    body = search_answer(claim(TEXT, url=THEIR_URL, title="No, it did not double"))
    with fake_site({"good": fixed(Answer(body=body))}) as site:
        peer = services.peer_create(user=editor, name="Good Peer", base_url=site.base("good"))
        page = login(editor).get(reverse("admin:federation_peer_search"), {"text": TEXT})
    html = page.content.decode()
    assert "Import as theirs" in html
    assert "<form" not in html
    (button,) = re.findall(r"<button [^>]*>Import as theirs</button>", html)
    assert 'type="button"' in button  # never a submit button of the claim's form
    assert f'data-peer="{peer.pk}"' in button
    assert f'data-url="{THEIR_URL}"' in button
    assert f'data-import-url="{reverse("admin:federation_peer_import")}"' in html
    assert f'data-text="{TEXT}"' in html
    assert re.search(r'data-csrf="[A-Za-z0-9]{32,}"', html)


def test_a_review_imported_from_a_peer_keeps_their_date(editor):
    peer = services.peer_create(
        user=editor, name="Other Check", base_url="https://othercheck.example.org/"
    )
    review = PeerReview(
        claim_text=TEXT,
        claimant="A senator",
        claim_date=datetime.date(2026, 10, 30),
        publisher_name="Other Check",
        publisher_site="othercheck.example.org",
        url=THEIR_URL,
        title="No, it did not double",
        review_date=datetime.date(2026, 11, 2),
        rating="False",
        language="en",
    )
    report = services.peer_review_import(peer=peer, review=review, user=editor)
    assert report.created == 1
    verdict = Verdict.objects.get(external_url=THEIR_URL)
    assert verdict.their_review.get("datePublished") == "2026-11-02"
    document = _served(verdict)
    assert document["review_date"].startswith("2026-11-02")
    assert document["date_first_seen"] is None


def test_a_review_a_peer_gave_no_date_is_dated_first_seen(editor):
    peer = services.peer_create(
        user=editor, name="Other Check", base_url="https://othercheck.example.org/"
    )
    review = PeerReview(
        claim_text=TEXT,
        claimant="",
        claim_date=None,
        publisher_name="Other Check",
        publisher_site="othercheck.example.org",
        url=THEIR_URL,
        title="",
        review_date=None,
        rating="False",
        language="en",
    )
    services.peer_review_import(peer=peer, review=review, user=editor)
    verdict = Verdict.objects.get(external_url=THEIR_URL)
    document = _served(verdict)
    assert document["review_date"] is None
    assert document["date_first_seen"]
