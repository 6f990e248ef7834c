"""A public page's address stays: a claim with any public verdict (another publisher's
included), an article with a published claim and a topic that published claims list keep
theirs, so no link breaks and no new record takes an address over. An article on the
public record is edited only by an editor, as a speaker quoted in our verdicts is."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
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


def _renamed_before_addresses_were_frozen():
    """A published claim whose working slug moved before that was refused (an old
    database): its page keeps the published address."""
    claim = factories.make_verdict(status="published").claim
    published_slug = claim.slug
    type(claim).objects.filter(pk=claim.pk).update(slug=f"{published_slug}-renamed")
    return published_slug


def test_no_claim_takes_the_published_address_of_a_renamed_one(editor, client):
    taken = _renamed_before_addresses_were_frozen()
    with pytest.raises(ValidationError, match="another claim's published page"):
        services.claim_create(user=editor, text="Another claim.", slug=taken)
    other = services.claim_create(user=editor, text="Yet another claim.")
    with pytest.raises(ValidationError, match="another claim's published page"):
        services.claim_update(
            claim=other,
            user=editor,
            expected_version=factories.version(other),
            changes={"slug": taken},
        )
    # A slug made from the text steps around the published address too.
    made = services.claim_create(user=editor, text=taken.replace("-", " "))
    assert made.slug != taken


def test_publishing_a_claim_that_holds_a_published_address_is_refused(
    factchecker, editor, settings
):
    settings.FACTCHECK_REVIEWERS_REQUIRED = 0
    taken = _renamed_before_addresses_were_frozen()
    holder = factories.make_claim(slug=taken)  # written before the rule, bypassing it
    verdict = factories.make_verdict(claim=holder, status="in_review", author=factchecker)
    with pytest.raises(ValidationError, match="give this claim a new address"):
        services.verdict_publish(
            verdict=verdict, user=editor, expected_version=factories.version(verdict)
        )


@pytest.mark.parametrize("slug", ["-", "_", "--"])
def test_a_slug_needs_a_letter_or_a_digit(editor, slug):
    with pytest.raises(ValidationError, match="at least one letter or digit"):
        services.claim_create(user=editor, text="A claim with no address.", slug=slug)
    with pytest.raises(ValidationError, match="at least one letter or digit"):
        services.speaker_create(user=editor, name="Nobody", slug=slug)
