"""RSS, Atom, sitemap and robots.txt: valid XML, public items only."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse

from claims.models import Claim, Verdict
from tests import factories

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content)


def test_rss_and_atom_list_the_latest_public_verdicts(client, seed):
    factories.make_verdict(headline="DRAFT-IN-FEED")
    rss = _xml(client, reverse("web:feed-rss"))
    titles = [item.findtext("title") for item in rss.iter("item")]
    assert len(titles) == Verdict.objects.public().count() == 8
    assert all("DRAFT" not in title for title in titles)
    assert titles[0].startswith(("True:", "False:", "Unproven:", "Not checkable:"))
    atom = _xml(client, reverse("web:feed-atom"))
    assert len(atom.findall(f"{ATOM}entry")) == 8


def test_speaker_and_topic_feeds(client, seed):
    rss = _xml(client, reverse("web:feed-speaker", args=["donald-trump"]))
    assert [
        i.findtext("link").endswith("/claims/trump-hamas-must-surrender-immediately/")
        for i in rss.iter("item")
    ] == [True]
    assert _xml(client, reverse("web:feed-topic", args=["diplomacy"])).find("channel") is not None
    assert client.get(reverse("web:feed-speaker", args=["nobody"])).status_code == 404


def test_the_sitemap_indexes_public_claims_speakers_and_articles(client, seed):
    draft = factories.make_verdict()
    index = _xml(client, reverse("sitemap-index"))
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert len(sections) == 3
    claims = _xml(client, reverse("sitemap-section", args=["claims"]))
    urls = [url.findtext(f"{SITEMAP}loc") for url in claims.iter(f"{SITEMAP}url")]
    assert len(urls) == Claim.objects.public().count() == 8
    assert all(url.findtext(f"{SITEMAP}lastmod") for url in claims.iter(f"{SITEMAP}url"))
    assert not any(draft.claim.slug in url for url in urls)


def test_robots_txt_points_to_the_sitemap_and_away_from_the_admin(client, db):
    text = client.get(reverse("web:robots")).content.decode()
    assert "Disallow: /admin/" in text
    assert f"Sitemap: {settings.FACTCHECK_SITE_URL}sitemap.xml" in text


def test_sitemap_pages_are_ranges_of_ids_listed_once_each(client, seed, monkeypatch):
    """Pages of 3 ids: the index lists only the ranges that hold a public page, every
    public claim is on exactly one page, and a page costs the same queries wherever it
    falls."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from factcheck.web import sitemaps

    monkeypatch.setattr(sitemaps, "SIZE", 3)
    drafts = [factories.make_verdict(headline=f"DRAFT-{n}") for n in range(4)]
    index = _xml(client, reverse("sitemap-index"))
    pages = [loc.text for loc in index.iter(f"{SITEMAP}loc") if "claims" in loc.text]
    assert len(pages) > 1
    listed, counts = [], set()
    for page in pages:
        with CaptureQueriesContext(connection) as run:
            body = _xml(client, page.removeprefix(settings.FACTCHECK_SITE_URL.rstrip("/")))
        counts.add(len(run.captured_queries))
        listed += [url.findtext(f"{SITEMAP}loc") for url in body.iter(f"{SITEMAP}url")]
    public = [c.slug for c in Claim.objects.public()]
    assert sorted(url.rsplit("/", 2)[-2] for url in listed) == sorted(public)
    assert len(counts) == 1
    assert not any(d.claim.slug in url for d in drafts for url in listed)
    # A range with no public page, and a page number that is not ASCII digits.
    empty = max(c.pk for c in Claim.objects.all()) // 3 + 5
    assert client.get(reverse("sitemap-section", args=["claims"]), {"p": empty}).status_code == 404
    assert client.get(reverse("sitemap-section", args=["claims"]), {"p": "٣"}).status_code == 400
    assert client.get(reverse("sitemap-section", args=["nothing"])).status_code == 404


def test_sitemap_answers_if_modified_since_with_304(client, seed):
    response = client.get(reverse("sitemap-index"))
    assert response.headers["Last-Modified"]
    again = client.get(
        reverse("sitemap-index"), HTTP_IF_MODIFIED_SINCE=response.headers["Last-Modified"]
    )
    assert again.status_code == 304
