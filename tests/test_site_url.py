"""One site address: every absolute link the site writes is at FACTCHECK_SITE_URL, never
at the host a request named (here the test client's "testserver"), and a deployment whose
ALLOWED_HOSTS refuses that address is warned by ``check --deploy``."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse, set_script_prefix
from django.utils import timezone
from rest_framework.test import APIClient

from claims import services
from claims.models import PublishedClaim
from factcheck.base.http import site_url
from factcheck.checks import index_built_for_the_site_url, site_host_is_allowed
from tests import factories

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://news.example.org/"
PUBLISHER = "https://publisher.example.com/"  # who we are: not where the site is
APPEARED = "https://video.example.com/clip"
# Absolute URLs that are not links into the site: vocabularies and XML namespaces, our
# publisher's home page, and where the claim and the evidence are.
FOREIGN = (
    "https://schema.org",
    "http://www.w3.org/2005/Atom",
    "http://www.sitemaps.org/schemas/sitemap/0.9",
    PUBLISHER,
    APPEARED,
    "https://records.example.com/",
)
ABSOLUTE = re.compile(r"""https?://[^\s"'<>\\]+""")
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def site(settings: Any) -> str:
    settings.FACTCHECK_SITE_URL = SITE
    settings.FACTCHECK_PUBLISHER_URL = PUBLISHER
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    return SITE


@pytest.fixture
def published(site: str, db: None) -> list[Any]:
    """Two claims with our published verdicts, published while the site is at SITE (the
    public index keeps each verdict's page address as it was written)."""
    return [
        factories.make_verdict(
            status="published",
            published_at=timezone.now() - timedelta(days=days),
            claim=factories.make_claim(
                text=f"The tide came in {days} times a day.", slug=f"tide-{days}", url=APPEARED
            ),
        )
        for days in (3, 2)
    ]


def _text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode()


def _only_ours(body: str, site: str = SITE) -> list[str]:
    """Every absolute URL in ``body``: each is the site's or one of FOREIGN, and none
    names the host the request was sent to."""
    urls = ABSOLUTE.findall(body)
    assert "testserver" not in body
    strays = [url for url in urls if not url.startswith((site, *FOREIGN))]
    assert strays == []
    return urls


