"""Speakers told apart: unnamed speakers with the same description, namesakes, merges."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pghistory.models import Events

from claims import services
from claims.models import Claim, Speaker
from claims.services import TransitionError
from tests import factories

pytestmark = pytest.mark.django_db


def _add(client, **fields):
    data = {"kind": "person", "same_as": "", "slug": "", **fields}
    return client.post(reverse("admin:claims_speaker_add"), data)


def test_two_senior_officials_get_distinct_slugs_and_labels(factchecker, login):
    client = login(factchecker)
    assert (
        _add(
            client,
            name="a senior official",
            kind="official",
            affiliation="Egyptian government",
            country="EG",
        ).status_code
        == 302
    )
    response = _add(
        client,
        name="a senior official",
        kind="official",
        affiliation="Qatari government",
        country="QA",
    )
    assert response.status_code == 200  # a namesake is on file: confirm it is someone else
    assert "Already on file under this name" in response.content.decode()
    assert "a senior official (Egyptian government, EG)" in response.content.decode()
    response = _add(
        client,
        name="a senior official",
        kind="official",
        affiliation="Qatari government",
        country="QA",
        different_speaker="on",
    )
    assert response.status_code == 302
    slugs = sorted(Speaker.objects.values_list("slug", flat=True))
    assert slugs == [
        "a-senior-official-egyptian-government-eg",
        "a-senior-official-qatari-government-qa",
    ]


def test_the_same_description_without_details_is_numbered(factchecker):
    first = services.speaker_create(user=factchecker, name="a spokesperson", kind="official")
    second = services.speaker_create(user=factchecker, name="a spokesperson", kind="official")
    assert (first.slug, second.slug) == ("a-spokesperson", "a-spokesperson-2")


def test_autocomplete_tells_unnamed_speakers_apart(factchecker, login):
    for affiliation, country in (("Egyptian government", "EG"), ("Qatari government", "QA")):
        services.speaker_create(
            user=factchecker,
            name="a senior official",
            kind="official",
            affiliation=affiliation,
            country=country,
        )
    response = login(factchecker).get(
        reverse("admin:autocomplete"),
        {"app_label": "claims", "model_name": "claim", "field_name": "speaker", "term": "senior"},
    )
    labels = sorted(row["text"] for row in response.json()["results"])
    assert labels == [
        "a senior official (Egyptian government, EG)",
        "a senior official (Qatari government, QA)",
    ]


def test_editors_merge_duplicate_speakers_and_the_merge_is_audited(editor, login):
    keep = factories.make_speaker(name="Donald Trump", slug="donald-trump")
    duplicate = factories.make_speaker(name="Donald J. Trump", slug="donald-j-trump")
    claims = [factories.make_claim(speaker=duplicate) for _ in range(2)]
    response = login(editor).post(
        reverse("admin:claims_speaker_changelist"),
        {
            "action": "merge_speakers",
            "_selected_action": [keep.pk, duplicate.pk],
            "keep": keep.pk,
            "apply": "1",
        },
        follow=True,
    )
    assert "merged into “Donald Trump”" in response.content.decode()
    assert set(Claim.objects.filter(speaker=keep)) == set(claims)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == keep
    moves = Events.objects.tracks(claims[0]).filter(pgh_label="update")
    assert moves.get().pgh_context["user"] == editor.pk
    # A merged record is no longer offered for new claims.
    found = (
        login(editor)
        .get(
            reverse("admin:autocomplete"),
            {
                "app_label": "claims",
                "model_name": "claim",
                "field_name": "speaker",
                "term": "Trump",
            },
        )
        .json()["results"]
    )
    assert [row["text"] for row in found] == ["Donald Trump"]


def test_fact_checkers_cannot_merge(factchecker):
    a, b = factories.make_speaker(), factories.make_speaker()
    with pytest.raises(Exception, match="permission to merge"):
        services.speaker_merge(duplicate=a, into=b, user=factchecker)


def test_merges_refuse_nonsense(editor):
    a, b = factories.make_speaker(), factories.make_speaker()
    with pytest.raises(TransitionError, match="into itself"):
        services.speaker_merge(duplicate=a, into=a, user=editor)
    services.speaker_merge(duplicate=a, into=b, user=editor)
    with pytest.raises(TransitionError, match="already merged"):
        services.speaker_merge(duplicate=a, into=b, user=editor)
