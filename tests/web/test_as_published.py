"""Every public page, feed and sitemap shows what was published (the revisions and the
public index), never the newsroom's working rows: an edit that bypasses the services
changes nothing a reader sees, and a retraction reads "Retracted" wherever the verdict is
listed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Claim, PublishedVerdict, Speaker, Topic, Verdict
from claims.models.revision import RevisionKind
from claims.services import revisions
from sources.models import Source
from tests import factories

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def _page(client, name, *args, **params):
    return _get(client, reverse(f"web:{name}", args=args), **params)


def _section(html, start):
    """The section of a page that opens at ``start``: a list, apart from a live header."""
    return html.split(start, 1)[1].split("</section>", 1)[0]


@pytest.fixture
def published(editor):
    """One published verdict of ours, with a speaker, topic, outlet, article and source."""
    speaker = factories.make_speaker(name="Published Speakername", slug="published-speaker")
    outlet = factories.make_outlet(name="Daily Outlet", slug="daily-outlet")
    article = factories.make_article(
        slug="the-article",
        outlet=outlet,
        text="An opening line.\nThe mayor said wheat output tripled since spring.\nThe end.",
    )
    topic = services.topic_create(user=editor, name="Farming", slug="farming")
    claim = factories.make_claim(
        text="Wheat output tripled since spring.",
        quote="wheat output tripled since spring",
        slug="wheat-output",
        speaker=speaker,
        article=article,
        appeared_in=outlet,
    )
    claim.topics.add(topic)
    source = factories.make_source(title="Published harvest statistics")
    verdict = factories.make_verdict(
        claim=claim,
        status="published",
        headline="Wheat output did not triple",
        rating=factories.rating("false"),
        with_source=False,
    )
    verdict.verdict_sources.create(source=source, position=1)
    revisions.revision_from_working_copy(
        verdict=verdict,
        kind=RevisionKind.CORRECTION,
        note="The statistics office revised its figures.",
    )
    return {"claim": claim, "speaker": speaker, "source": source, "verdict": verdict}


def _surfaces(client) -> dict[str, str]:
    return {
        "claim": _page(client, "claim", "wheat-output"),
        "home": _page(client, "home"),
        "speaker": _section(_page(client, "speaker", "published-speaker"), 'id="claims"'),
        "topic": _page(client, "topic", "farming"),
        "outlet": _page(client, "outlet", "daily-outlet"),
        "article": _page(client, "article", "the-article"),
        "search": _page(client, "search", q="wheat"),
        "search by speaker": _page(client, "search", speaker="published-speaker"),
        "corrections": _page(client, "corrections"),
        "rss": _page(client, "feed-rss"),
        "atom": _page(client, "feed-atom"),
        # Its items: the channel's title names the speaker as they are now, like the page's header.
        "speaker feed": _page(client, "feed-speaker", "published-speaker").split("<item>", 1)[1],
        "topic feed": _page(client, "feed-topic", "farming"),
        "sitemap": _get(client, reverse("sitemap-section", args=["claims"])),
    }


def test_edits_to_the_working_rows_change_nothing_readers_see(client, published):
    before = _surfaces(client)
    Claim.objects.filter(pk=published["claim"].pk).update(
        text="EDITED claim words.", quote="EDITED quote", updated_at=timezone.now()
    )
    Speaker.objects.filter(pk=published["speaker"].pk).update(name="EDITED Speakername")
    Source.objects.filter(pk=published["source"].pk).update(title="EDITED statistics")
    Verdict.objects.filter(pk=published["verdict"].pk).update(
        headline="EDITED headline", summary="EDITED summary"
    )
    Topic.objects.filter(slug="farming").update(slug="farming")  # the header may be live
    after = _surfaces(client)
    for name, html in after.items():
        assert "EDITED" not in html, name
    assert "Wheat output tripled since spring." in after["claim"]
    assert "Published Speakername" in after["claim"]
    assert "Published harvest statistics" in after["claim"]
    for name in ("home", "speaker", "topic", "outlet", "search", "search by speaker"):
        assert "Published Speakername" in after[name], name
    for name in ("speaker", "topic", "outlet", "search", "search by speaker", "article"):
        assert "Wheat output tripled since spring." in after[name], name
    assert "<mark>wheat output tripled since spring</mark>" in after["article"]
    assert "Wheat output did not triple" in after["rss"]
    assert "Wheat output tripled since spring." in after["corrections"]
    assert after["sitemap"] == before["sitemap"]
    for name in ("claim", "home", "topic", "outlet", "search", "rss", "corrections"):
        assert after[name] == before[name], name
    # The search index holds the published words only.
    assert "Nothing found" in _page(client, "search", q="EDITED")


def test_a_retraction_reads_retracted_in_every_list_and_feed(client, editor):
    speaker = factories.make_speaker(name="Retracted Speaker", slug="retracted-speaker")
    outlet = factories.make_outlet(slug="retracted-outlet")
    topic = services.topic_create(user=editor, name="Retractions", slug="retractions")
    claim = factories.make_claim(
        text="A retracted claim about barley.", speaker=speaker, appeared_in=outlet
    )
    claim.topics.add(topic)
    verdict = factories.make_verdict(
        claim=claim, status="published", rating=factories.rating("true"), headline="Barley"
    )
    services.verdict_retract(verdict=verdict, user=editor, note="The data was forged.")
    pages = {
        "home": _section(_page(client, "home"), 'id="latest"'),
        "speaker": _section(_page(client, "speaker", "retracted-speaker"), 'id="claims"'),
        "topic": _page(client, "topic", "retractions"),
        "outlet": _page(client, "outlet", "retracted-outlet"),
        "search": _page(client, "search", q="barley"),
    }
    today = timezone.localdate().strftime("%Y-%m-%d")
    for name, html in pages.items():
        assert 'class="label">Retracted<' in html, name
        assert f'<time datetime="{today}' in html, name
        assert 'class="label">True<' not in html, name
    rss = ET.fromstring(_page(client, "feed-rss"))
    [item] = rss.iter("item")
    assert item.findtext("title") == "Retracted: A retracted claim about barley."
    assert "The data was forged." in (item.findtext("description") or "")


def test_a_later_revision_moves_the_feed_date_and_is_logged(client, published):
    verdict = published["verdict"]
    first = PublishedVerdict.objects.get(pk=verdict.pk).first_published
    later = timezone.now() + timedelta(days=3)
    revisions.revision_from_working_copy(
        verdict=verdict, kind=RevisionKind.UPDATE, note="Added the autumn figures.", at=later
    )
    atom = ET.fromstring(_page(client, "feed-atom"))
    [entry] = atom.findall(f"{ATOM}entry")
    assert (entry.findtext(f"{ATOM}published") or "")[:10] == first.strftime("%Y-%m-%d")
    assert (entry.findtext(f"{ATOM}updated") or "")[:10] == later.strftime("%Y-%m-%d")
    rss = ET.fromstring(_page(client, "feed-rss"))
    assert later.strftime("%d %b %Y") in (next(rss.iter("item")).findtext("pubDate") or "")
    log = _page(client, "corrections")
    assert log.index("Added the autumn figures.") < log.index("revised its figures")
    sitemap = _get(client, reverse("sitemap-section", args=["claims"]))
    assert later.strftime("%Y-%m-%d") in sitemap


def test_the_corrections_log_leaves_out_verdicts_taken_down(client, published, editor):
    verdict = published["verdict"]
    assert "revised its figures" in _page(client, "corrections")
    revisions.revision_with_notice(
        verdict=verdict,
        kind=RevisionKind.TAKEDOWN,
        note="Court order.",
        user=editor,
        at=timezone.now(),
    )
    log = _page(client, "corrections")
    assert "revised its figures" not in log
    assert "Wheat output" not in log


def test_a_rating_change_is_shown_in_the_corrections_log(client, published):
    verdict = published["verdict"]
    Verdict.objects.filter(pk=verdict.pk).update(rating=factories.rating("mostly-false"))
    revisions.revision_from_working_copy(
        verdict=verdict, kind=RevisionKind.CORRECTION, note="We misread a table."
    )
    log = _page(client, "corrections")
    assert "(rating <bdi>False</bdi> → <bdi>Mostly False</bdi>)" in log


def test_the_kept_speaker_lists_the_claims_published_under_the_merged_one(client, editor):
    keep = factories.make_speaker(name="Kept Name", slug="kept")
    duplicate = factories.make_speaker(name="Duplicate Name", slug="dupe")
    factories.make_verdict(
        status="published",
        headline="Under the duplicate",
        claim=factories.make_claim(text="Said under the duplicate name.", speaker=duplicate),
    )
    factories.make_verdict(
        status="published",
        claim=factories.make_claim(text="Said under the kept name.", speaker=keep),
    )
    services.speaker_merge(duplicate=duplicate, into=keep, user=editor)
    html = _page(client, "speaker", "kept")
    assert "Said under the duplicate name." in html
    assert "Said under the kept name." in html
    assert "Record: 2 verdicts of ours" in html
    assert "Said under the duplicate name." in _page(client, "search", speaker="kept")
    feed = _page(client, "feed-speaker", "kept")
    assert "Under the duplicate" in feed
    assert "Under the duplicate" in _page(client, "feed-speaker", "dupe")
    sitemap = _get(client, reverse("sitemap-section", args=["speakers"]))
    assert "/speakers/kept/" in sitemap
    assert "/speakers/dupe/" not in sitemap


def test_a_merged_speaker_never_public_stays_a_404(client, editor):
    keep = factories.make_speaker(slug="kept-public")
    factories.make_verdict(status="published", claim=factories.make_claim(speaker=keep))
    unseen = factories.make_speaker(slug="never-public")
    factories.make_verdict(claim=factories.make_claim(speaker=unseen))  # a draft
    services.speaker_merge(duplicate=unseen, into=keep, user=editor)
    assert client.get(reverse("web:speaker", args=["never-public"])).status_code == 404


def _add_claims(count, **fields):
    for _ in range(count):
        claim = factories.make_claim(**fields)
        claim.topics.add(Topic.objects.get(slug="busy-topic"))
        verdict = factories.make_verdict(status="published", claim=claim)
        revisions.revision_from_working_copy(
            verdict=verdict, kind=RevisionKind.CORRECTION, note="A busy correction."
        )
        # Another publisher's review of it: the outlet's page lists those too.
        factories.make_verdict(
            status="published",
            claim=claim,
            publisher=fields["appeared_in"],
            external_url=f"https://other.example.org/{claim.slug}",
        )


@pytest.mark.parametrize(
    "url",
    [
        "/outlets/busy-outlet/",
        "/topics/busy-topic/",
        "/search/?q=checkable",
        "/search/?rating=false&topic=busy-topic",
        "/corrections/",
        "/feeds/verdicts.rss",
        "/feeds/topics/busy-topic.rss",
        "/feeds/speakers/busy-speaker.rss",
        "/sitemap-claims.xml",
    ],
)
def test_lists_cost_the_same_queries_however_many_rows(url, client, editor):
    speaker = factories.make_speaker(slug="busy-speaker")
    outlet = factories.make_outlet(slug="busy-outlet")
    services.topic_create(user=editor, name="Busy", slug="busy-topic")
    fields = {"speaker": speaker, "appeared_in": outlet}
    _add_claims(2, **fields)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    # Four times the rows (each costs two publications and a correction: ~0.3 s).
    _add_claims(6, **fields)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
        assert response.status_code == 200
    assert len(many) == len(few), url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert len(re.findall(rb"/claims/", body)) >= 8


def test_sitemap_sections_index_only_public_pages(client, published):
    factories.make_verdict(
        claim=factories.make_claim(
            slug="draft-claim", speaker=factories.make_speaker(slug="draft-speaker")
        )
    )
    claims = _get(client, reverse("sitemap-section", args=["claims"]))
    speakers = _get(client, reverse("sitemap-section", args=["speakers"]))
    articles = _get(client, reverse("sitemap-section", args=["articles"]))
    assert "/claims/wheat-output/" in claims
    assert "draft-claim" not in claims
    assert "/speakers/published-speaker/" in speakers
    assert "draft-speaker" not in speakers
    assert "/articles/the-article/" in articles
    assert all(
        url.findtext(f"{SITEMAP}lastmod")
        for section in (claims, speakers, articles)
        for url in ET.fromstring(section).iter(f"{SITEMAP}url")
    )


def test_the_sitemap_index_costs_the_same_however_many_pages(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sitemap.xml").status_code == 200
        return len(queries)

    factories.make_verdict(status="published")
    few = cost()
    for _ in range(6):
        factories.make_verdict(status="published")
    assert cost() == few
