"""Admin behaviour shared by the newsroom's model admins."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


class StampCreatorMixin(admin.ModelAdmin):
    """Records the signed-in user as the creator of what they add."""

    creator_fields: tuple[str, ...] = ("created_by",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not change:
            for field in self.creator_fields:
                if getattr(obj, f"{field}_id", None) is None:
                    setattr(obj, field, request.user)
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for instance in instances:
            if (
                instance.pk is None
                and hasattr(instance, "created_by_id")
                and instance.created_by_id is None
            ):
                instance.created_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


AUDIT_FIELDS = ("created_at", "updated_at")


def report_refusal(request: HttpRequest, obj: object, exc: Exception) -> None:
    """Show a service's refusal (a rule or a permission) as an error message about ``obj``."""
    text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, f"“{obj}”: {text}")
