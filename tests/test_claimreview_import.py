"""ClaimReview in and out: every input shape, idempotent upserts, clear errors that write
nothing, other publishers' reviews public as theirs, and a round trip of our own feed."""

from __future__ import annotations

import http.server
import io
import json
import threading

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from claims import services
from claims.models import Claim, Speaker, Verdict
from factcheck.claimreview.parse import parse
from sources.models import Outlet
from tests import factories
from tests.conftest import MARKER

pytestmark = pytest.mark.django_db

REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://checks.example.org/2025/06/bus-fares",
    "claimReviewed": "Bus fares doubled in one year.",
    "headline": "No, bus fares rose by a fifth",
    "datePublished": "2025-06-03",
    "inLanguage": "en",
    "author": {
        "@type": "Organization",
        "name": "Example Checks",
        "url": "https://checks.example.org/",
    },
    "reviewRating": {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 6,
        "worstRating": 1,
        "alternateName": "False",
    },
    "itemReviewed": {
        "@type": "Claim",
        "datePublished": "2025-05-30",
        "author": {
            "@type": "Person",
            "name": "Jane Mayor",
            "sameAs": ["https://www.wikidata.org/wiki/Q42"],
        },
        "appearance": [{"@type": "CreativeWork", "url": "https://video.example.com/clip"}],
    },
}


def _review(**changes):
    review = json.loads(json.dumps(REVIEW))
    review.update(changes)
    return review


def _import(tmp_path, payload, name="reviews.json"):
    path = tmp_path / name
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    call_command("import_claimreview", str(path), "--as", "editor", verbosity=0)


def test_a_review_becomes_another_publishers_public_verdict(tmp_path, editor, client):
    _import(tmp_path, REVIEW)
    verdict = Verdict.objects.select_related("claim__speaker", "publisher", "rating").get()
    assert verdict.status == "published"
    assert verdict.publisher.name == "Example Checks"
    assert verdict.publisher.domain == "checks.example.org"
    assert verdict.external_url == "https://checks.example.org/2025/06/bus-fares"
    assert verdict.rating.label == "False"
    assert verdict.rating.scale.is_default
    assert verdict.published_at.date().isoformat() == "2025-06-03"
    claim = verdict.claim
    assert (claim.text, claim.claimed_on.isoformat(), claim.url) == (
        "Bus fares doubled in one year.",
        "2025-05-30",
        "https://video.example.com/clip",
    )
    assert claim.speaker.name == "Jane Mayor"
    assert claim.speaker.same_as == ["https://www.wikidata.org/wiki/Q42"]
    # Public as theirs: listed and linked with their name, never marked up as ours.
    body = client.get(reverse("api:claim-detail", args=[claim.slug])).json()
    assert body["verdicts"][0]["publisher"] == {
        "name": "Example Checks",
        "url": "https://checks.example.org/",
        "ours": False,
    }
    page = client.get(reverse("web:claim", args=[claim.slug])).content.decode()
    assert "Other fact-checkers" in page
    assert 'id="claimreview"' not in page


def test_importing_twice_changes_nothing_and_a_new_version_updates_it(tmp_path, editor):
    _import(tmp_path, REVIEW)
    before = list(Verdict.objects.values_list("pk", "version"))
    _import(tmp_path, REVIEW)
    assert list(Verdict.objects.values_list("pk", "version")) == before
    _import(tmp_path, _review(headline="No, they rose by a fifth (updated)"))
    assert Verdict.objects.get().headline == "No, they rose by a fifth (updated)"
    assert Verdict.objects.count() == 1
    assert not Verdict.objects.get().corrections.exists()  # their record, not ours


def test_a_rating_not_on_our_scale_is_kept_as_the_publishers_label(tmp_path, editor):
    review = _review(reviewRating={"@type": "Rating", "alternateName": "Four Pinocchios"})
    _import(tmp_path, review)
    rating = Verdict.objects.get().rating
    assert rating.label == "Four Pinocchios"
    assert rating.scale.name == "Example Checks ratings"


