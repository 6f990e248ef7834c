from django.contrib import admin

from claims.models import Rating, RatingScale
from factcheck.base.admin_helpers import AUDIT_FIELDS


class RatingInline(admin.TabularInline):
    model = Rating
    extra = 0
    fields = ["sort_order", "label", "slug", "position", "colour", "definition"]
    prepopulated_fields = {"slug": ["label"]}


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "is_default"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = AUDIT_FIELDS
    inlines = [RatingInline]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["label", "scale", "position", "colour", "sort_order"]
    list_filter = ["scale"]
    list_select_related = ["scale"]
    search_fields = ["label", "definition"]
    readonly_fields = AUDIT_FIELDS
