"""The newsroom's workflow as people use it: through the admin's buttons, forms and actions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse

from claims import services
from claims.models import Correction, Verdict
from tests import factories

pytestmark = pytest.mark.django_db


def _workflow(verdict, action):
    return reverse("admin:claims_verdict_workflow", args=[verdict.pk, action])


def _change(verdict):
    return reverse("admin:claims_verdict_change", args=[verdict.pk])


def _form_data(verdict, **overrides):
    data = {
        "claim": verdict.claim_id,
        "headline": verdict.headline,
        "slug": verdict.slug,
        "rating": verdict.rating_id or "",
        "summary": verdict.summary,
        "body": verdict.body,
        "snapshot": factories.snapshot(verdict) if verdict.pk else "",
        "speaker_response": "",
        "publisher": "",
        "external_url": "",
        "correction_kind": "correction",
        "correction_note": "",
        "verdict_sources-TOTAL_FORMS": "0",
        "verdict_sources-INITIAL_FORMS": "0",
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "reviews-TOTAL_FORMS": "0",
        "reviews-INITIAL_FORMS": "0",
    }
    # As a browser submits it: the sources already listed come back as initial forms.
    links = list(verdict.verdict_sources.all()) if verdict.pk else []
    data["verdict_sources-TOTAL_FORMS"] = data["verdict_sources-INITIAL_FORMS"] = str(len(links))
    for i, link in enumerate(links):
        data.update(
            {
                f"verdict_sources-{i}-id": link.pk,
                f"verdict_sources-{i}-verdict": verdict.pk,
                f"verdict_sources-{i}-source": link.source_id,
                f"verdict_sources-{i}-position": link.position,
                f"verdict_sources-{i}-note": link.note,
            }
        )
    data.update(overrides)
    return data


FACT_CHECKER = {
    "sources.view_outlet",
    "sources.add_article",
    "sources.change_article",
    "sources.view_article",
    "sources.add_source",
    "sources.change_source",
    "sources.view_source",
    "claims.add_speaker",
    "claims.change_speaker",
    "claims.view_speaker",
    "claims.add_topic",
    "claims.change_topic",
    "claims.view_topic",
    "claims.add_claim",
    "claims.change_claim",
    "claims.view_claim",
    "claims.add_verdict",
    "claims.change_verdict",
    "claims.view_verdict",
    "claims.add_verdictsource",
    "claims.change_verdictsource",
    "claims.delete_verdictsource",
    "claims.view_verdictsource",
    "claims.view_verdictreview",
    "claims.view_correction",
    "claims.view_rating",
    "claims.view_ratingscale",
    "claims.view_auditevent",
    "claims.view_readersuggestion",
    "claims.view_aboutsection",
    # Claim families (claims/migrations/0022_claim_families.py): linking is editing claims.
    "claims.view_claimfamily",
    "claims.view_claimfamilymember",
    "claims.view_repeatsuggestion",
    "claims.view_appearance",
    "claims.add_appearance",
    "claims.change_appearance",
    "claims.delete_appearance",
}
EDITOR = FACT_CHECKER | {
    "claims.add_aboutsection",
    "claims.change_aboutsection",
    "claims.change_readersuggestion",
    "sources.add_outlet",
    "sources.change_outlet",
    "sources.delete_outlet",
    "sources.delete_article",
    "sources.delete_source",
    "claims.delete_speaker",
    "claims.delete_topic",
    "claims.delete_claim",
    "claims.delete_verdict",
    "claims.review_verdict",
    "claims.retract_verdict",
    "claims.add_ratingscale",
    "claims.change_ratingscale",
    "claims.delete_ratingscale",
    "claims.add_rating",
    "claims.change_rating",
    "claims.delete_rating",
    # Webhook endpoints (factcheck/notify/migrations/0002_editors_manage_webhooks.py).
    "notify.manage_webhooks",
    # Long commands from the admin (factcheck/jobs/migrations/0002_editors_start_long_commands.py).
    "jobs.start_embedding",
    "jobs.start_import",
    "jobs.view_jobrun",
    # Journalists' alert subscriptions (factcheck/alerts/migrations/0002_…).
    "alerts.manage_subscriptions",
    # Peers and feed subscriptions (factcheck/federation/migrations/0002_…).
    "federation.manage_federation",
}
EDITOR_IN_CHIEF = EDITOR | {"claims.takedown_verdict"}


@pytest.mark.parametrize(
    ("role", "expected"),
    [("Fact-checker", FACT_CHECKER), ("Editor", EDITOR), ("Editor-in-chief", EDITOR_IN_CHIEF)],
)
def test_each_role_has_exactly_its_documented_permissions(role, expected):
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=role).permissions.select_related("content_type")
    }
    assert granted == expected


def test_fact_checker_drafts_submits_and_cannot_publish(factchecker, login):
    client = login(factchecker)
    claim = factories.make_claim()
    source = factories.make_source()
    data = _form_data(
        Verdict(
            claim=claim,
            headline="No, it did not",
            slug="no-it-did-not",
            summary="It did not.",
            version=0,
        ),
        rating=factories.rating("false").pk,
        **{
            "verdict_sources-TOTAL_FORMS": "1",
            "verdict_sources-0-position": "1",
            "verdict_sources-0-source": source.pk,
            "verdict_sources-0-note": "The record.",
        },
    )
    response = client.post(reverse("admin:claims_verdict_add"), data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors if response.context else ""
    )
    verdict = Verdict.objects.get(slug="no-it-did-not")
    assert verdict.author == factchecker
    assert verdict.status == Verdict.Status.DRAFT

    page = client.get(_change(verdict))
    assert b'name="workflow-submit"' in page.content
    assert b'name="workflow-publish"' not in page.content

    client.post(_workflow(verdict, "submit"))
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.IN_REVIEW

    response = client.post(_workflow(verdict, "publish"))
    assert response.status_code == 403
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.IN_REVIEW


def test_editor_returns_with_a_comment_then_publishes(factchecker, editor, login):
    verdict = factories.make_verdict(author=factchecker, status="in_review")
    client = login(editor)
    response = client.post(_workflow(verdict, "return"), {"text": ""}, follow=True)
    assert "a comment is required" in response.content.decode()
    client.post(_workflow(verdict, "return"), {"text": "Needs the 2024 figures."})
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT

    login(factchecker).post(_workflow(verdict, "submit"))
    response = client.post(
        _workflow(verdict, "publish"), factories.workflow_form(verdict), follow=True
    )
    assert "it is now published" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED


def test_author_sees_the_refusal_when_publishing_their_own(editor, login):
    verdict = factories.make_verdict(author=editor, status="in_review")
    response = login(editor).post(
        _workflow(verdict, "publish"), factories.workflow_form(verdict), follow=True
    )
    assert "You wrote this verdict" in response.content.decode()
    assert Verdict.objects.get(pk=verdict.pk).status == Verdict.Status.IN_REVIEW


def test_workflow_steps_only_accept_post(editor, login):
    verdict = factories.make_verdict(status="in_review")
    assert login(editor).get(_workflow(verdict, "publish")).status_code == 405
    assert login(editor).post(_workflow(verdict, "explode")).status_code == 404


def test_rating_change_on_published_verdict_is_proposed_then_approved_by_another_editor(
    editor, editor2, login
):
    verdict = factories.make_verdict(status="published", rating=factories.rating("false"))
    client = login(editor)
    response = client.post(
        _change(verdict), _form_data(verdict, rating=factories.rating("true").pk)
    )
    assert response.status_code == 302  # the working copy saves; readers see nothing yet
    page = client.get(_change(verdict)).content.decode()
    assert 'id="workflow-unpublished"' in page
    assert "<del>False</del> → <ins>True</ins>" in page
    assert (
        verdict.revisions.order_by("-number").first().document["verdict"]["rating"]["slug"]
        == "false"
    )

    verdict.refresh_from_db()
    response = client.post(
        _change(verdict), _form_data(verdict, correction_note="We misread the table.")
    )
    assert response.status_code == 302
    page = client.get(_change(verdict)).content.decode()
    assert 'id="workflow-proposal"' in page
    assert 'name="workflow-publish"' not in page  # the proposer cannot approve it

    other = login(editor2)
    page = other.get(_change(verdict)).content.decode()
    assert 'name="workflow-publish"' in page
    verdict.refresh_from_db()
    posted = {"version": verdict.version, "content_hash": _hash_on(page)}
    other.post(reverse("admin:claims_verdict_workflow", args=[verdict.pk, "publish"]), posted)
    correction = Correction.objects.get(verdict=verdict)
    assert (correction.note, correction.previous_rating.slug, correction.new_rating.slug) == (
        "We misread the table.",
        "false",
        "true",
    )
    assert (
        verdict.revisions.order_by("-number").first().document["verdict"]["rating"]["slug"]
        == "true"
    )


def test_a_change_after_the_page_was_read_voids_the_approval(editor, editor2, login):
    verdict = factories.make_verdict(status="published", rating=factories.rating("false"))
    services.verdict_correct(
        verdict=verdict,
        user=editor,
        expected_version=factories.version(verdict),
        note="Clearer summary.",
        changes={"summary": "A clearer summary."},
    )
    page = login(editor2).get(_change(verdict)).content.decode()
    # Someone changes the cited source's title after editor2 read the proposal.
    source = verdict.verdict_sources.get().source
    type(source).objects.filter(pk=source.pk).update(title="A title nobody reviewed")
    verdict.refresh_from_db()
    response = login(editor2).post(
        reverse("admin:claims_verdict_workflow", args=[verdict.pk, "publish"]),
        {"version": verdict.version, "content_hash": _hash_on(page)},
        follow=True,
    )
    assert "changed since you read it" in response.content.decode()
    assert not Correction.objects.exists()


def _hash_on(page: str) -> str:
    import re

    return re.search(r'name="content_hash" value="([0-9a-f]{64})"', page).group(1)


def test_fact_checker_cannot_edit_verdicts_beyond_draft(factchecker, login):
    client = login(factchecker)
    for status in ["in_review", "published"]:
        verdict = factories.make_verdict(status=status, headline=f"Headline {status}")
        response = client.post(_change(verdict), _form_data(verdict, headline="Changed"))
        assert response.status_code == 403
        assert Verdict.objects.get(pk=verdict.pk).headline == f"Headline {status}"


def test_public_verdicts_have_no_delete_in_the_admin(editor, login):
    verdict = factories.make_verdict(status="published")
    response = login(editor).post(
        reverse("admin:claims_verdict_delete", args=[verdict.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Verdict.objects.filter(pk=verdict.pk).exists()


def test_bulk_submit_action_reports_each_refusal(factchecker, login):
    ok = factories.make_verdict(author=factchecker, headline="Ready one")
    incomplete = factories.make_verdict(author=factchecker, headline="Unrated one", rating=None)
    response = login(factchecker).post(
        reverse("admin:claims_verdict_changelist"),
        {"action": "submit_selected", "_selected_action": [ok.pk, incomplete.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "1 verdict(s) submitted for review" in text
    assert "Unrated one" in text
    assert "needs a rating" in text
    assert Verdict.objects.get(pk=ok.pk).status == "in_review"
    assert Verdict.objects.get(pk=incomplete.pk).status == "draft"


def test_there_is_no_bulk_publish_nothing_is_approved_unseen(editor, login):
    verdict = factories.make_verdict(status="in_review")
    response = login(editor).post(
        reverse("admin:claims_verdict_changelist"),
        {"action": "publish_selected", "_selected_action": [verdict.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert Verdict.objects.get(pk=verdict.pk).status == "in_review"


def test_claim_assignment_from_the_claim_form_goes_through_the_rules(editor, factchecker, login):
    claim = factories.make_claim()
    client = login(editor)
    data = {
        "text": claim.text,
        "quote": "",
        "speaker": claim.speaker_id,
        "context": "",
        "language": "en",
        "slug": claim.slug,
        "assigned_to": factchecker.pk,
        "snapshot": factories.snapshot(claim),
        "verdicts-TOTAL_FORMS": "0",
        "verdicts-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:claims_claim_change", args=[claim.pk]), data)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.assigned_to == factchecker
    outsider = factories.make_user()
    data.update(assigned_to=outsider.pk, snapshot=factories.snapshot(claim))
    response = client.post(reverse("admin:claims_claim_change", args=[claim.pk]), data)
    assert response.status_code == 200  # not a valid choice: only people who write verdicts
    claim.refresh_from_db()
    assert claim.assigned_to == factchecker


@override_settings(FACTCHECK_REVIEWERS_REQUIRED=2)
def test_editing_an_approved_verdict_in_the_admin_warns_and_resets_approvals(
    factchecker, editor, editor2, login
):
    verdict = factories.make_verdict(author=factchecker)
    services.verdict_submit(verdict=verdict, user=factchecker)
    services.verdict_approve(
        verdict=verdict, user=editor, expected_version=factories.version(verdict)
    )
    verdict.refresh_from_db()
    response = login(editor2).post(
        _change(verdict), _form_data(verdict, headline="A sharper headline"), follow=True
    )
    assert "earlier approvals no longer count" in response.content.decode()
    verdict.refresh_from_db()
    assert verdict.review_round == 2


@pytest.mark.parametrize(("length", "warned"), [(75, False), (76, True)])
def test_a_claim_longer_than_google_suggests_is_a_warning_not_a_refusal(
    factchecker, login, length, warned
):
    client = login(factchecker)
    claim = factories.make_claim(text="x" * length)
    data = _form_data(
        Verdict(claim=claim, headline="H", slug=f"long-{length}", summary="S.", version=0),
        rating=factories.rating("false").pk,
        **{
            "verdict_sources-TOTAL_FORMS": "1",
            "verdict_sources-0-position": "1",
            "verdict_sources-0-source": factories.make_source().pk,
            "verdict_sources-0-note": "The record.",
        },
    )
    response = client.post(reverse("admin:claims_verdict_add"), data, follow=True)
    assert response.status_code == 200
    assert Verdict.objects.filter(slug=f"long-{length}").exists()
    shown = [str(m) for m in response.context["messages"]]
    assert any("characters long" in m for m in shown) is warned
