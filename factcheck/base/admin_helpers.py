"""Admin behaviour shared by the newsroom's model admins.

The admin holds no rule of its own: forms collect input, and every write goes
through a service. When a service refuses (a rule, a permission, a stale
version), the page is shown again with the refusal and everything typed kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import BaseModelAdmin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    ImproperlyConfigured,
    PermissionDenied,
    ValidationError,
)
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

from factcheck.base.numbers import int_or_none, is_key
from factcheck.base.services import delete_record

AUDIT_FIELDS = ("created_at", "updated_at")


def refusal_messages(exc: Exception) -> list[str]:
    return list(exc.messages) if isinstance(exc, ValidationError) else [str(exc)]


def report_refusal(request: HttpRequest, obj: object, exc: Exception) -> None:
    """Show a service's refusal (a rule or a permission) as an error message about ``obj``."""
    messages.error(
        request,
        # Translators: a refusal about one record: “its name”: what was refused.
        _("“%(record)s”: %(refusal)s")
        % {"record": obj, "refusal": "; ".join(refusal_messages(exc))},
    )


def edited(form: Any, fields: Iterable[str]) -> dict[str, Any]:
    """What the editor changed, relative to what they opened: the ``changes`` of an update
    (a versioned form's ``changed_fields``, Django's ``changed_data`` for the others)."""
    changed = getattr(form, "changed_fields", None)
    if changed is None:
        changed = set(form.changed_data)
    return {name: form.cleaned_data[name] for name in fields if name in changed}


