from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.translation import get_language_info, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from claims import permissions, services
from claims.admin.filters import VerdictLanguageFilter, VerdictTopicFilter
from claims.admin.workflow import WORKFLOW, run_workflow_step, workflow_steps
from claims.choices import status_name
from claims.models import Claim, Correction, Rating, Verdict, VerdictReview, VerdictSource
from claims.selectors import latest_review
from claims.selectors.newsroom import (
    changed_since_approval,
    contributors,
    is_under_review,
    languages_to_translate_into,
    original_revision,
    proposal_hash,
    unpublished_changes,
    verdict_translations,
)
from claims.services.verdicts import TRANSLATION_FIELDS, VERDICT_FIELDS
from factcheck.base.admin_helpers import (
    AUDIT_FIELDS,
    CappedPaginator,
    SafeInputs,
    SaneDates,
    ServiceAdmin,
    edited,
    filled,
    report_refusal,
)
from factcheck.base.concurrency import VersionedModelForm, canonical
from factcheck.base.numbers import int_or_none, is_key

VERDICT_FORM_FIELDS = list(VERDICT_FIELDS)
SOURCES_PREFIX = "verdict_sources"


def _language_name(code: str) -> str:
    """A language's name in the staff member's language ("Spanish" for "es"), its code
    when Django does not know it."""
    try:
        return str(get_language_info(code)["name_translated"]) if code else ""
    except KeyError:
        return code


class RatingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.label if obj.scale.is_default else f"{obj.label} ({obj.scale})"


def _correction_kinds() -> list[tuple[str, str]]:
    return [(value, gettext(label)) for value, label in Correction.Kind.choices]


class VerdictForm(VersionedModelForm):
    correction_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label=_("Correction note"),
        help_text=_(
            "Readers see edits of a published verdict only as a revision: write its public "
            "note here to propose your changes as a correction (or an update or clarification, "
            "with or without changes). Another editor approves it before it is published."
        ),
    )
    correction_kind = forms.ChoiceField(
        choices=_correction_kinds,
        initial=Correction.Kind.CORRECTION,
        required=False,
        label=_("Correction kind"),
    )

    class Meta:
        model = Verdict
        fields = VERDICT_FORM_FIELDS
        field_classes = {"rating": RatingChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "rating" in self.fields:
            self.fields["rating"].queryset = Rating.objects.select_related("scale")  # type: ignore[attr-defined]
        if "slug" in self.fields:
            self.fields["slug"].required = False

    # The ordered list of sources is one field of the snapshot: edited in the inline
    # rows below the form, compared as a whole.
    def stored_values(self, obj: Any) -> dict[str, Any]:
        values = super().stored_values(obj)
        rows = obj.verdict_sources.order_by("position", "pk").values_list("source_id", "note")
        values["sources"] = [[source, canonical(note)] for source, note in rows]
        return values

    def submitted_values(self) -> dict[str, Any]:
        values = super().submitted_values()
        values["sources"] = [
            [int(source), canonical(note)] for source, note in self.posted_sources()
        ]
        return values

    def posted_sources(self) -> list[tuple[str, str]]:
        data = self.data
        total = min(int_or_none(data.get(f"{SOURCES_PREFIX}-TOTAL_FORMS")) or 0, 1000)
        rows = []
        for i in range(total):
            key = f"{SOURCES_PREFIX}-{i}-"
            source = str(data.get(key + "source", "")).strip()
            if not is_key(source) or data.get(key + "DELETE"):
                continue
            position = str(data.get(key + "position", "")).strip()
            # Only ordering: a position the row's own form refuses sorts first meanwhile.
            order = int_or_none(position) or 0
            rows.append((order, i, source, str(data.get(key + "note", ""))))
        return [(source, note) for _, _, source, note in sorted(rows)]

    def display(self, obj: Any, name: str) -> str:
        if name == "sources":
            titles = [str(link.source) for link in obj.verdict_sources.select_related("source")]
            return "; ".join(titles) or gettext("(none)")
        return super().display(obj, name)


class VerdictSourceInline(SafeInputs, admin.TabularInline):
    model = VerdictSource
    extra = 1
    fields = ["position", "source", "note"]
    autocomplete_fields = ["source"]

    # A translation cites the original's sources (claims.services.translations): shown,
    # not edited, on its page.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _translation(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _translation(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _translation(obj) and super().has_delete_permission(request, obj)


def _translation(obj: Any) -> bool:
    return isinstance(obj, Verdict) and obj.translation_of_id is not None


class ReviewInline(admin.TabularInline):
    """Internal review record: who decided or edited what, when. Never shown publicly."""

    model = VerdictReview
    fields = readonly_fields = ("created_at", "round", "reviewer", "decision", "comment")
    extra = 0
    can_delete = False
    verbose_name_plural = _("Reviews and edits during review (internal)")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
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

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Correction]:
        return (
            super()
            .get_queryset(request)
            .select_related("previous_rating", "new_rating", "created_by")
        )


