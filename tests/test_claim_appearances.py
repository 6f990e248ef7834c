"""One appearance model, shared with ClaimReview: the appearances another publisher's
review lists (``itemReviewed.firstAppearance`` and ``appearance``) are kept as
``Appearance`` rows reported by that review, given back in its export exactly as they
came, and updated by a re-import; the upgrade moves those kept inside ``their_review``
into rows, every value, and can move them back."""

from __future__ import annotations

import importlib
import io
import json
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command

from claims.models import Appearance, Verdict
from claims.models.families import their_appearances
from tests import factories

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("claims.migrations.0022_claim_families")


def _review(**item: Any) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example.org/reviews/1",
        "claimReviewed": "The budget doubled last year.",
        "datePublished": "2025-03-04",
        "author": {
            "@type": "Organization",
            "name": "Checks",
            "url": "https://checks.example.org/",
        },
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "itemReviewed": {"@type": "Claim", **item},
    }


def _import(tmp_path, review: dict[str, Any]) -> str:
    path = tmp_path / "review.json"
    path.write_text(json.dumps(review))
    out = io.StringIO()
    call_command("import_claimreview", str(path), "--as", "editor", stdout=out)
    return out.getvalue()


def _export() -> dict[str, Any]:
    out = io.StringIO()
    call_command("export_claimreview", "--publisher", "checks", stdout=out)
    [element] = json.loads(out.getvalue())["dataFeedElement"]
    return element["item"][0]


LISTED = {
    "firstAppearance": {"@type": "CreativeWork", "url": "https://video.example.com/first"},
    "appearance": [
        {"@type": "CreativeWork", "url": "https://video.example.com/a"},
        {"@type": "CreativeWork", "url": "https://video.example.com/first"},
        {"@type": "CreativeWork", "url": "https://video.example.com/b"},
    ],
}


def test_imported_appearances_are_rows_reported_by_the_review(tmp_path, editor):
    _import(tmp_path, _review(**LISTED))
    verdict = Verdict.objects.get()
    rows = list(
        Appearance.objects.filter(reported_by=verdict)
        .order_by("position")
        .values_list("url", "first", "listed", "position")
    )
    assert rows == [
        ("https://video.example.com/a", False, True, 1),
        ("https://video.example.com/first", True, True, 2),
        ("https://video.example.com/b", False, True, 3),
    ]
    kept: Any = verdict.their_review
    assert "appearance" not in kept["itemReviewed"]
    assert "firstAppearance" not in kept["itemReviewed"]
    item = _export()["itemReviewed"]
    assert item["firstAppearance"] == "https://video.example.com/first"
    assert item["appearance"] == [
        "https://video.example.com/a",
        "https://video.example.com/first",
        "https://video.example.com/b",
    ]


def test_a_first_appearance_outside_the_list_comes_back_outside_it(tmp_path, editor):
    _import(
        tmp_path,
        _review(
            firstAppearance="https://video.example.com/first",
            appearance=["https://video.example.com/a"],
        ),
    )
    item = _export()["itemReviewed"]
    assert item["firstAppearance"] == "https://video.example.com/first"
    assert item["appearance"] == ["https://video.example.com/a"]


def test_reimporting_the_same_review_changes_nothing_and_a_changed_list_updates_it(
    tmp_path, editor
):
    _import(tmp_path, _review(**LISTED))
    verdict = Verdict.objects.get()
    assert "1 unchanged" in _import(tmp_path, _review(**LISTED))
    assert verdict.revisions.count() == 1
    _import(tmp_path, _review(appearance=["https://video.example.com/c"]))
    assert verdict.revisions.count() == 2
    assert list(Appearance.objects.values_list("url", flat=True)) == [
        "https://video.example.com/c"
    ]
    assert _export()["itemReviewed"] == {
        "@type": "Claim",
        "appearance": ["https://video.example.com/c"],
    }


def test_an_imported_review_with_appearances_round_trips_through_a_second_import(tmp_path, editor):
    _import(tmp_path, _review(**LISTED))
    first = _export()
    again = tmp_path / "again.json"
    again.write_text(json.dumps(first))
    out = io.StringIO()
    call_command("import_claimreview", str(again), "--as", "editor", stdout=out)
    assert "1 unchanged" in out.getvalue()
    assert _export() == first


# The upgrade -------------------------------------------------------------------------------


def _legacy_review(their_review: dict[str, Any]) -> Verdict:
    """An imported review as the previous version kept it: appearances in their_review."""
    verdict = factories.make_verdict(
        status="published",
        publisher=factories.make_outlet(kind="fact_checker"),
        external_url="https://checks.example.org/legacy",
    )
    Verdict.objects.filter(pk=verdict.pk).update(their_review=their_review)
    return verdict


def test_the_upgrade_moves_every_appearance_into_rows_and_back():
    kept = {
        "headline": "Legacy",
        "itemReviewed": {
            "@type": "Claim",
            "firstAppearance": "https://video.example.com/first",
            "appearance": ["https://video.example.com/a", "https://video.example.com/b"],
        },
    }
    moved = _legacy_review(kept)
    refused = _legacy_review(
        {"itemReviewed": {"@type": "Claim", "appearance": ["ftp://old.example.com/x"]}}
    )
    MIGRATION.move_their_appearances(apps, None)
    moved.refresh_from_db()
    assert moved.their_review == {"headline": "Legacy", "itemReviewed": {"@type": "Claim"}}
    assert list(
        Appearance.objects.filter(reported_by=moved)
        .order_by("position")
        .values_list("url", "first", "listed")
    ) == [
        ("https://video.example.com/first", True, False),
        ("https://video.example.com/a", False, True),
        ("https://video.example.com/b", False, True),
    ]
    # An address the table refuses is kept where it was, not dropped.
    refused.refresh_from_db()
    left: Any = refused.their_review
    assert left["itemReviewed"]["appearance"] == ["ftp://old.example.com/x"]
    MIGRATION.put_their_appearances_back(apps, None)
    moved.refresh_from_db()
    assert moved.their_review == kept
    assert not Appearance.objects.exists()


def test_their_appearances_is_pure_and_keeps_what_it_cannot_move():
    review = {"itemReviewed": {"@type": "CreativeWork", "name": "A video"}}
    assert their_appearances(review) == (review, [])
    assert their_appearances(None) == (None, [])