def filled(form: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The fields given a value: the keyword arguments of a create."""
    values = ((name, form.cleaned_data.get(name)) for name in fields)
    return {name: value for name, value in values if value not in (None, "", [])}


class ServiceRefusal(Exception):
    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class RefusalForm:
    """Mixed into admin forms: on the second pass after a refused save, the refusal
    becomes the form's errors, so the page is shown again with what was typed."""

    refusal: Exception | None = None

    def clean(self) -> Any:
        cleaned = super().clean()  # type: ignore[misc]
        if self.refusal is not None:
            self._add_refusal(self.refusal)
        return cleaned

    def _add_refusal(self, exc: Exception) -> None:
        form: Any = self
        if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                if field in form.fields and field != NON_FIELD_ERRORS:
                    form.add_error(field, errors)
                    continue
                texts = ValidationError(errors).messages
                if field != NON_FIELD_ERRORS:  # a field this form does not show: name it
                    texts = [
                        _("%(field)s: %(error)s") % {"field": field, "error": text}
                        for text in texts
                    ]
                form.add_error(None, texts)
        else:
            form.add_error(None, refusal_messages(exc))


class SafeAutocompleteSelect(AutocompleteSelect):
    """Renders a posted value that is not a key (``speaker=abc``) as nothing selected,
    instead of a database error; the field itself says "Select a valid choice"."""

    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        return super().optgroups(name, [v for v in value if is_key(str(v))], attr)


class SafeAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        return super().optgroups(name, [v for v in value if is_key(str(v))], attr)


class AsciiDigits:
    """Mixed into a form field that reads a number or an integer key: Django's own hand
    the text to int() or float(), which read "٣" as 3 (another record, another position)."""

    def clean(self, value: Any) -> Any:
        field: Any = self
        values = value if isinstance(value, list | tuple) else [value]
        bad = [v for v in values if isinstance(v, str) and not v.isascii()]
        if bad:
            kind = "invalid_choice" if "invalid_choice" in field.error_messages else "invalid"
            raise ValidationError(field.error_messages[kind], code=kind, params={"value": bad[0]})
        return super().clean(value)  # type: ignore[misc]


_ASCII_CLASSES: dict[type, type] = {}


def _ascii_digits(cls: type) -> type:
    """One guarded class per field class, made once."""
    if cls not in _ASCII_CLASSES:
        _ASCII_CLASSES[cls] = type(f"AsciiDigits{cls.__name__}", (AsciiDigits, cls), {})
    return _ASCII_CLASSES[cls]


def _reads_numbers(field: Any) -> bool:
    if isinstance(field, forms.IntegerField):  # FloatField and DecimalField are ones too
        return True
    if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
        # A foreign key's select names the key it reads ("id"): a number all the same.
        meta = field.queryset.model._meta
        key = meta.get_field(field.to_field_name) if field.to_field_name else meta.pk
        return isinstance(key, models.IntegerField)
    return False


class SafeInputs(BaseModelAdmin):
    """Admin input that would reach the database as an error gets a message instead."""

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field: Any = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(field, "widget", None)
        inner = getattr(widget, "widget", widget)
        if type(inner) is AutocompleteSelect:
            inner.__class__ = SafeAutocompleteSelect
        elif type(inner) is AutocompleteSelectMultiple:
            inner.__class__ = SafeAutocompleteSelectMultiple
        if _reads_numbers(field) and not isinstance(field, AsciiDigits):
            field.__class__ = _ascii_digits(type(field))
        return field


class SaneDates(admin.ModelAdmin):
    """A date lookup in the address (``?created_at__year=99999999999``) becomes a date the
    database must hold: refuse values no calendar has with a 400 naming the parameter."""

    LIMITS = {"year": (1, 9999), "month": (1, 12), "day": (1, 31)}

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        for key in request.GET:
            raw = str(request.GET.get(key, ""))
            part = key.rsplit("__", 1)[-1] if "__" in key else ""
            if part in self.LIMITS:
                low, high = self.LIMITS[part]
                if int_or_none(raw, minimum=low, maximum=high) is None:
                    return HttpResponseBadRequest(
                        _("The filter “%(key)s” must be a whole number from %(low)s to %(high)s.")
                        % {"key": key, "low": low, "high": high},
                        content_type="text/plain; charset=utf-8",
                    )
        return super().changelist_view(request, extra_context)


class CappedPaginator(Paginator):
    """Counts a changelist's matches only up to ``cap``: a filtered count over a million
    claims costs more than the page itself. Beyond it the list says "more than 1,000"
    (admin/pagination.html) and offers the first ``cap`` matches in pages."""

    cap = 1000
    capped = False

    @cached_property
    def count(self) -> int:
        matches = self.object_list
        if isinstance(matches, models.QuerySet):
            # Unordered and limited: PostgreSQL stops at the cap instead of sorting all.
            found = matches.order_by()[: self.cap + 1].count()
        else:
            found = len(matches)
        self.capped = found > self.cap
        return min(found, self.cap)


class ServiceAdmin(SafeInputs, SaneDates, admin.ModelAdmin):
    """A model admin whose saves are one service call, made in ``write``."""

    paginator = CappedPaginator
    show_full_result_count = False  # no whole-table COUNT(*) beside the page
    # No "Show counts" link: a count per filter choice reads every row of the table.
    show_facets = admin.ShowFacets.NEVER

    def write(
        self, request: HttpRequest, form: Any, formsets: list[Any], change: bool
    ) -> models.Model:
        raise ImproperlyConfigured(
            f"{type(self).__name__} must define write(): the service call that saves the form."
        )

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "_service_refusal", None)
        return type(form.__name__, (RefusalForm, form), {"refusal": refusal})

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ServiceRefusal as refusal:
            # The transaction rolled back; show the form again with the refusal.
            request._service_refusal = refusal.error  # type: ignore[attr-defined]
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.delete(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete(request, obj)

    def delete(self, request: HttpRequest, obj: Any) -> None:
        """The service that deletes one record; admins with rules of their own override it."""
        delete_record(obj=obj, user=request.user)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Nothing here: the object and its inlines are written together in ``save_related``."""

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Inline rows are written by ``write`` through the services too."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        for formset in formsets:  # read by the change message
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        try:
            saved = self.write(request, form, list(formsets), change)
        except (ValidationError, PermissionDenied) as exc:
            raise ServiceRefusal(exc) from exc
        form.instance.pk = saved.pk
        form.instance._state.adding = False
        for name in ("version", "slug"):
            if hasattr(saved, name):
                setattr(form.instance, name, getattr(saved, name))
        merged = getattr(form, "merged_theirs", [])
        if merged:
            labels = ", ".join(str(form.fields[n].label or n) for n in merged if n in form.fields)
            messages.info(
                request,
                _(
                    "Someone else saved this while you were editing; their changes to "
                    "%(fields)s were kept alongside yours."
                )
                % {"fields": labels},
            )
