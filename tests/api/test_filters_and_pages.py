"""Filters, search, ordering and cursor pages: each works, each bad value is a 400 that
names the parameter, and a page costs the same few queries at any size."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from claims import services
from tests import factories

pytestmark = pytest.mark.django_db
CLAIMS = "api:claim-list"


def _slugs(api, name=CLAIMS, **params):
    response = api.get(reverse(name), params)
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_one_request_lists_a_speakers_verdicts_with_a_rating_since_a_date(api, db):
    speaker = factories.make_speaker(slug="jane")
    now = timezone.now()
    wanted = factories.make_verdict(
        status="published",
        rating=factories.rating("false"),
        published_at=now,
        claim=factories.make_claim(speaker=speaker, slug="wanted"),
    )
    factories.make_verdict(
        status="published",
        rating=factories.rating("true"),
        published_at=now,
        claim=factories.make_claim(speaker=speaker, slug="other-rating"),
    )
    factories.make_verdict(
        status="published",
        rating=factories.rating("false"),
        published_at=now - timedelta(days=30),
        claim=factories.make_claim(speaker=speaker, slug="too-old"),
    )
    since = (now - timedelta(days=7)).date().isoformat()
    assert _slugs(api, speaker="jane", rating="false", published_after=since) == ["wanted"]
    verdicts = _slugs(
        api, "api:verdict-list", speaker="jane", rating="false", published_after=since
    )
    assert verdicts == [wanted.slug]


def test_search_uses_web_syntax_and_any_text_is_text(api, seed):
    assert _slugs(api, q="Qatar mediator") == ["qatar-long-time-gaza-mediator"]
    assert "qatar-long-time-gaza-mediator" not in _slugs(api, q="Qatar -mediator")
    assert _slugs(api, q='"must surrender"') == ["trump-hamas-must-surrender-immediately"]
    for text in ("'; DROP TABLE claims_claim; --", "a & | ! ( :* <->", "((((", "   ", "the"):
        assert api.get(reverse(CLAIMS), {"q": text}).status_code == 200


def test_search_finds_speaker_names_and_verdict_headlines(api, seed, editor):
    assert "trump-hamas-must-surrender-immediately" in _slugs(api, q="Donald Trump")
    assert _slugs(api, q="Gazeta.ru interview") == ["qatar-intensive-communications-hamas-israel"]
    # Renaming a speaker changes the working copy, not what was published: their claims
    # are found under the name they were published with until a revision publishes more.
    trump = factories.Speaker.objects.get(slug="donald-trump")
    services.speaker_update(
        speaker=trump,
        user=editor,
        expected_version=factories.version(trump),
        changes={"name": "Donald John Trump"},
    )
    assert "trump-hamas-must-surrender-immediately" not in _slugs(api, q="John")
    assert "trump-hamas-must-surrender-immediately" in _slugs(api, q="Donald Trump")


def test_draft_words_never_match_a_search(api, db):
    verdict = factories.make_verdict(headline="Xylophone headline", summary="Xylophone summary")
    assert _slugs(api, q="Xylophone") == []
    published = factories.make_verdict(status="published", headline="Xylophone published")
    assert _slugs(api, q="Xylophone") == [published.claim.slug]
    assert verdict.claim.slug not in _slugs(api, q="Xylophone")


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"speaker": "nobody"}, "speaker"),
        ({"rating": "bogus"}, "rating"),
        ({"topic": "nothing"}, "topic"),
        ({"outlet": "nowhere"}, "outlet"),
        ({"publisher": "nobody"}, "publisher"),
        ({"speaker": "not a slug!"}, "speaker"),
        ({"language": "English"}, "language"),
        ({"claimed_after": "2025-13-01"}, "claimed_after"),
        ({"published_before": "yesterday"}, "published_before"),
        ({"claimed_before": "99999-01-01"}, "claimed_before"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "9" * 40}, "page_size"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"ordering": "text"}, "ordering"),
        ({"ordering": "relevance"}, "ordering"),
        ({"q": "x" * 600}, "q"),
    ],
)
def test_bad_values_are_a_400_naming_the_parameter(params, parameter, api, seed):
    response = api.get(reverse(CLAIMS), params)
    assert response.status_code == 400
    assert parameter in response.json()


def test_a_nul_character_is_a_400(api, seed):
    assert api.get(reverse(CLAIMS), {"q": "a\x00b"}).status_code == 400


def test_cursor_pages_are_stable_while_new_verdicts_are_published(api, factchecker, editor):
    for n in range(5):
        factories.make_verdict(
            status="published",
            published_at=timezone.now() - timedelta(hours=n),
            claim=factories.make_claim(slug=f"c{n}"),
        )
    first = api.get(reverse(CLAIMS), {"page_size": 2}).json()
    assert [r["slug"] for r in first["results"]] == ["c0", "c1"]
    draft = factories.make_verdict(author=factchecker, claim=factories.make_claim(slug="newest"))
    services.verdict_submit(verdict=draft, user=factchecker)
    services.verdict_publish(verdict=draft, user=editor, expected_version=factories.version(draft))
    second = api.get(first["next"]).json()
    assert [r["slug"] for r in second["results"]] == ["c2", "c3"]
    third = api.get(second["next"]).json()
    assert [r["slug"] for r in third["results"]] == ["c4"]
    assert third["next"] is None
    assert _slugs(api, page_size=1) == ["newest"]


def test_a_cursor_from_one_ordering_is_refused_in_another(api, seed):
    first = api.get(reverse(CLAIMS), {"page_size": 2}).json()
    cursor = first["next"].split("cursor=")[1].split("&")[0]
    response = api.get(
        reverse(CLAIMS), {"page_size": 2, "ordering": "published", "cursor": cursor}
    )
    assert response.status_code == 400


def _queries(api, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url, params)
    assert response.status_code == 200
    return len(queries), len(response.json()["results"])


# Each list with its heaviest parameters, read at two page sizes over one archive of 30
# published verdicts (built once: publishing through the services is the slow part).
LISTS = [
    (CLAIMS, {}),
    (CLAIMS, {"q": "claim"}),
    (CLAIMS, {"speaker": "many", "rating": "false"}),
    ("api:verdict-list", {}),
    ("api:speaker-list", {}),
    ("api:article-list", {}),
]


def test_a_list_costs_at_most_four_queries_at_any_page_size(api, db):
    speaker = factories.make_speaker(slug="many")
    article = factories.make_article()
    # Enough for page sizes that differ fivefold; each published verdict costs a revision.
    for n in range(30):
        claim = factories.make_claim(
            speaker=speaker if n % 2 else factories.make_speaker(),
            article=article if n % 2 else factories.make_article(),
        )
        factories.make_verdict(status="published", claim=claim, rating=factories.rating("false"))
    for name, params in LISTS:
        small, five = _queries(api, reverse(name), page_size=5, **params)
        large, many = _queries(api, reverse(name), page_size=25, **params)
        assert five == min(5, many), (name, params)
        assert many > 10, (name, params)
        assert small == large <= 4, (name, params, small, large)


def test_verdicts_are_searched_through_their_claims(api, seed):
    found = _slugs(api, "api:verdict-list", q='"must surrender"')
    assert found == ["trump-hamas-must-surrender-immediately"]
    assert _slugs(api, "api:verdict-list", q="Qatar -mediator")
    assert "qatar-long-time-gaza-mediator" not in _slugs(api, "api:verdict-list", q="-mediator")
    assert _slugs(api, "api:verdict-list", q="zzzunknownword") == []
    too_long = api.get(reverse("api:verdict-list"), {"q": "x" * 600})
    assert too_long.status_code == 400
    assert "q" in too_long.json()
    relevance = api.get(reverse("api:verdict-list"), {"q": "Qatar", "ordering": "relevance"})
    assert relevance.status_code == 400
    assert "ordering" in relevance.json()


@pytest.mark.parametrize("name", [CLAIMS, "api:verdict-list"])
def test_the_widest_dates_are_no_error(name, api, seed):
    everything = _slugs(api, name, page_size=100)
    widest = {"published_after": "0001-01-01", "published_before": "9999-12-31"}
    assert _slugs(api, name, page_size=100, **widest) == everything
    assert _slugs(api, name, published_after="9999-12-31") == []
    assert _slugs(api, name, published_before="0001-01-01") == []
