"""The about page's sections, and readers' suggestions waiting for an editor."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from claims import permissions, services
from claims.models import AboutSection, ReaderSuggestion
from claims.services.pages import ABOUT_FIELDS
from factcheck.base.admin_helpers import (
    AUDIT_FIELDS,
    CappedPaginator,
    ServiceAdmin,
    edited,
    filled,
    report_refusal,
)
from factcheck.base.concurrency import VersionedModelForm


class AboutSectionForm(VersionedModelForm):
    class Meta:
        model = AboutSection
        fields = list(ABOUT_FIELDS)


@admin.register(AboutSection)
class AboutSectionAdmin(ServiceAdmin):
    form = AboutSectionForm
    list_display = ["title", "kind", "updated_at"]
    fields = [*ABOUT_FIELDS, "snapshot", *AUDIT_FIELDS]
    readonly_fields = AUDIT_FIELDS

    def write(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> Any:
        if change:
            return services.about_section_update(
                section=form.instance,
                user=request.user,
                expected_version=form.expected_version,
                changes=edited(form, ABOUT_FIELDS),
            )
        return services.about_section_create(user=request.user, **filled(form, ABOUT_FIELDS))


@admin.register(ReaderSuggestion)
class ReaderSuggestionAdmin(admin.ModelAdmin):
    """Suggestions come from the public form; editors turn them into claims or dismiss them."""

    paginator = CappedPaginator
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    list_display = ["__str__", "seen_where", "status", "created_at", "claim"]
    list_filter = ["status"]
    list_select_related = ["claim"]
    search_fields = ["text", "seen_where"]
    fields = readonly_fields = (
        "text",
        "seen_where",
        "contact",
        "status",
        "claim",
        "handled_by",
        *AUDIT_FIELDS,
    )
    actions = ["accept", "dismiss"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The form promises readers that only editors see how to reach them.
        fields = super().get_fields(request, obj)
        if request.user.has_perm(permissions.CORRECT_RECORD):
            return fields
        return [name for name in fields if name != "contact"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _each(self, request: HttpRequest, queryset: QuerySet[ReaderSuggestion], step: Any) -> int:
        count = 0
        for suggestion in queryset:
            try:
                step(suggestion=suggestion, user=request.user)
                count += 1
            except (ValidationError, PermissionDenied) as exc:
                report_refusal(request, suggestion, exc)
        return count

    @admin.action(
        description=_("Turn the selected suggestions into claims"), permissions=["change"]
    )
    def accept(self, request: HttpRequest, queryset: QuerySet[ReaderSuggestion]) -> None:
        count = self._each(request, queryset, services.suggestion_accept)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s suggestion turned into a claim (edit its wording on the claim's "
                    "page).",
                    "%(count)s suggestions turned into claims (edit their wording on the claim "
                    "pages).",
                    count,
                )
                % {"count": count},
            )

    @admin.action(description=_("Dismiss the selected suggestions"), permissions=["change"])
    def dismiss(self, request: HttpRequest, queryset: QuerySet[ReaderSuggestion]) -> None:
        count = self._each(request, queryset, services.suggestion_dismiss)
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s suggestion dismissed.", "%(count)s suggestions dismissed.", count
                )
                % {"count": count},
            )
