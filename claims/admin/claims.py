from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from claims import exports, permissions, services
from claims.admin.filters import (
    AssignedFilter,
    LanguageFilter,
    TopicFilter,
    VerdictRatingFilter,
    VerdictStatusFilter,
)
from claims.models import Claim, Verdict
from claims.selectors.newsroom_similar import similar_claims_for_staff
from claims.selectors.similar import query_text
from claims.services.claims import CLAIM_FIELDS
from factcheck.base.admin_helpers import (
    AUDIT_FIELDS,
    ServiceAdmin,
    edited,
    filled,
    report_refusal,
)
from factcheck.base.concurrency import VersionedModelForm
from factcheck.base.http import site_url
from factcheck.base.numbers import int_or_none

CLAIM_FORM_FIELDS = list(CLAIM_FIELDS)


class ClaimForm(VersionedModelForm):
    correction_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("Correction note"),
        help_text=_(
            "Only when this claim has a published verdict and you change its wording, quote or "
            "speaker: filed as a public correction on each published verdict. Shown publicly."
        ),
    )

    class Meta:
        model = Claim
        fields = CLAIM_FORM_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "assigned_to" in self.fields:
            cast(
                forms.ModelChoiceField, self.fields["assigned_to"]
            ).queryset = permissions.fact_checkers()
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "Used in public URLs. Left empty, it is made from the text."
            )


