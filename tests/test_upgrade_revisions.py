"""Upgrading gives every verdict readers could see its revisions, so that nothing a reader
sees changes (migration claims.0015, ``rebuild_revisions``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Correction, PublishedVerdict, Verdict, VerdictRevision, VerdictSource
from claims.services.revisions import rebuild_revisions
from tests import factories

pytestmark = pytest.mark.django_db


def _legacy(**fields):
    """A verdict as the previous version stored it: published, without revisions."""
    fields.setdefault("claim", factories.make_claim())
    fields.setdefault("slug", f"legacy-{fields['claim'].pk}")
    verdict = Verdict.objects.create(
        headline="Legacy headline",
        summary="Legacy summary.",
        rating=factories.rating("false"),
        status="published",
        published_at=timezone.now() - timedelta(days=30),
        **fields,
    )
    VerdictSource.objects.create(verdict=verdict, source=factories.make_source(), position=1)
    return verdict


def test_a_corrected_verdict_gets_each_revision_with_the_rating_it_showed(client, editor):
    verdict = _legacy()
    now = timezone.now()
    Correction.objects.create(
        verdict=verdict,
        note="New data.",
        previous_rating=factories.rating("false"),
        new_rating=factories.rating("half-true"),
        published_at=now - timedelta(days=2),
    )
    Verdict.objects.filter(pk=verdict.pk).update(rating=factories.rating("half-true"))
    rebuild_revisions(Verdict, VerdictRevision)
    revisions = list(verdict.revisions.order_by("number"))
    assert [r.kind for r in revisions] == ["published", "correction"]
    assert revisions[0].document["verdict"]["rating"]["slug"] == "false"
    assert revisions[1].document["verdict"]["rating"]["slug"] == "half-true"
    assert [r.text_recorded for r in revisions] == [False, True]
    served = PublishedVerdict.objects.get(verdict=verdict)
    assert served.revision_id == revisions[1].pk
    page = client.get(reverse("web:claim", args=[verdict.claim.slug])).content.decode()
    assert "was not recorded" in page
    assert (
        "Rating changed from <strong><bdi>False</bdi></strong>"
        " to <strong><bdi>Half True</bdi></strong>" in page
    )


def test_earlier_words_come_from_the_audit_history_when_it_has_them(client):
    verdict = _legacy()
    Verdict.objects.filter(pk=verdict.pk).update(headline="Corrected headline")
    corrected_at = timezone.now() - timedelta(days=1)
    Correction.objects.create(
        verdict=verdict, kind="update", note="Headline sharpened.", published_at=corrected_at
    )
    # One test is one transaction, where every event gets the same time: date them as
    # separate requests would have.
    events = Verdict.pgh_event_model.objects.filter(pgh_obj=verdict)
    events.filter(pgh_label="insert").update(pgh_created_at=verdict.published_at)
    events.filter(pgh_label="update").update(pgh_created_at=corrected_at - timedelta(seconds=1))
    rebuild_revisions(Verdict, VerdictRevision)
    first, second = verdict.revisions.order_by("number")
    assert first.document["verdict"]["headline"] == "Legacy headline"
    assert first.text_recorded
    assert second.document["verdict"]["headline"] == "Corrected headline"
    page = client.get(reverse("web:claim", args=[verdict.claim.slug])).content.decode()
    assert "<del>Legacy</del><ins>Corrected</ins> headline" in page.replace("\n", "")


def test_retracted_and_taken_down_verdicts_keep_their_notices(client):
    retracted = _legacy()
    Verdict.objects.filter(pk=retracted.pk).update(
        status="retracted", retracted_at=timezone.now(), retraction_note="Forged source."
    )
    taken = _legacy()
    Verdict.objects.filter(pk=taken.pk).update(
        status="withdrawn", withdrawn_at=timezone.now(), withdrawal_note="Court order."
    )
    rebuild_revisions(Verdict, VerdictRevision)
    assert retracted.revisions.order_by("-number").first().document["retraction"]["note"] == (
        "Forged source."
    )
    assert taken.revisions.order_by("-number").first().document == {
        "takedown": {
            "at": taken.revisions.get(kind="takedown").published_at.isoformat(),
            "note": "Court order.",
        }
    }
    assert PublishedVerdict.objects.filter(verdict=retracted).exists()
    assert not PublishedVerdict.objects.filter(verdict=taken).exists()
    page = client.get(reverse("web:claim", args=[taken.claim.slug]))
    assert page.status_code == 410
    assert "Legacy headline" not in page.content.decode()


def test_rebuilding_twice_changes_nothing():
    verdict = _legacy()
    rebuild_revisions(Verdict, VerdictRevision)
    assert rebuild_revisions(Verdict, VerdictRevision) == 0
    assert verdict.revisions.count() == 1


def test_drafts_and_archive_references_get_no_revision():
    draft = factories.make_verdict()
    rebuild_revisions(Verdict, VerdictRevision)
    assert not draft.revisions.exists()
