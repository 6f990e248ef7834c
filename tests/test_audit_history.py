"""A readable, closed audit history: names and links, not ids; only tracked records."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse

from claims import services
from claims.models import ReaderSuggestion, Topic
from tests import factories

pytestmark = pytest.mark.django_db

HISTORY = "admin:claims_auditevent_changelist"


def test_changes_show_names_and_rating_labels_with_links(editor, login):
    verdict = factories.make_verdict(rating=factories.rating("false"), headline="The verdict")
    services.verdict_update(
        verdict=verdict,
        user=editor,
        expected_version=verdict.version,
        changes={"rating": factories.rating("half-true")},
    )
    page = (
        login(editor)
        .get(reverse(HISTORY), {"obj": f"claims.Verdict:{verdict.pk}"})
        .content.decode()
    )
    assert "False → Half True" in page
    assert "rating_id" not in page
    change_url = reverse("admin:claims_verdict_change", args=[verdict.pk])
    assert f'<a href="{change_url}">The verdict</a>' in page


def test_verdict_sources_and_review_decisions_are_in_the_history(factchecker, editor, login):
    verdict = factories.make_verdict(author=factchecker, headline="Reviewed verdict")
    services.verdict_submit(verdict=verdict, user=factchecker)
    services.verdict_return(verdict=verdict, user=editor, comment="Needs the 2022 data.")
    added = factories.make_source(title="Census 2022")
    existing = verdict.verdict_sources.get()
    services.verdict_update(
        verdict=verdict,
        user=factchecker,
        expected_version=factories.version(verdict),
        sources=[
            services.SourceLine(source=existing.source),
            services.SourceLine(source=added, note="The count."),
        ],
    )
    page = (
        login(editor)
        .get(reverse(HISTORY), {"event_model": "claims.verdictsourceevent"})
        .content.decode()
    )
    assert "Census 2022" in page
    assert "Reviewed verdict" in page
    page = (
        login(editor)
        .get(reverse(HISTORY), {"event_model": "claims.verdictreviewevent"})
        .content.decode()
    )
    assert "Needs the 2022 data." in page


@pytest.mark.parametrize(
    "obj",
    [
        "auth.user:1",
        "admin.logentry:1",
        "claims.Verdict:999999",
        "claims.Verdict:abc",
        "nonsense",
        "claims.Nope:1",
    ],
)
def test_only_tracked_records_that_exist_can_be_asked_for(obj, factchecker, login):
    response = login(factchecker).get(reverse(HISTORY), {"obj": obj})
    assert response.status_code == 404
    assert factchecker.username not in response.content.decode()


def test_unknown_kinds_of_record_are_not_found(factchecker, login):
    client = login(factchecker)
    assert client.get(reverse(HISTORY), {"model": "auth.user"}).status_code == 404
    assert client.get(reverse(HISTORY), {"event_model": "auth.user"}).status_code == 404


def test_a_deleted_record_is_not_found_rather_than_an_error(editor, login):
    claim = factories.make_claim()
    pk = claim.pk
    claim.delete()
    assert login(editor).get(reverse(HISTORY), {"obj": f"claims.Claim:{pk}"}).status_code == 404


def test_the_whole_history_shows_the_newest_events_and_says_when_there_are_more(
    editor, login, monkeypatch
):
    from factcheck.base.admin_helpers import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 4)
    for n in range(6):
        factories.make_speaker(name=f"Speaker number {n}")
    newest = factories.make_speaker(name="The newest speaker")
    _one_second_apart()
    page = login(editor).get(reverse(HISTORY)).content.decode()
    assert "The newest speaker" in page
    assert "More than 4 audit history" in page
    # One record's history is complete, however long the whole history is.
    speaker_page = (
        login(editor)
        .get(reverse(HISTORY), {"obj": f"claims.Speaker:{newest.pk}", "method": "tracks"})
        .content.decode()
    )
    assert "The newest speaker" in speaker_page
    assert "More than" not in speaker_page


def test_later_pages_of_the_whole_history_hold_the_older_events(editor, login, monkeypatch):
    from claims.admin.audit import AuditHistoryAdmin

    monkeypatch.setattr(AuditHistoryAdmin, "list_per_page", 2)
    for n in range(1, 6):
        factories.make_speaker(name=f"Speaker number {n}")
    _one_second_apart()
    client = login(editor)
    first = client.get(reverse(HISTORY)).content.decode()
    second = client.get(reverse(HISTORY), {"p": "2"}).content.decode()
    assert "Speaker number 5" in first
    assert "Speaker number 4" in first
    assert "Speaker number 3" not in first
    assert "Speaker number 3" in second
    assert "Speaker number 2" in second
    assert "Speaker number 5" not in second


def _one_second_apart() -> None:
    """Events written in one test transaction share its timestamp: spread the speakers'
    in the order they were written, as separate requests would have, after the rest."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE claims_speakerevent SET pgh_created_at = now() + make_interval(secs =>"
            " pgh_id - (SELECT min(pgh_id) FROM claims_speakerevent) + 1)"
        )


