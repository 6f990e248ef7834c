"""Staff matching by meaning ("Already checked?"): the admin while a claim is typed, an
article's claim suggestions, the staff API and `manage.py similar_claims` all ask the
one staff selector, which finds the working copy's claims (drafts and archive references
included) reworded or translated, flags a changed figure and says "not found" rather
than show noise. Needs pgvector (``claim_vectors``); the fallback to words is in
tests/test_matching_fallback.py."""

from __future__ import annotations

import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Claim
from claims.selectors.newsroom_similar import similar_claims_for_staff
from claims.services.vectors import claim_vectors_refresh
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("claim_vectors")]

ROMNEY = "Under Gov. Mitt Romney, Massachusetts ranked 47th in job creation."
REWORDED = (
    "When Mitt Romney was governor, Massachusetts was 47th out of 50 states for creating jobs."
)
ARABIC = "في عهد الحاكم ميت رومني، احتلت ماساتشوستس المرتبة 47 في خلق فرص العمل."
CHANGED_FIGURE = "Under Gov. Mitt Romney, Massachusetts ranked 4th in job creation."
UNRELATED = "Penguins live mostly in the southern hemisphere, far from any city."
DRAFT = "Mitt Romney's Massachusetts was 47th among the states in new jobs."
REFERENCE = "Says under Mitt Romney, Massachusetts was 47th in job creation."


def _embed_all() -> None:
    claim_vectors_refresh(claim_ids=Claim.objects.values_list("pk", flat=True))


@pytest.fixture
def on_file():
    published = factories.make_verdict(
        status="published",
        rating=factories.rating("false"),
        claim=factories.make_claim(text=ROMNEY),
    )
    draft = factories.make_verdict(claim=factories.make_claim(text=DRAFT))
    politifact = factories.make_outlet(kind="fact_checker", name="PolitiFact")
    reference = factories.make_verdict(
        status="reference",
        publisher=politifact,
        rating=factories.rating("pants-on-fire"),
        claim=factories.make_claim(text=REFERENCE),
        external_id="6036",
    )
    for text in (
        "The unemployment rate in Ohio doubled during the last two years.",
        "Texas has created more jobs than any other state since 2009.",
    ):
        factories.make_claim(text=text)
    _embed_all()
    return {"published": published, "draft": draft, "reference": reference}


