"""The hostile-insider review, second round: a page the public record shows keeps its
address, its header changes only by an editor, and it is never deleted or merged away
from under the record, whoever tries (fact-checker, editor, a user with one permission)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from claims import services
from claims.models import Speaker, Topic, Verdict
from factcheck.base.services import delete_record
from tests import factories
from tests.conftest import MARKER
from tests.test_takedown import chief  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def _theirs(**claim_fields):
    """A claim public only through another publisher's review."""
    claim = factories.make_claim(**claim_fields)
    return factories.make_verdict(
        status="published",
        claim=claim,
        publisher=factories.make_outlet(name="Other Checks", kind="fact_checker"),
        external_url="https://other.example.org/review/7",
    )


def test_a_public_speaker_is_never_merged_into_one_never_public(editor, factchecker, client):
    public = factories.make_verdict(status="published").claim.speaker
    assert public is not None
    hidden = services.speaker_create(
        user=factchecker, name=f"{MARKER} internal name", description=f"{MARKER} protect"
    )
    with pytest.raises(ValidationError, match=r"merge .* instead"):
        services.speaker_merge(duplicate=public, into=hidden, user=editor)
    assert Speaker.objects.get(pk=public.pk).merged_into is None
    page = client.get(reverse("web:speaker", args=[public.slug]))
    assert page.status_code == 200
    assert MARKER not in page.content.decode()
    # The other way round is the merge the newsroom wants: the public record stays.
    services.speaker_merge(duplicate=hidden, into=public, user=editor)


@pytest.mark.parametrize("kind", ["speaker", "topic", "outlet", "article"])
def test_a_record_a_public_page_shows_is_never_deleted(kind, editor, client):
    article = factories.make_article(outlet=factories.make_outlet(name="Daily Paper"))
    topic = services.topic_create(user=editor, name="Diplomacy")
    claim = factories.make_claim(article=article)
    claim.topics.set([topic])
    factories.make_verdict(status="published", claim=claim)
    target: Any = {
        "speaker": claim.speaker,
        "topic": topic,
        "outlet": article.outlet,
        "article": article,
    }[kind]
    editor.user_permissions.add(*Permission.objects.filter(codename__startswith="delete_"))
    editor = type(editor).objects.get(pk=editor.pk)  # permissions are cached per object
    with pytest.raises(ValidationError, match="page is public"):
        delete_record(obj=target, user=editor)
    assert type(target).objects.filter(pk=target.pk).exists()


def test_a_record_no_public_page_shows_can_still_be_deleted(editor):
    editor.user_permissions.add(*Permission.objects.filter(codename="delete_topic"))
    editor = type(editor).objects.get(pk=editor.pk)
    topic = services.topic_create(user=editor, name="Unused topic")
    delete_record(obj=topic, user=editor)
    assert not Topic.objects.filter(pk=topic.pk).exists()


def test_a_taken_down_verdicts_notice_keeps_its_address(chief, factchecker, client):  # noqa: F811
    verdict = factories.make_verdict(status="published")
    services.verdict_takedown(verdict=verdict, user=chief, note="A court order.")
    claim = Verdict.objects.get(pk=verdict.pk).claim
    with pytest.raises(ValidationError, match="address is public"):
        services.claim_update(
            claim=claim,
            user=factchecker,
            expected_version=factories.version(claim),
            changes={"slug": "moved-away"},
        )
    assert client.get(reverse("web:claim", args=[claim.slug])).status_code == 410


def test_a_speaker_public_through_anothers_review_is_edited_by_editors_only(factchecker, editor):
    speaker = _theirs().claim.speaker
    with pytest.raises(PermissionDenied, match="only an editor"):
        services.speaker_update(
            speaker=speaker,
            user=factchecker,
            expected_version=factories.version(speaker),
            changes={"description": "convicted fraudster"},
        )
    with pytest.raises(ValidationError, match="address cannot change"):
        services.speaker_update(
            speaker=speaker,
            user=editor,
            expected_version=factories.version(speaker),
            changes={"slug": "moved-away"},
        )


def test_a_public_topics_page_is_edited_by_editors_only(factchecker, editor):
    topic = services.topic_create(user=editor, name="Israel-Gaza war")
    claim = factories.make_claim()
    claim.topics.set([topic])
    factories.make_verdict(status="published", claim=claim)
    with pytest.raises(PermissionDenied, match="only an editor"):
        services.topic_update(
            topic=topic,
            user=factchecker,
            expected_version=factories.version(topic),
            changes={"description": "rewritten"},
        )
    services.topic_update(
        topic=topic,
        user=editor,
        expected_version=factories.version(topic),
        changes={"description": "An editor's fix."},
    )


def test_a_public_outlets_page_keeps_its_address_and_is_edited_by_editors_only(
    factchecker, editor, login
):
    publisher = _theirs().publisher
    factchecker.user_permissions.add(Permission.objects.get(codename="change_outlet"))
    with pytest.raises(PermissionDenied, match="only an editor"):
        services.outlet_update(
            outlet=publisher,
            user=type(factchecker).objects.get(pk=factchecker.pk),
            expected_version=factories.version(publisher),
            changes={"name": "Renamed"},
        )
    with pytest.raises(ValidationError, match="address cannot change"):
        services.outlet_update(
            outlet=publisher,
            user=editor,
            expected_version=factories.version(publisher),
            changes={"slug": "moved-away"},
        )
    # The admin's form goes through the same rule.
    response = login(editor).post(
        reverse("admin:sources_outlet_change", args=[publisher.pk]),
        {
            "name": publisher.name,
            "slug": "moved-away",
            "domain": publisher.domain,
            "kind": publisher.kind,
            "url": publisher.url,
            "country": "",
            "snapshot": factories.snapshot(publisher),
        },
    )
    assert "address cannot change" in response.content.decode()
