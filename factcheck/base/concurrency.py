"""Optimistic locking: refuse a save made from a stale copy of a row.

Claims and verdicts carry a ``version`` that a database trigger bumps on every
update. A form (or, later, an API request with ``If-Match``) says which version
it was based on; if the row has moved on since, the save is refused instead of
silently overwriting someone else's work.
"""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from pghistory.models import Events


class StaleVersionError(Exception):
    def __init__(self, *, current: int, who: str, when: str) -> None:
        self.current = current
        super().__init__(f"{who} saved it at {when}, after you opened it.")


def _last_editor(obj: models.Model) -> str:
    event = Events.objects.tracks(obj).order_by("-pgh_created_at", "-pgh_id").first()
    user_id = (event.pgh_context or {}).get("user") if event else None
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return str(user) if user else "Someone else"


def lock_current_version(model: type[models.Model], *, pk: int, expected: int) -> None:
    """Lock the row until the transaction ends and check it is still at ``expected``.

    Call inside the transaction that saves: the lock keeps a third writer from
    slipping in between this check and the save.
    """
    obj = model._default_manager.select_for_update().get(pk=pk)
    current = obj.version  # type: ignore[attr-defined]
    if current != expected:
        updated = timezone.localtime(obj.updated_at)  # type: ignore[attr-defined]
        raise StaleVersionError(current=current, who=_last_editor(obj), when=f"{updated:%H:%M:%S}")


class VersionedModelForm(forms.ModelForm):
    """A model form that refuses to save over changes made since it was opened."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if self.instance.pk and not self.errors:
            expected = cleaned.get("expected_version")
            try:
                lock_current_version(
                    type(self.instance), pk=self.instance.pk, expected=expected or 0
                )
            except StaleVersionError as exc:
                # Keep what they typed, but base the next save on the current row,
                # so saving again is a deliberate choice made after the warning.
                data = cast(QueryDict, self.data).copy()
                data[self.add_prefix("expected_version")] = str(exc.current)
                self.data = data
                raise forms.ValidationError(
                    f"Not saved: {exc} Your edits are kept below. Compare them with the "
                    "current version (open it in a new tab, or see its Events), then save again.",
                    code="stale",
                ) from None
        return cleaned
