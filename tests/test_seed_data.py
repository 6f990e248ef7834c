"""The seed fixture: the article the project started from, its speakers, claims and demo verdicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.models import Claim, Speaker, Verdict
from sources.models import Article, Outlet

pytestmark = pytest.mark.django_db
SEED_TEXT = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "seeds" / "000_6398921d888acb2a.txt"
)


def test_article_outlets_and_speakers(seed):
    article = Article.objects.get(slug="hamas-diplomatic-overture-gaza")
    assert "Hamas Diplomatic Overture" in article.title
    assert "intensive communications" in article.text
    if SEED_TEXT.exists():
        assert article.text == SEED_TEXT.read_text()
    assert set(Outlet.objects.values_list("name", flat=True)) >= {
        "The National",
        "Fox News",
        "Gazeta.ru",
    }
    kinds = dict(Speaker.objects.values_list("name", "kind"))
    assert kinds["Donald Trump"] == "person"
    assert kinds["an anonymous Egyptian official"] == "anonymous"
    assert kinds["an Israeli government spokesperson"] == "official"
    assert {"Amira Khalil", "Sarah Cohen", "Yasser Abu Samra", "a Qatari diplomat"} <= set(kinds)


def test_claims_cover_the_required_statements(seed):
    claims = Claim.objects.filter(article__slug="hamas-diplomatic-overture-gaza")
    assert claims.count() >= 8
    texts = " ".join(claims.values_list("text", flat=True))
    for needle in [
        "sworn in on January 20, 2025",
        "former U.S. president rather than the sitting one",
        "mediator",
        "drafting a comprehensive agreement",
        "ceasefire",
    ]:
        assert needle in texts, needle
    trump = claims.get(slug="trump-hamas-must-surrender-immediately")
    assert (trump.speaker.name, trump.appeared_in.name, trump.quote) == (
        "Donald Trump",
        "Fox News",
        "Hamas must surrender immediately",
    )
    assert (
        claims.get(slug="qatar-intensive-communications-hamas-israel").appeared_in.name
        == "Gazeta.ru"
    )


def test_demo_verdicts_are_marked_sourced_and_honest(seed):
    verdicts = Verdict.objects.public().select_related("rating", "claim")
    assert verdicts.count() >= 8
    for verdict in verdicts:
        assert "Demo content" in verdict.summary
        assert "Demo content" in verdict.body
        assert verdict.verdict_sources.exists(), verdict
    for verdict in verdicts.filter(rating__slug="unproven"):
        assert "What is missing" in verdict.body, verdict
    ratings = dict(verdicts.values_list("claim__slug", "rating__slug"))
    assert ratings["trump-reelected-2024-sworn-in-2025"] == "true"
    assert ratings["trump-former-us-president"] == "false"


def test_the_seed_claims_say_what_can_be_checked_and_who_said_it(seed):
    former = Claim.objects.get(slug="trump-former-us-president")
    assert former.text.startswith("When the article was written, Donald Trump was a former")
    reporting = Claim.objects.get(slug="hamas-signalled-willingness-to-negotiate")
    assert (reporting.speaker.name, reporting.speaker.kind) == ("The National", "organisation")
    assert not Claim.objects.filter(speaker__name="Hamas").exists()


def test_the_unconfirmed_interview_is_rated_like_the_other_unconfirmed_claims(seed):
    verdict = Verdict.objects.get(claim__slug="qatar-intensive-communications-hamas-israel")
    assert verdict.rating.slug == "unproven"
    assert "What is missing" in verdict.body


def test_the_draft_agreement_verdicts_carry_the_later_record_as_updates(seed):
    for slug in (
        "us-drafting-agreement-israel-egypt-qatar",
        "proposed-deal-ceasefire-withdrawal-governance",
    ):
        verdict = Verdict.objects.get(claim__slug=slug)
        assert "20-point" in verdict.body
        assert "8\u20139 October 2025" in verdict.body  # an en dash, as printed
        update = verdict.corrections.get()
        assert update.kind == "update"
        assert "20-point" in update.note


def test_every_demo_headline_says_it_is_demo_content(seed):
    headlines = list(Verdict.objects.values_list("headline", flat=True))
    assert headlines
    assert all(headline.startswith("Demo: ") for headline in headlines)
