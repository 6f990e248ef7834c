"""A search pages through every match, on each surface that searches claims: the API's
claims list (``q``), Fact Check Tools' ``claims:search`` and the search page. First its
ranked window (the newest ``FACTCHECK_SEARCH_RANK_WINDOW`` matches, most relevant
first), then every other match newest first, each match exactly once, the switch said
in the answer; never a draft's words; a forged position is a 400."""

from __future__ import annotations

import csv
import datetime
import io
import re
from typing import Any

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import PublishedClaim
from claims.selectors import public as queries
from factcheck.api import views as api_views
from factcheck.web import views as web_views
from tests import factories

WINDOW = 4
MARKER = "DRAFT-MARKER-5150"


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def matches(db, settings) -> list[str]:
    """Eleven public claims matching "percent" (some published at the same moment, some
    saying it more often), others that do not, and drafts that would."""
    settings.FACTCHECK_SEARCH_RANK_WINDOW = WINDOW
    start = timezone.now() - datetime.timedelta(days=30)
    slugs = []
    for n in range(11):
        # Pairs share a publication moment: the claim id breaks the tie.
        at = start + datetime.timedelta(days=n // 2)
        words = "percent " * (1 + n % 3)
        claim = factories.make_claim(text=f"Rents rose {words}in city {n}.")
        factories.make_verdict(status="published", claim=claim, published_at=at)
        slugs.append(claim.slug)
    for n in range(3):
        factories.make_verdict(
            status="published", claim=factories.make_claim(text=f"Bread got dearer {n}.")
        )
    factories.make_verdict(
        status="draft",
        headline=f"percent {MARKER}",
        claim=factories.make_claim(text=f"Ten percent more {MARKER}."),
    )
    in_review = factories.make_verdict(
        status="draft", claim=factories.make_claim(text=f"Percent of {MARKER} voters.")
    )
    assert not PublishedClaim.objects.filter(pk=in_review.claim_id).exists()
    return slugs


def _api_pages(api, url: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    pages = []
    response = api.get(url, params)
    while True:
        assert response.status_code == 200, response.content
        assert MARKER not in response.content.decode()
        body = response.json()
        pages.append({"order": response.get("Search-Order"), "results": body["results"]})
        if body["next"] is None:
            return pages
        response = api.get(body["next"])


def test_the_api_pages_past_the_ranked_window_to_every_match(api, matches):
    pages = _api_pages(api, reverse("api:claim-list"), {"q": "percent", "page_size": 3})
    slugs = [claim["slug"] for page in pages for claim in page["results"]]
    assert len(slugs) == len(set(slugs)) == len(matches) == 11
    assert set(slugs) == set(matches)
    orders = [page["order"] for page in pages]
    assert orders == ["relevance", "relevance", "newest", "newest", "newest"]
    ranked = [claim["slug"] for page in pages[:2] for claim in page["results"]]
    assert set(ranked) == set(matches[-WINDOW:])  # the newest four, by relevance
    assert ranked[0] == matches[8]  # the one saying "percent" three times
    past = [claim["slug"] for page in pages[2:] for claim in page["results"]]
    assert past == matches[-WINDOW - 1 :: -1]  # then the rest, newest first


def test_the_api_csv_lists_every_match_in_the_pages_order(api, matches):
    response = api.get(reverse("api:claim-list"), {"q": "percent", "format": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert MARKER not in text
    header, *rows = csv.reader(io.StringIO(text))
    slugs = [row[header.index("claim")] for row in rows]  # one verdict each
    assert set(slugs[:WINDOW]) == set(matches[-WINDOW:])
    assert slugs[WINDOW:] == matches[-WINDOW - 1 :: -1]


def test_verdict_search_says_its_order_and_pages_to_the_end(api, matches):
    pages = _api_pages(api, reverse("api:verdict-list"), {"q": "percent", "page_size": 4})
    assert {page["order"] for page in pages} == {"newest"}
    claims = [verdict["claim"]["slug"] for page in pages for verdict in page["results"]]
    assert claims == matches[::-1]


def _queries(api, url: str, params: dict[str, Any]) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as done:
        response = api.get(url, params)
    assert response.status_code == 200, response.content
    return len(done.captured_queries), response


def test_the_apis_search_pages_cost_the_same_queries_whatever_their_size(api, matches):
    url = reverse("api:claim-list")
    # A first page finds its window in its own statement; the pages after it carry the
    # window in their position, in the window and past it.
    for size in (1, 2, 3, 50):
        count, response = _queries(api, url, {"q": "percent", "page_size": size})
        assert count == 1, size
        while response.json()["next"]:
            count, response = _queries(api, response.json()["next"], {})
            assert count == 1, (size, response["Search-Order"])


def test_google_search_pages_past_the_window_in_constant_queries(api, matches):
    url = reverse("factchecktools-search")
    counts, texts, orders = [], [], []
    params: dict[str, Any] = {"query": "percent", "pageSize": 3, "key": "x"}
    while True:
        count, response = _queries(api, url, params)
        counts.append(count)
        body = response.json()
        assert MARKER not in response.content.decode()
        texts += [claim["text"] for claim in body["claims"]]
        orders.append(body["order"])
        if "nextPageToken" not in body:
            break
        params = {"query": "percent", "pageSize": 3, "pageToken": body["nextPageToken"]}
    assert len(texts) == len(set(texts)) == 11
    assert orders == ["relevance", "relevance", "newest", "newest", "newest"]
    assert set(counts) == {2}  # the claims, then their reviews
    # An offset (Google's parameter) counts into the same order, past the window too.
    body = api.get(url, {"query": "percent", "pageSize": 3, "offset": 5}).json()
    assert [claim["text"] for claim in body["claims"]] == texts[5:8]
    assert body["order"] == "newest"


def _web_pages(client, path: str) -> list[tuple[list[str], str]]:
    pages = []
    while True:
        response = client.get(path)
        assert response.status_code == 200, response.content[:500]
        html = response.content.decode()
        assert MARKER not in html
        results = html.split("<h2>Results</h2>", 1)[1]
        slugs = re.findall(r'<li class="claim-item">\s*<a href="/claims/([^/"]+)/"', results)
        note = re.search(r'<p class="search-order">([^<]*)</p>', html)
        pages.append((slugs, note.group(1) if note else ""))
        following = re.search(r'<a rel="next" href="([^"]+)"', html)
        if following is None:
            return pages
        path = reverse("web:search") + following.group(1).replace("&amp;", "&")


def test_the_search_page_pages_past_the_ranked_window_and_says_so(client, matches, monkeypatch):
    monkeypatch.setattr(web_views, "PAGE", 3)
    pages = _web_pages(client, reverse("web:search") + "?q=percent")
    slugs = [slug for found, _ in pages for slug in found]
    assert len(slugs) == len(set(slugs)) == 11
    assert set(slugs) == set(matches)
    notes = [note for _, note in pages]
    assert notes[0].startswith("Most relevant first")
    assert all(
        note.startswith("Showing the remaining matches, newest first") for note in notes[2:]
    )
    assert [slug for found, _ in pages[2:] for slug in found] == matches[-WINDOW - 1 :: -1]
    # An old link's page number lands at the same place in that order.
    third = client.get(reverse("web:search"), {"q": "percent", "page": 3}).content.decode()
    assert "Showing the remaining matches, newest first" in third


@pytest.mark.parametrize(
    "cursor",
    [
        "forged",
        signing.dumps(["newest", "yesterday", 3], salt=api_views.SEARCH_SALT),
        signing.dumps(["relevance", 1, 2, 3], salt=api_views.SEARCH_SALT),
        signing.dumps({"o": "-published", "v": [1, 2]}, salt="factcheck.api.cursor"),
        queries.position_token(queries.Position(seen=(timezone.now(), 1)), "another.salt"),
    ],
    ids=["garbage", "bad-date", "short", "plain-list-cursor", "other-salt"],
)
def test_forged_positions_are_400s_on_every_surface(api, client, matches, cursor):
    listed = api.get(reverse("api:claim-list"), {"q": "percent", "cursor": cursor})
    assert listed.status_code == 400
    assert "cursor" in listed.json()
    google = api.get(reverse("factchecktools-search"), {"query": "percent", "pageToken": cursor})
    assert google.status_code == 400
    assert "pageToken" in google.json()["error"]["message"]
    page = client.get(reverse("web:search"), {"q": "percent", "cursor": cursor})
    assert page.status_code == 400
    assert "cursor" in page.content.decode()


def test_a_search_position_from_one_surface_is_refused_by_another(api, client, matches):
    first = api.get(reverse("api:claim-list"), {"q": "percent", "page_size": 2}).json()
    cursor = re.search(r"cursor=([^&]+)", first["next"])
    assert cursor is not None
    from urllib.parse import unquote

    token = unquote(cursor.group(1))
    assert client.get(reverse("web:search"), {"q": "percent", "cursor": token}).status_code == 400
    plain = api.get(reverse("api:claim-list"), {"cursor": token})
    assert plain.status_code == 400


def test_a_claim_published_while_paging_moves_nothing_and_nothing_comes_twice(api, matches):
    url = reverse("api:claim-list")
    first = api.get(url, {"q": "percent", "page_size": 3})
    late = factories.make_claim(text="Now eleven percent percent percent, says a late claim.")
    factories.make_verdict(status="published", claim=late)
    slugs = [claim["slug"] for claim in first.json()["results"]]
    following = first.json()["next"]
    while following:
        body = api.get(following).json()
        slugs += [claim["slug"] for claim in body["results"]]
        following = body["next"]
    # The search lists the matches as they stood when it began: each once.
    assert sorted(slugs) == sorted(matches)
    again = _api_pages(api, url, {"q": "percent", "page_size": 3})
    assert late.slug in [claim["slug"] for page in again for claim in page["results"]]


def test_browsers_on_other_sites_may_read_the_search_order(api, matches):
    response = api.get(
        reverse("api:claim-list"), {"q": "percent"}, HTTP_ORIGIN="https://x.example"
    )
    assert response["Search-Order"] == "relevance"
    exposed = response["Access-Control-Expose-Headers"].lower()
    assert "search-order" in exposed
