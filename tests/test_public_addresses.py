"""A public page's address stays: a claim with any public verdict (another publisher's
included), an article with a published claim and a topic that published claims list keep
theirs, so no link breaks and no new record takes an address over. An article on the
public record is edited only by an editor, as a speaker quoted in our verdicts is."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from claims import services
from claims.services import TransitionError
from tests import factories

pytestmark = pytest.mark.django_db


def _theirs():
    return factories.make_verdict(
        status="published",
        publisher=factories.make_outlet(name="Other Checks", kind="fact_checker"),
        external_url="https://other.example.org/review/1",
        claim=factories.make_claim(slug="shared-slug"),
    )


def test_a_claim_only_others_reviewed_keeps_its_address(client, editor, factchecker):
    claim = _theirs().claim
    with pytest.raises(TransitionError, match="address is public"):
        services.claim_update(
            claim=claim,
            user=editor,
            expected_version=factories.version(claim),
            changes={"slug": "moved-slug"},
        )
    # So no new claim can be given the address, and the page still serves the old claim.
    claim.refresh_from_db()
    assert claim.slug == "shared-slug"
    assert client.get(reverse("web:claim", args=["shared-slug"])).status_code == 200


def test_an_unpublished_claim_may_still_move(editor):
    claim = factories.make_claim(slug="draft-slug")
    moved = services.claim_update(
        claim=claim,
        user=editor,
        expected_version=factories.version(claim),
        changes={"slug": "better-slug"},
    )
    assert moved.slug == "better-slug"


def _article_on_record():
    article = factories.make_article(slug="pub-article", title="As published")
    factories.make_verdict(status="published", claim=factories.make_claim(article=article))
    return article


def test_an_article_with_a_published_claim_keeps_its_address(client, editor):
    article = _article_on_record()
    with pytest.raises(TransitionError, match="address cannot change"):
        services.article_update(
            article=article,
            user=editor,
            expected_version=factories.version(article),
            changes={"slug": "renamed-article"},
        )
    assert client.get(reverse("web:article", args=["pub-article"])).status_code == 200


def test_only_an_editor_edits_an_article_on_the_public_record(factchecker, editor):
    article = _article_on_record()
    with pytest.raises(PermissionDenied, match="only an editor"):
        services.article_update(
            article=article,
            user=factchecker,
            expected_version=factories.version(article),
            changes={"title": "ZQXSECRET retitled"},
        )
    edited = services.article_update(
        article=article,
        user=editor,
        expected_version=factories.version(article),
        changes={"title": "Corrected title"},
    )
    assert edited.title == "Corrected title"


def test_the_staff_api_refuses_a_fact_checker_editing_a_public_article(factchecker):
    from rest_framework.test import APIClient

    article = _article_on_record()
    api = APIClient()
    api.force_authenticate(factchecker)
    url = reverse("api:staff-article", args=[article.pk])
    etag = api.get(url)["ETag"]
    response = api.patch(url, {"title": "ZQXSECRET"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "As published"


def test_a_topic_published_claims_list_keeps_its_address(client, editor):
    topic = services.topic_create(user=editor, name="Water")
    claim = factories.make_claim()
    claim.topics.add(topic)
    factories.make_verdict(status="published", claim=claim)
    with pytest.raises(TransitionError, match="address cannot change"):
        services.topic_update(
            topic=topic,
            user=editor,
            expected_version=factories.version(topic),
            changes={"slug": "renamed-topic"},
        )
    assert client.get(reverse("web:topic", args=[topic.slug])).status_code == 200
