"""Claim families in the newsroom: a person links a claim to another as the same claim,
and can undo it; every step is in the audit history with who took it; a family holds one
verdict of ours at a time (the service refuses, and so does the database); the matcher
only ever suggests; a link changes nothing public, and whoever made it cannot approve the
update that would publish it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims import services
from claims.models import (
    Appearance,
    ClaimFamily,
    ClaimFamilyMember,
    PublishedVerdict,
    RepeatSuggestion,
    Verdict,
)
from claims.selectors.families import family_claim_ids
from claims.selectors.newsroom import contributors
from claims.services import TransitionError
from factcheck.base.services import Refused
from tests import factories

pytestmark = pytest.mark.django_db


def _events(model, **lookup):
    return list(model.pgh_event_model.objects.filter(**lookup).order_by("pgh_id"))


def test_an_editor_links_a_claim_as_the_same_claim_and_can_undo_it(editor):
    original, repeat = factories.make_claim(), factories.make_claim()
    member = services.claim_link_as_repeat(
        claim=repeat, of=original, user=editor, note="Same figure, same state."
    )
    assert member.claim == repeat
    assert member.linked_by == editor
    assert set(family_claim_ids(original.pk)) == {original.pk, repeat.pk}
    assert ClaimFamily.objects.get().created_by == editor

    services.claim_unlink(claim=repeat, user=editor)
    # A family of one is no family: both claims are on their own again.
    assert not ClaimFamily.objects.exists()
    assert not ClaimFamilyMember.objects.exists()
    assert family_claim_ids(original.pk) == [original.pk]


def test_links_and_unlinks_are_in_the_audit_history_with_who(editor, factchecker):
    original, repeat = factories.make_claim(), factories.make_claim()
    services.claim_link_as_repeat(claim=repeat, of=original, user=factchecker)
    services.claim_unlink(claim=repeat, user=editor)
    linked = _events(ClaimFamilyMember, claim_id=repeat.pk)
    assert [e.pgh_label for e in linked] == ["insert", "delete"]
    assert [e.pgh_context.metadata["user"] for e in linked] == [factchecker.pk, editor.pk]


def test_a_third_claim_joins_the_family_either_way_round(editor):
    a, b, c, d = (factories.make_claim() for _ in range(4))
    services.claim_link_as_repeat(claim=b, of=a, user=editor)
    services.claim_link_as_repeat(claim=c, of=b, user=editor)  # linked to a member
    services.claim_link_as_repeat(claim=a, of=d, user=editor)  # the family takes d in
    assert set(family_claim_ids(d.pk)) == {a.pk, b.pk, c.pk, d.pk}
    assert ClaimFamily.objects.count() == 1
    services.claim_unlink(claim=a, user=editor)
    assert set(family_claim_ids(b.pk)) == {b.pk, c.pk, d.pk}


@pytest.mark.parametrize("case", ["itself", "already", "two families"])
def test_links_that_make_no_sense_are_refused_with_the_reason(editor, case):
    a, b, c, d = (factories.make_claim() for _ in range(4))
    services.claim_link_as_repeat(claim=b, of=a, user=editor)
    services.claim_link_as_repeat(claim=d, of=c, user=editor)
    claim, of, reason = {
        "itself": (a, a, "cannot be linked to itself"),
        "already": (b, a, "already linked as the same claim"),
        "two families": (b, c, "unlink it from them first"),
    }[case]
    with pytest.raises(Refused, match=reason):
        services.claim_link_as_repeat(claim=claim, of=of, user=editor)
    assert ClaimFamilyMember.objects.count() == 4


def test_unlinking_a_claim_in_no_family_says_so(editor):
    with pytest.raises(Refused, match="not linked to any other claim"):
        services.claim_unlink(claim=factories.make_claim(), user=editor)


def test_only_the_newsroom_links_claims():
    outsider = factories.make_user()
    a, b = factories.make_claim(), factories.make_claim()
    with pytest.raises(PermissionDenied):
        services.claim_link_as_repeat(claim=b, of=a, user=outsider)
    assert not ClaimFamilyMember.objects.exists()


# One verdict of ours per family ------------------------------------------------------------


def test_two_claims_each_with_a_verdict_of_ours_cannot_be_linked(editor):
    first = factories.make_verdict(status="published", headline="First check")
    second = factories.make_verdict(headline="Second check")  # a draft counts too
    with pytest.raises(Refused, match="one verdict of ours at a time"):
        services.claim_link_as_repeat(claim=second.claim, of=first.claim, user=editor)
    assert not ClaimFamilyMember.objects.exists()


def test_a_new_verdict_of_ours_on_a_linked_claim_is_refused(editor, factchecker):
    checked = factories.make_verdict(status="published", headline="The family's check")
    repeat = factories.make_claim()
    services.claim_link_as_repeat(claim=repeat, of=checked.claim, user=editor)
    with pytest.raises(Refused, match="The family's check"):
        services.verdict_create(
            user=factchecker, claim=repeat, headline="A second check", summary="Again."
        )
    assert not Verdict.objects.filter(claim=repeat).exists()


def test_other_publishers_reviews_of_any_member_sit_beside_ours(editor):
    ours = factories.make_verdict(status="published")
    theirs = factories.make_verdict(
        status="published",
        publisher=factories.make_outlet(kind="fact_checker"),
        external_url="https://other.example.org/check",
    )
    services.claim_link_as_repeat(claim=theirs.claim, of=ours.claim, user=editor)
    assert set(family_claim_ids(ours.claim_id)) == {ours.claim_id, theirs.claim_id}


def test_a_retracted_verdict_makes_room_for_a_new_one(editor, factchecker):
    retracted = factories.make_verdict(status="retracted")
    repeat = factories.make_claim()
    services.claim_link_as_repeat(claim=repeat, of=retracted.claim, user=editor)
    new = services.verdict_create(
        user=factchecker, claim=repeat, headline="Checked again", summary="Now."
    )
    assert new.status == Verdict.Status.DRAFT


def test_the_database_refuses_a_second_verdict_of_ours_in_a_family(editor):
    """Whoever writes (a script, a bulk path): the trigger counts under the family's lock."""
    checked = factories.make_verdict(status="published")
    repeat = factories.make_claim()
    services.claim_link_as_repeat(claim=repeat, of=checked.claim, user=editor)
    with pytest.raises(IntegrityError, match="claimfamily_one_verdict"), transaction.atomic():
        Verdict.objects.create(claim=repeat, headline="Sneaked in", slug="sneaked-in")
    # An imported review on the same claim is not ours: allowed.
    Verdict.objects.create(
        claim=repeat,
        headline="Theirs",
        slug="theirs",
        publisher=factories.make_outlet(kind="fact_checker"),
        external_url="https://other.example.org/theirs",
    )


