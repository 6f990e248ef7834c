"""sitemap.xml: an index of sections (claims, speakers, articles), each paged at 50,000
URLs, with the date each page last changed. Claim pages come from the public index (a
claim page changes only when a revision is published); speaker and article pages through
their public gates, changed by their own details or by a claim published on them."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from claims.selectors import public as queries


class ClaimSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> Any:
        return queries.claim_pages()

    def location(self, item: Any) -> str:
        return reverse("web:claim", args=[item.slug])

    def lastmod(self, item: Any) -> Any:
        return item.last_updated

    def get_latest_lastmod(self) -> Any:
        # Django's default reads every item of the section to find it: one aggregate.
        return self.items().aggregate(latest=Max("last_updated"))["latest"]


class SpeakerSitemap(Sitemap):
    def items(self) -> Any:
        return queries.speaker_pages()

    def location(self, item: Any) -> str:
        return reverse("web:speaker", args=[item.slug])

    def lastmod(self, item: Any) -> Any:
        return item.lastmod

    def get_latest_lastmod(self) -> Any:
        return self.items().aggregate(latest=Max("lastmod"))["latest"]


class ArticleSitemap(Sitemap):
    def items(self) -> Any:
        return queries.article_pages()

    def location(self, item: Any) -> str:
        return reverse("web:article", args=[item.slug])

    def lastmod(self, item: Any) -> Any:
        return item.lastmod

    def get_latest_lastmod(self) -> Any:
        return self.items().aggregate(latest=Max("lastmod"))["latest"]


SITEMAPS = {"claims": ClaimSitemap, "speakers": SpeakerSitemap, "articles": ArticleSitemap}
