"""Where things come from: outlets, the articles they publish, and the evidence verdicts cite."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models.functions import MD5, Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from factcheck.base.db import (
    LANGUAGE_TAG_REGEX,
    URL_MAX_LENGTH,
    Timestamped,
    choices_constraint,
    http_url_constraint,
    not_in_future,
    version_bump_trigger,
)
from sources.choices import OutletKind, SourceKind


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at", "version"],
)
class Outlet(Timestamped):
    Kind = OutletKind

    name = models.CharField(max_length=200, help_text="The publisher's name as readers know it.")
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in public URLs.")
    domain = models.CharField(
        max_length=253,
        unique=True,
        help_text="The web domain without scheme or www, e.g. “foxnews.com”. Used to match URLs to outlets.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWSPAPER)
    country = models.CharField(
        max_length=2,
        blank=True,
        help_text="ISO 3166-1 alpha-2 code of the home country, e.g. “AE”.",
    )
    url = models.URLField("URL", blank=True, help_text="Home page.")
    description = models.TextField(
        blank=True, help_text="One or two sentences for readers: who runs it."
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            http_url_constraint("url", "outlet_url_http"),
            choices_constraint("kind", OutletKind, "outlet_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(domain__regex=r"^[a-z0-9.-]+\.[a-z]{2,}$"),
                name="outlet_domain_bare",
                violation_error_message=_(
                    "Enter the bare domain, e.g. “foxnews.com”: no scheme, path or capitals."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(country="") | models.Q(country__regex=r"^[A-Z]{2}$"),
                name="outlet_country_iso",
                violation_error_message=_(
                    "Use a two-letter ISO country code in capitals, e.g. “AE”."
                ),
            ),
        ]
        indexes = [models.Index(Lower("name"), name="outlet_name_lower_idx")]
        triggers = [version_bump_trigger("outlet_version_bump")]

    def __str__(self) -> str:
        return self.name


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at", "version"],
)
class Article(Timestamped):
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        help_text="Who published it. Leave empty when the publisher is unknown.",
    )
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in public URLs.")
    url = models.URLField(
        "URL",
        max_length=URL_MAX_LENGTH,
        blank=True,
        help_text="Where it was published, if online.",
    )
    byline = models.CharField(max_length=300, blank=True, help_text="Author names as printed.")
    published_on = models.DateField(
        null=True, blank=True, validators=[not_in_future], help_text="Publication date, if known."
    )
    language = models.CharField(
        max_length=35, default="en", help_text="Language tag, e.g. “en”, “ar”."
    )
    text = models.TextField(blank=True, help_text="The full text, as published.")
    full_text_public = models.BooleanField(
        "show the full text publicly",
        default=False,
        help_text=(
            "Tick only for our own articles or ones licensed to republish. Otherwise the public "
            "page shows just the paragraphs we checked, with a link to the original."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-published_on", "-created_at"]
        constraints = [
            http_url_constraint("url", "article_url_http"),
            models.UniqueConstraint(
                MD5("url"),
                condition=~models.Q(url=""),
                name="article_url_unique",
                violation_error_message=_("An article with this URL is already on file."),
            ),
            models.CheckConstraint(
                condition=models.Q(language__regex=LANGUAGE_TAG_REGEX),
                name="article_language_tag",
                violation_error_message=_("Use a language tag such as “en”, “ar” or “pt-BR”."),
            ),
        ]
        indexes = [
            models.Index(fields=["outlet", "-published_on"], name="article_outlet_date_idx"),
            models.Index(fields=["-published_on", "-created_at"], name="article_date_idx"),
            # The sitemap's date of the articles section (claims.selectors.public).
            models.Index(fields=["-updated_at"], name="article_updated_idx"),
        ]
        triggers = [version_bump_trigger("article_version_bump")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:article", args=[self.slug])


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    exclude=["updated_at", "version"],
)
class Source(Timestamped):
    Kind = SourceKind

    title = models.CharField(max_length=500, help_text="The document's own title.")
    url = models.URLField(
        "URL", max_length=URL_MAX_LENGTH, blank=True, help_text="Where to read it."
    )
    publisher = models.CharField(
        max_length=300, blank=True, help_text="Who issued or published it."
    )
    published_on = models.DateField(
        null=True, blank=True, validators=[not_in_future], help_text="Its date, if it has one."
    )
    archived_url = models.URLField(
        "archived copy URL",
        max_length=URL_MAX_LENGTH,
        blank=True,
        help_text="A permanent copy (e.g. the Wayback Machine), in case the page changes.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS_REPORT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["title"]
        constraints = [
            http_url_constraint("url", "source_url_http"),
            http_url_constraint("archived_url", "source_archived_url_http"),
            choices_constraint("kind", SourceKind, "source_kind_valid"),
            models.UniqueConstraint(
                MD5("url"),
                condition=~models.Q(url=""),
                name="source_url_unique",
                violation_error_message=_(
                    "A source with this URL is already on file: pick it instead of adding it again."
                ),
            ),
        ]
        indexes = [models.Index(Lower("title"), name="source_title_lower_idx")]
        triggers = [version_bump_trigger("source_version_bump")]

    def __str__(self) -> str:
        return f"{self.title} ({self.publisher})" if self.publisher else self.title