def _found(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    assert match is not None, pattern
    return match[1]


def _page(slug: str, site: str = SITE) -> str:
    return f"{site}claims/{slug}/"


def test_a_claim_page_names_itself_at_the_site_url(client: Client, published: list[Any]) -> None:
    slug = published[0].claim.slug
    html = _text(client.get(reverse("web:claim", args=[slug])))
    _only_ours(html)
    assert _found(r'<link rel="canonical" href="([^"]+)"', html) == _page(slug)
    assert _found(r'<meta property="og:url" content="([^"]+)"', html) == _page(slug)
    [block] = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert json.loads(block)["url"] == _page(slug)


def test_the_api_lists_urls_and_next_pages_at_the_site_url(published: list[Any]) -> None:
    api = APIClient()
    first = _text(api.get(reverse("api:claim-list"), {"page_size": 1}))
    _only_ours(first)
    listing = json.loads(first)
    [claim] = listing["results"]
    assert claim["url"] == f"{SITE}api/v1/claims/{claim['slug']}/"
    assert claim["verdicts"][0]["page_url"] == _page(claim["slug"])
    assert listing["next"].startswith(f"{SITE}api/v1/claims/?")
    assert "page_size=1" in listing["next"]
    second = _text(api.get(listing["next"]))  # the client takes the path and query
    _only_ours(second)
    assert [c["slug"] for c in json.loads(second)["results"]] != [claim["slug"]]
    detail = json.loads(_text(api.get(reverse("api:claim-detail", args=[claim["slug"]]))))
    assert detail["url"] == claim["url"]
    verdicts = _text(api.get(reverse("api:verdict-list"), {"page_size": 1}))
    _only_ours(verdicts)
    assert json.loads(verdicts)["next"].startswith(f"{SITE}api/v1/verdicts/?")


def test_a_new_site_url_is_taken_without_clearing_anything(
    published: list[Any], settings: Any
) -> None:
    """The claims list's rows are built once per site URL (an lru_cache keyed on it): a
    changed setting is a new entry, never a stale one."""
    api = APIClient()
    before = api.get(reverse("api:claim-list")).json()
    settings.FACTCHECK_SITE_URL = "https://moved.example.net/"
    after = api.get(reverse("api:claim-list"), {"page_size": 1}).json()
    assert before["results"][0]["url"].startswith(SITE)
    assert after["results"][0]["url"].startswith("https://moved.example.net/api/v1/claims/")
    assert after["next"].startswith("https://moved.example.net/api/v1/claims/?")


def test_the_documented_refresh_rewrites_stored_page_addresses(
    published: list[Any], settings: Any
) -> None:
    """The public index stores each of our verdicts' page address as it was published;
    after FACTCHECK_SITE_URL changes, a check warns until ``rebuild_public_index`` rewrites
    them (docs/operations.md)."""
    settings.FACTCHECK_SITE_URL = "https://moved.example.net/"
    api = APIClient()
    stale = api.get(reverse("api:claim-list")).json()["results"][0]
    assert stale["verdicts"][0]["page_url"] == _page(stale["slug"])
    assert [m.id for m in index_built_for_the_site_url(databases=["default"])] == [
        "factcheck.W002"
    ]
    out = io.StringIO()
    call_command("rebuild_public_index", "--no-progress", stdout=out)
    assert f"holds {PublishedClaim.objects.count()} claims" in out.getvalue()
    assert index_built_for_the_site_url(databases=["default"]) == []
    fresh = api.get(reverse("api:claim-list")).json()["results"][0]
    assert fresh["verdicts"][0]["page_url"] == _page(stale["slug"], "https://moved.example.net/")


def test_claimreview_json_ld_and_the_data_feed_name_the_page_at_the_site_url(
    published: list[Any],
) -> None:
    api = APIClient()
    verdict = published[0]
    body = _text(api.get(reverse("api:verdict-claimreview", args=[verdict.slug])))
    _only_ours(body)
    assert json.loads(body)["url"] == _page(verdict.claim.slug)
    feed = _text(api.get(reverse("api:claimreview-feed")))
    _only_ours(feed)
    assert _page(verdict.claim.slug) in feed


def test_the_feeds_ids_and_links_are_at_the_site_url(client: Client, published: list[Any]) -> None:
    rss_body = _text(client.get(reverse("web:feed-rss")))
    _only_ours(rss_body)
    channel = ET.fromstring(rss_body).find("channel")
    assert channel.findtext("link") == SITE
    assert channel.find(f"{ATOM}link").get("href") == f"{SITE}feeds/verdicts.rss"
    items = channel.findall("item")
    assert len(items) == 2
    for item in items:
        assert item.findtext("link").startswith(f"{SITE}claims/tide-")
        assert item.findtext("guid").startswith(f"{SITE}claims/tide-")
    atom_body = _text(client.get(reverse("web:feed-atom")))
    _only_ours(atom_body)
    atom = ET.fromstring(atom_body)
    assert atom.findtext(f"{ATOM}id") == f"{SITE}feeds/verdicts.atom"
    links = {link.get("rel"): link.get("href") for link in atom.findall(f"{ATOM}link")}
    assert links == {"alternate": SITE, "self": f"{SITE}feeds/verdicts.atom"}
    entries = atom.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:
        assert entry.findtext(f"{ATOM}id").startswith(f"{SITE}claims/tide-")
        assert entry.find(f"{ATOM}link").get("href").startswith(f"{SITE}claims/tide-")
    speaker = published[0].claim.speaker.slug
    _only_ours(_text(client.get(reverse("web:feed-speaker", args=[speaker]))))


def test_the_sitemap_and_robots_txt_are_at_the_site_url(
    client: Client, published: list[Any]
) -> None:
    robots = _text(client.get(reverse("web:robots")))
    assert f"Sitemap: {SITE}sitemap.xml" in robots.splitlines()
    _only_ours(robots)
    index_body = _text(client.get(reverse("sitemap-index")))
    _only_ours(index_body)
    sections = [str(loc.text) for loc in ET.fromstring(index_body).iter(f"{SITEMAP}loc")]
    assert sections
    assert all(loc.startswith(f"{SITE}sitemap-") for loc in sections)
    [claims] = [loc for loc in sections if "sitemap-claims.xml" in loc]
    page_body = _text(client.get(claims))
    _only_ours(page_body)
    pages = [str(loc.text) for loc in ET.fromstring(page_body).iter(f"{SITEMAP}loc")]
    assert sorted(pages) == sorted(_page(v.claim.slug) for v in published)


def test_fact_check_tools_reviews_and_discovery_are_at_the_site_url(
    published: list[Any],
) -> None:
    api = APIClient()
    body = _text(api.get(reverse("factchecktools-search"), {"query": "tide"}))
    _only_ours(body)
    reviews = [c["claimReview"][0]["url"] for c in json.loads(body)["claims"]]
    assert sorted(reviews) == sorted(_page(v.claim.slug) for v in published)
    discovery = api.get(reverse("factchecktools-discovery"), {"version": "v1alpha1"}).json()
    assert discovery["rootUrl"] == SITE
    assert discovery["documentationLink"] == f"{SITE}api/docs/"


def test_a_merged_speakers_api_redirect_is_at_the_site_url(editor: Any, site: str) -> None:
    keep = factories.make_speaker(slug="keep")
    gone = factories.make_speaker(slug="gone")
    factories.make_verdict(status="published", claim=factories.make_claim(speaker=keep))
    factories.make_verdict(status="published", claim=factories.make_claim(speaker=gone))
    services.speaker_merge(duplicate=gone, into=keep, user=editor)
    response = APIClient().get(reverse("api:speaker-detail", args=["gone"]))
    assert response.status_code == 301
    assert response["Location"] == f"{SITE}api/v1/speakers/keep/"


# A site served under a path prefix.


@pytest.fixture
def mounted() -> Iterator[None]:
    """What the WSGI handler does for a request under SCRIPT_NAME (the test client does
    not): ``reverse()`` then writes paths under it."""
    set_script_prefix("/factcheck/")
    try:
        yield
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize(
    ("prefix", "path", "expected"),
    [
        ("/", "/claims/a/", "https://example.org/factcheck/claims/a/"),
        ("/", "claims/a/", "https://example.org/factcheck/claims/a/"),
        ("/", "", "https://example.org/factcheck/"),
        ("/", "/", "https://example.org/factcheck/"),
        ("/factcheck/", "/factcheck/claims/a/", "https://example.org/factcheck/claims/a/"),
        ("/factcheck/", "claims/a/", "https://example.org/factcheck/claims/a/"),
        ("/factcheck/", "/api/v1/claims/?q=x", "https://example.org/factcheck/api/v1/claims/?q=x"),
    ],
)
def test_site_url_joins_under_the_sites_path_once(
    settings: Any, prefix: str, path: str, expected: str
) -> None:
    settings.FACTCHECK_SITE_URL = "https://example.org/factcheck/"
    set_script_prefix(prefix)
    try:
        assert site_url(path) == expected
    finally:
        set_script_prefix("/")


@pytest.mark.parametrize("script_name", ["", "/factcheck"])
def test_a_site_under_a_path_links_under_it_whether_or_not_the_server_is_told(
    settings: Any, db: None, script_name: str, request: pytest.FixtureRequest
) -> None:
    """Behind a proxy that strips /factcheck/ (SCRIPT_NAME empty) or one that says so
    (SCRIPT_NAME=/factcheck): the same links, with the prefix once."""
    here = "https://news.example.org/factcheck/"
    settings.FACTCHECK_SITE_URL = here
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    verdicts = [factories.make_verdict(status="published") for _ in range(2)]
    if script_name:
        request.getfixturevalue("mounted")
    slug = verdicts[0].claim.slug
    html = _text(Client().get(f"/claims/{slug}/", SCRIPT_NAME=script_name))
    assert _found(r'<link rel="canonical" href="([^"]+)"', html) == _page(slug, here)
    listing = APIClient().get("/api/v1/claims/", {"page_size": 1}, SCRIPT_NAME=script_name)
    assert listing.json()["results"][0]["url"].startswith(f"{here}api/v1/claims/")
    assert listing.json()["next"].startswith(f"{here}api/v1/claims/?")
    robots = _text(Client().get("/robots.txt", SCRIPT_NAME=script_name))
    assert f"Sitemap: {here}sitemap.xml" in robots


# The sitemap's dates.


def test_a_claims_lastmod_is_the_day_of_its_latest_public_revision(
    client: Client, editor: Any, site: str
) -> None:
    ten_days_ago = timezone.now() - timedelta(days=10)
    verdict = factories.make_verdict(status="published", published_at=ten_days_ago)

    def lastmod() -> str:
        body = _text(client.get(reverse("sitemap-section", args=["claims"])))
        [url] = ET.fromstring(body).iter(f"{SITEMAP}url")
        assert url.findtext(f"{SITEMAP}loc") == _page(verdict.claim.slug)
        return str(url.findtext(f"{SITEMAP}lastmod"))

    assert lastmod() == timezone.localdate(ten_days_ago).isoformat()
    # The newsroom's working copy changes no public page: the date stays.
    services.claim_update(
        claim=verdict.claim,
        user=editor,
        expected_version=factories.version(verdict.claim),
        changes={"context": "Reworded in the newsroom, not yet proposed."},
    )
    assert lastmod() == timezone.localdate(ten_days_ago).isoformat()
    services.verdict_retract(verdict=verdict, user=editor, note="The figures were forged.")
    assert lastmod() == timezone.localdate().isoformat()


# The setting and its deployment check.


def _environment(**env: str) -> dict[str, str]:
    ours = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    clean = {
        k: v for k, v in os.environ.items() if k not in ours and not k.startswith("FACTCHECK_")
    }
    return {**clean, "DJANGO_SETTINGS_MODULE": "factcheck.settings", **env}


def _site_setting(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.FACTCHECK_SITE_URL)",
        ],
        cwd=ROOT,
        env=_environment(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_site_url_defaults_to_the_publishers_and_ends_in_a_slash() -> None:
    result = _site_setting(FACTCHECK_PUBLISHER_URL="https://factcheck.example.org/news")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://factcheck.example.org/news/"
    given = _site_setting(
        FACTCHECK_PUBLISHER_URL="https://example.org/", FACTCHECK_SITE_URL="https://fc.example.org"
    )
    assert given.stdout.strip() == "https://fc.example.org/"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"FACTCHECK_SITE_URL": "not a url"}, "FACTCHECK_SITE_URL"),
        ({"FACTCHECK_SITE_URL": "ftp://files.example.org/"}, "FACTCHECK_SITE_URL"),
        ({"FACTCHECK_SITE_URL": "https://news.example.org/?utm=1"}, "FACTCHECK_SITE_URL"),
        ({"FACTCHECK_SITE_URL": "https://news.example.org/#top"}, "FACTCHECK_SITE_URL"),
        ({"FACTCHECK_SITE_URL": "https://me:secret@news.example.org/"}, "FACTCHECK_SITE_URL"),
        (
            {"FACTCHECK_PUBLISHER_URL": "https://news.example.org/#top"},
            "FACTCHECK_SITE_URL (unset, so FACTCHECK_PUBLISHER_URL)",
        ),
    ],
)
def test_a_bad_site_url_stops_start_up_naming_the_variable(
    env: dict[str, str], named: str
) -> None:
    result = _site_setting(**env)
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert "ImproperlyConfigured" in last_line
    assert named in last_line


