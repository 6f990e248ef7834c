"""sitemap.xml: an index of sections (claims, speakers, articles), each paged at 50,000
URLs, with the date each page last changed."""

from __future__ import annotations

from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from claims.models import Claim
from claims.selectors import public_articles, public_speakers


class ClaimSitemap(Sitemap):
    changefreq = "monthly"

    def items(self) -> Any:
        return Claim.objects.public().only("slug", "updated_at").order_by("pk")

    def location(self, item: Any) -> str:
        return reverse("web:claim", args=[item.slug])

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class SpeakerSitemap(Sitemap):
    def items(self) -> Any:
        return public_speakers().only("slug", "updated_at").order_by("pk")

    def location(self, item: Any) -> str:
        return reverse("web:speaker", args=[item.slug])

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class ArticleSitemap(Sitemap):
    def items(self) -> Any:
        return public_articles().only("slug", "updated_at").order_by("pk")

    def location(self, item: Any) -> str:
        return reverse("web:article", args=[item.slug])

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


SITEMAPS = {"claims": ClaimSitemap, "speakers": SpeakerSitemap, "articles": ArticleSitemap}
