"""The audit history shows every kind of column: arrays (a speaker's same_as), JSON,
dates, decimals; on the seed data, as every installation starts."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from claims import services
from claims.admin.audit import _choice, _short
from claims.models import Speaker

pytestmark = pytest.mark.django_db

HISTORY = "admin:claims_auditevent_changelist"


def test_the_whole_history_and_the_speakers_history_open_on_the_seed_data(seed, editor, login):
    client = login(editor)
    for params in ({}, {"model": "claims.speaker"}, {"model": "claims.claim"}):
        response = client.get(reverse(HISTORY), params)
        assert response.status_code == 200, params
    page = client.get(reverse(HISTORY), {"model": "claims.speaker"}).content.decode()
    assert "https://www.wikidata.org/wiki/Q22686" in page  # Donald Trump's same_as


def test_a_speakers_events_link_opens_and_shows_the_same_as_change(seed, editor, login):
    client = login(editor)
    trump = Speaker.objects.get(name="Donald Trump")
    services.speaker_update(
        speaker=trump,
        user=editor,
        expected_version=trump.version,
        changes={"same_as": [*trump.same_as, "https://en.wikipedia.org/wiki/Donald_Trump"]},
    )
    change_page = client.get(reverse("admin:claims_speaker_change", args=[trump.pk]))
    link = re.search(r'href="(/admin/claims/auditevent/\?[^"]+)"', change_page.content.decode())
    assert link is not None
    history = client.get(link.group(1).replace("&amp;", "&"))
    assert history.status_code == 200
    page = history.content.decode()
    assert (
        "https://www.wikidata.org/wiki/Q22686 → https://www.wikidata.org/wiki/Q22686, "
        "https://en.wikipedia.org/wiki/Donald_Trump"
    ) in page
    assert "[&#x27;" not in page  # items, not Python's repr of a list


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (["https://a.example", "https://b.example"], "https://a.example, https://b.example"),
        ([], "(empty)"),
        ({"b": [1, 2], "a": None}, '{"a": null, "b": [1, 2]}'),
        ({}, "(empty)"),
        ("2024-03-01", "2024-03-01"),
        ("2024-03-01T99:99 not a moment", "2024-03-01T99:99 not a moment"),
        (Decimal("12.50"), "12.50"),
        ("12.50", "12.50"),
        (None, "(empty)"),
    ],
)
def test_every_kind_of_value_is_shown_as_text(value, shown):
    assert _short(value) == shown


def test_choice_labels_apply_to_array_items_and_skip_json_values():
    labels = {"person": "Person", "org": "Organisation"}
    assert _choice(labels, ["person", "org", "other"]) == ["Person", "Organisation", "other"]
    assert _choice(labels, {"kind": "person"}) == {"kind": "person"}
    assert _choice(labels, "person") == "Person"
