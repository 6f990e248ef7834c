"""Security and caching headers: no inline script runs anywhere; nothing a signed-in
person sees is stored in a shared cache."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def _script_src(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(part for part in policy.split(";") if part.strip().startswith("script-src"))


@pytest.mark.parametrize("url", ["/", "/search/", "/api/docs/", "/api/v1/claims/"])
def test_pages_and_api_docs_forbid_inline_scripts(url, client, seed):
    response = client.get(url)
    assert response.status_code == 200
    assert "'unsafe-inline'" not in _script_src(response)
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_the_api_docs_load_only_local_scripts(client, db):
    html = client.get("/api/docs/").content.decode()
    assert "<script>" not in html.replace(" ", "")
    assert "/static/drf_spectacular_sidecar/" in html


def test_anonymous_pages_may_be_cached_briefly_and_vary_on_the_cookie(client, seed, settings):
    settings.PUBLIC_CACHE_SECONDS = 300
    response = client.get(reverse("web:claim", args=["trump-former-us-president"]))
    # As long as the app's own cache keeps them (PUBLIC_CACHE_SECONDS), no longer.
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Cookie" in response["Vary"]


def test_with_the_public_cache_off_no_shared_cache_may_keep_a_page(client, seed, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    for url in (
        reverse("web:claim", args=["trump-former-us-president"]),
        reverse("web:home"),
        reverse("api:claim-list"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-cache", url
        assert "X-Public-Cache" not in response
        # Browsers ask again each time, and get a 304 while nothing changed.
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304, url


def test_a_page_with_a_form_token_is_not_shared(client, db):
    response = client.get(reverse("web:suggest"))
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_what_staff_see_is_never_stored_in_a_shared_cache(login, editor, seed):
    response = login(editor).get(reverse("web:home"))
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    draft = factories.make_verdict()
    preview = login(editor).get(reverse("web:claim", args=[draft.claim.slug]))
    assert "no-store" in preview["Cache-Control"]


def test_a_staff_token_answer_is_private_too(api, editor, db):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=editor)
    claim = factories.make_claim()
    response = api.get(
        reverse("api:staff-claim", args=[claim.pk]), HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
