from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse

from claims import services
from factcheck.base.concurrency import VersionedModelForm
from claims.models import Correction, Rating, Verdict, VerdictReview, VerdictSource
from factcheck.base.admin_helpers import AUDIT_FIELDS, StampCreatorMixin, report_refusal

CORRECTED_FIELDS = {"rating", "summary"}


class RatingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.label if obj.scale.is_default else f"{obj.label} ({obj.scale})"


class VerdictForm(VersionedModelForm):
    correction_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Required when you change the rating or summary of a published verdict. Shown publicly.",
    )
    correction_kind = forms.ChoiceField(
        choices=Correction.Kind.choices, initial=Correction.Kind.CORRECTION, required=False
    )

    class Meta:
        model = Verdict
        fields = [
            "claim",
            "publisher",
            "external_url",
            "slug",
            "headline",
            "rating",
            "summary",
            "body",
            "speaker_contacted_at",
            "speaker_response",
        ]
        field_classes = {"rating": RatingChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "rating" in self.fields:
            self.fields["rating"].queryset = Rating.objects.select_related("scale")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        corrected = CORRECTED_FIELDS & set(self.changed_data)
        published = self.instance.status == Verdict.Status.PUBLISHED
        if published and corrected and not str(cleaned.get("correction_note") or "").strip():
            self.add_error(
                "correction_note",
                f"This verdict is published: changing its {' and '.join(sorted(corrected))} "
                "needs a public correction note.",
            )
        return cleaned


class VerdictSourceFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data.get("source") and not form.cleaned_data.get("DELETE")
        ]
        if self.instance.is_public and not kept:
            raise forms.ValidationError("A published verdict must keep at least one source.")


class VerdictSourceInline(admin.TabularInline):
    model = VerdictSource
    formset = VerdictSourceFormSet
    extra = 1
    fields = ["position", "source", "note"]
    autocomplete_fields = ["source"]


class ReviewInline(admin.TabularInline):
    """Internal review record: who decided what, when. Never shown publicly."""

    model = VerdictReview
    fields = readonly_fields = ("created_at", "round", "reviewer", "decision", "comment")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[VerdictReview]:
        return super().get_queryset(request).select_related("reviewer")


class CorrectionInline(admin.TabularInline):
    model = Correction
    fields = readonly_fields = (
        "published_at",
        "kind",
        "note",
        "previous_rating",
        "new_rating",
        "created_by",
    )
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Correction]:
        return (
            super()
            .get_queryset(request)
            .select_related("previous_rating", "new_rating", "created_by")
        )


class OriginFilter(admin.SimpleListFilter):
    title = "origin"
    parameter_name = "origin"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("ours", "Ours"), ("imported", "Imported")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "ours":
            return queryset.filter(publisher__isnull=True)
        if self.value() == "imported":
            return queryset.filter(publisher__isnull=False)
        return queryset


# Workflow buttons: (action, label, service, permission, status it applies to, text field)
WORKFLOW = {
    "submit": ("Submit for review", "claims.change_verdict", Verdict.Status.DRAFT, None),
    "approve": ("Approve", "claims.review_verdict", Verdict.Status.IN_REVIEW, "comment"),
    "publish": (
        "Approve and publish",
        "claims.review_verdict",
        Verdict.Status.IN_REVIEW,
        "comment",
    ),
    "return": ("Return to author", "claims.review_verdict", Verdict.Status.IN_REVIEW, "comment"),
    "retract": ("Retract", "claims.retract_verdict", Verdict.Status.PUBLISHED, "note"),
}


def _run_workflow(action: str, verdict: Verdict, request: HttpRequest) -> Verdict:
    text = request.POST.get("text", "")
    user = request.user
    if action == "submit":
        return services.verdict_submit(verdict=verdict, user=user)
    if action == "approve":
        return services.verdict_approve(verdict=verdict, user=user, comment=text)
    if action == "publish":
        return services.verdict_publish(verdict=verdict, user=user, comment=text)
    if action == "return":
        return services.verdict_return(verdict=verdict, user=user, comment=text)
    return services.verdict_retract(verdict=verdict, user=user, note=text)


