from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from claims.admin.claims import ClaimForm
from claims.models import Claim
from factcheck.base.admin_helpers import AUDIT_FIELDS, StampCreatorMixin
from sources.models import Article, Outlet, Source


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "domain", "kind", "country", "article_count"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "domain"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = AUDIT_FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[Outlet]:
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, obj: Outlet) -> int:
        return obj.article_count  # type: ignore[attr-defined]


class ClaimInline(admin.StackedInline):
    """The claims found in an article, entered while reading it."""

    model = Claim
    form = ClaimForm  # refuses to overwrite a claim someone else saved meanwhile
    fk_name = "article"
    extra = 1
    fields = [
        ("text", "quote"),
        ("speaker", "appeared_in"),
        ("context", "claimed_on"),
        ("slug", "language"),
        "topics",
        "expected_version",
    ]
    autocomplete_fields = ["speaker", "appeared_in", "topics"]
    prepopulated_fields = {"slug": ["text"]}
    show_change_link = True
    # Several claims per article: keep each one compact.
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
    }


@admin.register(Article)
class ArticleAdmin(StampCreatorMixin, admin.ModelAdmin):
    list_display = ["title", "outlet", "published_on", "language", "claim_count"]
    list_filter = ["outlet", "language", "published_on"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "byline"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["outlet"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ("created_by", *AUDIT_FIELDS)
    inlines = [ClaimInline]

    class Media:
        js = ["claims/similar.js"]  # "already checked?" while claims are entered

    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "outlet", "url", "byline", "published_on", "language"]},
        ),
        ("Text", {"fields": ["text"]}),
        ("Record", {"fields": ["created_by", *AUDIT_FIELDS], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description="Claims", ordering="claim_count")
    def claim_count(self, obj: Article) -> int:
        return obj.claim_count  # type: ignore[attr-defined]


@admin.register(Source)
class SourceAdmin(StampCreatorMixin, admin.ModelAdmin):
    list_display = ["title", "publisher", "kind", "published_on", "url"]
    list_filter = ["kind", "published_on"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "published_on"
    readonly_fields = ("created_by", *AUDIT_FIELDS)
    fields = [
        "title",
        "kind",
        "publisher",
        "published_on",
        "url",
        "archived_url",
        *readonly_fields,
    ]
