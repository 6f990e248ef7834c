"""Every public read takes the parameters it documents and refuses any other by name: a
misspelt filter is a 400 saying so, never a list that silently ignored it."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from tests import factories
from tests.api.openapi import published_schema

pytestmark = pytest.mark.django_db

LISTS = {
    "api:claim-list": {"q", "ordering", "speaker", "rating", "language", "published_after"},
    "api:verdict-list": {"q", "ordering", "speaker", "rating", "language", "publisher"},
    "api:speaker-list": set(),
    "api:outlet-list": set(),
    "api:article-list": set(),
    "api:topic-list": set(),
}
PAGED = {"cursor", "page_size", "format"}


def _refused(response, *names):
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == set(names)
    for name in names:
        assert body[name][0].startswith("Unknown parameter"), body[name]
    return body


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_refuses_each_unknown_parameter_by_name(api, seed, name):
    body = _refused(
        api.get(reverse(name), {"speakr": "jane", "colour": "red"}), "speakr", "colour"
    )
    accepted = body["speakr"][0]
    for parameter in PAGED | LISTS[name]:
        assert parameter in accepted, (name, parameter)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_takes_its_pages_and_format(api, seed, name):
    response = api.get(reverse(name), {"page_size": "1", "format": "json"})
    assert response.status_code == 200, response.content
    cursor = response.json()["next"]
    if cursor:
        assert api.get(cursor).status_code == 200


def test_the_lists_of_claims_and_verdicts_take_their_filters_search_and_ordering(api, seed):
    for name in ("api:claim-list", "api:verdict-list"):
        response = api.get(
            reverse(name),
            {
                "q": "Hamas",
                "ordering": "-published",
                "rating": "not-checkable",
                "language": "en",
                "published_after": "2000-01-01",
                "claimed_before": "2100-01-01",
                "publisher": "ours",
            },
        )
        assert response.status_code == 200, (name, response.content)


def test_ratings_take_no_paging_they_would_ignore(api, seed):
    assert api.get(reverse("api:rating-list"), {"format": "json"}).status_code == 200
    _refused(api.get(reverse("api:rating-list"), {"page_size": "5"}), "page_size")


def test_a_csv_request_with_an_unknown_parameter_is_refused_in_json(api, seed):
    response = api.get(reverse("api:claim-list"), {"format": "csv", "speakr": "x"})
    _refused(response, "speakr")


def test_detail_endpoints_take_format_and_nothing_else(api, seed):
    claim = api.get(reverse("api:claim-list")).json()["results"][0]
    verdict = claim["verdicts"][0]
    speaker = api.get(reverse("api:speaker-list")).json()["results"][0]["slug"]
    outlet = api.get(reverse("api:outlet-list")).json()["results"][0]["slug"]
    topic = api.get(reverse("api:topic-list")).json()["results"][0]["slug"]
    article = api.get(reverse("api:article-list")).json()["results"][0]["slug"]
    urls = [
        reverse("api:claim-detail", args=[claim["slug"]]),
        reverse("api:verdict-detail", args=[verdict["slug"]]),
        reverse("api:speaker-detail", args=[speaker]),
        reverse("api:outlet-detail", args=[outlet]),
        reverse("api:topic-detail", args=[topic]),
        reverse("api:article-detail", args=[article]),
        reverse("api:claimreview-feed"),
    ]
    for url in urls:
        assert api.get(url, {"format": "json"}).status_code == 200, url
        _refused(api.get(url, {"page_size": "2"}), "page_size")
        _refused(api.get(url, {"utm_source": "x", "q": "y"}), "utm_source", "q")
    jsonld = reverse("api:verdict-claimreview", args=[verdict["slug"]])
    _refused(api.get(jsonld, {"pretty": "1"}), "pretty")


def test_a_detail_that_does_not_exist_is_still_a_404(api, seed):
    # The parameters are checked before the record is looked for, so an unknown one is
    # a 400 whatever the slug; a clean request for a missing slug stays a 404.
    assert api.get(reverse("api:claim-detail", args=["nothing-here"])).status_code == 404
    _refused(api.get(reverse("api:claim-detail", args=["nothing-here"]), {"x": "1"}), "x")


def test_a_parameter_without_a_value_or_a_name_is_named_too(api, seed):
    response = api.get(reverse("api:claim-list") + "?speaker")
    assert response.status_code == 200  # a known filter, empty: no filter
    _refused(api.get(reverse("api:claim-list") + "?speakr"), "speakr")
    _refused(api.get(reverse("api:claim-list") + "?=jane"), "")


def test_a_bad_format_is_named_before_unknown_parameters(api, seed):
    response = api.get(reverse("api:verdict-list"), {"format": "xml", "x": "1"})
    assert response.status_code == 400
    assert "format" in response.json()


def test_verdicts_are_searched_through_their_claim(api, db):
    wanted = factories.make_verdict(
        status="published",
        claim=factories.make_claim(text="The harbour bridge was painted purple in 1990."),
    )
    factories.make_verdict(
        status="published", claim=factories.make_claim(text="Bridges rust faster near the sea.")
    )
    factories.make_verdict(
        status="draft", claim=factories.make_claim(text="A purple harbour, drafted only.")
    )
    found = api.get(reverse("api:verdict-list"), {"q": "purple harbour"}).json()["results"]
    assert [row["slug"] for row in found] == [wanted.slug]
    combined = api.get(reverse("api:verdict-list"), {"q": "purple", "rating": "false"}).json()
    assert [row["slug"] for row in combined["results"]] == [wanted.slug]
    nothing = api.get(reverse("api:verdict-list"), {"q": "purple", "rating": "true"}).json()
    assert nothing["results"] == []


def test_every_parameter_the_schema_documents_is_taken(api, seed):
    """The schema and the refusals agree: no documented parameter is called unknown."""
    schema = published_schema()
    tried = 0
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get or "/staff/" in path or "/token/" in path:
            continue
        url = path
        for name in ("slug",):
            url = url.replace("{" + name + "}", "no-such-slug")
        for parameter in get.get("parameters", []):
            if parameter.get("in") != "query":
                continue
            value = (parameter.get("schema", {}).get("enum") or ["1"])[0]
            base = {"query": "Trump"} if path.startswith("/v1alpha1/") else {}
            response = api.get(f"{url}?{urlencode({**base, parameter['name']: value})}")
            tried += 1
            if response.status_code == 400:
                text = response.content.decode()
                assert "Unknown parameter" not in text, (path, parameter)
                assert "Unknown name" not in text, (path, parameter)
    assert tried > 40
