"""A staff member refused a newsroom page (a fact-checker following a link to a webhook
endpoint or a peer) gets a page in the admin's layout that says why and leads back, not a
bare "403 Forbidden"; the API's refusals stay JSON and readers' pages Django's own."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

REFUSED = [
    "admin:notify_webhookendpoint_add",
    "admin:notify_webhookendpoint_changelist",
    "admin:federation_peer_add",
    "admin:federation_feedsubscription_add",
    "admin:jobs_jobrun_add",
    "admin:alerts_subscription_add",
]


@pytest.mark.parametrize("name", REFUSED)
def test_a_fact_checker_is_told_why_in_the_newsrooms_layout(factchecker, login, name):
    page = login(factchecker).get(reverse(name))
    assert page.status_code == 403
    text = page.content.decode()
    assert "Your account cannot open this page" in text
    assert "configured by\neditors" in text or "configured by editors" in " ".join(text.split())
    assert f'href="{reverse("admin:index")}"' in text  # the way back
    assert "factcheck newsroom" in text  # the admin's header


def test_a_refusal_without_a_message_says_a_permission_is_missing(factchecker, login):
    # The peers' answers are for staff who read claims; a staff member without that
    # permission is refused by the view itself, with no message of its own.
    factchecker.groups.clear()
    page = login(factchecker).get(reverse("admin:federation_peer_search"), {"text": "abcdef"})
    assert page.status_code == 403
    assert "It needs a permission your account does not have." in page.content.decode()


def test_those_outside_the_newsroom_are_not_shown_the_page():
    assert Client().get(reverse("admin:notify_webhookendpoint_add")).status_code == 302
    api = Client().post(reverse("api:staff-claims"), {}, content_type="application/json")
    assert api.status_code in (401, 403)
    assert api["Content-Type"].startswith("application/json")
