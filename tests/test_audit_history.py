"""A readable, closed audit history: names and links, not ids; only tracked records."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
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