def _rows(page: str, marker: str) -> list[str]:
    return [row for row in page.split("<tr")[1:] if marker in row]


def test_topic_changes_are_in_the_claims_own_history_with_who_made_them(editor, editor2, login):
    claim = factories.make_claim(text="Bus fares doubled last year.")
    health = Topic.objects.create(name="Public health", slug="public-health")
    transport = Topic.objects.create(name="Transport", slug="transport")
    services.claim_update(
        claim=claim,
        user=editor,
        expected_version=factories.version(claim),
        changes={"topics": [health, transport]},
    )
    services.claim_update(
        claim=claim,
        user=editor2,
        expected_version=factories.version(claim),
        changes={"topics": [transport]},
    )
    page = (
        login(editor)
        .get(reverse(HISTORY), {"obj": f"claims.Claim:{claim.pk}", "method": "tracks"})
        .content.decode()
    )
    added = _rows(page, "(empty) → Public health")
    removed = _rows(page, "Public health → (empty)")
    assert len(added) == len(removed) == 1
    assert ">added<" in added[0]
    assert ">editor<" in added[0]
    assert ">removed<" in removed[0]
    assert ">editor2<" in removed[0]
    claim_url = reverse("admin:claims_claim_change", args=[claim.pk])
    assert f'<a href="{claim_url}">on “Bus fares doubled last year.”</a>' in removed[0]
    assert "claim_id" not in page


def test_topics_changed_by_a_script_are_recorded_too():
    claim = factories.make_claim()
    topic = Topic.objects.create(name="Transport", slug="transport")
    claim.topics.add(topic)
    claim.topics.remove(topic)
    events = apps.get_model("claims", "ClaimTopicEvent").objects.filter(claim=claim)
    assert list(events.order_by("pgh_id").values_list("pgh_label", "topic_id")) == [
        ("insert", topic.pk),
        ("delete", topic.pk),
    ]


def test_accepted_and_dismissed_suggestions_are_in_the_history_with_who(client, editor, login):
    reader = {"text": "Bus fares doubled.", "seen_where": "radio", "contact": "reader@example.org"}
    client.post(reverse("web:suggest"), reader)
    keep = ReaderSuggestion.objects.get()
    drop = services.suggestion_submit(text="Aliens run the council.")
    services.suggestion_accept(suggestion=keep, user=editor)
    services.suggestion_dismiss(suggestion=drop, user=editor)
    page = (
        login(editor)
        .get(reverse(HISTORY), {"event_model": "claims.readersuggestionevent"})
        .content.decode()
    )
    accepted = _rows(page, "New → Turned into a claim")
    dismissed = _rows(page, "New → Dismissed")
    assert len(accepted) == len(dismissed) == 1
    assert ">editor<" in accepted[0]
    assert ">editor<" in dismissed[0]
    assert "Aliens run the council." in dismissed[0]
    assert "(a reader)" in _rows(page, "Bus fares doubled.")[-1]  # the oldest: sent in
    # Staff see the contact on the suggestion itself; the history keeps no copy of it.
    assert "reader@example.org" not in page


def test_the_history_is_not_for_the_public(client, db):
    response = client.get(reverse(HISTORY), {"event_model": "claims.readersuggestionevent"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]
