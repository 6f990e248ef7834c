from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims import permissions, services
from claims.models import Rating, RatingLanguage, RatingScale, RatingTranslation
from claims.services.ratings import RATING_FIELDS, SCALE_FIELDS, TRANSLATION_FIELDS
from factcheck.base.admin_helpers import (
    AUDIT_FIELDS,
    SafeInputs,
    ServiceAdmin,
    edited,
    refusal_messages,
)
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


class RatingTranslationForm(VersionedModelForm):
    """One language's label and definition; like every edit, merged with or refused over
    another editor's save of the same translation meanwhile."""

    class Meta:
        model = RatingTranslation
        fields = list(TRANSLATION_FIELDS)
        widgets = {"definition": forms.Textarea(attrs={"rows": 2, "cols": 50})}


class RatingTranslationInline(SafeInputs, admin.TabularInline):
    """The rating in the public site's other languages, saved with the rating through the
    services. Published verdicts keep the words they were published with."""

    model = RatingTranslation
    form = RatingTranslationForm
    fields = ["language", "label", "definition", "snapshot"]
    verbose_name = _("label and definition in another language")
    verbose_name_plural = _(
        "In other languages (published verdicts keep the words they were published with; "
        "an empty definition shows the English one)"
    )
    max_num = len(RatingLanguage.choices)

    def get_extra(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> int:
        """An empty row for each language the rating has no translation in yet."""
        have = obj.translations.count() if obj is not None and obj.pk else 0
        return max(len(RatingLanguage.choices) - have, 0)

    # Translating a rating is editing it: the same editors, whatever the model's own
    # permissions say (the roles grant the rating's).
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(permissions.CHANGE_RATING) or request.user.has_perm(
            "claims.view_rating"
        )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(permissions.CHANGE_RATING)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(permissions.CHANGE_RATING)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(permissions.CHANGE_RATING)


@admin.register(Rating)
class RatingAdmin(ServiceAdmin):
    form = RatingForm
    fields = [*RATING_FIELDS, "snapshot", *AUDIT_FIELDS]
    list_display = ["label", "scale", "position", "colour", "sort_order"]
    list_filter = ["scale"]
    list_select_related = ["scale"]
    search_fields = ["label", "definition", "translations__label"]
    readonly_fields = AUDIT_FIELDS
    inlines = [RatingTranslationInline]

    def get_formset_kwargs(
        self, request: HttpRequest, obj: Any, inline: Any, prefix: str
    ) -> dict[str, Any]:
        """The empty rows come with the languages still to translate into."""
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, RatingTranslationInline):
            have = set(obj.translations.values_list("language", flat=True)) if obj.pk else set()
            kwargs["initial"] = [
                {"language": code} for code in RatingLanguage.values if code not in have
            ]
        return kwargs

    def write(self, request: HttpRequest, form: Any, formsets: list[Any], change: bool) -> Rating:
        if change:
            rating = services.rating_update(
                rating=form.instance,
                user=request.user,
                expected_version=form.expected_version,
                changes=edited(form, RATING_FIELDS),
            )
        else:
            rating = services.rating_create(
                user=request.user, **{n: form.cleaned_data[n] for n in RATING_FIELDS}
            )
        for formset in formsets:
            for row in formset.forms:
                try:
                    write_translation(request, row, rating)
                except (ValidationError, PermissionDenied) as exc:
                    language = dict(RatingLanguage.choices).get(
                        getattr(row, "cleaned_data", {}).get("language") or row.instance.language,
                        "",
                    )
                    raise ValidationError(
                        gettext("%(language)s: %(refusal)s")
                        % {
                            "language": language or gettext("A translation"),
                            "refusal": "; ".join(refusal_messages(exc)),
                        }
                    ) from exc
        return rating


def write_translation(request: HttpRequest, row: Any, rating: Rating) -> None:
    """Create, change or remove the translation one inline row holds, through the services."""
    data = getattr(row, "cleaned_data", None)
    translation = row.instance
    if not data:
        return  # an empty row left empty
    if data.get("DELETE"):
        if translation.pk is None:
            return
        if row.merged_theirs or row.expected_version is None:
            raise ValidationError(
                gettext(
                    "Not removed: someone else changed it after you opened the page. Reload it "
                    "and look at their change before removing it."
                )
            )
        services.rating_translation_delete(
            translation=translation, user=request.user, expected_version=row.expected_version
        )
        return
    if translation.pk is None:
        if row.has_changed():
            services.rating_translation_create(
                user=request.user,
                rating=rating,
                **{name: data[name] for name in TRANSLATION_FIELDS if name in data},
            )
        return
    changes = edited(row, TRANSLATION_FIELDS)
    if changes:
        services.rating_translation_update(
            translation=translation,
            user=request.user,
            expected_version=row.expected_version,
            changes=changes,
        )