def test_labels_that_slugify_alike_become_two_ratings(tmp_path, editor):
    # Found by tests/test_input_fuzzing.py: "6" and "6!" both slugify to "6".
    first = _review(reviewRating={"alternateName": "6"})
    second = _review(url="https://checks.example.org/2", reviewRating={"alternateName": "6!"})
    _import(tmp_path, [first, second])
    labels = sorted(Verdict.objects.values_list("rating__label", "rating__slug"))
    assert labels == [("6", "6"), ("6!", "6-2")]


def test_the_speaker_is_matched_by_same_as_or_name(tmp_path, editor):
    known = factories.make_speaker(name="J. Mayor", same_as=["https://www.wikidata.org/wiki/Q42"])
    _import(tmp_path, REVIEW)
    assert Claim.objects.get().speaker == known


@pytest.mark.parametrize(
    "wrap",
    [
        lambda r: [r],
        lambda r: {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, r]},
        lambda r: {
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "dataFeedElement": [{"@type": "DataFeedItem", "item": [r]}],
        },
        lambda r: (
            f'<html><head><script type="application/ld+json">{json.dumps({"@type": "WebPage"})}</script>'
            f'<script type="application/ld+json">{json.dumps(r)}</script></head><body>x</body></html>'
        ),
    ],
    ids=["list", "graph", "datafeed", "html"],
)
def test_every_shape_of_input(wrap, tmp_path, editor):
    _import(tmp_path, wrap(REVIEW))
    assert Verdict.objects.get().external_url == REVIEW["url"]


def test_the_older_creativework_form(tmp_path, editor):
    older = _review(
        itemReviewed={
            "@type": "CreativeWork",
            "url": "https://news.example.com/speech",
            "datePublished": "2025-05-29",
            "author": {"@type": "Organization", "name": "City Council"},
        }
    )
    _import(tmp_path, older)
    claim = Claim.objects.get()
    assert (claim.url, claim.claimed_on.isoformat()) == (
        "https://news.example.com/speech",
        "2025-05-29",
    )
    assert claim.speaker.kind == "organisation"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ('{"@type": "ClaimReview", "url": ', "not valid JSON"),
        ("", "empty"),
        ("\x00\x01\x02binary", "NUL"),
        (json.dumps({"@type": "WebPage"}), "No ClaimReview found"),
        (json.dumps(_review(url=None)), "“url” is missing"),
        (json.dumps(_review(claimReviewed=["a", 1])), "ClaimReview 1"),
        (json.dumps(_review(claimReviewed={"x": [1]})), "claimReviewed"),
        (json.dumps(_review(datePublished="yesterday")), "“datePublished” is not a date"),
        (
            json.dumps(_review(reviewRating={"ratingValue": "x", "alternateName": "False"})),
            "“reviewRating.ratingValue” should be a number",
        ),
        (json.dumps(_review(reviewRating={"ratingValue": 2})), "no “alternateName”"),
        (json.dumps([REVIEW, REVIEW]), "ClaimReview 2: the review URL"),
        (json.dumps(_review(claimReviewed="x" * 3000)), "longer than 2,000"),
        (json.dumps(_review(inLanguage="English")), "“inLanguage” should be a language tag"),
        ("<html><body>No data</body></html>", "no JSON-LD script block"),
        # Found by tests/test_input_fuzzing.py: a JSON "\u0000" reached the database.
        (json.dumps(_review(claimReviewed="a\x00b")), "“claimReviewed” contains a NUL"),
    ],
)
def test_malformed_input_names_the_problem_and_writes_nothing(payload, message, tmp_path, editor):
    good_first = payload.startswith("[") and "also appears" not in message
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _import(tmp_path, payload)
    assert not Verdict.objects.exists()
    assert not Outlet.objects.exists() or good_first


def test_an_error_in_a_later_review_rolls_back_the_earlier_ones(tmp_path, editor):
    broken = _review(url="https://checks.example.org/2", reviewRating={"@type": "Rating"})
    with pytest.raises(CommandError):
        _import(tmp_path, [REVIEW, broken])
    assert not Verdict.objects.exists()
    assert not Speaker.objects.exists()


