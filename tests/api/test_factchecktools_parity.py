"""claims:search behaves as Google documents its Fact Check Tools API: languages compared
by their primary subtag, age as the newer of the claim's and the review's dates, sites
without "www.", no made-up titles, Google's system parameters taken and any other
parameter refused in Google's error format."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from sources import services as source_services
from tests import factories

pytestmark = pytest.mark.django_db
SEARCH = "factchecktools-search"
SYSTEM = {
    "key": "anything",
    "alt": "json",
    "fields": "claims(text),nextPageToken",
    "prettyPrint": "false",
    "quotaUser": "reader-7",
    "callback": "cb",
    "$.xgafv": "2",
    "access_token": "t",
    "oauth_token": "t",
    "upload_protocol": "raw",
    "uploadType": "media",
}


def _search(api, **params):
    response = api.get(reverse(SEARCH), params)
    assert response.status_code == 200, response.content
    return response.json()["claims"]


def _texts(api, **params):
    return sorted(claim["text"] for claim in _search(api, **params))


def _google_400(response, *names):
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == 400
    assert error["status"] == "INVALID_ARGUMENT"
    [bad_request] = error["details"]
    assert bad_request["@type"] == "type.googleapis.com/google.rpc.BadRequest"
    assert [v["field"] for v in bad_request["fieldViolations"]] == sorted(names)
    for name in names:
        assert name in error["message"]
    return error


def _claim(text, **fields):
    claim = factories.make_claim(text=text, **fields.pop("claim", {}))
    return factories.make_verdict(status="published", claim=claim, **fields)


@pytest.fixture
def languages(db):
    for tag in ("en", "en-GB", "fr", "pt-BR", "eng"):
        _claim(f"Lighthouse keepers counted {tag} gulls.", claim={"language": tag})


def test_language_codes_compare_primary_subtags_both_ways(api, languages):
    english = ["Lighthouse keepers counted en gulls.", "Lighthouse keepers counted en-GB gulls."]
    assert _texts(api, query="lighthouse", languageCode="en-US") == english
    assert _texts(api, query="lighthouse", languageCode="en") == english
    assert _texts(api, query="lighthouse", languageCode="EN-us") == english
    assert _texts(api, query="lighthouse", languageCode="pt") == [
        "Lighthouse keepers counted pt-BR gulls."
    ]
    assert _texts(api, query="lighthouse", languageCode="de") == []


@pytest.mark.parametrize("tag", ["e", "en_US", "123", "en-", "-en", "x" * 40, "en US", "ü"])
def test_an_invalid_language_code_is_a_400_naming_it(api, languages, tag):
    _google_400(
        api.get(reverse(SEARCH), {"query": "lighthouse", "languageCode": tag}), "languageCode"
    )


def test_the_api_language_filter_compares_primary_subtags_too(api, languages):
    for name in ("api:claim-list", "api:verdict-list"):
        found = api.get(reverse(name), {"language": "en-US"}).json()["results"]
        assert len(found) == 2, name
        assert len(api.get(reverse(name), {"language": "EN"}).json()["results"]) == 2
        assert len(api.get(reverse(name), {"language": "pt"}).json()["results"]) == 1
        refused = api.get(reverse(name), {"language": "en_US"})
        assert refused.status_code == 400
        assert "language" in refused.json()


def test_max_age_counts_the_newer_of_the_claim_date_and_the_review_date(api, db):
    now = timezone.now()
    today = timezone.localdate()
    _claim(
        "Old review of a claim made again this week about tides.",
        published_at=now - timedelta(days=60),
        claim={"claimed_on": today - timedelta(days=2)},
    )
    _claim(
        "New review of an old claim about tides.",
        published_at=now - timedelta(days=1),
        claim={"claimed_on": today - timedelta(days=400)},
    )
    _claim(
        "Old review of an old claim about tides.",
        published_at=now - timedelta(days=60),
        claim={"claimed_on": today - timedelta(days=400)},
    )
    _claim("Old review of an undated claim about tides.", published_at=now - timedelta(days=60))
    assert _texts(api, query="tides", maxAgeDays="7") == [
        "New review of an old claim about tides.",
        "Old review of a claim made again this week about tides.",
    ]
    assert len(_search(api, query="tides", maxAgeDays="59")) == 2
    assert len(_search(api, query="tides", maxAgeDays="61")) == 4  # every review is newer
    assert len(_search(api, query="tides")) == 4


def test_publisher_site_is_the_bare_domain_and_the_filter_takes_www(api, db):
    other = factories.make_outlet(
        name="Harbour Checks", domain="www.harbourchecks.example", kind="fact_checker"
    )
    _claim(
        "The harbour was dredged twice last year.",
        publisher=other,
        external_url="https://www.harbourchecks.example/r/1",
    )
    sites = (
        "harbourchecks.example",
        "www.harbourchecks.example",
        "HarbourChecks.example",
        "https://www.harbourchecks.example/reviews/",
    )
    for site in sites:
        [claim] = _search(api, reviewPublisherSiteFilter=site)
        assert claim["claimReview"][0]["publisher"] == {
            "name": "Harbour Checks",
            "site": "harbourchecks.example",
        }


def test_the_site_filter_reads_the_domain_as_published_not_the_outlet_today(api, editor):
    """Editing an outlet changes no search result: the site is the one the review was
    published under."""
    other = factories.make_outlet(name="Tide Checks", domain="tidechecks.example")
    _claim(
        "The tide tables were wrong all summer.",
        publisher=other,
        external_url="https://tidechecks.example/r/1",
    )
    source_services.outlet_update(
        outlet=other,
        user=editor,
        expected_version=factories.version(other),
        changes={"domain": "elsewhere.example"},
    )
    [claim] = _search(api, reviewPublisherSiteFilter="tidechecks.example")
    assert claim["claimReview"][0]["publisher"]["site"] == "tidechecks.example"
    assert _search(api, reviewPublisherSiteFilter="elsewhere.example") == []


@pytest.mark.parametrize("site", ["http://[::1", "%", "a" * 3000, "://", "www."])
def test_a_site_that_names_nothing_finds_nothing(api, seed, site):
    assert _search(api, query="Hamas", reviewPublisherSiteFilter=site) == []


@override_settings(
    FACTCHECK_PUBLISHER_NAME="Our Checks", FACTCHECK_PUBLISHER_URL="https://www.ourchecks.example/"
)
def test_our_site_is_named_without_www_and_found_either_way(api, db):
    _claim("The pier is longer than the promenade.")
    for site in ("ourchecks.example", "www.ourchecks.example"):
        [claim] = _search(api, reviewPublisherSiteFilter=site)
        assert claim["claimReview"][0]["publisher"] == {
            "name": "Our Checks",
            "site": "ourchecks.example",
        }


def test_a_review_has_a_title_only_when_its_headline_is_known(api, db):
    other = factories.make_outlet(name="Quay Facts", domain="quayfacts.example")
    rating = factories.rating("false")
    _claim(
        "The quay flooded on a dry day.",
        publisher=other,
        external_url="https://quayfacts.example/1",
        headline=f"Quay Facts: {rating.label}",  # the importer's stand-in for no headline
        rating=rating,
    )
    _claim(
        "The quay was built by a giant.",
        publisher=other,
        external_url="https://quayfacts.example/2",
        headline="No giant built the quay",
    )
    _claim("The quay is older than the town.", headline="The quay is younger than the town")
    reviews = {
        claim["text"]: claim["claimReview"][0] for claim in _search(api, query="quay", pageSize=10)
    }
    assert "title" not in reviews["The quay flooded on a dry day."]
    assert reviews["The quay was built by a giant."]["title"] == "No giant built the quay"
    assert reviews["The quay is older than the town."]["title"] == (
        "The quay is younger than the town"
    )


def test_googles_system_parameters_are_taken(api, seed):
    assert _search(api, query="Hamas", **SYSTEM)


def test_any_other_parameter_is_refused_in_googles_format(api, seed):
    error = _google_400(
        api.get(reverse(SEARCH), {"query": "Hamas", "q": "Hamas", "page_size": "2"}),
        "page_size",
        "q",
    )
    assert 'Unknown name "q"' in error["message"]
    _google_400(api.get(reverse(SEARCH), {"query": "Hamas", "format": "json"}), "format")
    _google_400(api.get(reverse(SEARCH), {"query": "Hamas", "alt": "proto"}), "alt")


def test_the_discovery_document_names_our_site(api, db):
    url = reverse("factchecktools-discovery")
    assert url == "/$discovery/rest"
    response = api.get(url, {"version": "v1alpha1", "key": "x"})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document["rootUrl"] == settings.FACTCHECK_SITE_URL
    assert document["baseUrl"] == settings.FACTCHECK_SITE_URL
    assert document["id"] == "factchecktools:v1alpha1"
    search = document["resources"]["claims"]["methods"]["search"]
    assert search["path"] == "v1alpha1/claims:search"
    assert set(search["parameters"]) == {
        "query",
        "languageCode",
        "reviewPublisherSiteFilter",
        "maxAgeDays",
        "pageSize",
        "pageToken",
        "offset",
    }
    assert set(document["parameters"]) == set(SYSTEM)
    assert "auth" not in document  # our reads need no credentials
    assert api.get(url).json() == document  # v1alpha1 is the default
    _google_400(api.get(url, {"version": "v1"}), "version")
    _google_400(api.get(url, {"api": "factchecktools"}), "api")
