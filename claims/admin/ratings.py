from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from claims import services
from claims.models import Rating, RatingScale
from claims.services.ratings import RATING_FIELDS, SCALE_FIELDS
from factcheck.base.admin_helpers import AUDIT_FIELDS, ServiceAdmin, edited
from factcheck.base.concurrency import VersionedModelForm


class RatingInline(admin.TabularInline):
    """The scale's ratings at a glance; each is edited on its own page, where the
    rule that a rating in use keeps its label and position is applied."""

    model = Rating
    extra = 0
    fields = readonly_fields = ("sort_order", "label", "slug", "position", "colour", "definition")
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RatingScaleForm(VersionedModelForm):
    class Meta:
        model = RatingScale
        fields = list(SCALE_FIELDS)


@admin.register(RatingScale)
class RatingScaleAdmin(ServiceAdmin):
    form = RatingScaleForm
    list_display = ["name", "is_default"]
    search_fields = ["name"]
    fields = [*SCALE_FIELDS, "snapshot", *AUDIT_FIELDS]
    readonly_fields = AUDIT_FIELDS
    inlines = [RatingInline]

    def write(
        self, request: HttpRequest, form: Any, formsets: list[Any], change: bool
    ) -> RatingScale:
        if change:
            return services.ratingscale_update(
                scale=form.instance,
                user=request.user,
                expected_version=form.expected_version,
                changes=edited(form, SCALE_FIELDS),
            )
        data = {n: form.cleaned_data[n] for n in SCALE_FIELDS if n in form.cleaned_data}
        return services.ratingscale_create(user=request.user, **data)


class RatingForm(VersionedModelForm):
    class Meta:
        model = Rating
        fields = list(RATING_FIELDS)


@admin.register(Rating)
class RatingAdmin(ServiceAdmin):
    form = RatingForm
    fields = [*RATING_FIELDS, "snapshot", *AUDIT_FIELDS]
    list_display = ["label", "scale", "position", "colour", "sort_order"]
    list_filter = ["scale"]
    list_select_related = ["scale"]
    search_fields = ["label", "definition"]
    readonly_fields = AUDIT_FIELDS

    def write(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> Rating:
        if change:
            return services.rating_update(
                rating=form.instance,
                user=request.user,
                expected_version=form.expected_version,
                changes=edited(form, RATING_FIELDS),
            )
        return services.rating_create(
            user=request.user, **{n: form.cleaned_data[n] for n in RATING_FIELDS}
        )
