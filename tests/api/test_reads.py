"""What journalists and programs read: published content, with what a reader needs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
from claims.models import Verdict
from tests import factories

pytestmark = pytest.mark.django_db


def _results(api, name, **params):
    response = api.get(reverse(f"api:{name}"), params)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_claim_carries_its_speaker_appearance_and_public_verdicts(api, seed):
    body = api.get(
        reverse("api:claim-detail", args=["trump-hamas-must-surrender-immediately"])
    ).json()
    assert body["text"] == "Hamas must surrender immediately."
    assert body["speaker"] == {
        "slug": "donald-trump",
        "name": "Donald Trump",
        "kind": "person",
        "title": "President of the United States",
    }
    assert body["outlet"]["name"] == "Fox News"
    assert body["article"]["slug"] == "hamas-diplomatic-overture-gaza"
    [verdict] = body["verdicts"]
    assert verdict["publisher"]["ours"] is True
    assert verdict["rating"] == {
        "slug": "not-checkable",
        "label": "Not checkable",
        "position": None,
        "best": 6,
        "worst": 1,
        "scale": "truth",
    }
    assert verdict["page_url"].endswith("/claims/trump-hamas-must-surrender-immediately/")
    assert verdict["corrections"] == 0
    assert verdict["retraction"] is None


def test_corrections_are_counted_and_dated(api, seed):
    body = api.get(
        reverse("api:claim-detail", args=["us-drafting-agreement-israel-egypt-qatar"])
    ).json()
    [verdict] = body["verdicts"]
    assert verdict["corrections"] == 1
    assert verdict["last_updated"].startswith("2025-10-10")
    assert verdict["first_published"].startswith("2025-06-02")


def test_a_retracted_verdict_stays_readable_with_its_notice(api, editor):
    verdict = factories.make_verdict(status="published")
    services.verdict_retract(verdict=verdict, user=editor, note="The figures were forged.")
    body = api.get(reverse("api:verdict-detail", args=[verdict.slug])).json()
    assert body["status"] == "retracted"
    assert body["retraction"]["note"] == "The figures were forged."


def test_a_verdict_taken_down_shows_only_its_notice(api, db):
    verdict = factories.make_verdict(
        status="withdrawn",
        headline="SECRET-HEADLINE",
        summary="SECRET-SUMMARY",
        withdrawal_note="Removed on a court order.",
    )
    response = api.get(reverse("api:verdict-detail", args=[verdict.slug]))
    assert response.status_code == 410
    assert response.json() == {
        "slug": verdict.slug,
        "status": "withdrawn",
        "notice": "Removed on a court order.",
        "taken_down": response.json()["taken_down"],
    }
    assert b"SECRET" not in response.content
    assert api.get(reverse("api:claim-detail", args=[verdict.claim.slug])).status_code == 404
    listed = (
        api.get(reverse("api:verdict-list")).content + api.get(reverse("api:claim-list")).content
    )
    assert b"SECRET" not in listed


def test_a_working_row_marked_withdrawn_is_no_takedown(api, db):
    """Only the takedown service, which records the notice, takes a verdict down."""
    verdict = factories.make_verdict(status="published", headline="Still public")
    Verdict.objects.filter(pk=verdict.pk).update(
        status="withdrawn",
        withdrawal_note="Not through the service.",
        withdrawn_at=verdict.published_at,
    )
    response = api.get(reverse("api:verdict-detail", args=[verdict.slug]))
    assert response.status_code == 200
    assert response.json()["headline"] == "Still public"


def test_a_speakers_record_counts_our_published_verdicts_and_others_apart(api, editor):
    speaker = factories.make_speaker(name="Jane Politician", slug="jane-politician")
    for rating in ("false", "false", "true"):
        factories.make_verdict(
            status="published",
            rating=factories.rating(rating),
            claim=factories.make_claim(speaker=speaker),
        )
    factories.make_verdict(status="retracted", claim=factories.make_claim(speaker=speaker))
    other = factories.make_outlet(name="Other Checks", slug="other-checks", kind="fact_checker")
    factories.make_verdict(
        status="published",
        publisher=other,
        external_url="https://other.example.org/1",
        claim=factories.make_claim(speaker=speaker),
    )
    record = api.get(reverse("api:speaker-detail", args=["jane-politician"])).json()["record"]
    assert record["verdicts"] == 3
    assert [(r["slug"], r["count"]) for r in record["by_rating"]] == [("true", 1), ("false", 2)]
    assert record["other_publishers"] == [
        {"publisher": "Other Checks", "slug": "other-checks", "count": 1}
    ]
    assert "not sampled at random" in record["note"]
    listed = _results(api, "speaker-list")
    assert listed[0]["record"]["verdicts"] == 3


def test_records_are_public_only_through_a_public_verdict(api, db):
    draft = factories.make_verdict()
    claim = draft.claim
    for name, slug in (("speaker-detail", claim.speaker.slug),):
        assert api.get(reverse(f"api:{name}", args=[slug])).status_code == 404
    article = factories.make_article(slug="unpublished-article")
    factories.make_verdict(claim=factories.make_claim(article=article))
    assert api.get(reverse("api:article-detail", args=["unpublished-article"])).status_code == 404
    assert api.get(reverse("api:claim-detail", args=[claim.slug])).status_code == 404
    assert api.get(reverse("api:verdict-detail", args=[draft.slug])).status_code == 404
    assert api.get(reverse("api:claim-detail", args=["never-existed"])).status_code == 404


def test_lists_of_outlets_articles_topics_and_ratings(api, seed):
    assert {o["slug"] for o in _results(api, "outlet-list")} >= {"fox-news", "gazeta-ru"}
    [article] = _results(api, "article-list")
    assert len(article["claims"]) == 8  # three claims there await a verdict
    assert {t["slug"] for t in _results(api, "topic-list")}
    scales = api.get(reverse("api:rating-list")).json()
    assert [r["slug"] for r in scales[0]["ratings"]][:2] == ["true", "mostly-true"]
    assert scales[0]["ratings"][0]["definition"]


def test_the_api_is_read_only_for_anonymous_callers(api, seed):
    url = reverse("api:claim-list")
    assert api.post(url, {"text": "x"}, format="json").status_code in (401, 403)
    assert api.delete(
        reverse("api:claim-detail", args=["trump-hamas-must-surrender-immediately"])
    ).status_code in (401, 403)
