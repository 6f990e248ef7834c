"""No lost update: a save made from a stale copy of a row is refused or merged, never
silently written over someone else's work.

Every editable row carries a ``version`` that a database trigger bumps on each
update. Services take the version the editor started from and refuse a stale one
(``lock_current_version``). Forms carry a signed snapshot of what the editor
opened: on a stale save, fields only the other person changed take their value,
fields only this editor changed keep theirs, and fields both changed are shown
side by side and must be resolved before the save goes through.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pghistory import core
from pghistory.models import Events

_SALT = "factcheck.snapshot"


class StaleVersionError(ValidationError):
    def __init__(self, *, current: int, who: str, when: str) -> None:
        self.current = current
        self.who, self.when = who, when
        super().__init__(
            _(
                "Not saved: %(who)s saved it at %(when)s, after you opened it. Reload it, "
                "compare, and make your change again."
            )
            % {"who": who, "when": when},
            code="stale",
        )


def part_event_models(model: type[models.Model]) -> list[type[models.Model]]:
    """Event models of rows that are part of a ``model`` record (a claim's topic links):
    their tracked model names the whole in ``history_parent``. Changing them bumps the
    record's version without an event of its own, so its history must include theirs."""
    concrete = model._meta.concrete_model
    parts = []
    for event_model in core.event_models():
        parent = getattr(cast(Any, event_model).pgh_tracked_model, "history_parent", None)
        if parent and event_model._meta.get_field(parent).related_model is concrete:
            parts.append(event_model)
    return parts


def history_of(events: Any, obj: models.Model) -> Any:
    """``events`` (a pghistory events queryset) narrowed to ``obj``'s history: its own
    events and those of its parts."""
    parts = part_event_models(type(obj))
    if not parts:
        return events.tracks(obj)
    own = core.event_models(tracks_model=type(obj))
    # Every event model here points at the record: by pgh_obj, or by the part's parent.
    return events.references(obj).across(*own, *parts)


def last_editor(obj: models.Model) -> str:
    event = history_of(Events.objects, obj).order_by("-pgh_created_at", "-pgh_id").first()
    user_id = (event.pgh_context or {}).get("user") if event else None
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return str(user) if user else _("Someone else")


def lock_current_version(model: type[models.Model], *, pk: int, expected: int) -> Any:
    """Lock the row until the transaction ends, check it is still at ``expected``, return it.

    Call inside the transaction that saves: the lock keeps a third writer from
    slipping in between this check and the save.
    """
    obj = model._default_manager.select_for_update(of=("self",)).get(pk=pk)
    if obj.version != expected:  # type: ignore[attr-defined]
        updated = timezone.localtime(obj.updated_at)  # type: ignore[attr-defined]
        raise StaleVersionError(
            current=obj.version,  # type: ignore[attr-defined]
            who=last_editor(obj),
            when=f"{updated:%H:%M:%S}",
        )
    return obj


def canonical(value: Any) -> Any:
    """A JSON-able form of a field value that compares equal when the value is the same."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set) and not isinstance(value, str):
        items = [canonical(item) for item in value]
        return sorted(items, key=repr) if not isinstance(value, list | tuple) else items
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, str):
        # Browsers send textareas with CRLF line ends; the text is the same.
        return value.replace("\r\n", "\n")
    if value == "":
        return None
    return value


class VersionedModelForm(forms.ModelForm):
    """A model form that knows what its editor opened, and merges or refuses a stale save.

    After ``is_valid()``, ``changed_fields`` lists what this editor changed relative
    to what they opened; only those should be written, so that changes others made
    meanwhile to other fields are kept. ``expected_version`` is the version to save on.
    """

    snapshot = forms.CharField(widget=forms.HiddenInput, required=False)
    # Fields compared as a set rather than a list (many-to-many pickers).
    set_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.changed_fields: set[str] = set()
        self.merged_theirs: list[str] = []
        self.expected_version: int | None = None
        if self.instance.pk:
            self.fields["snapshot"].initial = self.sign(
                self.instance.version, self.stored_values(self.instance)
            )

    # What is compared -----------------------------------------------------------------
    def tracked(self) -> list[str]:
        return [name for name in self.fields if name not in {"snapshot"} and self._is_model(name)]

    def _is_model(self, name: str) -> bool:
        try:
            self._meta.model._meta.get_field(name)
        except Exception:
            return False
        return True

    def stored_values(self, obj: models.Model) -> dict[str, Any]:
        values = {}
        for name in self.tracked():
            field = obj._meta.get_field(name)
            if field.many_to_many:
                values[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
            else:
                values[name] = canonical(field.value_from_object(obj))  # type: ignore[union-attr]
        return values

    def submitted_values(self) -> dict[str, Any]:
        values = {}
        for name in self.tracked():
            value = self.cleaned_data.get(name)
            field = self._meta.model._meta.get_field(name)
            if field.many_to_many:
                values[name] = sorted(item.pk for item in (value or []))
            else:
                values[name] = canonical(value)
        return values

    @staticmethod
    def sign(version: int, values: dict[str, Any]) -> str:
        return signing.dumps({"v": version, "f": values}, salt=_SALT, compress=True)

    # The check ------------------------------------------------------------------------
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.instance.pk or self.errors:
            return cleaned
        try:
            opened = signing.loads(self.data.get(self.add_prefix("snapshot"), ""), salt=_SALT)
            base_version, base = int(opened["v"]), dict(opened["f"])
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            raise ValidationError(
                _(
                    "This form is out of date or was altered: reload the page and make your "
                    "change again."
                ),
                code="snapshot",
            ) from None
        current = type(self.instance)._default_manager.get(pk=self.instance.pk)
        mine = self.submitted_values()
        self.changed_fields = {name for name in mine if mine[name] != base.get(name)}
        self.expected_version = current.version
        if current.version == base_version:
            return cleaned
        theirs = self.stored_values(current)
        conflicts = [
            name
            for name in self.changed_fields
            if theirs[name] != base.get(name) and theirs[name] != mine[name]
        ]
        self.merged_theirs = [
            name
            for name in theirs
            if theirs[name] != base.get(name) and name not in self.changed_fields
        ]
        if not conflicts:
            return cleaned
        who = last_editor(current)
        when = f"{timezone.localtime(current.updated_at):%H:%M:%S}"
        for name in conflicts:
            self.add_error(
                name,
                ValidationError(
                    _(
                        "%(who)s changed this at %(when)s to: “%(theirs)s”. Yours is kept here: "
                        "save again to keep yours, or put theirs in its place."
                    )
                    % {"who": who, "when": when, "theirs": self.display(current, name)},
                    code="conflict",
                ),
            )
        # The next save is based on the current row: fields they changed and you did
        # not now show their value; the fields in conflict keep what you typed.
        data = cast(QueryDict, self.data).copy()
        for name in self.merged_theirs:
            self._set_data(data, name, theirs[name])
        new_base = {**base, **{n: theirs[n] for n in [*conflicts, *self.merged_theirs]}}
        data[self.add_prefix("snapshot")] = self.sign(current.version, new_base)
        self.data = data
        raise ValidationError(
            ngettext(
                "Not saved: %(who)s saved it at %(when)s, after you opened it, and changed the "
                "same field as you: %(fields)s. Their value is shown beside yours below; the "
                "rest of your changes are kept. Resolve them, then save again.",
                "Not saved: %(who)s saved it at %(when)s, after you opened it, and changed the "
                "same fields as you: %(fields)s. Their value is shown beside yours below; the "
                "rest of your changes are kept. Resolve them, then save again.",
                len(conflicts),
            )
            % {
                "who": who,
                "when": when,
                "fields": ", ".join(str(self.fields[n].label or n) for n in conflicts),
            },
            code="stale",
        )

    def display(self, obj: models.Model, name: str) -> str:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            return ", ".join(str(item) for item in getattr(obj, name).all()) or _("(none)")
        value = getattr(obj, name)
        return _("(empty)") if value in (None, "", []) else str(value)

    def _set_data(self, data: QueryDict, name: str, value: Any) -> None:
        key = self.add_prefix(name)
        if self._meta.model._meta.get_field(name).many_to_many:
            data.setlist(key, [str(item) for item in value])
        elif isinstance(value, list):
            data[key] = "\n".join(str(item) for item in value)  # one URL per line
        else:
            data[key] = "" if value is None else str(value)
