"""RSS, Atom, sitemap and robots.txt: valid XML, public items only."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
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
    assert "Sitemap: http://testserver/sitemap.xml" in text
