"""Google's own Python client, pointed at us, searches our claims as it would Google's."""

from __future__ import annotations

import pytest
from django.urls import reverse
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def google(live_server):
    service = build(
        "factchecktools",
        "v1alpha1",
        developerKey="x",
        static_discovery=True,
        client_options={"api_endpoint": live_server.url + "/"},
    )
    yield service
    # Kept-alive connections keep the server's request threads, and their database
    # connections, open; close them so the test database can be dropped.
    service._http.close()


def test_googles_client_lists_the_seed_claims_and_follows_next_page_tokens(google, api, seed):
    request = google.claims().search(query="Hamas", pageSize=2, languageCode="en")
    texts, pages = [], 0
    while request is not None:
        response = request.execute()
        pages += 1
        texts += [claim["text"] for claim in response.get("claims", [])]
        request = google.claims().search_next(request, response)
    assert pages >= 2
    ours = api.get(reverse("api:claim-list"), {"q": "Hamas", "page_size": 100}).json()
    expected = {claim["text"] for claim in ours["results"]}
    assert len(expected) >= 3
    assert set(texts) == expected
    assert len(texts) == len(set(texts))  # no claim twice across pages


def test_googles_client_pages_past_the_ranked_window_to_the_last_match(google, db, settings):
    settings.FACTCHECK_SEARCH_RANK_WINDOW = 3
    for n in range(8):
        claim = factories.make_claim(text=f"Prices rose {n} percent in May.")
        factories.make_verdict(status="published", claim=claim)
    factories.make_verdict(
        status="draft",
        headline="percent DRAFT-MARKER-4471",
        claim=factories.make_claim(text="Nine percent DRAFT-MARKER-4471."),
    )
    request = google.claims().search(query="percent", pageSize=2)
    texts, orders = [], []
    while request is not None:
        response = request.execute()
        texts += [claim["text"] for claim in response.get("claims", [])]
        orders.append(response["order"])
        request = google.claims().search_next(request, response)
    assert len(texts) == len(set(texts)) == 8
    assert not any("DRAFT-MARKER-4471" in text for text in texts)
    assert orders == ["relevance", "relevance", "newest", "newest", "newest"]
    # Past the window, newest first: the claims made last come first.
    assert texts[3:] == [f"Prices rose {n} percent in May." for n in (4, 3, 2, 1, 0)]


def test_each_claim_has_the_fields_googles_api_returns(google, seed):
    response = google.claims().search(query="surrender").execute()
    [claim] = response["claims"]
    assert claim["text"] == "Hamas must surrender immediately."
    assert claim["claimant"] == "Donald Trump"
    [review] = claim["claimReview"]
    assert review["publisher"]["name"]
    assert review["textualRating"] == "Not checkable"
    assert review["title"].startswith("Demo: Not checkable")
    assert review["url"].endswith("/claims/trump-hamas-must-surrender-immediately/")
    assert review["reviewDate"] == "2025-06-02T09:00:00Z"
    assert review["languageCode"] == "en"


def test_other_publishers_reviews_are_searched_and_filtered_by_site(google, db):
    other = factories.make_outlet(
        name="Other Checks", domain="otherchecks.example", kind="fact_checker"
    )
    factories.make_verdict(
        status="published",
        publisher=other,
        external_url="https://otherchecks.example/reviews/1",
        claim=factories.make_claim(text="The moon is made of cheese, says a senator."),
    )
    factories.make_verdict(
        status="published", claim=factories.make_claim(text="The moon landing was staged.")
    )
    found = (
        google.claims()
        .search(query="moon", reviewPublisherSiteFilter="otherchecks.example")
        .execute()
    )
    [claim] = found["claims"]
    assert claim["claimReview"][0]["publisher"] == {
        "name": "Other Checks",
        "site": "otherchecks.example",
    }
    assert claim["claimReview"][0]["url"] == "https://otherchecks.example/reviews/1"
    assert len(google.claims().search(query="moon").execute()["claims"]) == 2


def test_bad_parameters_are_errors_in_googles_shape(google, api, seed):
    with pytest.raises(HttpError) as error:
        google.claims().search(query="Hamas", pageSize=1000).execute()
    assert error.value.resp.status == 400
    body = api.get(reverse("factchecktools-search"), {"query": "x", "pageToken": "forged"}).json()
    assert body["error"]["code"] == 400
    assert body["error"]["status"] == "INVALID_ARGUMENT"
    assert "pageToken" in body["error"]["message"]
    assert api.get(reverse("factchecktools-search")).status_code == 400
