"""Bylines are names staff set for themselves, frozen in what was published."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
from tests import factories

pytestmark = pytest.mark.django_db


def test_staff_set_their_own_byline_and_new_pages_show_it(factchecker, editor, login, client):
    page = login(factchecker).get(reverse("byline"))
    assert page.status_code == 200
    login(factchecker).post(reverse("byline"), {"first_name": "Omar", "last_name": "Saleh"})
    factchecker.refresh_from_db()
    assert factchecker.get_full_name() == "Omar Saleh"
    verdict = factories.make_verdict(author=factchecker)
    services.verdict_submit(verdict=verdict, user=factchecker)
    services.verdict_publish(
        verdict=verdict, user=editor, expected_version=factories.version(verdict)
    )
    claim_page = client.get(reverse("web:claim", args=[verdict.claim.slug])).content.decode()
    assert "By <bdi>Omar Saleh</bdi>" in claim_page
    # A later change of name is not a change of what was published.
    login(factchecker).post(reverse("byline"), {"first_name": "O.", "last_name": "S."})
    claim_page = client.get(reverse("web:claim", args=[verdict.claim.slug])).content.decode()
    assert "By <bdi>Omar Saleh</bdi>" in claim_page


def test_an_empty_byline_is_refused_with_a_message(factchecker, login):
    response = login(factchecker).post(reverse("byline"), {"first_name": " ", "last_name": ""})
    assert "Give the name readers should see" in response.content.decode()


def test_the_byline_page_is_for_signed_in_staff_only(client):
    response = client.get(reverse("byline"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
