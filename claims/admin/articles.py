"""Articles with the claims found in them: the rows of this page are claims, so it lives
with the claims admin and keeps ``sources`` a leaf."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse

from claims.admin.claims import ClaimForm, write_claim
from claims.models import Claim
from factcheck.base.admin_helpers import AUDIT_FIELDS, SafeInputs, ServiceAdmin, edited, filled
from factcheck.base.concurrency import VersionedModelForm
from sources import services as source_services
from sources.models import Article

ARTICLE_FORM_FIELDS = [
    "title",
    "slug",
    "outlet",
    "url",
    "byline",
    "published_on",
    "language",
    "text",
]


class ArticleForm(VersionedModelForm):
    class Meta:
        model = Article
        fields = ARTICLE_FORM_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False


class ClaimInline(SafeInputs, admin.StackedInline):
    """The claims found in an article, entered while reading it."""

    model = Claim
    form = ClaimForm  # merges or refuses a save over a claim someone else saved meanwhile
    fk_name = "article"
    extra = 1
    can_delete = False  # a claim is deleted from its own page, by an editor
    fields = [
        ("text", "quote"),
        ("speaker", "appeared_in"),
        ("context", "claimed_on"),
        ("slug", "language"),
        "topics",
        "snapshot",
    ]
    autocomplete_fields = ["speaker", "appeared_in", "topics"]
    show_change_link = True
    # Several claims per article: keep each one compact.
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
    }


@admin.register(Article)
class ArticleAdmin(ServiceAdmin):
    form = ArticleForm
    list_display = ["title", "outlet", "published_on", "language", "claim_count"]
    list_filter = ["outlet", "language", "published_on"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "byline"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["outlet"]
    readonly_fields = ("created_by", *AUDIT_FIELDS)
    inlines = [ClaimInline]

    class Media:
        js = ["claims/similar.js"]  # "already checked?" while claims are entered

    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "outlet",
                    "url",
                    "byline",
                    "published_on",
                    "language",
                    "snapshot",
                ]
            },
        ),
        ("Text", {"fields": ["text"]}),
        ("Record", {"fields": ["created_by", *AUDIT_FIELDS], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        # A count drops Meta.ordering (GROUP BY), so the order is restated.
        return (
            super()
            .get_queryset(request)
            .annotate(claim_count=Count("claims"))
            .order_by("-published_on", "-created_at", "pk")
        )

    @admin.display(description="Claims", ordering="claim_count")
    def claim_count(self, obj: Article) -> int:
        return obj.claim_count  # type: ignore[attr-defined]

    def write(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> Article:
        if change:
            article = source_services.article_update(
                article=form.instance,
                user=request.user,
                expected_version=form.expected_version,
                changes=edited(form, ARTICLE_FORM_FIELDS),
            )
        else:
            article = source_services.article_create(
                user=request.user, **filled(form, ARTICLE_FORM_FIELDS)
            )
        for formset in formsets:
            for row in formset.forms:
                if not row.has_changed() or not getattr(row, "cleaned_data", None):
                    continue
                try:
                    write_claim(request, row, article=article)
                except (ValidationError, PermissionDenied) as exc:
                    text = (
                        "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                    )
                    raise ValidationError(f"Claim “{row.instance}”: {text}") from exc
        return article

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> HttpResponse:
        # A conflict in a claim row far down the page is named at the top of it too.
        for inline in context.get("inline_admin_formsets", []):
            for row in inline.formset.forms:
                codes = {e.code for e in row.errors.as_data().get("__all__", [])}
                conflict = any(
                    e.code == "conflict" for errs in row.errors.as_data().values() for e in errs
                )
                if "stale" in codes or conflict:
                    messages.error(
                        request,
                        f"Claim “{row.instance}” was changed by someone else while you edited "
                        "it: see its row below, where their value is shown beside yours.",
                    )
        return super().render_change_form(request, context, *args, **kwargs)
