"""What readers see of a claim family comes only through published revisions: a confirmed
link reaches the verdict's page ("Also said by …"), its ClaimReview appearances and the
API once an update of the verdict is published (proposed, then approved by an editor who
did not make the link); a speaker's page shows the claims they repeated after our verdict
rated them. Records that are not public (a claim whose verdict is a draft, a LIAR-like
archive reference, a claim taken down) are never shown, even linked into a family whose
update is published."""

from __future__ import annotations

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from claims import services
from claims.models import PublishedRepeat
from tests import factories
from tests.web.test_invariant import _crawl, _sitemap_urls

pytestmark = pytest.mark.django_db

MARKER = "ZQXFAMILY"
TODAY = timezone.localdate()
RATED_ON = TODAY - datetime.timedelta(days=30)


def _checked(author, **claim_fields):
    """One of our verdicts, published a month ago."""
    claim_fields.setdefault("text", "Under Romney, Massachusetts ranked 47th in job creation.")
    claim_fields.setdefault("slug", "massachusetts-47th")
    claim_fields.setdefault("claimed_on", TODAY - datetime.timedelta(days=400))
    return factories.make_verdict(
        status="published",
        author=author,
        headline="Massachusetts was 47th, then rose",
        published_at=timezone.now() - datetime.timedelta(days=30),
        claim=factories.make_claim(**claim_fields),
    )


def _repeat(name: str = "Jane Repeater", days_ago: int = 3, **fields):
    speaker = factories.make_speaker(name=name, slug=name.lower().replace(" ", "-"))
    fields.setdefault("text", "When Romney was governor, Massachusetts was 47th in job creation.")
    return factories.make_claim(
        speaker=speaker,
        claimed_on=TODAY - datetime.timedelta(days=days_ago),
        url=f"https://video.example.com/{speaker.slug}",
        **fields,
    )


def _publish_update(verdict, proposer, approver, note="Also said by others since.") -> None:
    services.verdict_correct(
        verdict=verdict,
        user=proposer,
        expected_version=factories.version(verdict),
        note=note,
        kind="update",
    )
    factories.publish_proposal(verdict, approver)


def _surfaces(client, verdict) -> dict[str, str]:
    """Every public surface that shows the verdict or its claim."""
    api = APIClient()
    slug = verdict.claim.slug
    feed = client.get(reverse("api:claimreview-feed"))
    return {
        "page": client.get(reverse("web:claim", args=[slug])).content.decode(),
        "api claim": api.get(reverse("api:claim-detail", args=[slug])).content.decode(),
        "api claims": api.get(reverse("api:claim-list")).content.decode(),
        "jsonld": api.get(
            reverse("api:verdict-claimreview", args=[verdict.slug])
        ).content.decode(),
        "feed": b"".join(feed.streaming_content).decode()
        if feed.streaming
        else feed.content.decode(),
        "rss": client.get(reverse("web:feed-rss")).content.decode(),
    }


def test_a_link_reaches_readers_only_when_the_update_is_published(
    client, factchecker, editor, editor2
):
    verdict = _checked(factchecker)
    repeat = _repeat()
    services.claim_link_as_repeat(claim=repeat, of=verdict.claim, user=factchecker)
    before = _surfaces(client, verdict)
    assert all("Jane Repeater" not in text for text in before.values())
    assert json.loads(before["api claim"])["appearances"] == []

    # Proposed but not yet approved: readers still see the published revision.
    services.verdict_correct(
        verdict=verdict,
        user=editor,
        expected_version=factories.version(verdict),
        note="Also said by Jane Repeater.",
        kind="update",
    )
    assert all("Jane Repeater" not in text for text in _surfaces(client, verdict).values())

    factories.publish_proposal(verdict, editor2)
    after = _surfaces(client, verdict)
    page = after["page"]
    assert "Also said by" in page
    assert "Jane Repeater" in page
    assert f'<time datetime="{repeat.claimed_on:%Y-%m-%d}">' in page
    assert reverse("web:speaker", args=["jane-repeater"]) in page
    assert "When Romney was governor" in page  # their words
    [said] = json.loads(after["api claim"])["appearances"]
    assert said["speaker"]["name"] == "Jane Repeater"
    assert said["date"] == repeat.claimed_on.isoformat()
    assert said["url"] == repeat.url
    assert said["repeat"] is True
    item = json.loads(after["jsonld"])["itemReviewed"]
    assert {
        "@type": "CreativeWork",
        "url": repeat.url,
        "author": {"@type": "Person", "name": "Jane Repeater"},
        "datePublished": repeat.claimed_on.isoformat(),
    } in item["appearance"]
    assert repeat.url in after["feed"]
    # The revision history says what the update added.
    assert "Also said by: <bdi>Jane Repeater" in page  # isolated: a name


