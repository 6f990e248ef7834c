"""HTTP as programs expect it: the documented schema, offline docs, conditional GETs,
CORS for reads, and throttling keyed on the client seen through trusted proxies."""

from __future__ import annotations

import pytest
import yaml
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_describes_every_endpoint(api, seed):
    response = api.get(reverse("schema"))
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for path in (
        "/api/v1/claims/",
        "/api/v1/claims/{slug}/",
        "/api/v1/verdicts/",
        "/api/v1/verdicts/{slug}/",
        "/api/v1/speakers/{slug}/",
        "/api/v1/claimreview-feed.json",
        "/v1alpha1/claims:search",
    ):
        assert path in paths, path
    claims = schema["paths"]["/api/v1/claims/"]["get"]
    names = {p["name"] for p in claims["parameters"]}
    assert {
        "q",
        "speaker",
        "rating",
        "published_after",
        "cursor",
        "page_size",
        "ordering",
    } <= names


def test_the_docs_page_works_without_the_internet(client):
    page = client.get(reverse("api-docs")).content.decode()
    assert "swagger-ui" in page
    assert "cdn" not in page.lower()
    assert "/static/drf_spectacular_sidecar/" in page


def test_a_matching_conditional_get_is_a_304(api, seed):
    url = reverse("api:claim-detail", args=["trump-hamas-must-surrender-immediately"])
    first = api.get(url)
    assert first["ETag"].startswith('"')  # strong
    assert first["Last-Modified"]
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    listing = api.get(reverse("api:claim-list"))
    assert (
        api.get(reverse("api:claim-list"), HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304
    )


def test_reads_are_open_to_other_sites(api, seed):
    response = api.get(reverse("api:claim-list"), HTTP_ORIGIN="https://newsroom.example.net")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_throttling_counts_each_client_behind_the_proxy_apart(api, seed, settings, monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": None})
    url = reverse("api:claim-list")
    one = {"HTTP_X_FORWARDED_FOR": "203.0.113.1", "REMOTE_ADDR": "10.0.0.1"}
    two = {"HTTP_X_FORWARDED_FOR": "203.0.113.2", "REMOTE_ADDR": "10.0.0.1"}
    assert [api.get(url, **one).status_code for _ in range(3)] == [200, 200, 429]
    assert api.get(url, **two).status_code == 200  # same proxy, another reader
