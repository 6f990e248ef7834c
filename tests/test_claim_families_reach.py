"""Where a claim family's public appearances reach, and where they stop (issue 19):

- a speaker named only as having said a checked claim again has a public page once a
  published revision names them, and is listed, as that page is, in the sitemap and the
  API's list of speakers; never before, and never for a record that is not public;
- the Fact Check Tools search (``/v1alpha1/claims:search``) carries a claim's public
  appearances (``claimAppearances``, Google's name, and ``appearances``);
- a takedown of a verdict on a claim that our other verdict lists among where else its
  claim was said withholds that claim's appearances at once: a new revision without
  them, and nothing of them on any page, feed, API, ClaimReview or revision history.

Each plants what must not be public with a marker and asserts it is absent."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from claims import services
from claims.models import PublishedRepeat, VerdictRevision
from claims.services.revisions import WITHHELD_NOTE, _without_claim
from tests import factories
from tests.test_claim_families_public import _checked, _publish_update, _repeat, _surfaces
from tests.web.test_invariant import _crawl, _sitemap_urls

pytestmark = pytest.mark.django_db

MARKER = "ZQXREACH"
TODAY = timezone.localdate()


@pytest.fixture
def chief(db):
    user = factories.make_user(username="chief")
    user.groups.add(Group.objects.get(name="Editor-in-chief"))
    return user


def _api_speakers() -> str:
    return APIClient().get(reverse("api:speaker-list"), {"page_size": 100}).content.decode()


def _fact_check_tools(**params) -> dict:
    response = APIClient().get(reverse("factchecktools-search"), params)
    assert response.status_code == 200, response.content
    return response.json()


# A speaker named only as a repeater ----------------------------------------------------------


def test_a_repeater_is_in_the_sitemap_and_the_api_once_a_revision_names_them(
    client, factchecker, editor, editor2
):
    verdict = _checked(factchecker)
    repeat = _repeat("Jane Repeater")
    services.claim_link_as_repeat(claim=repeat, of=verdict.claim, user=factchecker)
    page = reverse("web:speaker", args=["jane-repeater"])
    # Linked, not yet published: no page, no entry anywhere.
    assert client.get(page).status_code == 404
    assert page not in _sitemap_urls(client)
    assert "jane-repeater" not in _api_speakers()

    _publish_update(verdict, editor, editor2)
    assert client.get(page).status_code == 200
    assert page in _sitemap_urls(client)
    listed = {s["slug"]: s for s in json.loads(_api_speakers())["results"]}
    assert listed["jane-repeater"]["record"]["verdicts"] == 0  # named, not rated
    detail = APIClient().get(reverse("api:speaker-detail", args=["jane-repeater"]))
    assert detail.status_code == 200


def test_a_repeater_merged_into_another_speaker_leads_to_their_page(
    client, factchecker, editor, editor2
):
    verdict = _checked(factchecker)
    repeat = _repeat("Jane Repeater")
    services.claim_link_as_repeat(claim=repeat, of=verdict.claim, user=factchecker)
    _publish_update(verdict, editor, editor2)
    kept = factories.make_speaker(name="Jane Q. Repeater", slug="jane-q-repeater")
    repeat.speaker.merged_into = kept
    repeat.speaker.save(update_fields=["merged_into"])

    merged_page = reverse("web:speaker", args=["jane-repeater"])
    kept_page = reverse("web:speaker", args=["jane-q-repeater"])
    assert client.get(merged_page).status_code == 301
    assert client.get(kept_page).status_code == 200
    sitemap = _sitemap_urls(client)
    assert kept_page in sitemap
    assert merged_page not in sitemap
    slugs = [s["slug"] for s in json.loads(_api_speakers())["results"]]
    assert "jane-q-repeater" in slugs
    assert "jane-repeater" not in slugs


def test_speakers_of_records_that_are_not_public_are_never_listed(
    client, factchecker, editor, editor2
):
    """A draft family's repeater, a reference record's speaker (LIAR's), and a repeater
    linked after the last published update: in no sitemap, list or page."""
    verdict = _checked(factchecker)
    draft = factories.make_verdict(
        author=factchecker, claim=factories.make_claim(text=f"{MARKER} checked in a draft")
    )
    in_draft = _repeat(f"{MARKER} Draft Family Speaker")
    services.claim_link_as_repeat(claim=in_draft, of=draft.claim, user=factchecker)
    outlet = factories.make_outlet(kind="fact_checker", name="Archive Check")
    reference = factories.make_verdict(
        status="reference",
        publisher=outlet,
        claim=_repeat(f"{MARKER} Reference Speaker", text=f"{MARKER} reference claim"),
    )
    services.claim_link_as_repeat(claim=reference.claim, of=verdict.claim, user=factchecker)
    services.claim_link_as_repeat(
        claim=_repeat("Public Repeater"), of=verdict.claim, user=factchecker
    )
    _publish_update(verdict, editor, editor2)
    services.claim_link_as_repeat(
        claim=_repeat(f"{MARKER} Linked Since"), of=verdict.claim, user=factchecker
    )

    sitemap = _sitemap_urls(client)
    assert reverse("web:speaker", args=["public-repeater"]) in sitemap  # the test can see
    assert [url for url in sitemap if MARKER.lower() in url] == []
    assert MARKER not in _api_speakers()
    assert MARKER.lower() not in _api_speakers()
    for slug in ("draft-family-speaker", "reference-speaker", "linked-since"):
        address = f"{MARKER.lower()}-{slug}"
        assert client.get(reverse("web:speaker", args=[address])).status_code == 404
        assert APIClient().get(reverse("api:speaker-detail", args=[address])).status_code == 404


# The Fact Check Tools search -----------------------------------------------------------------


def test_the_fact_check_tools_search_carries_the_public_appearances(factchecker, editor, editor2):
    verdict = _checked(factchecker)
    repeat = _repeat("Jane Repeater")
    services.claim_link_as_repeat(claim=repeat, of=verdict.claim, user=factchecker)
    [before] = _fact_check_tools(query="Massachusetts")["claims"]
    assert "appearances" not in before
    assert "claimAppearances" not in before

    draft = factories.make_verdict(
        author=factchecker, claim=factories.make_claim(text=f"{MARKER} checked in a draft")
    )
    services.claim_link_as_repeat(
        claim=_repeat(f"{MARKER} Draft Family"), of=draft.claim, user=factchecker
    )
    _publish_update(verdict, editor, editor2)
    # Linked after the update: not public until the next one.
    services.claim_link_as_repeat(
        claim=_repeat(f"{MARKER} After", text=f"{MARKER} said after"),
        of=verdict.claim,
        user=factchecker,
    )
    [claim] = _fact_check_tools(query="Massachusetts")["claims"]
    assert claim["claimant"] == verdict.claim.speaker.name  # the claim's own, as Google's
    assert claim["claimAppearances"] == [repeat.url]
    assert claim["appearances"] == [
        {
            "claimant": "Jane Repeater",
            "claimDate": f"{repeat.claimed_on:%Y-%m-%d}T00:00:00Z",
            "text": repeat.text,
            "url": repeat.url,
        }
    ]
    for params in ({"query": "Massachusetts"}, {"query": MARKER}, {"query": "Romney"}):
        assert MARKER not in json.dumps(_fact_check_tools(**params))


# A takedown withholds the claim's appearances from our other verdicts ----------------------


def _retracted_repeat(author, chief_or_editor):
    """A claim of ours checked and retracted (so still public), said by someone whose
    name carries the marker: a family may then link it beside our published verdict."""
    theirs = factories.make_verdict(
        status="published",
        author=author,
        headline=f"{MARKER} headline of the retracted check",
        claim=_repeat(f"{MARKER} Taken Speaker", text=f"{MARKER} taken down words"),
    )
    services.verdict_retract(verdict=theirs, user=chief_or_editor, note="We got it wrong.")
    return theirs


def _every_surface(client, verdict) -> dict[str, str]:
    """``_surfaces`` of the families' public tests, and the rest that lists repeats."""
    api = APIClient()
    return {
        **_surfaces(client, verdict),
        "api verdict": api.get(
            reverse("api:verdict-detail", args=[verdict.slug])
        ).content.decode(),
        "fact check tools": json.dumps(_fact_check_tools(query="Massachusetts")),
        "corrections": client.get(reverse("web:corrections")).content.decode(),
        "speakers": _api_speakers(),
    }


def test_a_takedown_withholds_the_claims_appearances_from_our_other_verdicts(
    client, factchecker, editor, editor2, chief
):
    verdict = _checked(factchecker)
    taken = _retracted_repeat(factchecker, editor)
    kept = _repeat("Public Repeater")
    for claim in (taken.claim, kept):
        services.claim_link_as_repeat(claim=claim, of=verdict.claim, user=factchecker)
    _publish_update(verdict, editor, editor2)
    # The test would see it: a retracted verdict's claim is public, and listed.
    assert MARKER in _every_surface(client, verdict)["page"]
    taken_speaker = reverse("web:speaker", args=[f"{MARKER.lower()}-taken-speaker"])
    assert client.get(taken_speaker).status_code == 200
    published = verdict.revisions.count()

    services.verdict_takedown(verdict=taken, user=chief, note="Removed on a court order.")

    latest = verdict.revisions.order_by("-number").first()
    assert verdict.revisions.count() == published + 1
    assert (latest.kind, latest.note) == (VerdictRevision.Kind.UPDATE, WITHHELD_NOTE)
    assert latest.published_by_id == chief.pk
    assert [a["speaker"]["name"] for a in latest.document["appearances"]] == ["Public Repeater"]
    assert latest.document["refs"]["appearance_claims"] == [kept.pk]
    surfaces = _every_surface(client, verdict)
    assert "Public Repeater" in surfaces["page"]
    for name, text in surfaces.items():
        assert MARKER not in text, name
        assert MARKER.lower() not in text, name
    # The revision history compares what is left: nothing says who was withheld.
    assert "Also said by" in surfaces["page"]
    assert WITHHELD_NOTE in surfaces["page"]
    assert client.get(taken_speaker).status_code == 404
    assert not PublishedRepeat.objects.filter(speaker__slug__startswith="zqxreach").exists()
    pages = _crawl(
        client,
        [
            reverse("web:home"),
            reverse("web:claim", args=[verdict.claim.slug]),
            *_sitemap_urls(client),
        ],
    )
    assert [url for url, text in pages.items() if MARKER in text] == []


def test_a_takedown_reaches_a_verdict_that_still_shows_an_unlinked_claim(
    client, factchecker, editor, editor2, chief
):
    """Unlinked after the update, the claim is still listed until the next one: the
    takedown withholds it there too."""
    verdict = _checked(factchecker)
    taken = _retracted_repeat(factchecker, editor)
    services.claim_link_as_repeat(claim=taken.claim, of=verdict.claim, user=factchecker)
    _publish_update(verdict, editor, editor2)
    services.claim_unlink(claim=taken.claim, user=factchecker)
    assert MARKER in _every_surface(client, verdict)["page"]

    services.verdict_takedown(verdict=taken, user=chief, note="Removed on a court order.")
    latest = verdict.revisions.order_by("-number").first()
    assert "appearances" not in latest.document
    assert "appearance_claims" not in latest.document["refs"]
    for name, text in _every_surface(client, verdict).items():
        assert MARKER not in text, name


def test_a_takedown_changes_nothing_of_verdicts_that_do_not_list_the_claim(
    factchecker, editor, editor2, chief
):
    verdict = _checked(factchecker)
    services.claim_link_as_repeat(
        claim=_repeat("Public Repeater"), of=verdict.claim, user=factchecker
    )
    _publish_update(verdict, editor, editor2)
    other = factories.make_verdict(status="published", author=factchecker)
    count = verdict.revisions.count()
    services.verdict_takedown(verdict=other, user=chief, note="Removed on a court order.")
    assert verdict.revisions.count() == count


def test_a_document_without_entry_claims_loses_every_repeat_when_one_is_taken_down():
    """Revisions written before entries named their claim: nothing is guessed."""
    doc: dict[str, Any] = {
        "appearances": [
            {"text": "", "speaker": None, "repeat": False, "url": "https://a.example/1"},
            {"text": "One", "speaker": {"name": "A"}, "repeat": True, "url": ""},
            {"text": "Two", "speaker": {"name": "B"}, "repeat": True, "url": ""},
        ],
        "refs": {"appearance_speakers": [None, 1, 2], "appearance_claims": [7, 8]},
    }
    out = _without_claim(copy.deepcopy(doc), 8)
    assert out is not None
    assert [a["repeat"] for a in out["appearances"]] == [False]
    assert out["refs"]["appearance_speakers"] == [None]
    assert out["refs"]["appearance_claims"] == []
    assert len(out["refs"]["appearances_withheld"]) == 2
    # With entry claims, only that claim's entries go.
    doc["refs"]["appearance_entry_claims"] = [5, 7, 8]
    out = _without_claim(copy.deepcopy(doc), 8)
    assert out is not None
    assert [a["text"] for a in out["appearances"]] == ["", "One"]
    assert out["refs"]["appearance_claims"] == [7]
    assert out["refs"]["appearance_entry_claims"] == [5, 7]
    assert _without_claim(copy.deepcopy(doc), 99) is None


def test_an_event_listing_a_withheld_appearance_no_longer_leaves_the_site(
    factchecker, editor, editor2, chief
):
    """A webhook delivery or an alert built before the takedown, waiting for a retry."""
    from claims.selectors.public import event_still_public, revision_event_document

    verdict = _checked(factchecker)
    taken = _retracted_repeat(factchecker, editor)
    services.claim_link_as_repeat(claim=taken.claim, of=verdict.claim, user=factchecker)
    services.claim_link_as_repeat(
        claim=_repeat("Public Repeater"), of=verdict.claim, user=factchecker
    )
    _publish_update(verdict, editor, editor2)
    update = verdict.revisions.order_by("-number").first()
    before = revision_event_document(update.pk)
    assert MARKER in json.dumps(before)
    assert event_still_public(before)

    services.verdict_takedown(verdict=taken, user=chief, note="Removed on a court order.")
    assert not event_still_public(before)
    after = revision_event_document(verdict.revisions.order_by("-number").first().pk)
    assert "Public Repeater" in json.dumps(after)
    assert MARKER not in json.dumps(after)
    assert event_still_public(after)
