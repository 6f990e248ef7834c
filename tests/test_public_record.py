"""Published means fixed unless corrected: what our published verdicts show changes only
by an editor, and a change of words or cited sources files a public correction."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from pghistory.models import Events

from claims import services
from claims.admin.ratings import RatingForm
from claims.models import Claim, Correction, Rating, Speaker
from claims.services import TransitionError
from sources.models import Source
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return factories.make_verdict(status="published")


def _claim_form(claim, **overrides):
    data = {
        "text": claim.text,
        "quote": claim.quote,
        "speaker": claim.speaker_id or "",
        "context": claim.context,
        "language": claim.language,
        "slug": claim.slug,
        "snapshot": factories.snapshot(claim),
        "correction_note": "",
        "verdicts-TOTAL_FORMS": "0",
        "verdicts-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_fact_checker_cannot_reword_a_claim_with_a_published_verdict(
    published, factchecker, login
):
    claim = published.claim
    client = login(factchecker)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    page = client.get(url).content.decode()
    assert 'name="text"' not in page  # shown read-only
    assert claim.text in page
    response = client.post(url, _claim_form(claim, text="A quietly softened wording."))
    assert response.status_code == 302  # the rest of the form saves; the wording cannot
    assert Claim.objects.get(pk=claim.pk).text == claim.text
    assert not Correction.objects.exists()
    with pytest.raises(PermissionDenied, match="only an editor can change its wording"):
        services.claim_update(
            claim=claim,
            user=factchecker,
            expected_version=factories.version(claim),
            changes={"text": "A quietly softened wording."},
        )


def test_fact_checker_cannot_change_the_speaker_or_quote_either(published, factchecker):
    other = factories.make_speaker()
    for changes in ({"speaker": other}, {"quote": "Words never said."}):
        with pytest.raises(PermissionDenied, match="only an editor"):
            services.claim_update(
                claim=published.claim,
                user=factchecker,
                expected_version=factories.version(published.claim),
                changes=changes,
            )


def test_editor_rewording_needs_a_note_and_files_a_correction_on_each_published_verdict(
    published, editor, editor2, login
):
    claim = published.claim
    imported = factories.make_verdict(
        claim=claim,
        status="published",
        publisher=factories.make_outlet(kind="fact_checker"),
        external_url="https://other.example.org/check",
    )
    client = login(editor)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    response = client.post(url, _claim_form(claim, text="The precise wording."))
    assert "needs a public correction note" in response.content.decode()
    response = client.post(
        url,
        _claim_form(
            claim, text="The precise wording.", correction_note="We quoted the claim loosely."
        ),
    )
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).text == "The precise wording."
    served = published.revisions.order_by("-number").first()
    assert served.document["claim"]["text"] == claim.text  # proposed, not yet public
    assert not Correction.objects.exists()
    factories.publish_proposal(published, editor2)
    served = published.revisions.order_by("-number").first()
    assert served.document["claim"]["text"] == "The precise wording."
    correction = Correction.objects.get()
    assert (correction.verdict, correction.note, correction.created_by) == (
        published,
        "We quoted the claim loosely.",
        editor,
    )
    assert not imported.corrections.exists()  # other publishers' records are theirs


def test_details_that_verdicts_do_not_show_stay_open_to_fact_checkers(published, factchecker):
    topic = services.topic_create(user=factchecker, name="Economy")
    claim = services.claim_update(
        claim=published.claim,
        user=factchecker,
        expected_version=factories.version(published.claim),
        changes={"context": "a radio interview", "topics": [topic]},
    )
    assert claim.context == "a radio interview"
    assert list(claim.topics.all()) == [topic]
    assert not Correction.objects.exists()


def test_a_claim_with_only_drafts_or_imported_reviews_is_edited_freely(factchecker):
    draft = factories.make_verdict()
    imported = factories.make_verdict(
        status="published",
        publisher=factories.make_outlet(kind="fact_checker"),
        external_url="https://other.example.org/check",
    )
    for verdict in (draft, imported):
        claim = services.claim_update(
            claim=verdict.claim,
            user=factchecker,
            expected_version=factories.version(verdict.claim),
            changes={"text": "Clearer wording of the claim."},
        )
        assert claim.text == "Clearer wording of the claim."
    assert not Correction.objects.exists()


def test_the_address_of_a_published_claim_does_not_change(published, editor):
    with pytest.raises(TransitionError, match="address is public"):
        services.claim_update(
            claim=published.claim,
            user=editor,
            expected_version=factories.version(published.claim),
            changes={"slug": "a-new-address"},
        )


def test_fact_checker_cannot_change_the_title_or_url_of_a_cited_source(
    published, factchecker, login
):
    source = published.verdict_sources.get().source
    client = login(factchecker)
    url = reverse("admin:sources_source_change", args=[source.pk])
    page = client.get(url).content.decode()
    assert 'name="title"' not in page
    assert 'name="url"' not in page
    assert 'name="publisher"' in page  # what verdicts do not show stays editable
    client.post(
        url,
        {
            "title": "A different title",
            "kind": source.kind,
            "url": "https://elsewhere.example.com/",
            "snapshot": factories.snapshot(source),
        },
    )
    source.refresh_from_db()
    assert (source.title, source.url) != ("A different title", "https://elsewhere.example.com/")
    with pytest.raises(PermissionDenied, match="only an editor can change its title"):
        services.source_update(
            source=source,
            user=factchecker,
            expected_version=factories.version(source),
            changes={"title": "A different title"},
        )


def test_editor_changing_a_cited_source_files_a_correction(published, editor, editor2):
    source = published.verdict_sources.get().source
    with pytest.raises(TransitionError, match="needs a public correction note"):
        services.source_update(
            source=source,
            user=editor,
            expected_version=factories.version(source),
            changes={"url": "https://records.example.com/moved"},
        )
    services.source_update(
        source=source,
        user=editor,
        expected_version=factories.version(source),
        changes={"url": "https://records.example.com/moved"},
        correction_note="The ministry moved the document; the link is updated.",
    )
    assert Source.objects.get(pk=source.pk).url == "https://records.example.com/moved"
    factories.publish_proposal(published, editor2)
    assert published.corrections.get().note.startswith("The ministry moved")
    # Its publisher field is not shown as the source's title or URL: no correction needed.
    services.source_update(
        source=source,
        user=editor,
        expected_version=factories.version(source),
        changes={"publisher": "Ministry of Finance"},
    )
    assert published.corrections.count() == 1


def test_speaker_on_the_record_is_editor_only_audited_and_not_a_correction(
    published, factchecker, editor, login
):
    speaker = published.claim.speaker
    page = login(factchecker).get(reverse("admin:claims_speaker_change", args=[speaker.pk]))
    assert b'name="name"' not in page.content  # a view-only page for fact-checkers
    with pytest.raises(PermissionDenied, match="only an editor"):
        services.speaker_update(
            speaker=speaker,
            user=factchecker,
            expected_version=factories.version(speaker),
            changes={"name": "Renamed Person"},
        )
    services.speaker_update(
        speaker=speaker,
        user=editor,
        expected_version=factories.version(speaker),
        changes={"name": "Corrected Spelling"},
    )
    assert Speaker.objects.get(pk=speaker.pk).name == "Corrected Spelling"
    assert not Correction.objects.exists()
    event = Events.objects.tracks(speaker).filter(pgh_label="update").get()
    assert event.pgh_diff["name"][1] == "Corrected Spelling"
    assert event.pgh_context["user"] == editor.pk


def test_a_speaker_not_yet_on_the_record_is_edited_by_fact_checkers(factchecker):
    speaker = factories.make_verdict().claim.speaker  # a draft only
    assert speaker is not None
    updated = services.speaker_update(
        speaker=speaker,
        user=factchecker,
        expected_version=factories.version(speaker),
        changes={"title": "Minister of Health"},
    )
    assert updated.title == "Minister of Health"


def test_a_rating_in_use_keeps_its_label_and_position_for_everyone(published, editor, login):
    rating = published.rating
    response = login(editor).post(
        reverse("admin:claims_rating_change", args=[rating.pk]),
        {
            "scale": rating.scale_id,
            "label": "True (relabelled)",
            "slug": rating.slug,
            "position": rating.position,
            "definition": rating.definition,
            "colour": rating.colour,
            "sort_order": rating.sort_order,
            "snapshot": RatingForm(instance=rating)["snapshot"].initial,
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "cannot change" in response.content.decode()
    assert Rating.objects.get(pk=rating.pk).label == rating.label
    # Not even a script gets past the database.
    with pytest.raises(IntegrityError, match="rating_in_use_fixed"), transaction.atomic():
        Rating.objects.filter(pk=rating.pk).update(position=6)


def test_a_ratings_definition_stays_editable_and_audited(published, editor):
    rating = services.rating_update(
        rating=published.rating,
        user=editor,
        expected_version=factories.version(published.rating),
        changes={"definition": "Not accurate: the record shows otherwise."},
    )
    assert rating.definition == "Not accurate: the record shows otherwise."
    event = Events.objects.tracks(rating).filter(pgh_label="update").get()
    assert event.pgh_diff["definition"][1] == "Not accurate: the record shows otherwise."
    assert event.pgh_context["user"] == editor.pk


def test_a_rating_nobody_uses_can_still_be_relabelled(editor):
    rating = factories.rating("true")
    updated = services.rating_update(
        rating=rating,
        user=editor,
        expected_version=factories.version(rating),
        changes={"label": "Accurate"},
    )
    assert updated.label == "Accurate"


def test_fact_checkers_cannot_edit_ratings(factchecker):
    with pytest.raises(PermissionDenied):
        services.rating_update(
            rating=factories.rating("true"),
            user=factchecker,
            expected_version=1,
            changes={"definition": "x"},
        )