@pytest.mark.parametrize(
    ("allowed", "site", "warned"),
    [
        (["factcheck.example.org"], "https://factcheck.example.org/", False),
        (["factcheck.example.org"], "https://factcheck.example.org:8443/checks/", False),
        ([".example.org"], "https://news.example.org/", False),
        (["*"], "https://news.example.org/", False),
        (["factcheck.example.org"], "https://news.example.org/", True),
        (["example.org"], "https://www.example.org/", True),
    ],
)
def test_deploy_check_warns_when_allowed_hosts_refuse_the_site(
    settings: Any, allowed: list[str], site: str, warned: bool
) -> None:
    settings.ALLOWED_HOSTS = allowed
    settings.FACTCHECK_SITE_URL = site
    found = site_host_is_allowed()
    assert [m.id for m in found] == (["factcheck.W001"] if warned else [])
    if warned:
        assert "ALLOWED_HOSTS" in found[0].msg
        assert site in found[0].msg


def test_manage_py_check_deploy_fails_on_the_warning() -> None:
    production = {
        "DEBUG": "0",
        "SECRET_KEY": "k3Yw-9vQ_r8mZt2LpXc7Hb4NfJs6Ud1GaEo5Ri0TyWq8Vn3Mk-pQ2xL9sD4hF",
        "ALLOWED_HOSTS": "factcheck.example.org",
        "FACTCHECK_PUBLISHER_NAME": "Example Fact Check",
        "FACTCHECK_PUBLISHER_URL": "https://factcheck.example.org/",
        "DATABASE_URL": "postgres://u:p@db.example.org:5432/factcheck",
    }

    def check(**env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT,
            env=_environment(**{**production, **env}),
            capture_output=True,
            text=True,
            timeout=120,
        )

    refused = check(FACTCHECK_SITE_URL="https://news.example.org/")
    assert refused.returncode != 0
    assert "factcheck.W001" in refused.stderr
    allowed = check(
        FACTCHECK_SITE_URL="https://news.example.org/",
        ALLOWED_HOSTS="factcheck.example.org,news.example.org",
    )
    assert allowed.returncode == 0, allowed.stderr
