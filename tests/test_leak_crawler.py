"""The leak crawler: an anonymous visitor follows every link, feed entry, sitemap entry and
URL in every API answer, starting from the home page, the sitemap, the feeds and every
operation of the OpenAPI schema. With unpublished work planted in every state, no marker
may appear anywhere, every public URL pattern must be reached, and every public URL
pattern filled with a planted slug or id must be a 404 that says nothing."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
import yaml
from django.conf import settings
from django.test import Client
from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from claims.models import Claim, Speaker, Verdict
from sources.models import Article, Outlet, Source
from tests.conftest import MARKER

pytestmark = [pytest.mark.django_db, pytest.mark.heavy, pytest.mark.usefixtures("unthrottled")]

HREF = re.compile(r'(?:href|src)="(/[^"#]*)"')
# Absolute links are at the site's address (FACTCHECK_SITE_URL), not the client's host.
SITE = re.escape(settings.FACTCHECK_SITE_URL.rstrip("/"))
ABSOLUTE = re.compile(rf"(?:https?://testserver|{SITE})(/[^\s\"'<>\\]*)")
NOT_PUBLIC = ("/admin/", "/api/v1/staff/", "/api/v1/token/", "/static/", "/api/docs/")
# Names of URL patterns that only staff use, or that take a POST, or that only a link
# mailed to one person opens (an alert's confirmation and unsubscribe links: a signed token
# no crawl can find; tests/test_alerts*.py try them, and bad tokens are a 400).
STAFF_ONLY = re.compile(
    r"^(admin:|api:staff|api:token|claims-admin|api-docs|admin_password_reset|password_reset"
    r"|alerts:confirm|alerts:unsubscribe)"
)


def _body(response: Any) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode(errors="replace")


# A search parameter and a harmless search for it ("Has this been checked?" wants a claim
# of ten characters or more).
SEARCHES = {"q": "Trump", "query": "Trump", "text": "Trump and Qatar talks"}


def _schema_starts(client: Client) -> list[str]:
    """Every GET operation of the public API, without path parameters, with a search
    and the CSV format where the operation offers them."""
    schema = yaml.safe_load(_body(client.get("/api/schema/")))
    starts = []
    for path, operations in schema["paths"].items():
        if "get" not in operations or path.startswith(NOT_PUBLIC) or "{" in path:
            continue
        names = {p["name"] for p in operations["get"].get("parameters", [])}
        starts.append(path)
        for search, words in SEARCHES.items():
            if search in names:
                starts += [f"{path}?{search}={words}", f"{path}?{search}={MARKER}"]
        if "format" in names:
            starts.append(f"{path}?format=csv")
    return starts


def crawl(
    client: Client,
    starts: list[str],
    limit: int = 2500,
    types: dict[str, str] | None = None,
) -> dict[str, tuple[int, str]]:
    """Every address reachable from ``starts`` (up to ``limit``), with its status and
    body; ``types``, when given, gets each one's Content-Type."""
    seen: dict[str, tuple[int, str]] = {}
    queue = list(starts)
    while queue and len(seen) < limit:
        url = urldefrag(queue.pop(0))[0].replace("&amp;", "&")
        if url in seen or url.startswith(NOT_PUBLIC):
            continue
        response = client.get(url)
        body = _body(response)
        seen[url] = (response.status_code, body)
        if types is not None:
            types[url] = response.get("Content-Type", "")
        if response.status_code == 200:
            found = HREF.findall(body) + ABSOLUTE.findall(body) + _api_details(url, body)
            queue += [link for link in found if link not in seen]
    return seen


def _api_details(url: str, body: str) -> list[str]:
    """An API list names its items by slug; their detail addresses follow the list's."""
    path = urlsplit(url).path
    if not re.fullmatch(r"/api/v1/[a-z]+/", path) or not body.startswith("{"):
        return []
    results = json.loads(body).get("results", [])
    slugs = [item["slug"] for item in results if isinstance(item, dict) and "slug" in item]
    details = [f"{path}{slug}/" for slug in slugs]
    if path == "/api/v1/verdicts/":
        details += [f"{path}{slug}.jsonld" for slug in slugs]
    return details


