"""What readers see: each page for published content, with the facts a reader needs."""

from __future__ import annotations

import json
import re

import extruct
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.models import Verdict
from tests import factories

pytestmark = pytest.mark.django_db


def _page(client, name, *args, **params):
    response = client.get(reverse(f"web:{name}", args=args), params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _jsonld(html):
    """The JSON-LD a crawler finds (extruct reads only ``application/ld+json``)."""
    return extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]


def test_the_verdict_page_says_what_who_rating_why_and_sources(client, seed):
    html = _page(client, "claim", "qatar-intensive-communications-hamas-israel")
    assert "Qatar&#x27;s government has been in intensive communications" in html
    assert "a Qatari diplomat" in html
    assert "Gazeta.ru" in html
    assert 'class="label">Unproven<' in html
    assert "What is missing" in html  # the explanation, rendered from Markdown
    assert '<ol class="sources">' in html
    assert 'rel="canonical"' in html
    assert 'property="og:title"' in html
    assert 'name="twitter:card"' in html
    assert "First published" in html


def test_exactly_one_claimreview_for_our_published_verdict(client, seed):
    [review] = _jsonld(_page(client, "claim", "trump-former-us-president"))
    assert review["@type"] == "ClaimReview"
    assert review["reviewRating"]["alternateName"] == "False"
    assert review["claimReviewed"].startswith("When the article was written")


def test_the_pages_claimreview_is_the_apis_and_our_importer_reads_it_back(client, seed):
    """The block a crawler reads equals ``.jsonld``; a saved copy of the page imports."""
    from claims.models import Verdict
    from factcheck.claimreview.parse import parse

    verdict = Verdict.objects.public().get(claim__slug="trump-former-us-president")
    html = _page(client, "claim", "trump-former-us-president")
    [review] = _jsonld(html)
    api = client.get(reverse("api:verdict-claimreview", args=[verdict.slug]))
    assert api.status_code == 200
    assert review == json.loads(api.content)
    [record] = parse(html)
    assert record.claim_text == review["claimReviewed"]
    assert record.review_url == review["url"]


def test_a_claim_quoting_a_script_tag_cannot_end_the_block(client, db):
    text = 'He wrote "</script><script>alert(1)</script>" & left.'
    verdict = factories.make_verdict(status="published", claim=factories.make_claim(text=text))
    html = _page(client, "claim", verdict.claim.slug)
    assert "<script>alert(1)" not in html
    [review] = _jsonld(html)
    assert review["claimReviewed"] == text


def test_other_publishers_reviews_are_shown_and_linked_but_not_marked_up(client, db):
    claim = factories.make_claim(text="A claim only others reviewed.")
    factories.make_verdict(
        claim=claim,
        status="published",
        publisher=factories.make_outlet(name="Other Checks", kind="fact_checker"),
        external_url="https://other.example.org/r/1",
        headline="Their headline",
    )
    html = _page(client, "claim", claim.slug)
    assert "Other Checks" in html
    assert 'href="https://other.example.org/r/1"' in html
    assert _jsonld(html) == []


def test_a_retracted_verdict_shows_its_notice_and_no_claimreview(client, editor):
    verdict = factories.make_verdict(status="published")
    services.verdict_retract(verdict=verdict, user=editor, note="The source was forged.")
    html = _page(client, "claim", verdict.claim.slug)
    assert "Retracted" in html
    assert "The source was forged." in html
    assert _jsonld(html) == []


def test_markdown_is_rendered_and_sanitised(client, db):
    verdict = factories.make_verdict(
        status="published",
        body="**Bold** and [a link](https://example.org) <script>alert(1)</script> "
        "[bad](javascript:alert(2)) <img src=x onerror=alert(3)>",
    )
    html = _page(client, "claim", verdict.claim.slug)
    body = html.split('<div class="body"')[1].split("</div>")[0]
    assert "<strong>Bold</strong>" in body
    assert 'href="https://example.org"' in body
    assert "<script" not in body
    assert "javascript:" not in body
    assert "onerror" not in body


def test_the_public_history_lists_corrections(client, seed):
    html = _page(client, "claim", "us-drafting-agreement-israel-egypt-qatar")
    assert "Update: Update, 10 October 2025" in html or "20-point" in html


def test_the_speaker_page_charts_our_record_and_says_how_claims_are_chosen(client, db):
    speaker = factories.make_speaker(name="Jane Politician", slug="jane")
    for rating in ("false", "false", "true"):
        factories.make_verdict(
            status="published",
            rating=factories.rating(rating),
            claim=factories.make_claim(speaker=speaker),
        )
    factories.make_verdict(status="retracted", claim=factories.make_claim(speaker=speaker))
    html = _page(client, "speaker", "jane")
    assert "Record: 3 verdicts of ours" in html
    assert "not sampled at random" in html
    assert '<svg class="chart" role="img"' in html
    assert "<td>False</td><td>2</td>" in html