def test_the_database_refuses_a_link_that_would_hold_two_verdicts(editor):
    first = factories.make_verdict(status="published")
    second = factories.make_verdict(status="published")
    family = ClaimFamily.objects.create()
    ClaimFamilyMember.objects.create(family=family, claim=first.claim)
    with pytest.raises(IntegrityError, match="claimfamily_one_verdict"), transaction.atomic():
        ClaimFamilyMember.objects.create(family=family, claim=second.claim)


# Suggestions ------------------------------------------------------------------------------


def test_a_suggestion_is_never_a_link(editor):
    checked = factories.make_verdict(status="published")
    repeat = factories.make_claim()
    added = services.repeat_suggestions_record(
        user=editor,
        pairs=[(checked.claim, repeat, 0.97)],
        found_by="test",
        checked=[checked.claim_id],
    )
    assert added == 1
    suggestion = RepeatSuggestion.objects.get()
    # The checked claim is the one repeated, whichever way round the pair came.
    assert (suggestion.claim_id, suggestion.of_id) == (repeat.pk, checked.claim_id)
    assert suggestion.status == RepeatSuggestion.Status.OPEN
    assert not ClaimFamilyMember.objects.exists()
    # Proposed again (either way round): nothing new.
    again = services.repeat_suggestions_record(
        user=editor, pairs=[(repeat, checked.claim, 0.99)], found_by="test"
    )
    assert again == 0


def test_confirming_links_and_dismissing_keeps_the_pair_from_coming_back(editor):
    a, b, c = factories.make_claim(), factories.make_claim(), factories.make_claim()
    services.repeat_suggestions_record(
        user=editor, pairs=[(a, b, 0.96), (a, c, 0.95)], found_by="test"
    )
    to_link = RepeatSuggestion.objects.filter(claim__in=[a, b], of__in=[a, b]).get()
    services.claim_link_as_repeat(claim=to_link.claim, of=to_link.of, user=editor)
    to_link.refresh_from_db()
    assert to_link.status == RepeatSuggestion.Status.LINKED
    assert to_link.decided_by == editor

    other = RepeatSuggestion.objects.filter(claim__in=[a, c], of__in=[a, c]).get()
    services.repeat_suggestion_dismiss(suggestion=other, user=editor)
    other.refresh_from_db()
    assert other.status == RepeatSuggestion.Status.DISMISSED
    assert services.repeat_suggestions_record(user=editor, pairs=[(c, a, 0.99)], found_by="x") == 0
    with pytest.raises(Refused, match="already decided"):
        services.repeat_suggestion_dismiss(suggestion=other, user=editor)
    # Unlinking is a person's decision too: the pair is not proposed again.
    services.claim_unlink(claim=to_link.claim, user=editor)
    to_link.refresh_from_db()
    assert to_link.status == RepeatSuggestion.Status.DISMISSED


