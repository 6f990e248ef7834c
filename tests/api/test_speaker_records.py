"""Speakers' records come from the public index: what was published under them, and under
the speakers merged into them, counted as published (never from the working rows)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.models import Claim, Verdict
from tests import factories

pytestmark = pytest.mark.django_db


def _slugs(api, name, **params):
    response = api.get(reverse(name), params)
    assert response.status_code == 200, response.content
    return {row["slug"] for row in response.json()["results"]}


def _merged(editor, *, kept_has_claims: bool = True):
    duplicate = factories.make_speaker(name="J. Doe", slug="j-doe")
    kept = factories.make_speaker(name="Jane Doe", slug="jane-doe")
    for rating in ("false", "false"):
        factories.make_verdict(
            status="published",
            rating=factories.rating(rating),
            claim=factories.make_claim(speaker=duplicate),
        )
    if kept_has_claims:
        factories.make_verdict(
            status="published",
            rating=factories.rating("true"),
            claim=factories.make_claim(speaker=kept),
        )
    if kept_has_claims:
        services.speaker_merge(duplicate=duplicate, into=kept, user=editor)
    else:
        # A record kept with no public claim of its own: merging into it is refused now
        # (its header would go public unreviewed), but a database from before holds such
        # merges, and their pages must still read right.
        type(duplicate).objects.filter(pk=duplicate.pk).update(merged_into=kept)
    return duplicate, kept


def test_a_speakers_record_carries_the_claims_of_speakers_merged_into_them(api, editor):
    _merged(editor)
    record = api.get(reverse("api:speaker-detail", args=["jane-doe"])).json()["record"]
    assert record["verdicts"] == 3
    assert [(r["slug"], r["count"]) for r in record["by_rating"]] == [("true", 1), ("false", 2)]
    [listed] = api.get(reverse("api:speaker-list")).json()["results"]
    assert listed["slug"] == "jane-doe"
    assert listed["record"] == record
    assert len(_slugs(api, "api:claim-list", speaker="jane-doe")) == 3
    assert len(_slugs(api, "api:verdict-list", speaker="jane-doe")) == 3
    # Published claims keep the attribution they were published with.
    named = {c["speaker"]["slug"] for c in api.get(reverse("api:claim-list")).json()["results"]}
    assert named == {"j-doe", "jane-doe"}


def test_a_merged_speaker_leads_to_the_one_they_were_merged_into(api, editor):
    _merged(editor)
    response = api.get(reverse("api:speaker-detail", args=["j-doe"]))
    assert response.status_code == 301
    assert response["Location"].endswith(reverse("api:speaker-detail", args=["jane-doe"]))
    assert len(_slugs(api, "api:claim-list", speaker="j-doe")) == 2


def test_a_speaker_with_only_merged_claims_is_public(api, editor):
    _merged(editor, kept_has_claims=False)
    body = api.get(reverse("api:speaker-detail", args=["jane-doe"])).json()
    assert body["name"] == "Jane Doe"
    assert body["record"]["verdicts"] == 2
    assert _slugs(api, "api:speaker-list") == {"jane-doe"}
    response = api.get(reverse("api:claim-list"), {"speaker": "jane-doe", "rating": "true"})
    assert response.status_code == 200  # an empty page, not "no public speaker"
    assert response.json()["results"] == []


def test_records_count_what_was_published_not_the_working_rows(api, editor):
    speaker = factories.make_speaker(name="Jane Politician", slug="jane-politician")
    other = factories.make_outlet(name="Other Checks", slug="other-checks", kind="fact_checker")
    for rating in ("false", "true"):
        factories.make_verdict(
            status="published",
            rating=factories.rating(rating),
            claim=factories.make_claim(speaker=speaker),
        )
    factories.make_verdict(
        status="published",
        publisher=other,
        external_url="https://other.example.org/1",
        claim=factories.make_claim(speaker=speaker),
    )
    before = api.get(reverse("api:speaker-detail", args=["jane-politician"])).json()["record"]
    # Behind the services' back: the claims moved away, a verdict re-rated and unpublished.
    Claim.objects.filter(speaker=speaker).update(speaker=factories.make_speaker())
    Verdict.objects.filter(publisher__isnull=True).update(
        rating=factories.rating("pants-on-fire"), status="draft"
    )
    after = api.get(reverse("api:speaker-detail", args=["jane-politician"])).json()["record"]
    assert after == before
    assert before["verdicts"] == 2
    assert before["other_publishers"] == [
        {"publisher": "Other Checks", "slug": "other-checks", "count": 1}
    ]


def test_a_page_of_speakers_costs_the_same_at_any_size(api, editor):
    for n in range(30):
        speaker = factories.make_speaker(slug=f"s{n:02}")
        for _ in range(2):
            factories.make_verdict(status="published", claim=factories.make_claim(speaker=speaker))
    counts = []
    for size in (2, 30):
        with CaptureQueriesContext(connection) as run:
            response = api.get(reverse("api:speaker-list"), {"page_size": size})
        assert len(response.json()["results"]) == size
        assert all(s["record"]["verdicts"] == 2 for s in response.json()["results"])
        counts.append(len(run.captured_queries))
    # The page, the records' counts from the covering index, the ratings' names (and the
    # other publishers' names, when any is counted): merged_records.
    assert counts[0] == counts[1] <= 3