def _staff_api(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_a_reworded_claim_finds_the_checked_one_first_with_drafts_and_references(on_file):
    found = similar_claims_for_staff(text=REWORDED)
    assert found.by == "meaning"
    ids = [c.claim_id for c in found.candidates]
    assert ids[0] == on_file["published"].claim_id
    assert {on_file["draft"].claim_id, on_file["reference"].claim_id} <= set(ids)
    first = found.candidates[0]
    assert first.label == "likely the same claim"
    assert first.verdict.status == "published"
    assert first.verdict.rating == "False"
    by_id = {c.claim_id: c for c in found.candidates}
    assert by_id[on_file["reference"].claim_id].status_label == "Archive reference (staff only)"
    assert by_id[on_file["reference"].claim_id].verdict.publisher == "PolitiFact"
    assert by_id[on_file["draft"].claim_id].status_label == "Draft"


def test_a_translation_finds_it_and_a_changed_figure_is_flagged_never_the_same(on_file):
    arabic = similar_claims_for_staff(text=ARABIC)
    same = {c.claim_id for c in arabic.candidates if c.label == "likely the same claim"}
    # Three claims on file say it (ours, a draft, PolitiFact's record): all come first.
    assert on_file["published"].claim_id in same
    assert {c.claim_id for c in arabic.candidates[: len(same)]} == same
    changed = similar_claims_for_staff(text=CHANGED_FIGURE)
    romney = next(c for c in changed.candidates if c.claim_id == on_file["published"].claim_id)
    assert "different figure" in romney.flags
    assert romney.label == "related"
    assert all(c.label != "likely the same claim" or not c.flags for c in changed.candidates)


def test_nothing_close_enough_is_not_found_and_the_claim_edited_is_left_out(on_file):
    assert similar_claims_for_staff(text=UNRELATED).candidates == []
    claim_id = on_file["published"].claim_id
    found = similar_claims_for_staff(text=ROMNEY, exclude_pk=claim_id)
    assert claim_id not in [c.claim_id for c in found.candidates]


def test_the_admin_hint_shows_label_score_flags_status_rating_publisher_and_date(
    on_file, factchecker, login
):
    url = reverse("admin:claims_claim_similar")
    page = login(factchecker).get(url, {"text": CHANGED_FIGURE}).content.decode()
    assert "Already checked?" in page
    assert "Related" in page
    assert "⚠ different figure" in page
    assert "(Published: False, by " in page
    assert "Archive reference (staff only): Pants on Fire, by PolitiFact)" in page
    assert "Lexical matching" not in page
    page = login(factchecker).get(url, {"text": UNRELATED}).content.decode()
    assert "Not found" in page


def test_article_suggestions_say_already_checked_with_rating_publisher_and_date(
    on_file, editor, login
):
    article = factories.make_article(
        text=(
            "The debate turned to the economy. “Under Gov. Mitt Romney, Massachusetts ranked "
            "47th in job creation,” the senator said. Penguins, he added, live far south."
        )
    )
    page = login(editor).get(reverse("admin:sources_article_change", args=[article.pk]))
    body = page.content.decode()
    published = on_file["published"]
    day = published.published_at.strftime("%-d %b %Y")
    assert f"Already checked: False by {settings.FACTCHECK_PUBLISHER_NAME}, {day}" in body
    assert body.count("Already checked:") == 1


def test_the_staff_api_answers_with_slug_score_label_flags_and_verdicts(on_file, factchecker):
    response = _staff_api(factchecker).get(
        reverse("api:staff-similar"), {"text": CHANGED_FIGURE, "limit": "3"}
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["matched_by"] == "meaning"
    assert len(data["results"]) <= 3
    first = data["results"][0]
    assert set(first) >= {"id", "slug", "text", "score", "label", "flags", "verdicts"}
    assert first["slug"] == on_file["published"].claim.slug
    assert first["flags"] == ["different figure"]
    assert first["verdicts"][0]["rating"] == "False"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "short"}, "text"),
        ({"text": "x" * 1001}, "text"),
        ({"text": ROMNEY, "limit": "0"}, "limit"),
        ({"text": ROMNEY, "limit": "51"}, "limit"),
        ({"text": ROMNEY, "limit": "٣"}, "limit"),
        ({"text": ROMNEY, "exclude": "abc"}, "exclude"),
        ({"text": ROMNEY, "q": "jobs"}, "q"),
    ],
)
def test_the_staff_api_refuses_bad_parameters_by_name(factchecker, params, field):
    response = _staff_api(factchecker).get(reverse("api:staff-similar"), params)
    assert response.status_code == 400
    assert field in response.json()


def test_the_staff_api_is_for_the_newsroom_only(on_file):
    url = reverse("api:staff-similar")
    assert APIClient().get(url, {"text": ROMNEY}).status_code == 401
    outsider = factories.make_user(username="outsider", is_staff=False)
    assert _staff_api(outsider).get(url, {"text": ROMNEY}).status_code == 403


def test_the_command_prints_candidates_with_scores_and_flags_and_json(on_file):
    out = io.StringIO()
    call_command("similar_claims", CHANGED_FIGURE, "--limit", "2", stdout=out)
    text = out.getvalue()
    assert "related  [different figure]" in text
    assert ROMNEY in text
    out = io.StringIO()
    call_command("similar_claims", REWORDED, "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["matched_by"] == "meaning"
    first = data["results"][0]
    assert (first["slug"], first["label"], first["flags"]) == (
        on_file["published"].claim.slug,
        "likely the same claim",
        [],
    )
    assert isinstance(first["score"], float)
    out = io.StringIO()
    call_command("similar_claims", UNRELATED, stdout=out)
    assert "Not found" in out.getvalue()


def test_the_staff_selector_costs_the_same_queries_whatever_it_finds(on_file):
    similar_claims_for_staff(text=ROMNEY)  # the model and the tables' check, once
    with CaptureQueriesContext(connection) as few:
        small = similar_claims_for_staff(text=DRAFT)
    assert small.candidates
    for n in range(6):
        factories.make_verdict(
            status="published",
            claim=factories.make_claim(text=f"Massachusetts ranked 47th in job creation ({n})."),
        )
    _embed_all()
    with CaptureQueriesContext(connection) as many:
        big = similar_claims_for_staff(text=ROMNEY)
    assert len(big.candidates) > len(small.candidates) + 3
    assert len(many) == len(few)
