"""'Already checked?': while a claim is typed, claims that look alike are shown with their rating."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.selectors import similar_claims
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_file():
    published = factories.make_verdict(
        status="published",
        rating=factories.rating("false"),
        claim=factories.make_claim(text="The unemployment rate doubled in the last two years."),
    )
    draft = factories.make_verdict(
        claim=factories.make_claim(
            text="Unemployment has doubled since the election, the minister said."
        ),
        rating=factories.rating("half-true"),
    )
    unrelated = factories.make_claim(text="Qatar has long served as a mediator in Gaza.")
    return published, draft, unrelated


def test_finds_published_and_in_progress_lookalikes_with_their_rating(on_file):
    published, draft, unrelated = on_file
    rows = list(similar_claims(text="unemployment rate has doubled in two years"))
    by_pk = {row.pk: row for row in rows}
    assert published.claim.pk in by_pk
    assert draft.claim.pk in by_pk
    assert unrelated.pk not in by_pk
    assert (by_pk[published.claim.pk].verdict_status, by_pk[published.claim.pk].rating_label) == (
        "published",
        "False",
    )
    assert by_pk[draft.claim.pk].verdict_status == "draft"
    assert rows[0].pk == published.claim.pk  # the closest wording ranks first


def test_excludes_the_claim_being_edited_and_ignores_short_or_odd_input(on_file):
    published, _, _ = on_file
    assert published.claim.pk not in [
        c.pk for c in similar_claims(text=published.claim.text, exclude_pk=published.claim.pk)
    ]
    assert list(similar_claims(text="the")) == []
    assert list(similar_claims(text="!!! ''' & | :* <-> ((( ")) == []


@pytest.mark.usefixtures(
    "words_only"
)  # this file is the lexical matcher's; vectors: test_already_checked.py
def test_admin_endpoint_renders_the_list_for_staff_only(on_file, factchecker, login, client):
    url = reverse("admin:claims_claim_similar")
    response = login(factchecker).get(url, {"text": "unemployment rate doubled"})
    assert response.status_code == 200
    assert "Already checked?" in response.content.decode()
    assert "(Published: False, by " in response.content.decode()
    assert (
        client.get(url, {"text": "unemployment rate doubled"}).status_code == 302
    )  # to the login page


def test_claim_form_loads_the_lookup_script(editor, login):
    page = login(editor).get(reverse("admin:claims_claim_add"))
    assert b"claims/similar.js" in page.content