def test_unlinking_changes_nothing_until_the_next_update(client, factchecker, editor, editor2):
    verdict = _checked(factchecker)
    repeat = _repeat()
    services.claim_link_as_repeat(claim=repeat, of=verdict.claim, user=factchecker)
    _publish_update(verdict, editor, editor2)
    services.claim_unlink(claim=repeat, user=factchecker)
    assert "Jane Repeater" in _surfaces(client, verdict)["page"]
    _publish_update(verdict, editor, editor2, note="Jane Repeater's claim was another claim.")
    page = _surfaces(client, verdict)["page"]
    assert "Also said by</h2>" not in page
    assert "No longer listed as also said by: <bdi>Jane Repeater" in page


def test_other_publishers_reviews_of_a_repeat_are_listed_beside_ours(
    client, factchecker, editor, editor2
):
    verdict = _checked(factchecker)
    theirs = factories.make_verdict(
        status="published",
        headline="Their check of the repeat",
        publisher=factories.make_outlet(name="Other Check", kind="fact_checker"),
        external_url="https://other.example.org/check",
        claim=_repeat(),
    )
    services.claim_link_as_repeat(claim=theirs.claim, of=verdict.claim, user=factchecker)
    assert "Their check of the repeat" not in _surfaces(client, verdict)["page"]
    _publish_update(verdict, editor, editor2)
    page = _surfaces(client, verdict)["page"]
    assert "Their check of the repeat" in page
    assert "by <bdi>Other Check</bdi> of the same claim" in page


# Never shown: records that are not public ---------------------------------------------------


def _plant(factchecker, editor, chief, verdict) -> None:
    """Claims carrying the marker, linked into the checked claim's family: one whose
    only verdict is another publisher's draft, a LIAR-like archive reference, one of ours
    taken down, and an appearance listed by a draft review."""
    outlet = factories.make_outlet(kind="fact_checker", name="Archive Check")
    draft_theirs = factories.make_verdict(
        publisher=outlet,
        external_url="https://archive.example.org/draft",
        claim=_repeat(f"{MARKER} Draft Speaker", text=f"{MARKER} draft claim"),
    )
    reference = factories.make_verdict(
        status="reference",
        publisher=outlet,
        claim=_repeat(f"{MARKER} Liar Speaker", text=f"{MARKER} reference claim"),
    )
    taken = factories.make_verdict(
        status="published",
        headline=f"{MARKER} taken down",
        claim=_repeat(f"{MARKER} Taken Speaker", text=f"{MARKER} taken down claim"),
    )
    services.verdict_takedown(verdict=taken, user=chief, note="Removed on a court order.")
    for planted in (draft_theirs, reference, taken):
        services.claim_link_as_repeat(claim=planted.claim, of=verdict.claim, user=factchecker)
    services.appearance_create(
        user=factchecker,
        claim=draft_theirs.claim,
        speaker=factories.make_speaker(name=f"{MARKER} Appearance Speaker", slug="zqx-appear"),
        url="https://zqxfamily.example.com/appearance",
    )


def test_records_that_are_not_public_never_reach_a_reader(client, factchecker, editor, editor2):
    from django.contrib.auth.models import Group

    chief = factories.make_user(username="chief")
    chief.groups.add(Group.objects.get(name="Editor-in-chief"))
    verdict = _checked(factchecker)
    public_repeat = _repeat("Public Repeater")
    services.claim_link_as_repeat(claim=public_repeat, of=verdict.claim, user=factchecker)
    _plant(factchecker, editor, chief, verdict)
    _publish_update(verdict, editor, editor2)

    surfaces = _surfaces(client, verdict)
    assert "Public Repeater" in surfaces["page"]  # the test would see a repeat if shown
    for name, text in surfaces.items():
        assert MARKER not in text, name
        assert "zqxfamily.example.com" not in text.lower(), name
    pages = _crawl(
        client,
        [
            reverse("web:home"),
            reverse("web:feed-rss"),
            reverse("web:feed-atom"),
            reverse("web:search") + f"?q={MARKER}",
            reverse("web:claim", args=[verdict.claim.slug]),
            *_sitemap_urls(client),
        ],
    )
    assert len(pages) > 5

    # A search for the marker shows it back in the search box and in the links to the same
    # search (other languages, alerts on it): the reader's own text.
    def unechoed(text: str) -> str:
        return text.replace(f'value="{MARKER}"', "").replace(f"q={MARKER}", "")

    assert [url for url, text in pages.items() if MARKER in unechoed(text)] == []
    for slug in ("zqxfamily-draft-speaker", "zqxfamily-liar-speaker", "zqxfamily-taken-speaker"):
        assert client.get(reverse("web:speaker", args=[slug])).status_code == 404
    assert client.get(reverse("web:speaker", args=["zqx-appear"])).status_code == 404


