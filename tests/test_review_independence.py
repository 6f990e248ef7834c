"""Review means someone else approved the final text (finding 1 of the public-record issue)."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from claims import services
from claims.models import Verdict, VerdictReview
from claims.services import TransitionError
from factcheck.base.concurrency import StaleVersionError
from tests import factories
from tests.test_admin_workflow import _form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(factchecker):
    verdict = factories.make_verdict(author=factchecker, headline="Original headline")
    return services.verdict_submit(verdict=verdict, user=factchecker)


def _page(client, verdict):
    return client.get(reverse("admin:claims_verdict_change", args=[verdict.pk])).content.decode()


def test_an_editor_who_rewrites_a_verdict_in_review_cannot_publish_it_alone(
    in_review, editor, login
):
    client = login(editor)
    response = client.post(
        reverse("admin:claims_verdict_change", args=[in_review.pk]),
        _form_data(
            in_review,
            headline="Rewritten headline",
            summary="Rewritten summary.",
            rating=factories.rating("true").pk,
        ),
    )
    assert response.status_code == 302
    edited = Verdict.objects.get(pk=in_review.pk)
    response = client.post(
        reverse("admin:claims_verdict_workflow", args=[edited.pk, "publish"]),
        factories.workflow_form(edited),
        follow=True,
    )
    assert "You changed what this verdict would publish" in response.content.decode()
    assert Verdict.objects.get(pk=edited.pk).status == Verdict.Status.IN_REVIEW
    assert not VerdictReview.objects.filter(verdict=edited, decision="approved").exists()


def test_an_edit_starts_a_new_round_and_records_the_contributor(in_review, editor):
    edited = services.verdict_update(
        verdict=in_review,
        user=editor,
        expected_version=factories.version(in_review),
        changes={"summary": "A tighter summary."},
    )
    assert edited.review_round == in_review.review_round + 1
    contribution = VerdictReview.objects.get(verdict=edited, decision="edited")
    assert (contribution.reviewer, contribution.round) == (editor, edited.review_round)


def test_another_editor_may_publish_the_edited_text(in_review, editor, editor2):
    edited = services.verdict_update(
        verdict=in_review,
        user=editor,
        expected_version=factories.version(in_review),
        changes={"summary": "A tighter summary."},
    )
    published = services.verdict_publish(
        verdict=edited, user=editor2, expected_version=edited.version
    )
    assert published.status == Verdict.Status.PUBLISHED


def test_approval_carries_the_version_read_and_is_refused_when_the_text_moved_on(
    in_review, editor, editor2
):
    seen = factories.version(in_review)
    services.verdict_update(
        verdict=in_review, user=editor2, expected_version=seen, changes={"body": "More detail."}
    )
    with pytest.raises(StaleVersionError, match="editor2 saved it"):
        services.verdict_publish(verdict=in_review, user=editor, expected_version=seen)
    assert Verdict.objects.get(pk=in_review.pk).status == Verdict.Status.IN_REVIEW


def test_a_workflow_button_without_a_version_is_refused(in_review, editor, login):
    response = login(editor).post(
        reverse("admin:claims_verdict_workflow", args=[in_review.pk, "publish"]), follow=True
    )
    assert "reload the verdict" in response.content.decode()
    assert Verdict.objects.get(pk=in_review.pk).status == Verdict.Status.IN_REVIEW


def test_when_every_editor_has_contributed_the_refusal_says_return_it(in_review, editor):
    services.verdict_update(
        verdict=in_review,
        user=editor,
        expected_version=factories.version(in_review),
        changes={"headline": "Sharper"},
    )
    with pytest.raises(TransitionError, match="no editor is independent of it: add a reviewer"):
        services.verdict_publish(
            verdict=in_review, user=editor, expected_version=factories.version(in_review)
        )


def test_returning_and_resubmitting_does_not_make_an_editor_independent_again(
    in_review, factchecker, editor, editor2
):
    """Finding 2(b): an editor who edited the text, returned it and saw it resubmitted is
    still a contributor: every round since the last publication counts."""
    services.verdict_update(
        verdict=in_review,
        user=editor,
        expected_version=factories.version(in_review),
        changes={"headline": "Sharper"},
    )
    services.verdict_return(verdict=in_review, user=editor, comment="Check the 2019 figure.")
    services.verdict_submit(verdict=in_review, user=factchecker)
    with pytest.raises(TransitionError, match="You changed what this verdict would publish"):
        services.verdict_publish(
            verdict=in_review, user=editor, expected_version=factories.version(in_review)
        )
    published = services.verdict_publish(
        verdict=in_review, user=editor2, expected_version=factories.version(in_review)
    )
    assert published.status == Verdict.Status.PUBLISHED


@override_settings(FACTCHECK_REVIEWERS_REQUIRED=2)
def test_two_reviews_means_two_editors_besides_the_contributors(in_review, editor, editor2):
    third = factories.make_user(username="editor3")
    third.groups.add(editor.groups.get())
    services.verdict_approve(
        verdict=in_review, user=editor2, expected_version=factories.version(in_review)
    )
    services.verdict_update(
        verdict=in_review,
        user=editor,
        expected_version=factories.version(in_review),
        changes={"headline": "Sharper"},
    )
    with pytest.raises(TransitionError, match="You changed what this verdict would publish"):
        services.verdict_approve(
            verdict=in_review, user=editor, expected_version=factories.version(in_review)
        )
    # editor2's approval was of the earlier text: it lapsed with the edit.
    with pytest.raises(TransitionError, match="1 more must approve"):
        services.verdict_publish(
            verdict=in_review, user=third, expected_version=factories.version(in_review)
        )
    services.verdict_approve(
        verdict=in_review, user=editor2, expected_version=factories.version(in_review)
    )
    published = services.verdict_publish(
        verdict=in_review, user=third, expected_version=factories.version(in_review)
    )
    assert published.status == Verdict.Status.PUBLISHED


def test_buttons_show_only_what_each_person_may_do(in_review, factchecker, editor, login):
    author_page = _page(login(factchecker), in_review)
    assert 'name="workflow-publish"' not in author_page
    assert 'name="workflow-return"' not in author_page
    editor_page = _page(login(editor), in_review)
    assert 'name="workflow-publish"' in editor_page
    assert 'name="workflow-return"' in editor_page
    assert 'id="workflow-return-text"' in editor_page  # each button has its own comment box
    services.verdict_update(
        verdict=in_review,
        user=editor,
        expected_version=factories.version(in_review),
        changes={"headline": "Sharper"},
    )
    contributor_page = _page(login(editor), in_review)
    assert 'name="workflow-publish"' not in contributor_page
    assert 'name="workflow-return"' in contributor_page  # the way out stays open
    assert "Contributors (their approval does not count)" in contributor_page


def test_an_editors_own_verdict_offers_them_no_review_buttons(editor, login):
    verdict = factories.make_verdict(author=editor)
    services.verdict_submit(verdict=verdict, user=editor)
    page = _page(login(editor), verdict)
    for step in ("approve", "publish", "return"):
        assert f'name="workflow-{step}"' not in page


def test_publishing_checks_completeness_even_if_the_draft_lost_its_rating(in_review, editor):
    Verdict.objects.filter(pk=in_review.pk).update(rating=None)
    with pytest.raises(TransitionError, match="needs a rating"):
        services.verdict_publish(
            verdict=in_review, user=editor, expected_version=factories.version(in_review)
        )