@admin.register(Verdict)
class VerdictAdmin(StampCreatorMixin, admin.ModelAdmin):
    form = VerdictForm
    creator_fields = ("author",)
    list_display = [
        "headline",
        "claim_speaker",
        "status",
        "rating",
        "author",
        "publisher",
        "published_at",
    ]
    list_filter = [
        "status",
        OriginFilter,
        "rating",
        ("claim__speaker", admin.RelatedOnlyFieldListFilter),
        ("claim__article__outlet", admin.RelatedOnlyFieldListFilter),
        "claim__topics",
        "claim__language",
        "published_at",
        "created_at",
    ]
    list_select_related = ["claim__speaker", "rating", "author", "publisher"]
    search_fields = ["headline", "summary", "claim__text", "claim__speaker__name"]
    autocomplete_fields = ["claim", "publisher"]
    prepopulated_fields = {"slug": ["headline"]}
    date_hierarchy = "created_at"
    readonly_fields = (
        "status",
        "author",
        "review_round",
        "submitted_at",
        "published_at",
        "retracted_at",
        "retraction_note",
        *AUDIT_FIELDS,
    )
    inlines = [VerdictSourceInline, CorrectionInline, ReviewInline]
    actions = ["submit_selected", "publish_selected"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "claim",
                    "headline",
                    "slug",
                    "rating",
                    "summary",
                    "body",
                    "expected_version",
                ]
            },
        ),
        ("Right of reply", {"fields": ["speaker_contacted_at", "speaker_response"]}),
        (
            "Correction (published verdicts only)",
            {"fields": ["correction_note", "correction_kind"]},
        ),
        ("Imported verdicts", {"fields": ["publisher", "external_url"], "classes": ["collapse"]}),
        (
            "Workflow",
            {
                "fields": [
                    "status",
                    "author",
                    "review_round",
                    "submitted_at",
                    "published_at",
                    "retracted_at",
                    "retraction_note",
                    *AUDIT_FIELDS,
                ]
            },
        ),
    ]

    def get_fieldsets(self, request: HttpRequest, obj: Verdict | None = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        correctable = obj is not None and obj.status == Verdict.Status.PUBLISHED
        if correctable and self.has_change_permission(request, obj):
            return fieldsets
        return [fs for fs in fieldsets if not fs[0] or not fs[0].startswith("Correction")]

    @admin.display(description="Publisher", ordering="publisher__name")
    def origin(self, obj: Verdict) -> str:
        return f"{settings.FACTCHECK_PUBLISHER_NAME} (ours)" if obj.is_ours else str(obj.publisher)

    @admin.display(description="Speaker", ordering="claim__speaker__name")
    def claim_speaker(self, obj: Verdict) -> str:
        return str(obj.claim.speaker or "—")

    def has_change_permission(self, request: HttpRequest, obj: Verdict | None = None) -> bool:
        if not super().has_change_permission(request, obj) or obj is None:
            return super().has_change_permission(request, obj)
        user = request.user
        return {
            Verdict.Status.DRAFT: True,
            Verdict.Status.IN_REVIEW: user.has_perm("claims.review_verdict"),
            Verdict.Status.PUBLISHED: user.has_perm("claims.retract_verdict"),
        }.get(Verdict.Status(obj.status), False)

    def has_delete_permission(self, request: HttpRequest, obj: Verdict | None = None) -> bool:
        if obj is not None and obj.is_public:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Verdict, form: Any, change: bool) -> None:
        corrected = (
            change
            and obj.status == Verdict.Status.PUBLISHED
            and CORRECTED_FIELDS & set(form.changed_data)
        )
        if not corrected:
            super().save_model(request, obj, form, change)
            return
        # The rating and summary of a published verdict change only through a
        # public correction; everything else on the form is saved as usual.
        new_rating, new_summary = obj.rating, obj.summary
        obj.rating_id, obj.summary = form.initial["rating"], form.initial["summary"]
        super().save_model(request, obj, form, change)
        services.verdict_correct(
            verdict=obj,
            user=request.user,
            note=form.cleaned_data["correction_note"],
            kind=form.cleaned_data["correction_kind"] or Correction.Kind.CORRECTION,
            rating=new_rating,
            summary=new_summary,
        )
        obj.refresh_from_db()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        edited = form.has_changed() or any(formset.has_changed() for formset in formsets)
        in_review = change and obj.status == Verdict.Status.IN_REVIEW
        if (
            in_review
            and edited
            and services.verdict_revised_in_review(verdict=obj, user=request.user)
        ):
            messages.warning(
                request,
                "The verdict changed after it was approved: those approvals no longer count.",
            )

    def get_urls(self) -> list[URLPattern]:
        workflow = path(
            "<int:object_id>/workflow/<str:action>/",
            self.admin_site.admin_view(self.workflow_view),
            name="claims_verdict_workflow",
        )
        return [workflow, *super().get_urls()]

    def workflow_actions(self, request: HttpRequest, verdict: Verdict) -> list[dict[str, Any]]:
        actions = []
        for action, (label, perm, status, text_field) in WORKFLOW.items():
            if verdict.status != status or not request.user.has_perm(perm):
                continue
            if action == "approve" and settings.FACTCHECK_REVIEWERS_REQUIRED < 2:
                continue  # one approval publishes; a separate button would only confuse
            actions.append(
                {
                    "name": action,
                    "label": label,
                    "text_field": text_field,
                    "url": reverse("admin:claims_verdict_workflow", args=[verdict.pk, action]),
                }
            )
        return actions

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        verdict = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if verdict is not None:
            extra_context["workflow_actions"] = self.workflow_actions(request, verdict)
            extra_context["reviewers_required"] = settings.FACTCHECK_REVIEWERS_REQUIRED
        return super().change_view(request, object_id, form_url, extra_context)

    def workflow_view(self, request: HttpRequest, object_id: int, action: str) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in WORKFLOW:
            raise Http404(f"Unknown workflow step {action!r}.")
        verdict = get_object_or_404(Verdict, pk=object_id)
        label, perm, _, _ = WORKFLOW[action]
        if not request.user.has_perm(perm):
            raise PermissionDenied(f"You do not have permission to {label.lower()} verdicts.")
        try:
            verdict = _run_workflow(action, verdict, request)
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, verdict, exc)
        else:
            status = verdict.get_status_display().lower()
            messages.success(request, f"“{verdict}”: {label.lower()} done; it is now {status}.")
        return HttpResponseRedirect(reverse("admin:claims_verdict_change", args=[verdict.pk]))

    @admin.action(description="Submit selected verdicts for review")
    def submit_selected(self, request: HttpRequest, queryset: QuerySet[Verdict]) -> None:
        self._bulk(request, queryset, services.verdict_submit, "submitted for review")

    @admin.action(description="Approve and publish selected verdicts", permissions=["review"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Verdict]) -> None:
        self._bulk(request, queryset, services.verdict_publish, "published")

    def has_review_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("claims.review_verdict")

    def _bulk(
        self, request: HttpRequest, queryset: QuerySet[Verdict], service: Any, done: str
    ) -> None:
        count = 0
        for verdict in queryset:
            try:
                service(verdict=verdict, user=request.user)
                count += 1
            except (ValidationError, PermissionDenied) as exc:
                report_refusal(request, verdict, exc)
        if count:
            messages.success(request, f"{count} verdict(s) {done}.")


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """The corrections log. Corrections are made by editing a published verdict."""

    list_display = [
        "published_at",
        "kind",
        "verdict",
        "previous_rating",
        "new_rating",
        "created_by",
    ]
    list_filter = ["kind", "published_at"]
    list_select_related = ["verdict", "previous_rating", "new_rating", "created_by"]
    search_fields = ["note", "verdict__headline"]
    date_hierarchy = "published_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
