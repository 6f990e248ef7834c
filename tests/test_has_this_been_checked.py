"""Has this been checked? A reader pastes a claim, reworded or in another language, into
the public page or the public API and gets our closest public verdicts, compared with the
published words only; a changed figure is flagged and never the same claim; nothing close
enough is "not found". Needs pgvector (``claim_vectors``); the leak tests are in
tests/test_public_invariant.py, the fallback to words in tests/test_matching_fallback.py."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.selectors.public import similar_public_verdicts
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("claim_vectors")]

ROMNEY = "Under Gov. Mitt Romney, Massachusetts ranked 47th in job creation."
REWORDED = (
    "When Mitt Romney was governor, Massachusetts was 47th out of 50 states for creating jobs."
)
ARABIC = "في عهد الحاكم ميت رومني، احتلت ماساتشوستس المرتبة 47 في خلق فرص العمل."
SPANISH = "Bajo el gobernador Mitt Romney, Massachusetts ocupó el puesto 47 en creación de empleo."
CHANGED_FIGURE = "Under Gov. Mitt Romney, Massachusetts ranked 4th in job creation."
UNRELATED = "Penguins live mostly in the southern hemisphere, far from any city."
OTHERS = (
    "The unemployment rate in Ohio doubled during the last two years.",
    "Texas has created more jobs than any other state since 2009.",
    "Mitt Romney raised taxes on the middle class in Massachusetts.",
)


@pytest.fixture
def published():
    verdict = factories.make_verdict(
        status="published",
        rating=factories.rating("mostly-true"),
        headline="Massachusetts was near the bottom in job creation",
        claim=factories.make_claim(text=ROMNEY),
    )
    for text in OTHERS:
        factories.make_verdict(status="published", claim=factories.make_claim(text=text))
    return verdict


@pytest.mark.parametrize("query", [REWORDED, ARABIC, SPANISH])
def test_a_reworded_or_translated_claim_finds_the_english_verdict_first(published, query):
    found = similar_public_verdicts(text=query)
    assert found.by == "meaning"
    first = found.candidates[0]
    assert first.slug == published.claim.slug
    assert first.label == "likely the same claim"
    (verdict,) = first.verdicts
    assert (verdict.rating, verdict.headline, verdict.ours) == (
        "Mostly True",
        "Massachusetts was near the bottom in job creation",
        True,
    )


def test_a_changed_figure_is_flagged_and_never_the_same_claim(published):
    found = similar_public_verdicts(text=CHANGED_FIGURE)
    romney = next(c for c in found.candidates if c.slug == published.claim.slug)
    assert romney.flags == ("different figure",)
    assert romney.label == "related"
    assert not [c for c in found.candidates if c.label == "likely the same claim"]


def test_nothing_close_enough_is_not_found(published):
    assert similar_public_verdicts(text=UNRELATED).candidates == []


def test_the_page_shows_the_verdict_with_rating_headline_and_link(published, client):
    page = client.get(reverse("web:checked"), {"text": ARABIC})
    assert page.status_code == 200
    body = page.content.decode()
    assert "Likely the same claim" in body
    assert "Mostly True" in body
    assert reverse("web:claim", args=[published.claim.slug]) in body
    assert "Massachusetts was near the bottom in job creation" in body
    page = client.get(reverse("web:checked"), {"text": CHANGED_FIGURE}).content.decode()
    assert "A different figure: check the numbers" in page
    page = client.get(reverse("web:checked"), {"text": UNRELATED}).content.decode()
    assert "Not found" in page
    assert reverse("web:suggest") in page


def test_the_page_is_linked_from_every_page_and_takes_bad_input_without_a_500(client, db):
    home = client.get(reverse("web:home")).content.decode()
    assert f'href="{reverse("web:checked")}"' in home
    assert client.get(reverse("web:checked")).status_code == 200
    short = client.get(reverse("web:checked"), {"text": "tax"})
    assert short.status_code == 200
    assert "at least 10 characters" in short.content.decode()
    assert client.get(reverse("web:checked"), {"text": "x" * 1001}).status_code == 400


def test_the_api_answers_with_slug_score_label_flags_and_verdicts(published, client):
    response = client.get(reverse("api:checked"), {"text": SPANISH, "limit": "2"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["matched_by"] == "meaning"
    assert len(data["results"]) <= 2
    first = data["results"][0]
    assert first["slug"] == published.claim.slug
    assert first["label"] == "likely the same claim"
    assert first["flags"] == []
    assert isinstance(first["score"], float)
    assert first["url"].endswith(f"/claims/{published.claim.slug}/")
    assert first["api_url"].endswith(f"/api/v1/claims/{published.claim.slug}/")
    verdict = first["verdicts"][0]
    assert (verdict["rating"], verdict["rating_slug"], verdict["status"]) == (
        "Mostly True",
        "mostly-true",
        "published",
    )
    assert verdict["url"].endswith(f"/claims/{published.claim.slug}/")
    empty = client.get(reverse("api:checked"), {"text": UNRELATED}).json()
    assert empty["results"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": "tax"}, "text"),
        ({"text": "x" * 1001}, "text"),
        ({"text": ROMNEY, "limit": "0"}, "limit"),
        ({"text": ROMNEY, "limit": "21"}, "limit"),
        ({"text": ROMNEY, "limit": "two"}, "limit"),
        ({"text": ROMNEY, "exclude": "3"}, "exclude"),
        ({"text": ROMNEY, "q": "jobs"}, "q"),
    ],
)
def test_the_api_refuses_bad_parameters_by_name(client, db, params, field):
    response = client.get(reverse("api:checked"), params)
    assert response.status_code == 400
    assert field in response.json()


def test_the_api_is_in_the_schema(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/checked/" in schema
    assert "/api/v1/staff/claims/similar/" in schema


def test_page_and_api_are_cached_like_the_other_public_pages(published, settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    for url in (reverse("web:checked"), reverse("api:checked")):
        first = Client().get(url, {"text": REWORDED})
        assert first.status_code == 200
        assert "public" in first["Cache-Control"]
        assert "max-age=60" in first["Cache-Control"]
        again = Client().get(url, {"text": REWORDED})
        assert again["X-Public-Cache"] == "hit"


def test_the_queries_do_not_grow_with_the_matches(published, client):
    url = reverse("api:checked")
    client.get(url, {"text": UNRELATED})  # the model and the tables' check, once
    with CaptureQueriesContext(connection) as few:
        one = client.get(url, {"text": REWORDED, "limit": "20"}).json()
    for n in range(6):
        factories.make_verdict(
            status="published",
            claim=factories.make_claim(text=f"Massachusetts ranked 47th in job creation ({n})."),
        )
    with CaptureQueriesContext(connection) as many:
        more = client.get(url, {"text": REWORDED, "limit": "20"}).json()
    assert len(more["results"]) > len(one["results"]) + 3
    assert len(many) == len(few)
