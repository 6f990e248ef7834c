"""Review approves a revision: the findings of the hostile-insider review, each refused.

An editor is independent of what they would approve only when they changed none of it
(the verdict, its sources, the claim, the speaker, the cited sources) since its last
published revision, in any status and any round; an approval counts only for the exact
content it was given to.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Verdict
from claims.services import TransitionError
from tests import factories

pytestmark = pytest.mark.django_db


def _publish(verdict, user):
    return services.verdict_publish(
        verdict=verdict, user=user, expected_version=factories.version(verdict)
    )


def test_an_editor_who_edited_the_draft_cannot_publish_it(factchecker, editor, editor2):
    """Finding 2(a): edits of a draft are contributions too."""
    verdict = factories.make_verdict(author=factchecker)
    services.verdict_update(
        verdict=verdict,
        user=editor,
        expected_version=factories.version(verdict),
        changes={"rating": factories.rating("true"), "headline": "Editor's headline"},
    )
    services.verdict_submit(verdict=verdict, user=editor)
    with pytest.raises(TransitionError, match="You changed what this verdict would publish"):
        _publish(verdict, editor)
    assert not verdict.revisions.exists()
    assert _publish(verdict, editor2).status == Verdict.Status.PUBLISHED


def test_an_imported_looking_draft_cannot_be_turned_into_ours(editor):
    """Finding 2(c): a verdict created with a publisher has no author; its publisher is
    fixed, so it cannot become ours without anyone having written it."""
    verdict = services.verdict_create(
        user=editor,
        claim=factories.make_claim(),
        headline="Theirs, supposedly",
        summary="Summary.",
        rating=factories.rating("false"),
        publisher=factories.make_outlet(kind="fact_checker"),
        external_url="https://other.example.org/check",
        sources=[services.SourceLine(source=factories.make_source())],
    )
    with pytest.raises(TransitionError, match="publisher is set when it is created"):
        services.verdict_update(
            verdict=verdict,
            user=editor,
            expected_version=factories.version(verdict),
            changes={"publisher": None, "external_url": ""},
        )


def test_the_creator_of_an_authorless_verdict_cannot_publish_it_alone(editor):
    verdict = services.verdict_create(
        user=editor,
        claim=factories.make_claim(),
        headline="No author",
        summary="Summary.",
        rating=factories.rating("false"),
        publisher=factories.make_outlet(kind="fact_checker"),
        external_url="https://other.example.org/check",
        sources=[services.SourceLine(source=factories.make_source())],
    )
    assert verdict.author_id is None
    services.verdict_submit(verdict=verdict, user=editor)
    with pytest.raises(TransitionError, match="You changed what this verdict would publish"):
        _publish(verdict, editor)


def test_an_approval_is_void_once_the_claim_or_a_source_changes(factchecker, editor, editor2):
    """Finding 3: the approved content covers the claim and the cited sources."""
    third = factories.make_user(username="editor3")
    third.groups.add(editor.groups.get())
    verdict = factories.make_verdict(author=factchecker)
    services.verdict_submit(verdict=verdict, user=factchecker)
    with override_settings(FACTCHECK_REVIEWERS_REQUIRED=2):
        services.verdict_approve(
            verdict=verdict, user=editor2, expected_version=factories.version(verdict)
        )
        services.claim_update(
            claim=verdict.claim,
            user=factchecker,
            expected_version=factories.version(verdict.claim),
            changes={"text": "A claim no editor read."},
        )
        # editor2's approval was of the earlier claim: it no longer counts.
        with pytest.raises(TransitionError, match="1 more must approve"):
            _publish(verdict, third)


def test_approving_what_changed_since_it_was_read_is_refused(factchecker, editor):
    from claims.selectors.newsroom import proposal_hash

    verdict = factories.make_verdict(author=factchecker)
    services.verdict_submit(verdict=verdict, user=factchecker)
    read = proposal_hash(verdict)
    source = verdict.verdict_sources.get().source
    type(source).objects.filter(pk=source.pk).update(title="Retitled behind the editor's back")
    with pytest.raises(TransitionError, match="changed since you read it"):
        services.verdict_publish(
            verdict=verdict,
            user=editor,
            expected_version=factories.version(verdict),
            expected_hash=read,
        )


def test_a_refusal_names_who_could_approve(factchecker, editor, editor2):
    verdict = factories.make_verdict(author=factchecker)
    services.verdict_update(
        verdict=verdict,
        user=editor,
        expected_version=factories.version(verdict),
        changes={"summary": "Edited by the editor."},
    )
    services.verdict_submit(verdict=verdict, user=factchecker)
    with pytest.raises(TransitionError, match="an editor who changed none of it must: editor2"):
        _publish(verdict, editor)


@override_settings(FACTCHECK_REVIEWERS_REQUIRED=0)
def test_without_required_reviewers_the_page_says_not_independently_reviewed(editor, client):
    verdict = factories.make_verdict(author=editor)
    services.verdict_submit(verdict=verdict, user=editor)
    _publish(verdict, editor)
    page = client.get(reverse("web:claim", args=[verdict.claim.slug])).content.decode()
    assert "not independently reviewed" in page


def test_an_independently_reviewed_page_names_its_reviewer(factchecker, editor, client):
    editor.first_name, editor.last_name = "Nadia", "Haddad"
    editor.save()
    verdict = factories.make_verdict(author=factchecker)
    services.verdict_submit(verdict=verdict, user=factchecker)
    _publish(verdict, editor)
    page = client.get(reverse("web:claim", args=[verdict.claim.slug])).content.decode()
    assert "reviewed by <bdi>Nadia Haddad</bdi>" in page
    assert "not independently reviewed" not in page
    assert "By <bdi>the editorial team</bdi>" in page  # a byline is a name, never a username
    assert factchecker.username not in page


def test_retracting_and_taking_down_stay_single_person_acts(editor):
    from django.contrib.auth.models import Group

    chief = factories.make_user(username="chief")
    chief.groups.add(Group.objects.get(name="Editor-in-chief"))
    verdict = factories.make_verdict(status="published", author=editor)
    services.verdict_retract(verdict=verdict, user=editor, note="The data was withdrawn.")
    assert verdict.revisions.order_by("-number").first().kind == "retraction"
    services.verdict_takedown(verdict=verdict, user=chief, note="Court order of 3 March.")
    assert verdict.revisions.order_by("-number").first().document == {
        "takedown": {
            "at": verdict.revisions.get(kind="takedown").published_at.isoformat(),
            "note": "Court order of 3 March.",
        }
    }


def test_a_retraction_replaces_the_rating_in_the_heading_and_descriptions(editor, client):
    verdict = factories.make_verdict(status="published", rating=factories.rating("true"))
    services.verdict_retract(verdict=verdict, user=editor, note="The figures were forged.")
    page = client.get(reverse("web:claim", args=[verdict.claim.slug])).content.decode()
    heading = page.split('id="our-verdict">', 1)[1].split("</h2>", 1)[0]
    assert "Retracted" in heading
    assert ">True<" not in heading
    assert 'content="Retracted ' in page  # og: and twitter: descriptions
    assert "The figures were forged." in page


# Removing is changing: a delete event repeats the row's last values, and was once not
# counted, so an editor who only took a source or a topic out could publish alone.


def _submitted_with_two_sources_and_topics(factchecker):
    water = services.topic_create(user=factchecker, name="Water")
    egypt = services.topic_create(user=factchecker, name="Egypt")
    claim = services.claim_create(user=factchecker, text="The dam holds 74 billion cubic metres.")
    claim = services.claim_update(
        claim=claim,
        user=factchecker,
        expected_version=factories.version(claim),
        changes={"topics": [water, egypt]},
    )
    first, second = factories.make_source(title="Ministry"), factories.make_source(title="Other")
    verdict = services.verdict_create(
        user=factchecker,
        claim=claim,
        headline="No, it holds less",
        rating=factories.rating("false"),
        summary="It holds less.",
        sources=[
            services.SourceLine(source=first, note="a"),
            services.SourceLine(source=second, note="b"),
        ],
    )
    services.verdict_submit(verdict=verdict, user=factchecker)
    return verdict, first, water


def test_an_editor_who_removed_a_source_line_cannot_publish_alone(factchecker, editor):
    verdict, first, _ = _submitted_with_two_sources_and_topics(factchecker)
    services.verdict_update(
        verdict=verdict,
        user=editor,
        expected_version=factories.version(verdict),
        sources=[services.SourceLine(source=first, note="a")],
    )
    verdict.refresh_from_db()
    with pytest.raises(TransitionError):
        services.verdict_publish(
            verdict=verdict, user=editor, expected_version=factories.version(verdict)
        )
    assert Verdict.objects.get(pk=verdict.pk).status != Verdict.Status.PUBLISHED


def test_an_editor_who_removed_a_topic_cannot_publish_alone(factchecker, editor):
    verdict, _, water = _submitted_with_two_sources_and_topics(factchecker)
    claim = verdict.claim
    services.claim_update(
        claim=claim,
        user=editor,
        expected_version=factories.version(claim),
        changes={"topics": [water]},
    )
    verdict.refresh_from_db()
    with pytest.raises(TransitionError):
        services.verdict_publish(
            verdict=verdict, user=editor, expected_version=factories.version(verdict)
        )
    assert Verdict.objects.get(pk=verdict.pk).status != Verdict.Status.PUBLISHED


def test_an_editor_who_redefined_the_rating_cannot_publish_alone(factchecker, editor):
    """The published rating carries its definition: editing it is contributing."""
    verdict, _, _ = _submitted_with_two_sources_and_topics(factchecker)
    # Written an hour ago: in the test's one transaction every audit event has its start
    # time, and edits of the shared scale count from the verdict's creation on.
    Verdict.objects.filter(pk=verdict.pk).update(created_at=timezone.now() - timedelta(hours=1))
    rating = verdict.rating
    services.rating_update(
        rating=rating,
        user=editor,
        expected_version=factories.version(rating),
        changes={"definition": "Wrong, as the editor now defines it."},
    )
    verdict.refresh_from_db()
    with pytest.raises(TransitionError):
        services.verdict_publish(
            verdict=verdict, user=editor, expected_version=factories.version(verdict)
        )