def test_the_seed_article_shows_each_checked_claim_in_place(client, seed):
    html = _page(client, "article", "hamas-diplomatic-overture-gaza")
    marks = re.findall(r'<a class="passage-verdict" href="/claims/([^/]+)/"', html)
    public = set(Verdict.objects.public().values_list("claim__slug", flat=True))
    assert set(marks) == public
    assert "Hamas must surrender immediately" in html


def test_other_outlets_articles_show_only_the_checked_paragraphs(client, db):
    article = factories.make_article(
        text="First paragraph, not checked.\nThe minister said unemployment doubled last year.\nLast paragraph.",
        url="https://news.example.com/story",
    )
    claim = factories.make_claim(article=article, quote="unemployment doubled last year")
    factories.make_verdict(claim=claim, status="published")
    html = _page(client, "article", article.slug)
    assert "<mark>unemployment doubled last year</mark>" in html
    assert "First paragraph" not in html
    assert 'href="https://news.example.com/story"' in html


def test_drafts_and_unknown_addresses_are_the_same_404(client, db):
    draft = factories.make_verdict()
    for name, slug in (
        ("claim", draft.claim.slug),
        ("speaker", draft.claim.speaker.slug),
        ("claim", "never-was"),
    ):
        assert client.get(reverse(f"web:{name}", args=[slug])).status_code == 404


def test_staff_preview_a_draft_under_a_banner(login, factchecker):
    draft = factories.make_verdict(headline="Draft headline for preview")
    response = login(factchecker).get(reverse("web:claim", args=[draft.claim.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft: not public" in html
    assert "Draft headline for preview" in html
    assert _jsonld(html) == []
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_verdict_taken_down_leaves_only_its_notice(client, db):
    verdict = factories.make_verdict(
        status="withdrawn", headline="SECRET-HEADLINE", withdrawal_note="Removed on a court order."
    )
    response = client.get(reverse("web:claim", args=[verdict.claim.slug]))
    assert response.status_code == 410
    assert "Removed on a court order." in response.content.decode()
    assert "SECRET" not in response.content.decode()


def test_a_merged_speaker_redirects_to_the_one_kept(client, editor):
    keep = factories.make_speaker(slug="keep")
    duplicate = factories.make_speaker(slug="duplicate")
    factories.make_verdict(status="published", claim=factories.make_claim(speaker=keep))
    factories.make_verdict(status="published", claim=factories.make_claim(speaker=duplicate))
    services.speaker_merge(duplicate=duplicate, into=keep, user=editor)
    response = client.get(reverse("web:speaker", args=["duplicate"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("web:speaker", args=["keep"])


def test_search_ratings_corrections_about_outlet_and_topic_pages(client, seed):
    assert "qatar-long-time-gaza-mediator" in _page(client, "search", q="Qatar mediator")
    assert "Nothing found" in _page(client, "search", q="xylophonic")
    by_topic = _page(client, "search", topic="diplomacy", rating="unproven")
    assert "qatar-intensive-communications-hamas-israel" in by_topic
    assert "trump-former-us-president" not in by_topic
    assert "trump-hamas-must-surrender-immediately" in _page(
        client, "search", speaker="donald-trump"
    )
    assert "Pants on Fire" in _page(client, "ratings")
    assert "20-point" in _page(client, "corrections")
    assert "About" in _page(client, "about")
    assert "Hamas must surrender immediately." in _page(client, "outlet", "fox-news")
    assert _page(client, "topic", "diplomacy")
    assert client.get(reverse("web:search"), {"q": "x", "page": "abc"}).status_code == 400
    assert client.get(reverse("web:search"), {"q": "x" * 600}).status_code == 400


def test_the_home_page_lists_latest_verdicts_search_and_legend(client, seed):
    html = _page(client, "home")
    assert 'role="search"' in html
    assert "What the ratings mean" in html
    assert html.count('<li>\n    <a href="/claims/') == 8


@pytest.mark.parametrize("name", ["home", "claim", "speaker", "article"])
def test_pages_cost_the_same_queries_however_many_claims(name, client, db):
    speaker = factories.make_speaker(slug="busy")
    article = factories.make_article(slug="busy-article", text="Quote one here.\nQuote two here.")

    def add(count):
        for _ in range(count):
            claim = factories.make_claim(speaker=speaker, article=article, quote="Quote one here")
            factories.make_verdict(status="published", claim=claim)

    add(2)
    args = {
        "home": [],
        "claim": [speaker.claims.first().slug],
        "speaker": ["busy"],
        "article": ["busy-article"],
    }[name]
    url = reverse(f"web:{name}", args=args)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(15)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
    if name == "claim":
        assert len(few) <= 8
