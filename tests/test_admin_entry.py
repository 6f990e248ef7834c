"""Entering an article and its claims by hand, as a new fact-checker would."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Claim, Verdict
from sources.models import Article
from tests import factories
from tests.test_admin_workflow import _form_data

pytestmark = pytest.mark.django_db


def _article_form(**overrides):
    data = {
        "title": "Hamas Diplomatic Overture Could End Gaza Conflict",
        "slug": "hamas-overture",
        "url": "",
        "byline": "",
        "language": "en",
        "text": "The Gaza Strip, long a flashpoint…",
        "claims-TOTAL_FORMS": "2",
        "claims-INITIAL_FORMS": "0",
        "claims-MIN_NUM_FORMS": "0",
        "claims-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_fact_checker_enters_an_article_with_its_claims(factchecker, login):
    trump = factories.make_speaker(name="Donald Trump", slug="donald-trump")
    anonymous = factories.make_speaker(
        name="an anonymous Egyptian official", slug="anon-egypt", kind="anonymous"
    )
    fox = factories.make_outlet(name="Fox News", domain="foxnews.com")
    data = _article_form(
        **{
            "claims-0-text": "Hamas must surrender immediately.",
            "claims-0-quote": "Hamas must surrender immediately",
            "claims-0-speaker": trump.pk,
            "claims-0-appeared_in": fox.pk,
            "claims-0-context": "an interview with Fox News",
            "claims-0-slug": "hamas-must-surrender",
            "claims-0-language": "en",
            "claims-1-text": "This is a critical moment for the region.",
            "claims-1-speaker": anonymous.pk,
            "claims-1-slug": "critical-moment",
            "claims-1-language": "en",
        }
    )
    response = login(factchecker).post(reverse("admin:sources_article_add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    article = Article.objects.get(slug="hamas-overture")
    assert article.created_by == factchecker
    claims = {c.slug: c for c in article.claims.all()}
    assert set(claims) == {"hamas-must-surrender", "critical-moment"}
    assert claims["hamas-must-surrender"].appeared_in == fox
    assert all(c.created_by == factchecker for c in claims.values())


def test_bad_entries_get_messages_not_errors(factchecker, login):
    client = login(factchecker)
    response = client.post(
        reverse("admin:claims_speaker_add"),
        {"name": "Ahmed the Official", "slug": "ahmed", "kind": "anonymous", "same_as": ""},
    )
    assert response.status_code == 200
    assert "never give them a name" in response.content.decode()
    source = factories.make_source(url="https://records.example.com/census")
    response = client.post(
        reverse("admin:sources_source_add"),
        {"title": "Again", "kind": "dataset", "url": source.url},
    )
    assert "already on file" in response.content.decode()
    response = client.post(
        reverse("admin:sources_article_add"),
        _article_form(language="English", **{"claims-TOTAL_FORMS": "0"}),
    )
    assert "Use a language tag" in response.content.decode()
    assert not Article.objects.exists()


def test_second_verdict_of_ours_on_a_claim_is_refused_with_a_message(factchecker, login):
    existing = factories.make_verdict()
    data = _form_data(
        Verdict(claim=existing.claim, headline="Again", slug="again", summary="s", version=0)
    )
    response = login(factchecker).post(reverse("admin:claims_verdict_add"), data)
    assert response.status_code == 200
    assert "already has a verdict from this publisher" in response.content.decode()


def test_published_verdict_keeps_at_least_one_source(editor, login):
    verdict = factories.make_verdict(status="published")
    data = _form_data(verdict, **{"verdict_sources-0-DELETE": "on"})
    response = login(editor).post(reverse("admin:claims_verdict_change", args=[verdict.pk]), data)
    assert response.status_code == 200
    assert "must keep at least one source" in response.content.decode()
    assert verdict.verdict_sources.count() == 1


def test_claim_page_offers_to_write_the_verdict(factchecker, login):
    claim = factories.make_claim()
    page = (
        login(factchecker)
        .get(reverse("admin:claims_claim_change", args=[claim.pk]))
        .content.decode()
    )
    assert f"/admin/claims/verdict/add/?claim={claim.pk}" in page
    assert Claim.objects.count() == 1
