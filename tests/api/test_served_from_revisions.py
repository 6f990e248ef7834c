"""The public reads revisions, never the newsroom's working copy: a published claim edited
in the working rows directly (an ORM ``update()``, bypassing every service, as a script or
a bad migration would) changes no answer of the API, its search, its CSV, the Fact Check
Tools search or the ClaimReview, until a new revision is published."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from claims.models import Claim, Speaker, Topic, Verdict, VerdictSource
from claims.services.search import reindex_claims
from sources.models import Article, Source
from tests import factories

pytestmark = pytest.mark.django_db


def _published() -> Verdict:
    speaker = factories.make_speaker(name="Amelia Quorn", slug="amelia-quorn", title="Mayor")
    outlet = factories.make_outlet(name="Harbour Gazette", slug="harbour-gazette")
    claim = factories.make_claim(
        text="The Zanzibar lighthouse was rebuilt with 900 tonnes of granite.",
        quote="We used 900 tonnes of granite.",
        speaker=speaker,
        article=factories.make_article(outlet=outlet, url="https://harbour.example/1"),
        claimed_on=datetime.date(2025, 3, 1),
    )
    claim.topics.add(Topic.objects.create(name="Lighthouses", slug="lighthouses"))
    return factories.make_verdict(
        status="published",
        claim=claim,
        headline="Granite tonnage overstated",
        summary="The port authority's records show 400 tonnes.",
    )


def _body(response) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


def _answers(api, verdict: Verdict, claim_slug: str) -> dict[str, bytes]:
    """Every public API answer that shows the claim, by name."""
    urls = {
        "claims": (reverse("api:claim-list"), {}),
        "claim": (reverse("api:claim-detail", args=[claim_slug]), {}),
        "verdicts": (reverse("api:verdict-list"), {}),
        "verdict": (reverse("api:verdict-detail", args=[verdict.slug]), {}),
        "search": (reverse("api:claim-list"), {"q": "Zanzibar granite"}),
        "search by speaker": (reverse("api:claim-list"), {"q": "Amelia Quorn"}),
        "search newest": (
            reverse("api:claim-list"),
            {"q": "lighthouse", "ordering": "-published"},
        ),
        "verdict search": (reverse("api:verdict-list"), {"q": "Zanzibar"}),
        "by speaker": (reverse("api:claim-list"), {"speaker": "amelia-quorn"}),
        "by topic": (reverse("api:verdict-list"), {"topic": "lighthouses"}),
        "by outlet": (reverse("api:claim-list"), {"outlet": "harbour-gazette"}),
        "csv": (reverse("api:claim-list"), {"format": "csv"}),
        "csv search": (reverse("api:claim-list"), {"format": "csv", "q": "Zanzibar"}),
        "fact check tools": (reverse("factchecktools-search"), {"query": "Zanzibar"}),
        "claimreview": (reverse("api:verdict-claimreview", args=[verdict.slug]), {}),
    }
    answers = {}
    for name, (url, params) in urls.items():
        response = api.get(url, params)
        assert response.status_code == 200, (name, response.content)
        answers[name] = _body(response)
    negotiated = api.get(
        reverse("api:verdict-detail", args=[verdict.slug]), HTTP_ACCEPT="application/ld+json"
    )
    answers["claimreview negotiated"] = _body(negotiated)
    speaker = api.get(reverse("api:speaker-detail", args=["amelia-quorn"])).json()
    answers["speaker record"] = repr(speaker["record"]).encode()
    article = api.get(reverse("api:article-detail", args=[Article.objects.get().slug])).json()
    answers["article claims"] = repr(article["claims"]).encode()
    return answers


def test_working_copy_edits_change_no_public_answer(api, db):
    verdict = _published()
    claim = verdict.claim
    before = _answers(api, verdict, claim.slug)
    assert b"Zanzibar" in before["search"]
    assert b"Zanzibar" in before["fact check tools"]
    assert b"Zanzibar" in before["csv search"]
    assert b"Zanzibar" in before["claimreview"]

    # Everything a reader sees, rewritten in the working rows behind the services' back.
    other = factories.make_speaker(name="Tobias Wren", slug="tobias-wren")
    Claim.objects.filter(pk=claim.pk).update(
        text="Tasmania's ferry carries 70 tonnes of copper.",
        quote="Seventy tonnes.",
        speaker=other,
        claimed_on=datetime.date(2024, 1, 1),
        context="A WORKING-COPY context",
    )
    Speaker.objects.filter(slug="amelia-quorn").update(title="WORKING-COPY title")
    Verdict.objects.filter(pk=verdict.pk).update(
        headline="WORKING-COPY headline", summary="WORKING-COPY summary"
    )
    Source.objects.filter(verdict_sources__verdict=verdict).update(
        title="WORKING-COPY source", url="https://elsewhere.example/"
    )
    VerdictSource.objects.filter(verdict=verdict).update(note="WORKING-COPY note")
    Article.objects.update(url="https://elsewhere.example/article")
    Topic.objects.filter(slug="lighthouses").update(name="WORKING-COPY topic")
    # Even the working copy's own search vector: the public search is the index's.
    reindex_claims([claim.pk])

    after = _answers(api, verdict, claim.slug)
    for name, answer in before.items():
        assert after[name] == answer, name
        assert b"WORKING-COPY" not in after[name], name
    for words in ("Tasmania copper", "Tobias Wren", "WORKING-COPY"):
        listed = api.get(reverse("api:claim-list"), {"q": words}).json()["results"]
        assert listed == [], words
        found = api.get(reverse("factchecktools-search"), {"query": words}).json()
        assert found["claims"] == [], words
    assert api.get(reverse("api:claim-list"), {"speaker": "tobias-wren"}).status_code == 400
