"""Sources: evidence our verdicts cite. A source cited by a published verdict of ours
changes only by an editor, with a public correction (``claims.services.source_update``),
so this admin lives with the claims admin and keeps ``sources`` a leaf."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from claims import permissions, services
from claims.models import Verdict
from factcheck.base.admin_helpers import AUDIT_FIELDS, ServiceAdmin, edited, filled
from factcheck.base.concurrency import VersionedModelForm
from sources import services as source_services
from sources.models import Source

SOURCE_FORM_FIELDS = list(source_services.SOURCE_FIELDS)


class SourceForm(VersionedModelForm):
    correction_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("Correction note"),
        help_text=_(
            "Only when a published verdict of ours cites this source and you change its title "
            "or URL: filed as a public correction on each of them. Shown publicly."
        ),
    )

    class Meta:
        model = Source
        fields = SOURCE_FORM_FIELDS


@admin.register(Source)
class SourceAdmin(ServiceAdmin):
    form = SourceForm
    list_display = ["title", "publisher", "kind", "published_on", "url"]
    list_filter = ["kind", "published_on"]
    search_fields = ["title", "publisher", "url"]
    date_hierarchy = "published_on"
    readonly_fields = ("created_by", *AUDIT_FIELDS)

    def get_fields(self, request: HttpRequest, obj: Source | None = None) -> Any:
        note = ["correction_note"] if self._cited(obj) and self._editor(request) else []
        return [*SOURCE_FORM_FIELDS, *note, "snapshot", "created_by", *AUDIT_FIELDS]

    def get_readonly_fields(self, request: HttpRequest, obj: Source | None = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if self._cited(obj) and not self._editor(request):
            fields += ["title", "url"]  # shown by our published verdicts: an editor's to change
        return fields

    @staticmethod
    def _cited(obj: Source | None) -> bool:
        record = Verdict.objects.ours().on_record()
        return obj is not None and record.filter(verdict_sources__source=obj).exists()

    @staticmethod
    def _editor(request: HttpRequest) -> bool:
        return request.user.has_perm(permissions.CORRECT_RECORD)

    def write(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> Source:
        if change:
            return services.source_update(
                source=form.instance,
                user=request.user,
                expected_version=form.expected_version,
                changes=edited(form, SOURCE_FORM_FIELDS),
                correction_note=form.cleaned_data.get("correction_note") or "",
            )
        return source_services.source_create(user=request.user, **filled(form, SOURCE_FORM_FIELDS))