def write_claim(request: HttpRequest, form: ClaimForm, **extra: Any) -> Claim:
    """Create or update the claim a (possibly inline) claim form holds, through the services."""
    fields = [name for name in CLAIM_FORM_FIELDS if name in form.cleaned_data]
    if form.instance.pk is None:
        return services.claim_create(user=request.user, **{**filled(form, fields), **extra})
    return services.claim_update(
        claim=form.instance,
        user=request.user,
        expected_version=cast(int, form.expected_version),
        changes=edited(form, fields),
        correction_note=form.cleaned_data.get("correction_note") or "",
    )


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
class ClaimAdmin(ServiceAdmin):
    form = ClaimForm
    list_display = [
        "__str__",
        "speaker",
        "claimed_on",
        "appeared_in",
        "assigned_to",
        "verdict_summary",
    ]
    # Filters and search built for a million claims: no DISTINCT over claim rows, no
    # date hierarchy, no full count (see docs/performance.md).
    list_filter = [
        VerdictStatusFilter,
        VerdictRatingFilter,
        LanguageFilter,
        TopicFilter,
        "claimed_on",
        AssignedFilter,
        "speaker__kind",
    ]
    list_select_related = ["speaker", "appeared_in", "assigned_to"]
    search_fields = ["text"]  # searched through the stored full-text vector: get_search_results
    autocomplete_fields = ["speaker", "article", "appeared_in", "topics"]
    readonly_fields = ("write_verdict", "created_by", *AUDIT_FIELDS)
    inlines = [VerdictInline]
    actions = ["assign_to_me", "export_csv"]

    class Media:
        # Our matches, then (factcheck.federation, in a request of its own) our peers'.
        js = ["claims/similar.js", "federation/peers.js"]

    def get_fieldsets(self, request: HttpRequest, obj: Claim | None = None) -> Any:
        main = ["text", "quote", "speaker", "context", "claimed_on", "write_verdict"]
        fieldsets: list[Any] = [
            (None, {"fields": main}),
            (
                _("Where it appeared"),
                {"fields": ["article", "appeared_in", "url", "archived_url"]},
            ),
            (_("Filing"), {"fields": ["topics", "language", "slug", "assigned_to", "snapshot"]}),
            (_("Record"), {"fields": ["created_by", *AUDIT_FIELDS], "classes": ["collapse"]}),
        ]
        if self._on_record(obj) and request.user.has_perm(permissions.CORRECT_RECORD):
            fieldsets.insert(1, (_("Public correction"), {"fields": ["correction_note"]}))
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Claim | None = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if self._on_record(obj) and not request.user.has_perm(permissions.CORRECT_RECORD):
            # What our published verdicts show of the claim: an editor's to change.
            fields += ["text", "quote", "speaker", "slug"]
        return fields

    @staticmethod
    def _on_record(obj: Claim | None) -> bool:
        return obj is not None and Verdict.objects.ours().on_record().filter(claim=obj).exists()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Claim]:
        return super().get_queryset(request).prefetch_related("verdicts__rating")

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Claim], search_term: str
    ) -> tuple[QuerySet[Claim], bool]:
        """Words through the GIN-indexed search vector (text, quote, speaker, verdicts'
        headlines), not icontains over every row; a slug finds its claim too."""
        term = search_term.strip()[:500]
        if not term:
            return queryset, False
        words = SearchQuery(term, search_type="websearch", config="english")
        return queryset.filter(Q(search=words) | Q(slug=term)), False

    def get_inlines(self, request: HttpRequest, obj: Claim | None) -> list[Any]:
        return self.inlines if obj is not None else []  # a new claim has no verdicts yet

    def write(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> Claim:
        return write_claim(request, form)

    @admin.display(description=_("Verdict"))
    def write_verdict(self, obj: Claim) -> str:
        if obj.pk is None:
            return gettext("Save the claim first, then write its verdict.")
        if obj.verdicts.filter(publisher__isnull=True).exists():
            return gettext("Our verdict is listed below.")
        url = reverse("admin:claims_verdict_add") + f"?claim={obj.pk}"
        return format_html(
            '<a class="button" href="{}">{}</a>', url, gettext("Write a verdict on this claim")
        )

    @admin.display(description=_("Verdicts"))
    def verdict_summary(self, obj: Claim) -> str:
        verdicts = obj.verdicts.all()
        if not verdicts:
            return gettext("awaiting verdict")
        return "; ".join(
            gettext(v.get_status_display()) + (f": {v.rating.label}" if v.rating else "")
            for v in verdicts
        )

    @admin.action(description=_("Assign selected claims to me"))
    def assign_to_me(self, request: HttpRequest, queryset: QuerySet[Claim]) -> None:
        done = 0
        for claim in queryset:
            try:
                services.claim_assign(claim=claim, assignee=request.user, user=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as exc:
                report_refusal(request, claim, exc)
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)s claim assigned to you.", "%(count)s claims assigned to you.", done
                )
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Export selected claims as CSV, with all their verdicts"))
    def export_csv(self, request: HttpRequest, queryset: QuerySet[Claim]) -> StreamingHttpResponse:
        every = Verdict.objects.select_related("rating", "publisher", "claim").order_by("pk")
        claims = queryset.select_related("speaker", "article").prefetch_related(
            "topics", Prefetch("verdicts", queryset=every, to_attr="all_verdicts")
        )
        lines = exports.rows(
            claims,
            verdicts_of=lambda claim: claim.all_verdicts,
            page_url=lambda v: site_url(v.get_absolute_url()) if v.is_ours else v.external_url,
            publisher_name=settings.FACTCHECK_PUBLISHER_NAME,
        )
        response = StreamingHttpResponse(
            exports.csv_lines(lines), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="claims.csv"'
        return response

    def get_urls(self) -> list[URLPattern]:
        similar = path(
            "similar/", self.admin_site.admin_view(self.similar_view), name="claims_claim_similar"
        )
        return [similar, *super().get_urls()]

    def similar_view(self, request: HttpRequest) -> HttpResponse:
        """Claims on file like the text being typed: 'has this been checked already?'"""
        if not self.has_view_permission(request):
            raise PermissionDenied
        text = request.GET.get("text", "")[:2000]
        found = similar_claims_for_staff(
            text=text,
            # The claim being edited, left out of its own matches; no such claim, none left out.
            exclude_pk=int_or_none(request.GET.get("exclude")),
        )
        context = {"found": found, "asked": bool(query_text(text))}
        return render(request, "admin/claims/claim/similar.html", context)
