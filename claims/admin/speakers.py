from django import forms
from django.contrib import admin
from django.contrib.postgres.forms import SimpleArrayField
from django.db.models import Count, QuerySet
from django.http import HttpRequest

from claims.models import Speaker, Topic
from factcheck.base.admin_helpers import AUDIT_FIELDS


class SpeakerForm(forms.ModelForm):
    same_as = SimpleArrayField(
        forms.URLField(),
        delimiter="\n",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=Speaker._meta.get_field("same_as").help_text,
    )

    class Meta:
        model = Speaker
        fields = [
            "name",
            "slug",
            "kind",
            "title",
            "affiliation",
            "country",
            "description",
            "same_as",
        ]

    def clean_same_as(self) -> list[str]:
        return [url.strip() for url in self.cleaned_data["same_as"] if url.strip()]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    form = SpeakerForm
    list_display = ["name", "kind", "title", "affiliation", "country", "claim_count"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "title", "affiliation"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = AUDIT_FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[Speaker]:
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    @admin.display(description="Claims", ordering="claim_count")
    def claim_count(self, obj: Speaker) -> int:
        return obj.claim_count  # type: ignore[attr-defined]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = AUDIT_FIELDS
