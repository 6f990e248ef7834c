from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.postgres.forms import SimpleArrayField
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims import permissions, services
from claims.models import Claim, Speaker, Topic
from claims.selectors import speakers_named_like
from claims.services.speakers import SPEAKER_FIELDS, TOPIC_FIELDS, speaker_on_record
from factcheck.base.admin_helpers import (
    AUDIT_FIELDS,
    ServiceAdmin,
    edited,
    filled,
    report_refusal,
)
from factcheck.base.concurrency import VersionedModelForm
from factcheck.base.db import count_of
from factcheck.base.numbers import int_or_none

SPEAKER_FORM_FIELDS = list(SPEAKER_FIELDS)


class SpeakerForm(VersionedModelForm):
    same_as = SimpleArrayField(
        forms.URLField(),
        delimiter="\n",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=Speaker._meta.get_field("same_as").help_text,
    )
    different_speaker = forms.BooleanField(
        required=False,
        label=_("A different speaker"),
        help_text=_(
            "Tick if a speaker of the same name is already on file but this is someone else."
        ),
    )

    class Meta:
        model = Speaker
        fields = SPEAKER_FORM_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "Used in public URLs. Left empty, it is made from the name (and, for unnamed "
                "speakers, their affiliation and country), numbered if already taken."
            )

    def clean_same_as(self) -> list[str]:
        return [url.strip() for url in self.cleaned_data["same_as"] if url.strip()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        name = str(cleaned.get("name") or "")
        renamed = not self.instance.pk or name != self.instance.name
        if name and renamed and not cleaned.get("different_speaker"):
            namesakes = list(speakers_named_like(name=name, exclude_pk=self.instance.pk)[:5])
            if namesakes:
                listed = "; ".join(
                    f"{s} ({gettext(s.get_kind_display())}{', ' + s.title if s.title else ''})"
                    for s in namesakes
                )
                self.add_error(
                    "name",
                    gettext(
                        "Already on file under this name: %(listed)s. If it is the same speaker, "
                        "pick that record instead (or merge the two later); if it is someone "
                        "else, tick “A different speaker” and save again."
                    )
                    % {"listed": listed},
                )
        return cleaned


@admin.register(Speaker)
class SpeakerAdmin(ServiceAdmin):
    form = SpeakerForm
    list_display = [
        "name",
        "kind",
        "title",
        "affiliation",
        "country",
        "claim_count",
        "merged_into",
    ]
    list_filter = ["kind", "country"]
    list_select_related = ["merged_into"]
    search_fields = ["name", "title", "affiliation", "country"]
    readonly_fields = ("merged_into_link", *AUDIT_FIELDS)
    actions = ["merge_speakers"]
    fields = [
        *SPEAKER_FORM_FIELDS,
        "different_speaker",
        "snapshot",
        "merged_into_link",
        *AUDIT_FIELDS,
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Speaker]:
        speakers = super().get_queryset(request)
        if request.path == reverse("admin:autocomplete"):
            # Offered for new claims: only speakers not merged away, in name order.
            return speakers.filter(merged_into__isnull=True).order_by("name", "pk")
        # A count drops Meta.ordering (GROUP BY), so the order is restated.
        return speakers.annotate(claim_count=count_of(Claim, "speaker")).order_by("name", "pk")

    @admin.display(description=_("Claims"), ordering="claim_count")
    def claim_count(self, obj: Speaker) -> int:
        return obj.claim_count  # type: ignore[attr-defined]

    def has_change_permission(self, request: HttpRequest, obj: Speaker | None = None) -> bool:
        if obj is not None and speaker_on_record(obj):
            # Quoted in our published verdicts: an editor's to change (shown read-only).
            return request.user.has_perm(permissions.CORRECT_RECORD)
        return super().has_change_permission(request, obj)

    @admin.display(description=_("Merged into"))
    def merged_into_link(self, obj: Speaker) -> str:
        if obj.merged_into_id is None:
            return "—"
        url = reverse("admin:claims_speaker_change", args=[obj.merged_into_id])
        return format_html('<a href="{}">{}</a>', url, obj.merged_into)

    def write(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> Speaker:
        if change:
            return services.speaker_update(
                speaker=form.instance,
                user=request.user,
                expected_version=form.expected_version,
                changes=edited(form, SPEAKER_FORM_FIELDS),
            )
        return services.speaker_create(user=request.user, **filled(form, SPEAKER_FORM_FIELDS))

    @admin.action(
        description=_("Merge selected speakers (the same person or body)"), permissions=["merge"]
    )
    def merge_speakers(
        self, request: HttpRequest, queryset: QuerySet[Speaker]
    ) -> HttpResponse | None:
        speakers = list(queryset.filter(merged_into__isnull=True))
        if len(speakers) < 2:
            messages.error(
                request, gettext("Select at least two speakers (not already merged) to merge.")
            )
            return None
        keep = int_or_none(request.POST.get("keep"))
        if "apply" in request.POST and keep is not None:
            into = next((s for s in speakers if s.pk == keep), None)
            if into is None:
                messages.error(request, gettext("Choose which of the selected speakers to keep."))
                return None
            for duplicate in speakers:
                if duplicate.pk == into.pk:
                    continue
                try:
                    services.speaker_merge(duplicate=duplicate, into=into, user=request.user)
                except (ValidationError, PermissionDenied) as exc:
                    report_refusal(request, duplicate, exc)
                else:
                    messages.success(
                        request,
                        gettext("“%(duplicate)s” merged into “%(into)s”: its claims moved there.")
                        % {"duplicate": duplicate, "into": into},
                    )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Merge speakers"),
            "speakers": speakers,
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/claims/speaker/merge.html", context)

    def has_merge_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(permissions.CORRECT_RECORD)


class TopicForm(VersionedModelForm):
    class Meta:
        model = Topic
        fields = list(TOPIC_FIELDS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False


@admin.register(Topic)
class TopicAdmin(ServiceAdmin):
    form = TopicForm
    list_display = ["name", "slug"]
    search_fields = ["name"]
    readonly_fields = AUDIT_FIELDS
    fields = [*TOPIC_FIELDS, "snapshot", *AUDIT_FIELDS]

    def write(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> Topic:
        if change:
            return services.topic_update(
                topic=form.instance,
                user=request.user,
                expected_version=form.expected_version,
                changes=edited(form, TOPIC_FIELDS),
            )
        return services.topic_create(user=request.user, **filled(form, TOPIC_FIELDS))