def test_a_draft_familys_links_are_never_public(client, factchecker, editor):
    draft = factories.make_verdict(
        author=factchecker, claim=factories.make_claim(text=f"{MARKER} checked in a draft")
    )
    repeat = _repeat(f"{MARKER} Speaker Of A Draft Family")
    services.claim_link_as_repeat(claim=repeat, of=draft.claim, user=factchecker)
    assert client.get(reverse("web:claim", args=[draft.claim.slug])).status_code == 404
    assert client.get(reverse("web:speaker", args=[repeat.speaker.slug])).status_code == 404
    assert MARKER not in APIClient().get(reverse("api:claim-list")).content.decode()


# The speaker's page --------------------------------------------------------------------------


def test_a_speakers_page_shows_what_they_repeated_after_being_rated(
    client, factchecker, editor, editor2
):
    verdict = _checked(factchecker)
    after = _repeat("Jane Repeater", days_ago=3)
    before = _repeat(
        "John Early",
        days_ago=300,  # before our verdict: said, not repeated after the rating
        text="Massachusetts ranked 47th in job creation under Romney.",
    )
    for claim in (after, before):
        services.claim_link_as_repeat(claim=claim, of=verdict.claim, user=factchecker)
    assert client.get(reverse("web:speaker", args=["jane-repeater"])).status_code == 404
    _publish_update(verdict, editor, editor2)

    page = client.get(reverse("web:speaker", args=["jane-repeater"])).content.decode()
    assert "Claims repeated after our verdict" in page
    assert "repeated after being rated" in page
    assert verdict.rating.label in page
    assert reverse("web:claim", args=[verdict.claim.slug]) in page
    early = client.get(reverse("web:speaker", args=["john-early"]))
    assert early.status_code == 200  # named by a public revision
    assert "repeated after being rated" not in early.content.decode()
    assert PublishedRepeat.objects.filter(after_rating=True).count() == 1


def test_a_retracted_verdict_no_longer_marks_repeats_as_rated(
    client, factchecker, editor, editor2
):
    verdict = _checked(factchecker)
    services.claim_link_as_repeat(claim=_repeat(), of=verdict.claim, user=factchecker)
    _publish_update(verdict, editor, editor2)
    services.verdict_retract(verdict=verdict, user=editor, note="We got it wrong.")
    page = client.get(reverse("web:speaker", args=["jane-repeater"])).content.decode()
    assert "repeated after being rated" not in page


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as run:
        assert client.get(url).status_code == 200
    return len(run.captured_queries)


def test_the_pages_queries_do_not_grow_with_the_repeats(client, factchecker, editor, editor2):
    verdict = _checked(factchecker)
    speaker = factories.make_speaker(name="Serial Repeater", slug="serial-repeater")

    def add(n: int) -> None:
        for i in range(n):
            # Through the service: in one test transaction, a factory's row would carry
            # the audit context of the last service call (the publishing editor's).
            claim = services.claim_create(
                user=factchecker,
                text=f"Massachusetts was 47th in job creation, said a {n}-{i}th time.",
                speaker=speaker,
                claimed_on=TODAY - datetime.timedelta(days=i + 1),
            )
            services.claim_link_as_repeat(claim=claim, of=verdict.claim, user=factchecker)
        _publish_update(verdict, editor, editor2, note=f"{n} more repeats.")

    add(1)
    claim_url = reverse("web:claim", args=[verdict.claim.slug])
    speaker_url = reverse("web:speaker", args=["serial-repeater"])
    few = (_queries(client, claim_url), _queries(client, speaker_url))
    add(6)
    assert (_queries(client, claim_url), _queries(client, speaker_url)) == few


def test_rebuilding_the_public_index_writes_the_same_repeats(client, factchecker, editor, editor2):
    """The set-based rebuild (rebuild_public_index, demo data) writes in SQL what the
    publishing services write row by row."""
    from claims.services.bulk_revisions import public_index_rebuild

    verdict = _checked(factchecker)
    for name, days in (("Jane Repeater", 3), ("John Early", 300)):
        claim = _repeat(name, days_ago=days)
        services.claim_link_as_repeat(claim=claim, of=verdict.claim, user=factchecker)
    _publish_update(verdict, editor, editor2)
    fields = ("claim_id", "verdict_id", "position", "speaker_id", "said_on", "after_rating")
    written = sorted(PublishedRepeat.objects.values_list(*fields))
    assert len(written) == 2
    public_index_rebuild()
    assert sorted(PublishedRepeat.objects.values_list(*fields)) == written
