"""ClaimReview as Google documents it, property by property; only our published verdicts."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from django.urls import reverse

from claims import services
from tests import factories

pytestmark = pytest.mark.django_db


def _jsonld(api, slug):
    return api.get(reverse("api:verdict-claimreview", args=[slug]))


@override_settings(
    FACTCHECK_PUBLISHER_NAME="Example Fact Check",
    FACTCHECK_PUBLISHER_URL="https://factcheck.example.org/",
    FACTCHECK_SITE_URL="https://factcheck.example.org/",
    FACTCHECK_PUBLISHER_LOGO_URL="https://factcheck.example.org/logo.png",
)
def test_every_property_google_documents(api, db):
    speaker = factories.make_speaker(
        name="Jane Politician", same_as=["https://www.wikidata.org/wiki/Q1"], title="Senator"
    )
    article = factories.make_article(url="https://news.example.com/story")
    claim = factories.make_claim(
        text="Unemployment doubled last year.",
        speaker=speaker,
        article=article,
        url="https://video.example.com/clip",
        claimed_on="2025-05-01",
        slug="unemployment-doubled",
    )
    verdict = factories.make_verdict(
        status="published",
        claim=claim,
        rating=factories.rating("mostly-false"),
        headline="No, it rose a little",
    )
    response = _jsonld(api, verdict.slug)
    assert response["Content-Type"] == "application/ld+json"
    review = response.json()
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["url"] == "https://factcheck.example.org/claims/unemployment-doubled/"
    assert review["claimReviewed"] == "Unemployment doubled last year."
    assert review["author"] == {
        "@type": "Organization",
        "name": "Example Fact Check",
        "url": "https://factcheck.example.org/",
        "logo": "https://factcheck.example.org/logo.png",
    }
    assert review["datePublished"] == verdict.published_at.date().isoformat()
    assert review["dateModified"]
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 3,
        "bestRating": 6,
        "worstRating": 1,
        "alternateName": "Mostly False",
    }
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {
        "@type": "Person",
        "name": "Jane Politician",
        "jobTitle": "Senator",
        "sameAs": ["https://www.wikidata.org/wiki/Q1"],
    }
    assert item["datePublished"] == "2025-05-01"
    assert item["firstAppearance"] == {
        "@type": "CreativeWork",
        "url": "https://video.example.com/clip",
    }
    assert {a["url"] for a in item["appearance"]} == {
        "https://video.example.com/clip",
        "https://news.example.com/story",
    }


def test_non_ordinal_ratings_carry_only_their_name(api, db):
    verdict = factories.make_verdict(status="published", rating=factories.rating("unproven"))
    assert _jsonld(api, verdict.slug).json()["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Unproven",
    }


def test_accept_header_on_the_detail_gives_the_same_claimreview(api, seed):
    slug = "trump-former-us-president"
    via_header = api.get(
        reverse("api:verdict-detail", args=[slug]), HTTP_ACCEPT="application/ld+json"
    )
    assert via_header.json() == _jsonld(api, slug).json()


def test_retracted_and_other_publishers_verdicts_are_not_marked_up_as_ours(api, editor):
    retracted = factories.make_verdict(status="published")
    services.verdict_retract(verdict=retracted, user=editor, note="Wrong.")
    imported = factories.make_verdict(
        status="published",
        publisher=factories.make_outlet(kind="fact_checker"),
        external_url="https://other.example.org/x",
    )
    assert _jsonld(api, retracted.slug).status_code == 404
    assert _jsonld(api, imported.slug).status_code == 404


def test_the_feed_streams_our_published_verdicts_as_a_data_feed(api, seed, editor):
    services.verdict_retract(
        verdict=factories.Verdict.objects.get(slug="trump-former-us-president"),
        user=editor,
        note="x",
    )
    response = api.get(reverse("api:claimreview-feed"))
    assert response.streaming
    feed = json.loads(b"".join(response.streaming_content))
    assert feed["@type"] == "DataFeed"
    items = [element["item"][0] for element in feed["dataFeedElement"]]
    assert len(items) == 7  # eight published, one now retracted
    assert all(item["@type"] == "ClaimReview" for item in items)
    update = next(
        i for i in items if i["url"].endswith("/claims/us-drafting-agreement-israel-egypt-qatar/")
    )
    assert update["dateModified"].startswith("2025-10-10")  # its public update