class OriginFilter(admin.SimpleListFilter):
    title = _("origin")
    parameter_name = "origin"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("ours", gettext("Ours")), ("imported", gettext("Imported"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "ours":
            return queryset.filter(publisher__isnull=True)
        if self.value() == "imported":
            return queryset.filter(publisher__isnull=False)
        return queryset


@admin.register(Verdict)
class VerdictAdmin(ServiceAdmin):
    form = VerdictForm
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
        VerdictTopicFilter,
        VerdictLanguageFilter,
        "published_at",
        "created_at",
    ]
    list_select_related = ["claim__speaker", "rating", "author", "publisher"]
    search_fields = ["headline"]  # through the claim's search vector: get_search_results
    autocomplete_fields = ["claim", "publisher"]
    readonly_fields = (
        "status",
        "author",
        "review_round",
        "submitted_at",
        "published_at",
        "retracted_at",
        "retraction_note",
        "withdrawn_at",
        "withdrawal_note",
        *AUDIT_FIELDS,
    )
    inlines = [VerdictSourceInline, CorrectionInline, ReviewInline]
    actions = ["submit_selected"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Verdict], search_term: str
    ) -> tuple[QuerySet[Verdict], bool]:
        """Through the claim's GIN-indexed search vector (its words, the speaker's name and
        the public verdicts' headlines), or a verdict's exact slug."""
        term = search_term.strip()[:500]
        if not term:
            return queryset, False
        if Verdict.objects.filter(slug=term).exists():
            return queryset.filter(slug=term), False  # a pasted slug finds its verdict
        words = SearchQuery(term, search_type="websearch", config="english")
        # EXISTS with no OR beside it: the planner may then walk the list's index and
        # probe each verdict's claim (a common word), or read the few matching claims
        # first (a rare one), instead of reading every claim.
        matching = Claim.objects.filter(pk=OuterRef("claim_id"), search=words)
        return queryset.filter(Exists(matching)), False

    def get_fieldsets(self, request: HttpRequest, obj: Verdict | None = None) -> Any:
        workflow = ["status", "author", "review_round", "submitted_at", "published_at"]
        if obj is not None and obj.retracted_at:
            workflow += ["retracted_at", "retraction_note"]
        if obj is not None and obj.withdrawn_at:
            workflow += ["withdrawn_at", "withdrawal_note"]
        fieldsets: list[Any] = [
            (
                None,
                {"fields": ["claim", "headline", "slug", "rating", "summary", "body", "snapshot"]},
            ),
            (_("Right of reply"), {"fields": ["speaker_contacted_at", "speaker_response"]}),
            (
                _("Imported verdicts"),
                {"fields": ["publisher", "external_url"], "classes": ["collapse"]},
            ),
            (_("Workflow"), {"fields": [*workflow, *AUDIT_FIELDS]}),
        ]
        if obj is not None and obj.translation_of_id is not None:
            fieldsets.insert(
                1,
                (
                    _("Translation"),
                    {
                        "fields": [
                            "translation_of",
                            "translated_revision",
                            "language",
                            "claim_wording",
                        ]
                    },
                ),
            )
        if (
            obj is not None
            and obj.status == Verdict.Status.PUBLISHED
            and self.has_change_permission(request, obj)
        ):
            fieldsets.insert(
                1,
                (
                    _("Propose a revision (this verdict is published)"),
                    {"fields": ["correction_note", "correction_kind"]},
                ),
            )
        return fieldsets

    @admin.display(description=_("Speaker"), ordering="claim__speaker__name")
    def claim_speaker(self, obj: Verdict) -> str:
        return str(obj.claim.speaker or "—")

    def get_readonly_fields(self, request: HttpRequest, obj: Verdict | None = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.translation_of_id is not None:
            # Set when the translation is started (claims.services.translations); its
            # claim and rating are the original's.
            fields += ("translation_of", "translated_revision", "language", "claim", "rating")
        return fields

    def has_change_permission(self, request: HttpRequest, obj: Verdict | None = None) -> bool:
        if obj is None:
            return super().has_change_permission(request, obj)
        return permissions.can_edit_verdict(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Verdict | None = None) -> bool:
        if obj is not None and obj.status in Verdict.RECORD_STATUSES:
            return False
        return super().has_delete_permission(request, obj)

    def delete(self, request: HttpRequest, obj: Any) -> None:
        services.verdict_delete(verdict=obj, user=request.user)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # Whether a verdict may be deleted depends on each one's status: one at a time,
        # from its page, where the button shows only when it may.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        if not is_key(str(initial.get("claim", ""))):
            initial.pop("claim", None)  # a crafted ?claim= is ignored, not an error
        return initial

    def write(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> Verdict:
        lines = self._source_lines(formsets)
        if not change:
            created = services.verdict_create(
                user=request.user, sources=lines, **filled(form, VERDICT_FORM_FIELDS)
            )
            _warn_if_long_for_search(request, created)
            return created
        changed = form.changed_fields
        translated = form.instance.translation_of_id is not None
        verdict = services.verdict_update(
            verdict=form.instance,
            user=request.user,
            expected_version=cast(int, form.expected_version),
            changes=edited(form, list(TRANSLATION_FIELDS) if translated else VERDICT_FORM_FIELDS),
            sources=lines if "sources" in changed else None,
            correction_note=form.cleaned_data.get("correction_note") or "",
            correction_kind=form.cleaned_data.get("correction_kind") or Correction.Kind.CORRECTION,
        )
        if verdict.status == Verdict.Status.IN_REVIEW and (changed - {"snapshot"}):
            messages.warning(
                request,
                gettext(
                    "Your edit started a new round of review: earlier approvals no longer count, "
                    "and as a contributor to this text you cannot approve it yourself."
                ),
            )
        _warn_if_long_for_search(request, verdict)
        return verdict

    @staticmethod
    def _source_lines(formsets: list[Any]) -> list[services.SourceLine]:
        rows = []
        for formset in formsets:
            if formset.prefix != SOURCES_PREFIX:
                continue
            for i, row in enumerate(formset.forms):
                data = getattr(row, "cleaned_data", {})
                if data.get("source") and not data.get("DELETE"):
                    rows.append(
                        (data.get("position") or 0, i, data["source"], data.get("note", ""))
                    )
        return [
            services.SourceLine(source=s, note=n)
            for _, _, s, n in sorted(rows, key=lambda r: r[:2])
        ]

    def get_urls(self) -> list[URLPattern]:
        workflow = path(
            "<int:object_id>/workflow/<str:action>/",
            self.admin_site.admin_view(self.workflow_view),
            name="claims_verdict_workflow",
        )
        translate = path(
            "<int:object_id>/translate/",
            self.admin_site.admin_view(self.translate_view),
            name="claims_verdict_translate",
        )
        follow = path(
            "<int:object_id>/follow-original/",
            self.admin_site.admin_view(self.follow_original_view),
            name="claims_verdict_follow_original",
        )
        return [workflow, translate, follow, *super().get_urls()]

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        verdict = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if verdict is not None:
            extra_context["workflow_actions"] = [
                {
                    **WORKFLOW[step],
                    "name": step,
                    "url": reverse("admin:claims_verdict_workflow", args=[verdict.pk, step]),
                }
                for step in workflow_steps(request.user, verdict)
            ]
            extra_context["reviewers_required"] = settings.FACTCHECK_REVIEWERS_REQUIRED
            extra_context["latest_review"] = latest_review(verdict)
            extra_context["contributors"] = self._contributor_names(verdict)
            # What the buttons approve: the content the editor is looking at.
            extra_context["proposal_hash"] = proposal_hash(verdict)
            extra_context["unpublished_changes"] = unpublished_changes(verdict)
            extra_context["changed_since_approval"] = changed_since_approval(verdict, request.user)
            # Each with its language's name in the staff member's language, not its code.
            extra_context["verdict_translations"] = [
                (translation, _language_name(translation.language))
                for translation in verdict_translations(verdict)
            ]
            extra_context["translation_language"] = _language_name(verdict.language)
            extra_context["original_revision"] = original_revision(verdict)
            if request.user.has_perm(permissions.ADD_VERDICT):
                extra_context["translate_into"] = [
                    (code, dict(settings.LANGUAGES)[code])
                    for code in languages_to_translate_into(verdict)
                ]
        return super().change_view(request, object_id, form_url, extra_context)

    def follow_original_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Make a translation translate its original's latest revision (after the original
        was corrected): its texts are then to be brought up to date and published."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        translation = get_object_or_404(Verdict, pk=object_id)
        try:
            services.verdict_translation_follow(
                translation=translation,
                user=request.user,
                expected_version=int_or_none(request.POST.get("version")) or 0,
            )
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, translation, exc)
        else:
            messages.success(
                request,
                gettext(
                    "The translation now translates the original's latest revision: bring "
                    "its texts up to date, then publish them as its correction."
                ),
            )
        return HttpResponseRedirect(reverse("admin:claims_verdict_change", args=[translation.pk]))

    def translate_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Start a translation of a published verdict of ours into the language posted,
        then edit it: the draft starts with the original's texts to rewrite."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        original = get_object_or_404(Verdict, pk=object_id)
        language = str(request.POST.get("language", ""))[:35]
        try:
            translation = services.verdict_translation_start(
                original=original, language=language, user=request.user
            )
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, original, exc)
            return HttpResponseRedirect(reverse("admin:claims_verdict_change", args=[original.pk]))
        messages.success(
            request,
            gettext("Translation started: rewrite its texts in its language, then submit it."),
        )
        return HttpResponseRedirect(reverse("admin:claims_verdict_change", args=[translation.pk]))

    @staticmethod
    def _contributor_names(verdict: Verdict) -> list[str]:
        if not is_under_review(verdict):
            return []
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(pk__in=contributors(verdict)).order_by("username")
        return [str(user) for user in users]

    def workflow_view(self, request: HttpRequest, object_id: int, action: str) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in WORKFLOW:
            raise Http404(f"Unknown workflow step {action!r}.")
        verdict = get_object_or_404(Verdict, pk=object_id)
        step = WORKFLOW[action]
        if not request.user.has_perm(step["permission"]):
            raise PermissionDenied(
                gettext("You do not have permission to %(action)s.")
                % {"action": str(step["label"]).lower()}
            )
        try:
            verdict = run_workflow_step(action, verdict, request.user, request.POST)
        except (ValidationError, PermissionDenied) as exc:
            report_refusal(request, verdict, exc)
        else:
            messages.success(
                request,
                # Translators: %(done)s is e.g. "approve and publish done"; %(status)s the
                # verdict's status now, e.g. "published".
                gettext("“%(verdict)s”: %(done)s; it is now %(status)s.")
                % {
                    "verdict": verdict,
                    "done": step["done"],
                    "status": status_name(verdict.status),
                },
            )
        return HttpResponseRedirect(reverse("admin:claims_verdict_change", args=[verdict.pk]))

    @admin.action(description=_("Submit selected drafts for review"))
    def submit_selected(self, request: HttpRequest, queryset: QuerySet[Verdict]) -> None:
        count = 0
        for verdict in queryset:
            try:
                services.verdict_submit(verdict=verdict, user=request.user)
                count += 1
            except (ValidationError, PermissionDenied) as exc:
                report_refusal(request, verdict, exc)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s verdict(s) submitted for review.",
                    "%(count)s verdict(s) submitted for review.",
                    count,
                )
                % {"count": count},
            )


@admin.register(Correction)
class CorrectionAdmin(SaneDates, admin.ModelAdmin):
    paginator = CappedPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    """The corrections log. Corrections are filed by editing a published verdict."""

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


# Google's ClaimReview guidelines suggest a claimReviewed of at most 75 characters (longer
# ones are cut in search results): a hint to the writer, never a refusal.
CLAIM_REVIEWED_SUGGESTED = 75


def _warn_if_long_for_search(request: HttpRequest, verdict: Any) -> None:
    if verdict.publisher_id is not None:  # another publisher's wording, theirs to choose
        return
    claim = verdict.claim
    if len(claim.text) > CLAIM_REVIEWED_SUGGESTED:
        messages.warning(
            request,
            gettext(
                "The claim is %(length)s characters long: search engines show at most about "
                "%(suggested)s of ClaimReview's claimReviewed. Consider a shorter wording of "
                "the claim."
            )
            % {"length": len(claim.text), "suggested": CLAIM_REVIEWED_SUGGESTED},
        )
