"""The set-based path for bulk loads writes what the Python path writes: each revision's
document equals ``document(verdict)`` key for key (and so its hash), and the public
index equals what ``refresh_published`` writes from those revisions."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from claims.models import PublishedClaim, PublishedVerdict, Topic, Verdict, VerdictRevision
from claims.selectors.newsroom import content_hash, document, with_document_rows
from claims.services.bulk_revisions import bulk_publish_revisions, bulk_refresh_published
from claims.services.published import refresh_published
from claims.services.revisions import rebuild_revisions
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SKIPPED = {"created_at", "updated_at", "search"}


def _index() -> dict[str, Any]:
    def rows(model: Any) -> dict[Any, dict[str, Any]]:
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in SKIPPED]
        return {row["pk"]: row for row in model.objects.values("pk", *fields)}

    return {"claims": rows(PublishedClaim), "verdicts": rows(PublishedVerdict)}


def _assert_documents_are_pythons() -> int:
    """Every public verdict's revisions are what the Python rebuild would have written."""
    checked = 0
    for verdict in with_document_rows(Verdict.objects.on_record()).order_by("pk"):
        expected = document(verdict)
        revisions = list(verdict.revisions.order_by("number"))
        first = revisions[0]
        assert (first.kind, first.number, first.note) == ("published", 1, "")
        assert first.document == expected, verdict.slug  # key for key
        assert first.content_hash == content_hash(expected)
        assert first.published_at == verdict.published_at
        assert (first.text_recorded, first.approved_by) == (True, [])
        assert first.watermarks
        if verdict.retracted_at is None:
            assert len(revisions) == 1
        else:
            retraction = {
                **expected,
                "retraction": {
                    "at": verdict.retracted_at.isoformat(),
                    "note": verdict.retraction_note,
                },
            }
            assert [r.kind for r in revisions] == ["published", "retraction"]
            assert revisions[1].document == retraction
            assert revisions[1].content_hash == content_hash(retraction)
            assert revisions[1].published_at == verdict.retracted_at
        checked += 1
    return checked


def _assert_index_is_refresh_publisheds() -> None:
    written = _index()
    assert written["claims"]
    assert written["verdicts"]
    refresh_published(PublishedClaim.objects.values_list("pk", flat=True))
    assert _index() == written


def test_the_demo_archive_gets_the_revisions_and_index_the_python_path_writes():
    call_command("generate_demo_data", "--claims", "300", "--seed", "3", verbosity=0)
    public = Verdict.objects.on_record().count()
    assert public > 60
    assert _assert_documents_are_pythons() == public
    assert Verdict.objects.filter(status="retracted").exists() or public < 100
    assert PublishedVerdict.objects.count() == public
    _assert_index_is_refresh_publisheds()


def _published_without_revisions(verdict: Verdict, **fields: Any) -> None:
    """A verdict loaded as already public, as a bulk import leaves it: no revision yet."""
    Verdict.objects.filter(pk=verdict.pk).update(**fields)


@pytest.mark.parametrize("zone", ["UTC", "Asia/Kolkata", "America/St_Johns"])
def test_every_field_and_date_is_written_as_python_writes_it(zone):
    author = factories.make_user(first_name="Zoë", last_name="O'Brien\t")
    nameless = factories.make_user(first_name="", last_name="")
    theirs = factories.make_outlet(name="Их издание", url="https://theirs.example/")
    outlet = factories.make_outlet()
    article = factories.make_article(
        outlet=outlet, url="https://news.example/a", published_on=datetime.date(2019, 3, 4)
    )
    speaker = factories.make_speaker(
        title="Minister", description='Says "quotes" \\ and\nlines', same_as=["https://x.example"]
    )
    claim = factories.make_claim(
        speaker=speaker,
        article=article,
        appeared_in=factories.make_outlet(),
        quote="«Это» \u2028 \x01 ok",
        claimed_on=datetime.date(2018, 1, 2),
        context="an interview",
        language="ru",
    )
    topics = [
        Topic.objects.create(name=name, slug=f"topic-{n}")
        for n, name in enumerate(("Économie", "budget", "Zoo"))
    ]
    claim.topics.set(topics)
    bare_claim = factories.make_claim(speaker=None)
    moment = datetime.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=datetime.UTC)
    ours = factories.make_verdict(claim=claim, author=author)
    factories.make_verdict()  # a draft: not public, left alone
    imported = factories.make_verdict(
        claim=claim, publisher=theirs, author=nameless, external_url="https://theirs.example/r"
    )
    plain = factories.make_verdict(claim=bare_claim, with_source=False)
    retracted = factories.make_verdict()
    _published_without_revisions(
        ours,
        status="published",
        published_at=moment,
        speaker_contacted_at=moment - datetime.timedelta(days=3),
        speaker_response="No comment.",
        body="# Body\n\nwith *Markdown*",
    )
    _published_without_revisions(
        imported, status="published", published_at=moment.replace(microsecond=0)
    )
    _published_without_revisions(plain, status="published", published_at=moment)
    _published_without_revisions(
        retracted,
        status="retracted",
        published_at=moment,
        retracted_at=moment + datetime.timedelta(days=1, microseconds=5),
        retraction_note="Wrong figures.",
    )
    with override_settings(TIME_ZONE=zone):
        assert bulk_publish_revisions() == 4
        assert _assert_documents_are_pythons() == 4
        _assert_index_is_refresh_publisheds()
        # A claim with two public verdicts lists ours first, with both publishers' words.
        served = PublishedClaim.objects.get(pk=claim.pk)
        assert [v["publisher"]["ours"] for v in served.document["verdicts"]] == [True, False]


def test_what_the_set_based_path_cannot_date_goes_through_the_python_rebuild(editor):
    corrected = factories.make_verdict()
    factories.make_verdict(status="published")  # already has its revisions: untouched
    _published_without_revisions(
        corrected,
        status="published",
        published_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC),
    )
    corrected.corrections.create(kind="correction", note="Fixed a figure.")
    before = VerdictRevision.objects.count()
    assert bulk_publish_revisions() == 1
    assert [r.kind for r in corrected.revisions.order_by("number")] == ["published", "correction"]
    assert VerdictRevision.objects.count() == before + 2
    assert PublishedVerdict.objects.filter(pk=corrected.pk).exists()
    _assert_index_is_refresh_publisheds()


def test_the_index_follows_the_latest_revision_whatever_wrote_it(editor):
    from claims import services

    kept = factories.make_verdict(status="published")
    plain = factories.make_verdict(status="published")
    services.verdict_retract(verdict=kept, user=editor, note="Forged figures.")
    PublishedClaim.objects.all().delete()  # cascades to the verdicts' rows
    bulk_refresh_published(claim_ids=[kept.claim_id, plain.claim_id])
    _assert_index_is_refresh_publisheds()
    assert PublishedVerdict.objects.get(pk=kept.pk).status == "retracted"
    assert rebuild_revisions(Verdict, VerdictRevision) == 0
