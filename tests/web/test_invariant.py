"""Nothing unpublished reaches a reader: a crawl of every page reachable from the home
page, the sitemap and every feed finds no planted marker, and every public address
retried with a planted slug is the same 404 as an address that never existed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import reverse

from tests.conftest import MARKER

pytestmark = pytest.mark.django_db
LINK = re.compile(r'href="(/[^"#]*)"')


def _crawl(client, starts: list[str], limit: int = 400) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = list(starts)
    while queue and len(seen) < limit:
        url = urldefrag(queue.pop(0))[0].replace("&amp;", "&")
        if url in seen or url.startswith(("/admin/", "/static/", "/api/docs")):
            continue
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode(errors="replace")
        seen[url] = text
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            queue += [link for link in LINK.findall(text) if link not in seen]
    return seen


def _sitemap_urls(client) -> list[str]:
    urls = []
    index = ET.fromstring(client.get(reverse("sitemap-index")).content)
    for section in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        address = urlsplit(str(section.text))
        page = ET.fromstring(client.get(f"{address.path}?{address.query}").content)
        urls += [
            urlsplit(str(loc.text)).path
            for loc in page.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
        ]
    return urls


def test_no_marker_on_any_page_feed_or_sitemap_a_reader_can_reach(client, planted):
    starts = [
        reverse("web:home"),
        reverse("web:feed-rss"),
        reverse("web:feed-atom"),
        reverse("sitemap-index"),
        reverse("web:search") + "?q=Trump",
        reverse("web:search") + f"?q={MARKER}",
        reverse("web:search") + "?q=Qatar",
        *_sitemap_urls(client),
    ]
    pages = _crawl(client, starts)
    assert len(pages) > 30

    # A search for the marker shows it back in the search box, and in the links to the
    # same search in the other languages; that is the reader's own text.
    def unechoed(text: str) -> str:
        return text.replace(f'value="{MARKER}"', "").replace(f"q={MARKER}", "")

    leaks = [url for url, text in pages.items() if MARKER in unechoed(text)]
    assert leaks == []
    assert "Nothing found" in pages[reverse("web:search") + f"?q={MARKER}"]


def test_every_public_address_with_a_planted_slug_is_a_404(client, planted):
    attempts = [
        reverse("web:speaker", args=["zqx-speaker"]),
        reverse("web:article", args=["zqx-article"]),
        reverse("web:outlet", args=["zqx-outlet"]),
        reverse("web:topic", args=["zqx-topic"]),
        reverse("web:feed-speaker", args=["zqx-speaker"]),
        reverse("web:feed-topic", args=["zqx-topic"]),
    ]
    for claim_slug, _ in planted["slugs"].values():
        attempts.append(reverse("web:claim", args=[claim_slug]))
    for url in attempts:
        response = client.get(url)
        assert response.status_code == 404, url
        assert MARKER not in response.content.decode()


def test_counts_on_pages_are_the_published_only_figures(client, planted):
    home = client.get(reverse("web:home")).content.decode()
    assert home.count('<li>\n    <a href="/claims/') == 8
    article = client.get(
        reverse("web:article", args=["hamas-diplomatic-overture-gaza"])
    ).content.decode()
    assert "the 8 passages we checked" in article
