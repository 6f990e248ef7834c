"""Nothing unpublished reaches the API: planted drafts, reviews, private comments and the
records only they use are absent from every list, detail, search, feed and JSON-LD, and
every count is the published-only figure."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from claims.models import Verdict
from tests.conftest import MARKER

pytestmark = pytest.mark.django_db

LISTS = [
    ("api:claim-list", {}),
    ("api:claim-list", {"q": "Trump"}),
    ("api:claim-list", {"q": MARKER}),
    ("api:claim-list", {"q": "Qatar", "ordering": "-published"}),
    ("api:verdict-list", {}),
    ("api:speaker-list", {"page_size": 100}),
    ("api:outlet-list", {"page_size": 100}),
    ("api:article-list", {}),
    ("api:topic-list", {"page_size": 100}),
    ("api:rating-list", {}),
    ("api:claimreview-feed", {}),
    ("factchecktools-search", {"query": "Trump"}),
    ("factchecktools-search", {"query": MARKER}),
    ("factchecktools-search", {"reviewPublisherSiteFilter": "zqx.example.com"}),
]


def _text(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.parametrize(("name", "params"), LISTS)
def test_no_planted_marker_in_any_list_search_or_feed(name, params, api, planted):
    response = api.get(reverse(name), params)
    assert response.status_code in (200, 400)
    assert MARKER not in _text(response)


def test_no_planted_marker_in_any_public_detail_or_json_ld(api, planted):
    for verdict in Verdict.objects.public():
        for url in (
            reverse("api:verdict-detail", args=[verdict.slug]),
            reverse("api:claim-detail", args=[verdict.claim.slug]),
        ):
            assert MARKER not in _text(api.get(url))
        jsonld = api.get(reverse("api:verdict-claimreview", args=[verdict.slug]))
        assert MARKER not in _text(jsonld)


def test_every_detail_url_answers_404_for_planted_slugs(api, planted):
    urls = [
        reverse("api:speaker-detail", args=["zqx-speaker"]),
        reverse("api:outlet-detail", args=["zqx-outlet"]),
        reverse("api:article-detail", args=["zqx-article"]),
        reverse("api:topic-detail", args=["zqx-topic"]),
    ]
    for claim_slug, verdict_slug in planted["slugs"].values():
        urls += [
            reverse("api:claim-detail", args=[claim_slug]),
            reverse("api:verdict-detail", args=[verdict_slug]),
            reverse("api:verdict-claimreview", args=[verdict_slug]),
        ]
    for url in urls:
        response = api.get(url)
        assert response.status_code == 404, url
        assert MARKER not in _text(response)


def test_planted_slugs_as_filters_are_unknown_not_revealed(api, planted):
    for param, slug in (
        ("speaker", "zqx-speaker"),
        ("outlet", "zqx-outlet"),
        ("topic", "zqx-topic"),
        ("publisher", "zqx-outlet"),
    ):
        response = api.get(reverse("api:claim-list"), {param: slug})
        assert response.status_code == 400
        assert response.json() == {param: [f"No public {param} has the slug “{slug}”."]}


def test_counts_are_the_published_only_figures(api, planted):
    claims = api.get(reverse("api:claim-list"), {"page_size": 100}).json()["results"]
    assert len(claims) == 8
    verdicts = api.get(reverse("api:verdict-list"), {"page_size": 100}).json()["results"]
    assert len(verdicts) == 8
    [article] = api.get(reverse("api:article-list")).json()["results"]
    assert len(article["claims"]) == 8
    feed = json.loads(_text(api.get(reverse("api:claimreview-feed"))))
    assert len(feed["dataFeedElement"]) == 8