def test_sources_from_standard_input_and_a_url(tmp_path, editor, monkeypatch, settings):
    # The test's server is on the loopback, which the outbound client refuses unless told.
    settings.FACTCHECK_OUTBOUND_ALLOW = ["127.0.0.1"]
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(REVIEW)))
    call_command("import_claimreview", "-", "--as", "editor", verbosity=0)
    assert Verdict.objects.count() == 1
    body = json.dumps(_review(url="https://checks.example.org/other")).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        call_command(
            "import_claimreview",
            f"http://127.0.0.1:{server.server_port}/feed.json",
            "--as",
            "editor",
            verbosity=0,
        )
    finally:
        server.shutdown()
    assert Verdict.objects.count() == 2
    with pytest.raises(CommandError, match="could not be read"):
        call_command(
            "import_claimreview", "http://127.0.0.1:9/none", "--as", "editor", verbosity=0
        )


def test_our_own_feed_is_never_imported_as_theirs(tmp_path, editor, settings):
    settings.FACTCHECK_PUBLISHER_URL = "https://checks.example.org/"
    _import(tmp_path, REVIEW)
    assert not Verdict.objects.exists()
    assert not Outlet.objects.filter(domain="checks.example.org").exists()


@pytest.mark.parametrize(
    ("publisher_url", "site_url"),
    [
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/"),  # the development default
        ("https://publisher.example.com/", "https://news.example.org/"),
    ],
)
def test_reimporting_our_own_export_skips_it_and_makes_no_outlet(
    tmp_path, seed, editor, settings, publisher_url, site_url
):
    """Whatever our addresses, our export read back is ours: skipped, with no outlet made
    for our own site (on 127.0.0.1 that used to be an IntegrityError traceback)."""
    settings.FACTCHECK_PUBLISHER_URL = publisher_url
    settings.FACTCHECK_SITE_URL = site_url
    path = tmp_path / "ours.json"
    call_command("export_claimreview", str(path), verbosity=0)
    outlets, verdicts = Outlet.objects.count(), Verdict.objects.count()
    out = io.StringIO()
    call_command("import_claimreview", str(path), "--as", "editor", stdout=out)
    assert "0 reviews added" in out.getvalue()
    assert "of our own skipped" in out.getvalue()
    assert (Outlet.objects.count(), Verdict.objects.count()) == (outlets, verdicts)


def test_the_round_trip_of_our_feed(tmp_path, seed, editor):
    path = tmp_path / "feed.json"
    call_command("export_claimreview", str(path), verbosity=0)
    records = {record.review_url: record for record in parse(path.read_text(encoding="utf-8"))}
    ours = (
        Verdict.objects.public()
        .ours()
        .filter(status="published")
        .select_related("claim__speaker", "rating")
    )
    assert len(records) == ours.count() == 8
    for verdict in ours:
        record = records[f"http://127.0.0.1:8000/claims/{verdict.claim.slug}/"]
        assert record.claim_text == verdict.claim.text
        assert record.headline == verdict.headline
        assert record.rating_label == verdict.rating.label
        assert record.rating_value == verdict.rating.position
        assert record.review_date == verdict.published_at.date()
        assert record.claimant == (verdict.claim.speaker.name if verdict.claim.speaker else "")
        assert list(record.claimant_same_as) == (
            list(verdict.claim.speaker.same_as) if verdict.claim.speaker else []
        )
        assert record.claim_date == verdict.claim.claimed_on
        assert record.language == verdict.claim.language
        assert record.publisher_name == "Factcheck (development)"