# Nothing public changes; the linker is a contributor ---------------------------------------


def test_a_fact_checker_links_but_nothing_public_changes(factchecker):
    checked = factories.make_verdict(status="published")
    served = PublishedVerdict.objects.get(verdict=checked).document
    revisions = checked.revisions.count()
    repeat = factories.make_claim(claimed_on=timezone.localdate())
    services.claim_link_as_repeat(claim=repeat, of=checked.claim, user=factchecker)
    services.appearance_create(user=factchecker, claim=repeat, url="https://video.example.com/1")
    assert PublishedVerdict.objects.get(verdict=checked).document == served
    assert checked.revisions.count() == revisions


def test_whoever_linked_a_repeat_cannot_approve_the_update_that_publishes_it(
    editor, editor2, factchecker
):
    checked = factories.make_verdict(status="published", author=factchecker)
    repeat = factories.make_claim()
    services.claim_link_as_repeat(claim=repeat, of=checked.claim, user=editor)
    assert editor.pk in contributors(checked)
    services.verdict_correct(
        verdict=checked,
        user=editor,
        expected_version=factories.version(checked),
        note="Also said by another speaker.",
        kind="update",
    )
    with pytest.raises(TransitionError, match="You changed what this verdict would publish"):
        factories.publish_proposal(checked, editor)
    factories.publish_proposal(checked, editor2)
    assert checked.revisions.order_by("-number").first().kind == "update"


def test_editing_an_appearance_or_a_repeat_makes_a_contributor(editor, editor2):
    checked = factories.make_verdict(status="published")
    repeat = factories.make_claim()
    services.claim_link_as_repeat(claim=repeat, of=checked.claim, user=editor)
    factories.publish_proposal(
        services.verdict_correct(
            verdict=checked,
            user=editor,
            expected_version=factories.version(checked),
            note="Also said by another speaker.",
            kind="update",
        ),
        editor2,
    )
    assert editor2.pk not in contributors(checked)
    services.claim_update(
        claim=repeat,
        user=editor2,
        expected_version=factories.version(repeat),
        changes={"text": "Reworded repeat of the claim."},
    )
    assert editor2.pk in contributors(checked)


# Appearances ------------------------------------------------------------------------------


def test_appearances_are_written_through_the_services(factchecker):
    claim = factories.make_claim()
    speaker = factories.make_speaker()
    appearance = services.appearance_create(
        user=factchecker,
        claim=claim,
        speaker=speaker,
        said_on=timezone.localdate(),
        url="https://video.example.com/clip",
    )
    assert appearance.created_by == factchecker
    updated = services.appearance_update(
        appearance=appearance,
        user=factchecker,
        expected_version=factories.version(appearance),
        changes={"url": "https://video.example.com/other"},
    )
    assert updated.url == "https://video.example.com/other"
    assert [e.pgh_label for e in _events(Appearance, pgh_obj_id=appearance.pk)] == [
        "insert",
        "update",
    ]
    services.appearance_delete(appearance=updated, user=factchecker)
    assert not Appearance.objects.exists()


@pytest.mark.parametrize(
    ("fields", "refused"),
    [
        ({}, "Say at least who, where, when"),
        ({"url": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"url": "ftp://files.example.com/clip"}, "Only http:// or https://"),
    ],
)
def test_an_appearance_must_say_something_readers_can_follow(factchecker, fields, refused):
    with pytest.raises(ValidationError, match=refused):
        services.appearance_create(user=factchecker, claim=factories.make_claim(), **fields)


def test_an_imported_reviews_appearances_are_theirs(editor):
    theirs = factories.make_verdict(
        status="published",
        publisher=factories.make_outlet(kind="fact_checker"),
        external_url="https://other.example.org/check",
    )
    listed = Appearance.objects.create(
        claim=theirs.claim, reported_by=theirs, url="https://video.example.com/theirs"
    )
    with pytest.raises(Refused, match="imported again"):
        services.appearance_delete(appearance=listed, user=editor)
    with pytest.raises(Refused, match="imported again"):
        services.appearance_update(
            appearance=listed,
            user=editor,
            expected_version=factories.version(listed),
            changes={"url": "https://elsewhere.example.com/"},
        )