def _public_patterns() -> dict[str, str]:
    """Every named URL pattern outside the newsroom (admin, staff API, sign-in), by name,
    with its whole route (``api/v1/claims/<slug:slug>/``)."""
    found: dict[str, str] = {}

    def walk(patterns: list[Any], namespace: str, route: str) -> None:
        for pattern in patterns:
            here = route + str(pattern.pattern).lstrip("^").rstrip("$")
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, here)
            elif pattern.name and not here.startswith("admin/"):
                found[namespace + pattern.name] = here

    walk(get_resolver().url_patterns, "", "")
    return {name: route for name, route in found.items() if not STAFF_ONLY.match(name)}


def _public_pattern_names() -> set[str]:
    return set(_public_patterns())


PARAMETER = re.compile(r"<(?:\w+:)?\w+>|\(\?P<\w+>[^)]*\)")


def test_an_anonymous_crawl_of_every_public_surface_finds_no_marker(planted):
    client = Client()
    starts = [
        "/",
        "/robots.txt",
        "/favicon.ico",
        "/sitemap.xml",
        "/feeds/verdicts.rss",
        "/feeds/verdicts.atom",
        "/healthz",
        "/api/schema/",
        f"/search/?q={MARKER}",
        "/search/?q=Qatar",
        f"/checked/?text={MARKER} claim draft about Trump and Qatar",
        "/checked/?text=Qatar mediates between Israel and Hamas",
        "/v1alpha1/claims:search?query=Trump",
        f"/v1alpha1/claims:search?query={MARKER}",
        "/v1alpha1/claims:search?reviewPublisherSiteFilter=zqx.example.com",
        *_schema_starts(client),
        # The pages in the other languages (every page also links to them).
        *[f"/{code}/" for code in ("ar", "es", "fr")],
        f"/ar/search/?q={MARKER}",
        "/fr/feeds/verdicts.atom",
        "/es/feeds/verdicts.rss",
    ]
    pages = crawl(client, starts)
    assert len(pages) > 60
    errors = {url: status for url, (status, _) in pages.items() if status >= 500}
    assert errors == {}
    # A search for the marker shows it back in the search box: the reader's own words.
    echoes = (
        f'value="{MARKER}"',
        f"q={MARKER}",
        f"query={MARKER}",
        f"text={MARKER}",  # the links to the same page in the other languages
        f">{MARKER}</textarea>",
        f">{MARKER} claim draft about Trump and Qatar</textarea>",
    )
    leaks = []
    for url, (_, body) in pages.items():
        for echo in echoes:
            body = body.replace(echo, "")
        if MARKER in body:
            leaks.append(url)
    assert leaks == []
    # Every public URL pattern was reached by following links from the starts.
    reached = set()
    for url, (status, _) in pages.items():
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        if status in (200, 301):
            reached.add(match.view_name)
    assert sorted(_public_pattern_names() - reached) == []


def test_every_public_pattern_filled_with_planted_slugs_or_ids_is_an_empty_404(planted):
    """Drafts, verdicts in review, approved but unpublished proposals, a verdict taken
    down, an archive reference and the claims only they cover: none is served."""
    hidden_claims = Claim.objects.exclude(pk__in=Claim.objects.public())
    hidden_verdicts = Verdict.objects.exclude(pk__in=Verdict.objects.public())
    values = {
        *hidden_claims.values_list("slug", flat=True),
        *hidden_verdicts.values_list("slug", flat=True),
        planted["speaker"].slug,
        planted["outlet"].slug,
        planted["article"].slug,
        planted["topic"].slug,
    }
    ids = {
        *hidden_claims.values_list("pk", flat=True),
        *hidden_verdicts.values_list("pk", flat=True),
        *Speaker.objects.filter(pk=planted["speaker"].pk).values_list("pk", flat=True),
        *Article.objects.filter(pk=planted["article"].pk).values_list("pk", flat=True),
        *Outlet.objects.filter(pk=planted["outlet"].pk).values_list("pk", flat=True),
        *Source.objects.filter(title__contains=MARKER).values_list("pk", flat=True),
    }
    values |= {str(pk) for pk in ids}
    client = Client()
    tried = 0
    for route in _public_patterns().values():
        if len(PARAMETER.findall(route)) != 1:
            continue
        for value in values:
            url = "/" + PARAMETER.sub(value, route).replace("\\", "")
            response = client.get(url)
            tried += 1
            # A verdict taken down answers 410 with its notice, and nothing else.
            assert response.status_code in (301, 400, 401, 403, 404, 410), (
                url,
                response.status_code,
            )
            assert MARKER not in _body(response), url
    assert tried > 100
