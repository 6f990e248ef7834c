"""The diff a reviewing editor approves shows every change to what would go public, down
to a rating's definition: an approval is of the exact document, so nothing in it may
change unseen."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from claims import services
from claims.models import Verdict
from claims.selectors import newsroom
from claims.selectors.diffs import LABELS, changes
from tests import factories

DOCUMENT = {
    "claim": {
        "text": "Prices rose by 9 percent.",
        "quote": "",
        "speaker": {"name": "A. Minister", "description": "Minister of finance."},
        "topics": [{"slug": "economy", "name": "Economy"}],
        "claimed_on": "2025-10-01",
        "language": "en",
    },
    "verdict": {
        "headline": "No, 3 percent",
        "summary": "They rose by 3 percent.",
        "body": "",
        "rating": {"label": "False", "definition": "Not accurate.", "position": 1},
        "author": "Omar Saleh",
    },
    "sources": [{"title": "Statistics office", "url": "https://stats.example/cpi"}],
    "reviewers": ["Ana Editor"],
}


def _changed(path: tuple[str, ...], value: object) -> dict[str, Any]:
    doc = copy.deepcopy(DOCUMENT)
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return doc


def test_identical_documents_show_no_change():
    assert changes(DOCUMENT, copy.deepcopy(DOCUMENT)).empty


def test_a_new_definition_of_the_same_rating_is_shown():
    after = _changed(("verdict", "rating", "definition"), "Wrong, as now defined.")
    shown = changes(DOCUMENT, after)
    assert shown.rating is None  # the label is the same
    assert shown.others == [LABELS[("verdict", "rating")]]


def test_a_new_rating_is_shown_as_such_not_again_as_also_changed():
    after = _changed(("verdict", "rating"), {"label": "True", "definition": "Accurate."})
    shown = changes(DOCUMENT, after)
    assert shown.rating == ("False", "True")
    assert shown.others == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("claim", "speaker", "description"), "Former minister of finance."),
        (("claim", "claimed_on"), "2025-10-02"),
        (("claim", "language"), "fr"),
        (("verdict", "author"), "Someone Else"),
    ],
)
def test_every_other_visible_change_is_named(path, value):
    shown = changes(DOCUMENT, _changed(path, value))
    assert shown.others == [LABELS[path[:2]]]


def test_a_part_with_no_label_is_still_named_by_its_key():
    shown = changes(DOCUMENT, _changed(("verdict", "fact_box"), "New box"))
    assert shown.others == ["verdict fact box"]


def test_the_approving_editors_and_a_retraction_notice_are_not_content_changes():
    after = _changed(("reviewers",), [])
    after["retraction"] = {"at": "2025-11-01T00:00:00+00:00", "note": "Wrong source."}
    assert changes(DOCUMENT, after).empty


@pytest.mark.django_db
def test_an_editor_sees_a_redefined_rating_in_what_changed_since_publication(editor, editor2):
    verdict = factories.make_verdict(status=Verdict.Status.PUBLISHED)
    assert newsroom.unpublished_changes(verdict).empty
    assert verdict.rating is not None
    services.rating_update(
        rating=verdict.rating,
        user=editor2,
        expected_version=factories.version(verdict.rating),
        changes={"definition": "Wrong, as the scale now defines it."},
    )
    shown = newsroom.unpublished_changes(Verdict.objects.get(pk=verdict.pk))
    assert shown.others == [LABELS[("verdict", "rating")]]
