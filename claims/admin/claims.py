from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from factcheck.base.concurrency import VersionedModelForm
from claims.models import Claim, Verdict
from claims.selectors import similar_claims
from claims.services import claim_assign
from factcheck.base.admin_helpers import AUDIT_FIELDS, StampCreatorMixin, report_refusal


def fact_checkers() -> QuerySet[Any]:
    """Active users who can write verdicts, and so can be assigned a claim."""
    can_write = Permission.objects.filter(
        codename="change_verdict", content_type__app_label="claims"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(groups__permissions__in=can_write)
            | Q(user_permissions__in=can_write)
        )
        .distinct()
        .order_by("username")
    )


class ClaimForm(VersionedModelForm):
    class Meta:
        model = Claim
        fields = [
            "text",
            "quote",
            "speaker",
            "context",
            "claimed_on",
            "article",
            "appeared_in",
            "url",
            "topics",
            "language",
            "slug",
            "assigned_to",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "assigned_to" in self.fields:
            cast(forms.ModelChoiceField, self.fields["assigned_to"]).queryset = fact_checkers()


class VerdictInline(admin.TabularInline):
    """The claim's verdicts at a glance; each is edited on its own page."""

    model = Verdict
    fields = readonly_fields = (
        "headline",
        "publisher",
        "status",
        "rating",
        "author",
        "published_at",
    )
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Verdict]:
        return super().get_queryset(request).select_related("publisher", "rating", "author")


@admin.register(Claim)
class ClaimAdmin(StampCreatorMixin, admin.ModelAdmin):
    form = ClaimForm
    list_display = [
        "__str__",
        "speaker",
        "claimed_on",
        "appeared_in",
        "assigned_to",
        "verdict_summary",
    ]
    list_filter = [
        "verdicts__status",
        "verdicts__rating",
        "language",
        "topics",
        "appeared_in",
        "claimed_on",
        ("assigned_to", admin.RelatedOnlyFieldListFilter),
        "speaker__kind",
    ]
    list_select_related = ["speaker", "appeared_in", "assigned_to"]
    search_fields = ["text", "quote", "speaker__name", "context"]
    autocomplete_fields = ["speaker", "article", "appeared_in", "topics"]
    prepopulated_fields = {"slug": ["text"]}
    date_hierarchy = "claimed_on"
    readonly_fields = ("write_verdict", "created_by", *AUDIT_FIELDS)
    inlines = [VerdictInline]
    actions = ["assign_to_me"]
    fieldsets = [
        (None, {"fields": ["text", "quote", "speaker", "context", "claimed_on", "write_verdict"]}),
        ("Where it appeared", {"fields": ["article", "appeared_in", "url"]}),
        ("Filing", {"fields": ["topics", "language", "slug", "assigned_to", "expected_version"]}),
        ("Record", {"fields": ["created_by", *AUDIT_FIELDS], "classes": ["collapse"]}),
    ]

    class Media:
        js = ["claims/similar.js"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return super().get_queryset(request).prefetch_related("verdicts__rating")

    def get_inlines(self, request: HttpRequest, obj: Claim | None) -> list[Any]:
        return self.inlines if obj is not None else []  # a new claim has no verdicts yet

    @admin.display(description="Verdict")
    def write_verdict(self, obj: Claim) -> str:
        if obj.pk is None:
            return "Save the claim first, then write its verdict."
        if obj.verdicts.filter(publisher__isnull=True).exists():
            return "Our verdict is listed below."
        url = reverse("admin:claims_verdict_add") + f"?claim={obj.pk}"
        return format_html('<a class="button" href="{}">Write a verdict on this claim</a>', url)

    @admin.display(description="Verdicts")
    def verdict_summary(self, obj: Claim) -> str:
        verdicts = obj.verdicts.all()
        if not verdicts:
            return "awaiting verdict"
        return "; ".join(
            f"{v.get_status_display()}" + (f": {v.rating.label}" if v.rating else "")
            for v in verdicts
        )

    def save_model(self, request: HttpRequest, obj: Claim, form: Any, change: bool) -> None:
        # Assignment goes through the service, which checks who may be assigned.
        assignee = obj.assigned_to
        if "assigned_to" in form.changed_data:
            obj.assigned_to_id = form.initial.get("assigned_to")
        super().save_model(request, obj, form, change)
        if "assigned_to" in form.changed_data:
            claim_assign(claim=obj, assignee=assignee, user=request.user)

    @admin.action(description="Assign selected claims to me")
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        done = 0
        for claim in queryset:
            try:
                claim_assign(claim=claim, assignee=request.user, user=request.user)  # type: ignore[arg-type]
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                report_refusal(request, claim, exc)
        if done:
            self.message_user(request, f"{done} claim(s) assigned to you.", messages.SUCCESS)

    def get_urls(self) -> list[URLPattern]:
        similar = path(
            "similar/", self.admin_site.admin_view(self.similar_view), name="claims_claim_similar"
        )
        return [similar, *super().get_urls()]

    def similar_view(self, request: HttpRequest) -> HttpResponse:
        """Claims that look like the text being typed: 'has this been checked already?'"""
        if not self.has_view_permission(request):
            raise PermissionDenied
        exclude = request.GET.get("exclude", "")
        rows = similar_claims(
            text=request.GET.get("text", "")[:2000],
            exclude_pk=int(exclude) if exclude.isdigit() else None,
        )
        labels = dict(Verdict.Status.choices)
        for row in rows:
            row.verdict_status_label = labels.get(row.verdict_status, "")  # type: ignore[attr-defined]
        return render(request, "admin/claims/claim/similar.html", {"claims": rows})