def _feed(count, *, duplicate=False):
    items = []
    for n in range(count):
        review = _review(
            url=f"https://checks.example.org/r/{n}",
            claimReviewed=f"Claim number {n} about the budget.",
        )
        items.append({"@type": "DataFeedItem", "item": [review]})
    if duplicate:
        items.append(items[0])
    return {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": items}


def test_a_large_feed_file_streams_into_the_database(tmp_path, editor):
    # Memory stays flat however large (test_reading_a_feed_file_keeps_memory_flat): here,
    # many reviews through the whole path, one speaker matched by sameAs for all.
    _import(tmp_path, _feed(80))
    assert Verdict.objects.count() == 80
    assert Speaker.objects.count() == 1  # the same speaker, matched by sameAs


def test_a_duplicate_in_a_streamed_feed_is_refused_and_nothing_kept(tmp_path, editor):
    with pytest.raises(CommandError, match="appears twice in the input"):
        _import(tmp_path, _feed(5, duplicate=True))
    assert not Verdict.objects.exists()


def test_reading_a_feed_file_keeps_memory_flat(tmp_path):
    import tracemalloc

    from factcheck.claimreview.parse import stream_file

    def peak(count):
        path = tmp_path / f"feed-{count}.json"
        path.write_text(json.dumps(_feed(count)), encoding="utf-8")
        tracemalloc.start()
        seen = sum(1 for _ in stream_file(path, max_whole=10**6))
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert seen == count
        return top

    small, large = peak(500), peak(5000)
    assert large < small * 1.5 + 200_000  # ten times the reviews, not ten times the memory


# An imported review is their document: their wording, rating and dates, published as
# their revisions; our claims and our published verdicts are never rewritten by it.


def _public_document(verdict):
    """What readers are served of ``verdict``: its latest revision's document."""
    return verdict.revisions.order_by("-number").values_list("document", flat=True).first()


def test_an_imported_review_is_published_as_their_revision_and_an_unchanged_file_writes_none(
    tmp_path, editor
):
    _import(tmp_path, REVIEW)
    verdict = Verdict.objects.get()
    assert verdict.claim_reviewed == "Bus fares doubled in one year."
    first = verdict.revisions.get()
    assert (first.kind, first.note, first.published_by) == ("published", "", None)
    assert first.published_at == verdict.published_at  # their date
    assert first.document["verdict"]["claim_reviewed"] == "Bus fares doubled in one year."
    _import(tmp_path, REVIEW)
    assert verdict.revisions.count() == 1
    _import(tmp_path, _review(headline="No, they rose by a fifth (updated)"))
    latest = verdict.revisions.order_by("-number").first()
    assert (latest.number, latest.kind) == (2, "update")
    assert latest.note == "Updated from the publisher's ClaimReview."
    assert latest.document["verdict"]["headline"] == "No, they rose by a fifth (updated)"


def test_reimporting_new_wording_never_rewrites_a_claim_our_verdict_reviews(tmp_path, editor):
    _import(tmp_path, REVIEW)
    theirs = Verdict.objects.get()
    ours = factories.make_verdict(claim=theirs.claim, status="published")
    shown = _public_document(ours)
    _import(tmp_path, _review(claimReviewed="Bus fares tripled overnight."))
    theirs.refresh_from_db()
    assert theirs.claim.text == "Bus fares doubled in one year."
    assert theirs.claim_reviewed == "Bus fares tripled overnight."
    assert _public_document(theirs)["verdict"]["claim_reviewed"] == "Bus fares tripled overnight."
    assert ours.revisions.count() == 1
    assert _public_document(ours) == shown


def test_reimporting_never_reverts_our_rewording_of_their_claim(tmp_path, editor):
    _import(tmp_path, REVIEW)
    Claim.objects.update(text="Bus fares doubled between 2024 and 2025.")
    _import(tmp_path, _review(claimReviewed="Bus fares tripled overnight."))
    assert Claim.objects.get().text == "Bus fares doubled between 2024 and 2025."
    assert Verdict.objects.get().claim_reviewed == "Bus fares tripled overnight."


def test_a_claim_only_their_review_reviews_follows_their_new_wording(tmp_path, editor):
    _import(tmp_path, REVIEW)
    _import(tmp_path, _review(claimReviewed="Bus fares tripled overnight."))
    assert Claim.objects.get().text == "Bus fares tripled overnight."
    assert (
        _public_document(Verdict.objects.get())["claim"]["text"] == "Bus fares tripled overnight."
    )


def _seed_attack(tmp_path, factchecker, *, publish):
    """A fact-checker files an "imported" verdict of checks.example.org on the seed's
    claim 1 through the staff API, then imports a review with its URL."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    _import(tmp_path, REVIEW)  # checks.example.org is now a publisher on file
    target = Verdict.objects.get(pk=1)
    shown = _public_document(target)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=factchecker).key}")
    url = "https://checks.example.org/2025/06/planted"
    response = client.post(
        reverse("api:staff-verdicts"),
        {
            "claim": target.claim.slug,
            "publisher": Outlet.objects.get(domain="checks.example.org").slug,
            "external_url": url,
            "headline": "Their review",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    planted = Verdict.objects.get(pk=response.json()["id"])
    if publish:  # an insider editor published it
        Verdict.objects.filter(pk=planted.pk).update(
            status="published", published_at=target.published_at, rating=target.rating
        )
    path = tmp_path / "attack.json"
    path.write_text(json.dumps(_review(url=url, claimReviewed="Trump was never president.")))
    # Importing publishes: a fact-checker may not (an editor's step).
    with pytest.raises(CommandError, match="an editor's step"):
        call_command("import_claimreview", str(path), "--as", "factchecker")
    out = io.StringIO()
    call_command("import_claimreview", str(path), "--as", "editor", stdout=out)
    target.refresh_from_db()
    assert target.claim.text.startswith("Donald Trump was re-elected")
    assert _public_document(target) == shown
    assert target.revisions.count() == 1
    return planted, out.getvalue()


def test_a_planted_draft_imported_verdict_on_a_seed_claim_is_left_alone(
    tmp_path, seed, editor, factchecker
):
    planted, out = _seed_attack(tmp_path, factchecker, publish=False)
    assert "1 held in the newsroom" in out
    assert Verdict.objects.get(pk=planted.pk).version == planted.version
    assert Verdict.objects.filter(external_url=planted.external_url).count() == 1


def test_a_published_imported_verdict_on_a_seed_claim_gets_only_their_wording(
    tmp_path, seed, editor, factchecker
):
    planted, _ = _seed_attack(tmp_path, factchecker, publish=True)
    planted.refresh_from_db()
    assert planted.claim_reviewed == "Trump was never president."
    assert _public_document(planted)["verdict"]["claim_reviewed"] == "Trump was never president."


def test_a_retracted_imported_review_is_neither_updated_nor_imported_again(tmp_path, editor):
    outlet = factories.make_outlet(name="Example Checks", domain="checks.example.org")
    retracted = factories.make_verdict(
        status="retracted", publisher=outlet, external_url=REVIEW["url"], headline="Withdrawn"
    )
    _import(tmp_path, _review(headline="Back again"))
    assert Verdict.objects.get() == retracted
    assert Verdict.objects.get().headline == "Withdrawn"
    assert retracted.revisions.count() == 2


def test_a_reimport_never_publishes_our_unreviewed_edits_of_their_claim(
    tmp_path, editor, factchecker, client
):
    """The hostile-insider review: a fact-checker edits the claim of an imported review
    (a quote, another speaker, a context, a topic: nothing public changes), then a routine
    re-import updates the review. Only what their file says goes public."""
    _import(tmp_path, REVIEW)
    verdict = Verdict.objects.get()
    claim = verdict.claim
    before = _public_document(verdict)
    planted = services.speaker_create(
        user=factchecker, name=f"{MARKER} Speaker", description=f"{MARKER} only staff know"
    )
    topic = services.topic_create(user=editor, name=f"{MARKER} Topic")
    services.claim_update(
        claim=claim,
        user=factchecker,
        expected_version=factories.version(claim),
        changes={
            "quote": f"{MARKER} unreviewed quote",
            "speaker": planted,
            "context": f"{MARKER} context",
            "topics": [topic],
        },
    )
    _import(tmp_path, _review(headline="No, they rose by a fifth (updated)"))
    after = _public_document(verdict)
    assert after["verdict"]["headline"] == "No, they rose by a fifth (updated)"
    assert after["claim"] == before["claim"]
    assert after["refs"]["speaker"] == before["refs"]["speaker"]
    assert after["refs"]["topics"] == before["refs"]["topics"]
    page = client.get(reverse("web:claim", args=[claim.slug]))
    assert page.status_code == 200
    assert MARKER not in page.content.decode()
    api = client.get(reverse("api:claim-detail", args=[claim.slug]))
    assert MARKER not in api.content.decode()
