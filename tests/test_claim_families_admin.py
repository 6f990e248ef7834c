"""Claim families in the admin: the panel on a claim's page (its family, the matcher's
suggestions with buttons to link or dismiss, where else it was said), the editorial
queue's "Repeats of checked claims", and the suggestions list's actions. Each button is
one service; none links anything by itself."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Appearance, ClaimFamilyMember, RepeatSuggestion
from claims.selectors.families import family_claim_ids
from tests import factories

pytestmark = pytest.mark.django_db


def _suggest(editor, repeat, of, score=0.97):
    services.repeat_suggestions_record(
        user=editor, pairs=[(repeat, of, score)], found_by="test", checked=[of.pk]
    )
    return RepeatSuggestion.objects.get(claim=repeat, of=of)


def test_the_claim_page_shows_its_family_and_suggestions_with_their_buttons(
    login, editor, factchecker
):
    checked = factories.make_verdict(status="published", headline="The verdict of the family")
    member = factories.make_claim(text="A repeat already linked.")
    services.claim_link_as_repeat(claim=member, of=checked.claim, user=editor)
    suggested = _suggest(editor, factories.make_claim(text="A likely repeat."), checked.claim)
    page = login(factchecker).get(reverse("admin:claims_claim_change", args=[checked.claim_id]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="family"' in html
    assert "A repeat already linked." in html
    assert "The verdict of the family" in html
    assert "A likely repeat." in html
    assert f'form="family-link-{suggested.pk}"' in html
    assert f'id="family-link-{suggested.pk}"' in html  # the form itself, outside the claim's
    assert html.index(f'id="family-link-{suggested.pk}"') > html.index("</form>")
    assert "Add where else it was said" in html


def test_the_link_button_links_and_the_unlink_button_undoes_it(login, factchecker):
    a, b = factories.make_claim(), factories.make_claim(slug="the-other-claim")
    client = login(factchecker)
    response = client.post(
        reverse("family-link"), {"claim": a.pk, "of": "the-other-claim", "back": a.pk}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{a.pk}/change/#family")
    assert set(family_claim_ids(a.pk)) == {a.pk, b.pk}
    client.post(reverse("family-unlink"), {"claim": b.pk, "back": a.pk})
    assert not ClaimFamilyMember.objects.exists()


def test_a_refused_link_is_a_message_not_an_error(login, factchecker):
    a = factories.make_claim()
    client = login(factchecker)
    response = client.post(
        reverse("family-link"), {"claim": a.pk, "of": "no-such-claim"}, follow=True
    )
    assert "No claim has that number or address" in response.content.decode()
    response = client.post(reverse("family-link"), {"claim": a.pk, "of": a.pk}, follow=True)
    assert "cannot be linked to itself" in response.content.decode()
    assert client.get(reverse("family-link")).status_code == 405
    assert client.post(reverse("family-unlink"), {"claim": "٣"}).status_code == 404


def test_someone_without_claim_rights_cannot_link(login):
    viewer = factories.make_user()
    a, b = factories.make_claim(), factories.make_claim()
    response = login(viewer).post(reverse("family-link"), {"claim": a.pk, "of": b.pk})
    assert response.status_code in (302, 403)
    assert not ClaimFamilyMember.objects.exists()


def test_looking_for_repeats_without_claim_rights_is_refused_before_the_matcher_runs(
    login, monkeypatch
):
    """The matcher reads the whole archive: someone who may not record suggestions
    must not be able to make it run."""
    from claims.services import families

    def matcher_ran(**kwargs):
        raise AssertionError("the matcher ran for someone who may not record suggestions")

    monkeypatch.setattr(families, "likely_repeats", matcher_ran)
    viewer = factories.make_user(is_staff=True)
    claim = factories.make_claim()
    client = login(viewer)
    response = client.post(reverse("family-look"), {"claim": claim.pk})
    assert response.status_code == 302
    refusal = [str(m) for m in response.wsgi_request._messages]
    assert any("record suggested repeats" in m for m in refusal), refusal
    assert not RepeatSuggestion.objects.exists()


def test_dismissing_from_the_claim_page(login, editor, factchecker):
    checked = factories.make_verdict(status="published")
    suggestion = _suggest(editor, factories.make_claim(), checked.claim)
    login(factchecker).post(
        reverse("family-dismiss", args=[suggestion.pk]), {"back": checked.claim_id}
    )
    suggestion.refresh_from_db()
    assert suggestion.status == RepeatSuggestion.Status.DISMISSED
    assert not ClaimFamilyMember.objects.exists()


def test_the_queue_lists_repeats_of_checked_claims_to_confirm(login, editor, factchecker):
    checked = factories.make_verdict(status="published")
    unchecked = factories.make_claim()
    repeat = factories.make_claim(text="Said again, in other words.")
    _suggest(editor, repeat, checked.claim)
    _suggest(editor, factories.make_claim(text="Repeats a claim nobody checked."), unchecked)
    html = login(factchecker).get(reverse("editorial-queue")).content.decode()
    section = html[html.index('id="queue-repeats"') : html.index('id="queue-assigned"')]
    assert "Repeats of checked claims (1)" in section
    assert "Said again, in other words." in section
    assert "Repeats a claim nobody checked." not in section


def test_a_linked_repeat_waits_in_the_queue_until_an_update_shows_it(
    login, editor, editor2, factchecker
):
    checked = factories.make_verdict(status="published", author=factchecker)
    repeat = factories.make_claim(text="Linked, not yet public.")
    services.claim_link_as_repeat(claim=repeat, of=checked.claim, user=factchecker)
    client = login(editor)
    html = client.get(reverse("editorial-queue")).content.decode()
    assert "Linked, not yet shown to readers" in html
    assert "Linked, not yet public." in html
    # Its claim no longer waits for a verdict of its own: the family's covers it.
    waiting = html[html.index('id="queue-awaiting-verdict"') :]
    assert "Linked, not yet public." not in waiting
    services.verdict_correct(
        verdict=checked,
        user=editor,
        expected_version=factories.version(checked),
        note="Also said elsewhere.",
        kind="update",
    )
    factories.publish_proposal(checked, editor2)
    assert "Linked, not yet public." not in client.get(reverse("editorial-queue")).content.decode()


def test_the_queue_costs_the_same_queries_however_many_repeats(login, editor, factchecker):
    client = login(factchecker)
    client.get(reverse("editorial-queue"))  # a session's first page reads its language once

    def add(n: int) -> int:
        for _ in range(n):
            checked = factories.make_verdict(status="published")
            _suggest(editor, factories.make_claim(), checked.claim)
            linked = factories.make_claim()
            services.claim_link_as_repeat(claim=linked, of=checked.claim, user=editor)
        with CaptureQueriesContext(connection) as run:
            assert client.get(reverse("editorial-queue")).status_code == 200
        return len(run.captured_queries)

    assert add(1) == add(5)


def test_the_suggestions_list_links_or_dismisses_what_is_selected(login, editor):
    checked = factories.make_verdict(status="published")
    first = _suggest(editor, factories.make_claim(), checked.claim)
    second = _suggest(editor, factories.make_claim(), checked.claim, score=0.95)
    client = login(editor)
    url = reverse("admin:claims_repeatsuggestion_changelist")
    assert client.get(url).status_code == 200
    client.post(url, {"action": "link_suggested_repeats", ACTION_CHECKBOX_NAME: [first.pk]})
    client.post(url, {"action": "dismiss_suggested_repeats", ACTION_CHECKBOX_NAME: [second.pk]})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == RepeatSuggestion.Status.LINKED
    assert second.status == RepeatSuggestion.Status.DISMISSED
    assert set(family_claim_ids(checked.claim_id)) == {checked.claim_id, first.claim_id}


def test_an_appearance_is_added_from_its_own_page(login, factchecker):
    claim = factories.make_claim()
    speaker = factories.make_speaker()
    client = login(factchecker)
    add = reverse("admin:claims_appearance_add")
    assert client.get(add + f"?claim={claim.pk}").status_code == 200
    response = client.post(
        add,
        {
            "claim": claim.pk,
            "speaker": speaker.pk,
            "said_on": timezone.localdate().isoformat(),
            "url": "https://video.example.com/again",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    appearance = Appearance.objects.get()
    assert (appearance.speaker, appearance.created_by) == (speaker, factchecker)
    html = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "https://video.example.com/again" in html


def test_the_families_list_reads_but_changes_nothing(login, editor):
    a, b = factories.make_claim(text="First of two."), factories.make_claim()
    services.claim_link_as_repeat(claim=b, of=a, user=editor)
    client = login(editor)
    assert client.get(reverse("admin:claims_claimfamily_changelist")).status_code == 200
    family = ClaimFamilyMember.objects.first().family_id
    page = client.get(reverse("admin:claims_claimfamily_change", args=[family]))
    assert "First of two." in page.content.decode()
    assert client.get(reverse("admin:claims_claimfamily_add")).status_code == 403
